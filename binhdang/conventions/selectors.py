"""Reads for the village-conventions registry: the list, its totals, one convention with
its clauses, and the figures the indicators engine asks for (`convention_counts`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from binhdang.conventions.choices import (
    FREE_OF_DISCRIMINATION,
    ConventionStatus,
    ReviewResult,
    Verdict,
)
from binhdang.conventions.models import Convention, ConventionClause


def convention_list(*, user) -> QuerySet[Convention]:
    """The conventions the user can see, with what the list shows."""
    return (
        Convention.objects.visible_to(user)
        .select_related("unit", "reviewer_agency")
        .order_by("unit__path", "village_name", "-adopted_on", "pk")
    )


def convention_detail_queryset(*, user) -> QuerySet[Convention]:
    return Convention.objects.visible_to(user).select_related(
        "unit", "unit__parent", "reviewer_agency", "created_by"
    )


def clause_queryset(*, user) -> QuerySet[ConventionClause]:
    """Clauses of the conventions the user can see."""
    return ConventionClause.objects.visible_to(user).select_related(
        "convention", "convention__unit", "verdict_by"
    )


def _end_of(year: int) -> date:
    return date(year, 12, 31)


def _free_q(day: date) -> Q:
    """Reviewed with no discrimination found by `day`, or its discrimination fixed by then."""
    return Q(review_result=ReviewResult.NO_DISCRIMINATION, reviewed_on__lte=day) | Q(
        review_result=ReviewResult.FIXED, fixed_on__lte=day
    )


def convention_counts(*, year: int, unit=None) -> dict[str, int]:
    """Figures of the 1790 target on conventions for the end of `year` (31/12).

    total: conventions in force on 31/12 in the area; reviewed: of those, reviewed by
    then; non_discriminatory: of those, free of gender discrimination by then (reviewed
    with result "no discrimination", or result "fixed" with the fix made by then).
    `unit` None is the whole country; otherwise the unit's area: the unit, the units
    under it and the pre-2025 units that became part of it.
    """
    from binhdang.reporting.selectors import unit_area_q

    day = _end_of(year)
    conventions = Convention.objects.in_force_on(day)
    if unit is not None:
        conventions = conventions.filter(unit_area_q(unit, "unit__"))
    row = conventions.aggregate(
        total=Count("pk"),
        reviewed=Count("pk", filter=Q(reviewed_on__lte=day)),
        non_discriminatory=Count("pk", filter=_free_q(day)),
    )
    return {
        "total": row["total"],
        "reviewed": row["reviewed"],
        "non_discriminatory": row["non_discriminatory"],
    }


@dataclass
class ConventionTotals:
    """What the list page says about the conventions it shows."""

    total: int = 0
    in_force: int = 0
    reviewed: int = 0
    free: int = 0
    free_in_force: int = 0
    discrimination_found: int = 0
    flagged: int = 0

    @property
    def free_percent(self) -> float | None:
        """Free of discrimination, as a share of those in force (None without any)."""
        if not self.in_force:
            return None
        return 100 * self.free_in_force / self.in_force


def convention_totals(conventions: QuerySet[Convention]) -> ConventionTotals:
    """Totals of any queryset of conventions, in one query."""
    in_force = Q(status=ConventionStatus.IN_FORCE)
    row = conventions.order_by().aggregate(
        total=Count("pk"),
        in_force=Count("pk", filter=in_force),
        reviewed=Count("pk", filter=~Q(review_result=ReviewResult.NOT_REVIEWED)),
        free=Count("pk", filter=Q(review_result__in=FREE_OF_DISCRIMINATION)),
        free_in_force=Count("pk", filter=in_force & Q(review_result__in=FREE_OF_DISCRIMINATION)),
        found=Count("pk", filter=Q(review_result=ReviewResult.DISCRIMINATION_FOUND)),
        flagged=Count("pk", filter=Q(flagged_count__gt=0)),
    )
    return ConventionTotals(
        total=row["total"],
        in_force=row["in_force"],
        reviewed=row["reviewed"],
        free=row["free"],
        free_in_force=row["free_in_force"],
        discrimination_found=row["found"],
        flagged=row["flagged"],
    )


@dataclass
class VerdictSummary:
    clauses: int = 0
    flagged: int = 0
    confirmed: int = 0  # marked discriminatory
    dismissed: int = 0
    unsure: int = 0
    pending_flags: int = 0  # flagged clauses without a verdict


def verdict_summary(convention: Convention) -> VerdictSummary:
    row = convention.clauses.aggregate(
        clauses=Count("pk"),
        flagged=Count("pk", filter=Q(flag_count__gt=0)),
        confirmed=Count("pk", filter=Q(verdict=Verdict.DISCRIMINATORY)),
        dismissed=Count("pk", filter=Q(verdict=Verdict.NOT_DISCRIMINATORY)),
        unsure=Count("pk", filter=Q(verdict=Verdict.UNSURE)),
        pending=Count("pk", filter=Q(flag_count__gt=0, verdict="")),
    )
    return VerdictSummary(
        clauses=row["clauses"],
        flagged=row["flagged"],
        confirmed=row["confirmed"],
        dismissed=row["dismissed"],
        unsure=row["unsure"],
        pending_flags=row["pending"],
    )
