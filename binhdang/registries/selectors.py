"""Reads for the registries: the filtered lists (pages and exports) and the counts reports
and target progress use.

Lists start from `Model.objects.visible_to(user)`. The counts take an area instead of a
user: `unit=None` is the whole country, a unit is that unit, everything below it and the
pre-2025 units that became part of it (`reporting.selectors.unit_area_q`), so a site
recorded for a commune before the 2025 reform counts in the commune that took it over.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from binhdang.registries.choices import (
    FollowUpStatus,
    RecipientKind,
    Sex,
    SiteMode,
)
from binhdang.registries.filters import AwardFilterSet, InspectionFilterSet, ModelSiteFilterSet
from binhdang.registries.models import Award, Inspection, ModelSite


def _in_area(qs: QuerySet, unit) -> QuerySet:
    if unit is None:
        return qs
    from binhdang.reporting.selectors import unit_area_q

    return qs.filter(unit_area_q(unit, "unit__"))


# ---------------------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------------------


def model_site_list(*, user, filters: Mapping[str, Any] | None = None) -> QuerySet[ModelSite]:
    """Visible model sites, by unit then name, narrowed by `ModelSiteFilterSet`."""
    qs = ModelSite.objects.visible_to(user).select_related(
        "unit", "unit__parent", "lead_agency", "plan", "activity"
    )
    return ModelSiteFilterSet(filters or {}, queryset=qs, user=user).qs


def inspection_list(*, user, filters: Mapping[str, Any] | None = None) -> QuerySet[Inspection]:
    """Visible inspections, newest first, narrowed by `InspectionFilterSet`."""
    qs = Inspection.objects.visible_to(user).select_related(
        "unit", "inspecting_agency", "inspected_agency", "plan"
    )
    return InspectionFilterSet(filters or {}, queryset=qs, user=user).qs


def award_list(*, user, filters: Mapping[str, Any] | None = None) -> QuerySet[Award]:
    """Visible awards, latest year first, narrowed by `AwardFilterSet`."""
    qs = Award.objects.visible_to(user).select_related("unit", "recipient_agency")
    return AwardFilterSet(filters or {}, queryset=qs, user=user).qs


# ---------------------------------------------------------------------------------------
# Counts
# ---------------------------------------------------------------------------------------


def model_site_counts(*, year: int, unit=None) -> dict[str, int]:
    """Model sites active in `year` in the area: all of them, the maintained ones and the
    replicated ones (new sites count in "active" only).

    Active in a year: started in or before it, not ended before it (an empty end year
    runs on) and not merely planned; a suspended or ended site counts up to its end year.
    """
    qs = _in_area(ModelSite.objects.active_in(year), unit)
    counts = qs.aggregate(
        active=Count("pk"),
        maintained=Count("pk", filter=Q(mode=SiteMode.MAINTAIN)),
        replicated=Count("pk", filter=Q(mode=SiteMode.REPLICATE)),
    )
    return {key: counts[key] or 0 for key in ("active", "maintained", "replicated")}


def inspection_counts(*, year: int, unit=None) -> dict[str, int]:
    """Inspections dated in `year` in the area (the inspected agency's unit): all, those
    that found violations, and those whose follow-up is still outstanding (open or in
    progress)."""
    qs = _in_area(Inspection.objects.filter(date__year=year), unit)
    outstanding = (FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS)
    counts = qs.aggregate(
        inspections=Count("pk"),
        with_violations=Count("pk", filter=Q(violations_count__gt=0)),
        follow_up_open=Count("pk", filter=Q(follow_up_status__in=outstanding)),
    )
    return {key: counts[key] or 0 for key in ("inspections", "with_violations", "follow_up_open")}


def award_counts(
    *, review: str | None = None, year: int | None = None, unit=None
) -> dict[str, int]:
    """Awards in the area, of one review and/or one year when given: collectives,
    individuals, and the individuals by sex."""
    qs: QuerySet[Award] = Award.objects.all()
    if review:
        qs = qs.filter(review=review)
    if year is not None:
        qs = qs.filter(year=year)
    qs = _in_area(qs, unit)
    person = Q(recipient_kind=RecipientKind.INDIVIDUAL)
    counts = qs.aggregate(
        collectives=Count("pk", filter=Q(recipient_kind=RecipientKind.COLLECTIVE)),
        individuals=Count("pk", filter=person),
        female=Count("pk", filter=person & Q(sex=Sex.FEMALE)),
        male=Count("pk", filter=person & Q(sex=Sex.MALE)),
    )
    return {key: counts[key] or 0 for key in ("collectives", "individuals", "female", "male")}


# ---------------------------------------------------------------------------------------
# The index page
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistrySummary:
    unit: Any  # the area of the figures (None: the whole country)
    year: int
    model_sites: int | None  # records the user can see; None without the permission
    inspections: int | None
    awards: int | None
    site_counts: dict[str, int]
    inspection_counts: dict[str, int]
    award_counts: dict[str, int]


def registry_summary(*, user, year: int) -> RegistrySummary:
    """What the index shows: how many records of each registry the user can see, and the
    year's counts for the user's area (the agency's unit; the country for national users)."""
    from binhdang.accounts.scope import scope_for

    scope = scope_for(user)
    agency = getattr(user, "agency", None)
    unit = None if scope.everything or agency is None else agency.unit

    def total(model, perm: str) -> int | None:
        if scope.nothing or not user.has_perm(perm):
            return None
        return model.objects.visible_to(user).count()

    sites = total(ModelSite, "registries.view_modelsite")
    inspections = total(Inspection, "registries.view_inspection")
    awards = total(Award, "registries.view_award")
    return RegistrySummary(
        unit=unit,
        year=year,
        model_sites=sites,
        inspections=inspections,
        awards=awards,
        site_counts=model_site_counts(year=year, unit=unit) if sites is not None else {},
        inspection_counts=(
            inspection_counts(year=year, unit=unit) if inspections is not None else {}
        ),
        award_counts=award_counts(year=year, unit=unit) if awards is not None else {},
    )


# ---------------------------------------------------------------------------------------
# A record's history
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    when: Any
    who: str
    what: str
    data: dict[str, Any]


def record_history(*, obj, limit: int = 20) -> list[HistoryEntry]:
    """The audit entries of one record, newest first (the record is already in scope)."""
    from django.contrib.contenttypes.models import ContentType

    from binhdang.core.audit import action_label
    from binhdang.core.models import AuditEntry

    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    entries = AuditEntry.objects.filter(content_type=content_type, object_id=str(obj.pk))
    return [
        HistoryEntry(
            when=entry.timestamp,
            who=entry.actor_name or "system",
            what=str(action_label(entry.action)),
            data=entry.data,
        )
        for entry in entries.order_by("-timestamp", "-id")[:limit]
    ]
