"""Target progress and its explanation (indicators.selectors' dataclasses) as JSON."""

from decimal import Decimal
from typing import Any


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _value(value) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "year": value.year,
        "value": _num(value.value),
        "numerator": _num(value.numerator),
        "denominator": _num(value.denominator),
        "by_sex": {k: _num(v) for k, v in value.by_sex.items()},
        "by_group": {k: _num(v) for k, v in value.by_group.items()},
        "expected": value.expected,
        "reporters": value.reporters,
        "missing": list(value.missing),
        "note": str(value.note or ""),
    }


def _milestone(m) -> dict[str, Any]:
    return {
        "year": m.year,
        "indicator": m.indicator.code if m.indicator else None,
        "target_value": _num(m.target_value),
        "target_max": _num(m.target_max),
        "actual": _num(m.actual),
        "actual_year": m.actual_year,
        "expected": _num(m.expected),
        "status": m.status,
        "status_label": m.status_label,
        "is_next": m.is_next,
    }


def _missing(row) -> dict[str, Any]:
    return {
        "agency_id": row.agency_id,
        "agency": row.agency,
        "unit_id": row.unit_id,
        "unit": row.unit,
        "submission_id": row.submission_id,
        "reason": row.reason,
    }


def progress_body(progress) -> dict[str, Any]:
    current = progress.current
    return {
        "target": {
            "id": progress.target.pk,
            "plan": progress.target.plan_id,
            "text": progress.target.text,
            "order": progress.target.order,
        },
        "year": progress.year,
        "unit": progress.unit.pk if progress.unit is not None else None,
        "indicator": progress.indicator.code if progress.indicator else None,
        "value": _num(current.value) if current is not None else None,
        "status": progress.status,
        "status_label": progress.status_label,
        "baseline": (
            {
                "value": _num(progress.baseline.value),
                "year": progress.baseline.year,
                "source": progress.baseline.source,
            }
            if progress.baseline
            else None
        ),
        "next_milestone": _milestone(progress.next_milestone) if progress.next_milestone else None,
        "milestones": [_milestone(m) for m in progress.milestones],
        "series": [_value(v) for _year, v in progress.series],
        "missing": [_missing(m) for m in (current.missing_detail if current else [])],
        "note": str(progress.note or ""),
    }


def explanation_body(explanation) -> dict[str, Any]:
    value = explanation.value
    return {
        "target": explanation.target.pk,
        "indicator": explanation.indicator.code if explanation.indicator else None,
        "year": explanation.year,
        "unit": explanation.unit.pk if explanation.unit is not None else None,
        "formula": str(explanation.formula or ""),
        "formula_words": str(explanation.formula_words or ""),
        "steps": [str(x) for x in explanation.steps],
        "value": _num(value.value) if value is not None else None,
        "rows": [
            {
                "key": r.key,
                "label": str(r.label),
                "value": _num(r.value),
                "note": str(r.note or ""),
                "link": {
                    "kind": r.link.kind,
                    "ids": list(r.link.ids),
                    "filter": {k: str(v) for k, v in r.link.filter.items()},
                    "app": r.link.app,
                },
            }
            for r in explanation.rows
        ],
        "missing": [_missing(m) for m in explanation.missing],
        "notes": [str(n) for n in explanation.notes],
    }
