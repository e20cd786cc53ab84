"""The plan interchange format (DESIGN.md §5) as the one shape plans travel in.

The parser produces it, the review screen edits it, `plan_save_content` turns it into
rows, `plan_content` reads rows back into it, and every `PlanVersion` keeps it. This
module only cleans and checks a content dict; it does not touch the database.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_DAY_MONTH = re.compile(r"^(\d{1,2})/(\d{1,2})$")

EMPTY: dict[str, Any] = {
    "doc_number": None,
    "issued_date": None,
    "issuer": None,
    "place": None,
    "title": None,
    "period": None,
    "legal_bases": [],
    "objectives": [],
    "targets": [],
    "tasks": [],
    "responsibilities": [],
    "budget_sources": [],
    "report_deadline": None,
    "action_month": None,
}


def _text(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip()


def _day_month(value: Any, field: str, errors: dict[str, list[str]]) -> str:
    value = _text(value)
    if not value:
        return ""
    m = _DAY_MONTH.match(value)
    if not m or not (1 <= int(m[1]) <= 31 and 1 <= int(m[2]) <= 12):
        errors.setdefault(field, []).append(
            _("Write a day and month as dd/mm, e.g. 10/12 (got “%(v)s”).") % {"v": value}
        )
        return ""
    return f"{int(m[1]):02d}/{int(m[2]):02d}"


def _number(value: Any, field: str, errors: dict[str, list[str]]) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        errors.setdefault(field, []).append(_("“%(v)s” is not a number.") % {"v": value})
        return None
    if not number.is_finite():
        errors.setdefault(field, []).append(_("“%(v)s” is not a number.") % {"v": value})
        return None
    return number


def _year(value: Any, field: str, errors: dict[str, list[str]]) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(str(value).strip())
    except ValueError:
        year = 0
    if not 1945 <= year <= 2100:
        errors.setdefault(field, []).append(_("“%(v)s” is not a year.") % {"v": value})
        return None
    return year


def clean_content(raw: dict[str, Any]) -> dict[str, Any]:
    """A tidy copy of `raw`, or ValidationError with every problem, keyed by field."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = dict(EMPTY)
    out["doc_number"] = _text(raw.get("doc_number")) or None
    out["title"] = _text(raw.get("title")) or None
    if not out["title"]:
        errors.setdefault("title", []).append(_("A plan needs a title."))
    out["issuer"] = _text(raw.get("issuer")) or None
    out["place"] = _text(raw.get("place")) or None
    issued = raw.get("issued_date")
    if issued:
        try:
            out["issued_date"] = date.fromisoformat(str(issued)).isoformat()
        except ValueError:
            errors.setdefault("issued_date", []).append(
                _("“%(v)s” is not a date (yyyy-mm-dd).") % {"v": issued}
            )
    period = raw.get("period") or []
    if period:
        start = _year(period[0] if len(period) > 0 else None, "period", errors)
        end = _year(period[1] if len(period) > 1 else None, "period", errors) or start
        if start and end and end < start:
            errors.setdefault("period", []).append(_("The plan cannot end before it starts."))
        # "đến năm 2030" without a start year (seed 003) keeps its end: [None, 2030].
        out["period"] = [start, end] if start or end else None
    out["legal_bases"] = [_text(x) for x in raw.get("legal_bases") or [] if _text(x)]
    out["objectives"] = [_text(x) for x in raw.get("objectives") or [] if _text(x)]
    out["budget_sources"] = [_text(x) for x in raw.get("budget_sources") or [] if _text(x)]
    out["report_deadline"] = (
        _day_month(raw.get("report_deadline"), "report_deadline", errors) or None
    )
    month = raw.get("action_month") or []
    if month:
        start_s = _day_month(month[0], "action_month", errors)
        end_s = _day_month(month[1] if len(month) > 1 else "", "action_month", errors)
        out["action_month"] = [start_s, end_s] if start_s and end_s else None
        if bool(_text(month[0])) != bool(_text(month[1] if len(month) > 1 else "")):
            errors.setdefault("action_month", []).append(
                _("Give both the first and the last day of the Action Month.")
            )

    targets = []
    for t_index, target in enumerate(raw.get("targets") or []):
        text = _text(target.get("text"))
        if not text:
            continue
        milestones = []
        for m in target.get("milestones") or []:
            field = f"targets.{t_index}"
            value = _number(m.get("value"), field, errors)
            value_max = _number(m.get("value_max"), field, errors)
            if value is not None and value_max is not None and value_max < value:
                errors.setdefault(field, []).append(
                    _("The upper value must not be below the lower value.")
                )
            milestones.append(
                {
                    "year": _year(m.get("year"), field, errors),
                    "value": _plain(value),
                    "value_max": _plain(value_max),
                    "unit": _text(m.get("unit")) or None,
                    "baseline_year": _year(m.get("baseline_year"), field, errors),
                    "comparison": _text(m.get("comparison")) or None,
                }
            )
        targets.append({"text": text, "milestones": milestones})
    out["targets"] = targets

    tasks = []
    for task in raw.get("tasks") or []:
        title = _text(task.get("title"))
        activities = []
        for a in task.get("activities") or []:
            a_title = _text(a.get("title"))
            if not a_title:
                continue
            activities.append(
                {
                    "title": a_title,
                    "lead": [_text(x) for x in a.get("lead") or [] if _text(x)],
                    "partners": [_text(x) for x in a.get("partners") or [] if _text(x)],
                    "timing": _text(a.get("timing")) or None,
                    "timing_parsed": a.get("timing_parsed") or None,
                }
            )
        if title or activities:
            tasks.append({"title": title, "activities": activities})
    out["tasks"] = tasks

    responsibilities = []
    for r in raw.get("responsibilities") or []:
        agency = _text(r.get("agency"))
        if not agency:
            continue
        duties = [_text(x) for x in r.get("duties") or [] if _text(x)]
        responsibilities.append({"agency": agency, "duties": duties})
    out["responsibilities"] = responsibilities

    if errors:
        raise ValidationError(errors)
    return out


def _plain(number: Decimal | None) -> float | int | None:
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else float(number)
