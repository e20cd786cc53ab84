"""Writes for indicators: the catalogue, linking targets, baselines, survey results."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from binhdang.core.audit import audit_log
from binhdang.indicators import (
    audit_actions,  # noqa: F401  (registers the actions)
    catalogue,
)
from binhdang.indicators.choices import LinkedBy
from binhdang.indicators.models import Indicator, SurveyResult, TargetIndicator

_UNSET: Any = object()


@transaction.atomic
def indicators_sync(*, actor=None) -> dict[str, int]:
    """Write the catalogue (`catalogue.INDICATORS`) to `Indicator`. Idempotent: a second
    run changes nothing. What people set by hand (tolerance, responsible agency, in use)
    is kept. Returns {"created", "updated", "unchanged"}."""
    from binhdang.indicators.engine import spec_fields

    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for order, spec in enumerate(catalogue.INDICATORS):
        fields = spec_fields(spec)
        fields.pop("is_active")
        fields["order"] = order
        obj = Indicator.objects.filter(code=spec.code).first()
        if obj is None:
            obj = Indicator(code=spec.code, **fields)
            obj.full_clean()
            obj.save()
            counts["created"] += 1
            continue
        changed = [k for k, v in fields.items() if getattr(obj, k) != v]
        if not changed:
            counts["unchanged"] += 1
            continue
        for k in changed:
            setattr(obj, k, fields[k])
        obj.full_clean()
        obj.save()
        counts["updated"] += 1
    if counts["created"] or counts["updated"]:
        audit_log(actor=actor, action="indicators.catalogue.synced", data=counts)
    return counts


@transaction.atomic
def targets_link(*, plan=None, actor=None) -> dict[str, Any]:
    """Link each target (of `plan`, or of every plan) to the indicators its wording names
    (`catalogue.LINK_RULES`, else the data elements it needs). Links chosen by hand are
    kept; links by wording are brought up to date. Idempotent.

    Returns {"targets", "linked", "created", "removed", "unlinked": [target ids]}."""
    from binhdang.plans.models import Target

    if not Indicator.objects.filter(from_catalogue=True).exists() or any(
        not Indicator.objects.filter(code=s.code).exists() for s in catalogue.INDICATORS
    ):
        indicators_sync(actor=actor)
    by_code = {i.code: i for i in Indicator.objects.all()}
    targets = Target.objects.all() if plan is None else Target.objects.filter(plan=plan)
    counts: dict[str, Any] = {"targets": 0, "linked": 0, "created": 0, "removed": 0}
    unlinked: list[int] = []
    for target in targets.select_related("plan").prefetch_related("milestones"):
        counts["targets"] += 1
        existing = list(TargetIndicator.objects.filter(target=target))
        if any(link.linked_by == LinkedBy.HAND for link in existing):
            counts["linked"] += 1
            continue
        milestones = sorted(target.milestones.all(), key=lambda m: (m.year or 9999, m.pk))
        wanted = catalogue.plan_links(target.text, [(m.year, m.value) for m in milestones]).links
        keep: set[int] = set()
        for order, (code, indices) in enumerate(wanted.items()):
            indicator = by_code.get(code)
            if indicator is None:
                continue
            link = next((x for x in existing if x.indicator_id == indicator.pk), None)
            if link is None:
                link = TargetIndicator(target=target, indicator=indicator)
                counts["created"] += 1
            link.order = order
            link.linked_by = LinkedBy.RULE
            if link.baseline_year is None:
                years = [m.baseline_year for m in milestones if m.baseline_year]
                link.baseline_year = years[0] if years else indicator.baseline_year
            link.full_clean(exclude=["target", "indicator"])
            link.save()
            chosen = [milestones[i] for i in indices] if indices is not None else []
            link.milestones.set(chosen)
            keep.add(link.pk)
        for link in existing:
            if link.pk not in keep:
                link.delete()
                counts["removed"] += 1
        if keep:
            counts["linked"] += 1
        else:
            unlinked.append(target.pk)
    counts["unlinked"] = unlinked
    if counts["created"] or counts["removed"]:
        audit_log(
            actor=actor,
            action="indicators.targets.linked",
            obj=plan,
            data={k: v for k, v in counts.items()},
        )
    return counts


def _require(actor, perm: str) -> None:
    if actor is None or not actor.has_perm(perm):
        raise PermissionDenied(_("You may not change indicators."))


@transaction.atomic
def target_indicator_update(
    *,
    link: TargetIndicator,
    actor,
    indicator: Indicator | None = None,
    baseline_value: Decimal | None = _UNSET,
    baseline_year: int | None = _UNSET,
    tolerance: Decimal | None = _UNSET,
    milestones=_UNSET,
    note: str = _UNSET,
) -> TargetIndicator:
    """Change a target's indicator link by hand (it is then kept by `targets_link`)."""
    from binhdang.plans.models import Plan

    _require(actor, "indicators.change_targetindicator")
    if not Plan.objects.visible_to(actor).filter(pk=link.target.plan_id).exists():
        raise PermissionDenied
    before = {
        "indicator": link.indicator_id,
        "baseline_value": str(link.baseline_value),
        "baseline_year": link.baseline_year,
        "tolerance": str(link.tolerance),
    }
    if indicator is not None:
        link.indicator = indicator
    if baseline_value is not _UNSET:
        link.baseline_value = baseline_value
    if baseline_year is not _UNSET:
        link.baseline_year = baseline_year
    if tolerance is not _UNSET:
        link.tolerance = tolerance
    if note is not _UNSET:
        link.note = note
    link.linked_by = LinkedBy.HAND
    link.full_clean()
    link.save()
    if milestones is not _UNSET:
        chosen = list(milestones or [])
        if any(m.target_id != link.target_id for m in chosen):
            raise ValidationError({"milestones": _("A milestone of another target.")})
        link.milestones.set(chosen)
    audit_log(
        actor=actor,
        action="indicators.link.changed",
        obj=link,
        data={
            "before": before,
            "after": {
                "indicator": link.indicator_id,
                "baseline_value": str(link.baseline_value),
                "baseline_year": link.baseline_year,
                "tolerance": str(link.tolerance),
            },
        },
    )
    return link


def _check_survey_unit(actor, unit) -> None:
    from binhdang.accounts.scope import scope_for

    if not scope_for(actor).contains_unit(unit):
        raise ValidationError({"unit": _("This unit is outside what you manage.")})


def _survey_data(result: SurveyResult) -> dict[str, Any]:
    return {
        "unit": result.unit_id,
        "year": result.year,
        "target_group": result.target_group,
        "sex": result.sex,
        "respondents": result.respondents,
        "share_correct": str(result.share_correct),
        "source": result.source,
    }


@transaction.atomic
def survey_result_create(
    *,
    actor,
    unit,
    year: int,
    respondents: int,
    share_correct: Decimal,
    source: str,
    target_group: str = "",
    sex: str = "",
    agency=None,
    note: str = "",
) -> SurveyResult:
    """Enter one awareness survey figure (until surveys run in binhdang)."""
    _require(actor, "indicators.add_surveyresult")
    _check_survey_unit(actor, unit)
    result = SurveyResult(
        unit=unit,
        year=year,
        respondents=respondents,
        share_correct=Decimal(str(share_correct)),
        source=source,
        target_group=target_group,
        sex=sex,
        agency=agency,
        note=note,
        created_by=actor,
    )
    result.full_clean()
    result.save()
    audit_log(
        actor=actor, action="indicators.survey.created", obj=result, data=_survey_data(result)
    )
    return result


@transaction.atomic
def survey_result_update(*, result: SurveyResult, actor, **changes: Any) -> SurveyResult:
    allowed = {
        "unit",
        "year",
        "respondents",
        "share_correct",
        "source",
        "target_group",
        "sex",
        "agency",
        "note",
    }
    _require(actor, "indicators.change_surveyresult")
    if not SurveyResult.objects.visible_to(actor).filter(pk=result.pk).exists():
        raise PermissionDenied
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(", ".join(sorted(unknown)))
    before = _survey_data(result)
    for key, value in changes.items():
        if key == "share_correct":
            value = Decimal(str(value))
        setattr(result, key, value)
    if "unit" in changes:
        _check_survey_unit(actor, result.unit)
    result.full_clean()
    result.save()
    audit_log(
        actor=actor,
        action="indicators.survey.changed",
        obj=result,
        data={"before": before, "after": _survey_data(result)},
    )
    return result


@transaction.atomic
def survey_result_delete(*, result: SurveyResult, actor) -> None:
    _require(actor, "indicators.delete_surveyresult")
    if not SurveyResult.objects.visible_to(actor).filter(pk=result.pk).exists():
        raise PermissionDenied
    audit_log(
        actor=actor, action="indicators.survey.deleted", obj=result, data=_survey_data(result)
    )
    result.delete()
