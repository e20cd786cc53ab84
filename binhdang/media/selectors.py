"""Reads for the media registry: the list, a year's status per agency, the counts the
indicators engine reads (Decision 1790's target T4), an agency's history.

A year's status is the one recorded (`Adoption`) or else the one derived from the year's
self-assessments: the rule is in `media/rules.py`. It is written twice, once as SQL
(`status_expression`, for lists and counts over many agencies: a few queries whatever
their number) and once in Python (`adoption_status`, `media_agency_history`, for one
agency); tests hold the two to the same answers.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    Expression,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from binhdang.core.text import fold
from binhdang.media.choices import (
    AREA_FIELDS,
    STATUS_RANK,
    AdoptionStatus,
    MediaKind,
    StatusSource,
)
from binhdang.media.models import Adoption, Assessment, MediaAgency
from binhdang.media.rules import Thresholds, derive_status, thresholds

# Query parameters `media_list` reads (request.GET or a dict).
FILTERS = ("q", "province", "commune", "kind", "year", "status", "active")
# `status` filter values besides the three statuses.
STATUS_APPLYING = "applying"  # pilot or official
ACTIVE_ALL = "all"
ACTIVE_NO = "no"


# ---------------------------------------------------------------------------------------
# The status of a year, as SQL
# ---------------------------------------------------------------------------------------


def _coverage() -> Expression:
    """How many sub-areas an assessment row applied (0–7)."""
    parts = [
        Case(When(**{name: True}, then=Value(1)), default=Value(0)) for name in AREA_FIELDS.values()
    ]
    return ExpressionWrapper(functools.reduce(operator.add, parts), output_field=IntegerField())


def _derived_expression(year: int, rules: Thresholds) -> Case:
    assessments = (
        Assessment.objects.filter(media_agency=OuterRef("pk"), year=year)
        .order_by()
        .annotate(coverage=_coverage())
    )
    official = assessments.filter(coverage__gte=rules.official_min)
    if rules.official_needs_decision:
        official = official.exclude(decision_ref="")
    pilot = assessments.filter(coverage__gte=rules.pilot_min)
    return Case(
        When(Exists(official), then=Value(AdoptionStatus.OFFICIAL.value)),
        When(Exists(pilot), then=Value(AdoptionStatus.PILOT.value)),
        default=Value(AdoptionStatus.NONE.value),
        output_field=CharField(),
    )


def _recorded(year: int) -> QuerySet[Adoption]:
    return Adoption.objects.filter(media_agency=OuterRef("pk"), year=year).order_by()


def status_expression(year: int, rules: Thresholds | None = None) -> Coalesce:
    """A MediaAgency annotation: the year's status, recorded else derived."""
    rules = rules or thresholds()
    return Coalesce(
        Subquery(_recorded(year).values("status")[:1], output_field=CharField()),
        _derived_expression(year, rules),
        output_field=CharField(),
    )


def with_status(queryset: QuerySet[MediaAgency], *, year: int) -> QuerySet[MediaAgency]:
    """Annotate `year_status` (none / pilot / official) and `status_recorded` (whether it
    was recorded rather than derived)."""
    return queryset.annotate(
        year_status=status_expression(year), status_recorded=Exists(_recorded(year))
    )


def status_counts(queryset: QuerySet[MediaAgency], *, year: int) -> dict[str, int]:
    """{"total", "pilot" (pilot or official), "official"} over a queryset, in one query."""
    applying = [AdoptionStatus.PILOT.value, AdoptionStatus.OFFICIAL.value]
    rows = (
        queryset.order_by()
        .annotate(year_status=status_expression(year))
        .aggregate(
            total=Count("pk"),
            pilot=Count("pk", filter=Q(year_status__in=applying)),
            official=Count("pk", filter=Q(year_status=AdoptionStatus.OFFICIAL.value)),
        )
    )
    return {"total": rows["total"], "pilot": rows["pilot"], "official": rows["official"]}


def adoption_counts(*, year: int, unit=None) -> dict[str, int]:
    """Media agencies applying the gender indicator set in `year`, for target T4 of
    Decision 1790 (≥ 70 % pilot by 2025, 90 % official by 2030).

    {"total": active media agencies in the area, "pilot": those at pilot OR official that
    year, "official": those at official}. `unit=None` is the whole country; otherwise the
    unit's area: the unit, the units below it and the pre-2025 units now part of it
    (`reporting.selectors.unit_area_q`). Not scoped to a user: the caller decides who sees
    the figures. The denominator is today's active agencies (`MediaAgency.is_active`).
    """
    agencies = MediaAgency.objects.filter(is_active=True)
    if unit is not None:
        from binhdang.reporting.selectors import unit_area_q

        agencies = agencies.filter(unit_area_q(unit, "unit__"))
    return status_counts(agencies, year=year)


# ---------------------------------------------------------------------------------------
# The status of a year, in Python (one agency)
# ---------------------------------------------------------------------------------------


def derived_status(assessments: list[Assessment], rules: Thresholds | None = None) -> str:
    """The highest status any one of these assessments shows."""
    rules = rules or thresholds()
    best = AdoptionStatus.NONE.value
    for assessment in assessments:
        status = derive_status(
            areas=len(assessment.areas), has_decision=bool(assessment.decision_ref), rules=rules
        )
        if STATUS_RANK[AdoptionStatus(status)] > STATUS_RANK[AdoptionStatus(best)]:
            best = status
    return best


def adoption_status(media_agency: MediaAgency, year: int) -> str:
    """The agency's status in `year`: the recorded one if any, else the derived one
    (`rules.py`). An `AdoptionStatus` value."""
    recorded = (
        Adoption.objects.filter(media_agency=media_agency, year=year)
        .values_list("status", flat=True)
        .first()
    )
    if recorded is not None:
        return recorded
    return derived_status(list(Assessment.objects.filter(media_agency=media_agency, year=year)))


@dataclass
class YearStatus:
    """One row of an agency's history: the year's status and where it comes from."""

    year: int
    status: str
    source: str  # StatusSource; "" when nothing is recorded and nothing derived
    adoption: Adoption | None = None
    derived: str = AdoptionStatus.NONE.value
    assessments: list[Assessment] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(AdoptionStatus(self.status).label)

    @property
    def derived_label(self) -> str:
        return str(AdoptionStatus(self.derived).label)

    @property
    def applying(self) -> bool:
        return self.status != AdoptionStatus.NONE


def media_agency_history(
    *, media_agency: MediaAgency, until: int | None = None
) -> list[YearStatus]:
    """The agency's status year by year, newest first: from the first year with a record
    or an assessment to `until` (default: this year, or the last recorded year if later).
    Two queries."""
    adoptions = {a.year: a for a in media_agency.adoptions.select_related("recorded_by")}
    by_year: dict[int, list[Assessment]] = {}
    for assessment in media_agency.assessments.prefetch_related("evidence_files"):
        by_year.setdefault(assessment.year, []).append(assessment)
    this_year = timezone.localdate().year
    known = set(adoptions) | set(by_year)
    last = max([until or this_year, *known])
    first = min([*known, last])
    rules = thresholds()
    rows = []
    for year in range(last, first - 1, -1):
        adoption = adoptions.get(year)
        assessments = by_year.get(year, [])
        derived = derived_status(assessments, rules)
        if adoption is not None:
            status, source = adoption.status, StatusSource.RECORDED.value
        elif assessments:
            status, source = derived, StatusSource.DERIVED.value
        else:
            status, source = AdoptionStatus.NONE.value, ""
        rows.append(YearStatus(year, status, source, adoption, derived, assessments))
    return rows


# ---------------------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------------------


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def list_year(filters: Mapping[str, Any] | None) -> int:
    """The year the list shows statuses for: `year` if it reads as one, else this year."""
    year = _int((filters or {}).get("year"))
    if year is not None and 2000 <= year <= 2100:
        return year
    return timezone.localdate().year


def _filtered(*, user, filters: Mapping[str, Any]) -> QuerySet[MediaAgency]:
    """Visible agencies narrowed by every filter except `status`."""
    from binhdang.geo.models import AdministrativeUnit
    from binhdang.reporting.selectors import unit_area_q

    def get(name: str) -> str:
        value = filters.get(name)
        return str(value).strip() if value not in (None, "") else ""

    qs = MediaAgency.objects.visible_to(user)
    unit_id = _int(get("commune")) or _int(get("province"))
    if unit_id is not None:
        unit = AdministrativeUnit.objects.filter(pk=unit_id).first()
        qs = qs.filter(unit_area_q(unit, "unit__")) if unit is not None else qs.none()
    if (kind := get("kind")) in MediaKind.values:
        qs = qs.filter(kind=kind)
    active = get("active")
    if active == ACTIVE_NO:
        qs = qs.filter(is_active=False)
    elif active != ACTIVE_ALL:
        qs = qs.filter(is_active=True)
    if q := get("q"):
        for word in fold(q).split()[:8]:
            qs = qs.filter(Q(fold_key__contains=word) | Q(managing_body__icontains=word))
    return qs


def media_list(*, user, filters: Mapping[str, Any] | None = None) -> QuerySet[MediaAgency]:
    """Visible media agencies, by place then name, each annotated with `year_status` and
    `status_recorded` for the list's year (`list_year`).

    Filters (a dict or request.GET): q (words of the name or managing body, with or
    without diacritics), province / commune (a unit id: its area, pre-2025 units
    included), kind, year, status (none / pilot / official / applying = pilot or
    official), active ("" = active only, "no" = inactive only, "all"). Values that cannot
    be read are ignored.
    """
    filters = filters or {}
    year = list_year(filters)
    qs = with_status(_filtered(user=user, filters=filters), year=year)
    status = str(filters.get("status") or "").strip()
    # (keyword dicts: the annotation is unknown to the type checker's model fields)
    if status in AdoptionStatus.values:
        qs = qs.filter(**{"year_status": status})
    elif status == STATUS_APPLYING:
        applying = [AdoptionStatus.PILOT.value, AdoptionStatus.OFFICIAL.value]
        qs = qs.filter(**{"year_status__in": applying})
    return qs.select_related("unit", "unit__province", "agency").order_by("unit__path", "name")


def media_list_counts(*, user, filters: Mapping[str, Any] | None = None) -> dict[str, int]:
    """The list's counts line ("x of y piloting, z official"): the active agencies the
    filters select (the status filter aside), for the list's year."""
    filters = filters or {}
    qs = _filtered(user=user, filters=filters).filter(is_active=True)
    return status_counts(qs, year=list_year(filters))


def evidence_for(*, user, pk: int):
    """One evidence file of an agency the user can see, or None."""
    from binhdang.media.models import EvidenceFile

    return EvidenceFile.objects.visible_to(user).filter(pk=pk).first()


def years_for_select(today: date | None = None) -> list[int]:
    """The years a status or an assessment can be recorded for: 2014 (the set's launch)
    to next year, newest first."""
    from binhdang.media.models import FIRST_YEAR

    this_year = (today or timezone.localdate()).year
    return list(range(this_year + 1, FIRST_YEAR - 1, -1))
