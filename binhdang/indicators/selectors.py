"""Reads for indicators and target progress (the API the progress pages build on).

Every value is computed from the data the system holds (reports' figures, logged events,
the registries, survey results) on each read; no percentage is typed in or stored.
Percentages are recomputed from summed numerators and denominators at every level,
never averaged; an agency that owes a figure and has not given it is listed as missing,
never counted as zero. The status rule is in `status.py`.

API (keyword-only; names and shapes are stable):

* `indicator_value(indicator=, year=, unit=None, user=None, baseline_year=None,
  baseline_value=None) -> IndicatorValue`
* `milestone_status(...)` (re-exported from `status.py`)
* `target_progress(target=, unit=None, year=None, user=None) -> TargetProgress`
* `plan_progress(plan=, unit=None, year=None, user=None) -> list[TargetProgress]`
* `progress_by_unit(target=, year=, unit=None, user=None) -> list[UnitProgress]`
* `progress_by_agency(target=, year=, unit=None, user=None) -> list[AgencyProgress]`
* `explain(target=, year=, unit=None, user=None) -> Explanation`
* `leader_dashboard(user=, year=None) -> Dashboard`
* `indicator_list(user=)`, `survey_results(user=, ...)`, `target_links(target=)`

`unit=None` means the target's plan's area in the target functions (the whole country
for `indicator_value`); a unit means its area, including the pre-2025 units that became
part of it (for a pre-2025 unit: the current units that took over its communes). With
`user=`, a unit outside the user's own subtree is refused (PermissionDenied), the plan
must be visible to the user, and a plan whose area is wider than the user's scope (a
ward's people reading the city's plan) is computed over the user's own unit.

A target measured by several indicators ("70% pilot by 2025, 90% official by 2030")
gives a `TargetProgress` for the indicator of its next milestone, with one entry per
indicator in `parts`; `milestones` lists them all, each with its own indicator.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from binhdang.indicators.choices import Status
from binhdang.indicators.models import Indicator, SurveyResult, TargetIndicator
from binhdang.indicators.status import StatusResult, milestone_status

FIRST_YEAR = 2022
LAST_YEAR = 2030

# The list pages of the registries (first name that exists).
REGISTRY_PAGES = {
    "media": ("media:agency_list",),
    "conventions": ("conventions:convention_list", "conventions:list", "conventions:index"),
    "registries": ("registries:index",),
}

__all__ = [
    "AgencyProgress",
    "Baseline",
    "Dashboard",
    "DashboardPlan",
    "DashboardRound",
    "Explanation",
    "IndicatorValue",
    "MilestoneStatus",
    "MissingReporter",
    "SourceLink",
    "SourceValue",
    "Status",
    "StatusResult",
    "TargetProgress",
    "UnitProgress",
    "explain",
    "indicator_list",
    "indicator_value",
    "leader_dashboard",
    "milestone_status",
    "plan_progress",
    "progress_by_agency",
    "progress_by_unit",
    "survey_results",
    "target_links",
    "target_progress",
]


# ---- result shapes -----------------------------------------------------------------------


@dataclass
class SourceLink:
    """Where a number comes from, for a link on the page.

    kind: "submissions" (ids: Submission pks → reporting:submission), "events" (filter:
    the query of reporting:event_list: date_from, date_to, event_type, channel, unit),
    "registry" (app: "media" / "conventions" / "registries", filter: year, unit),
    "surveys" (ids: SurveyResult pks), "units" (ids: AdministrativeUnit pks), "" (none).
    """

    kind: str = ""
    ids: list[int] = field(default_factory=list)
    filter: dict[str, Any] = field(default_factory=dict)
    app: str = ""

    @property
    def item_urls(self) -> list[tuple[int, str]]:
        """(id, page) of each row: each submission's page ("" when there is none)."""
        from django.urls import NoReverseMatch, reverse

        if self.kind != "submissions":
            return [(pk, "") for pk in self.ids]
        out = []
        for pk in self.ids:
            try:
                out.append((pk, reverse("reporting:submission", args=[pk])))
            except NoReverseMatch:
                out.append((pk, ""))
        return out

    @property
    def url(self) -> str:
        """A page listing these rows, when there is one ("" otherwise)."""
        from urllib.parse import urlencode

        from django.urls import NoReverseMatch, reverse

        try:
            if self.kind == "events":
                return reverse("reporting:event_list") + "?" + urlencode(self.filter)
            if self.kind == "submissions" and len(self.ids) == 1:
                return reverse("reporting:submission", args=[self.ids[0]])
        except NoReverseMatch:
            return ""
        if self.kind == "registry" and self.app:
            for name in REGISTRY_PAGES.get(self.app, ()):
                try:
                    return reverse(name) + ("?" + urlencode(self.filter) if self.filter else "")
                except NoReverseMatch:
                    continue
        return ""


@dataclass
class SourceValue:
    """One named source of a formula with its value: (label, value, link)."""

    key: str  # the name in the formula, e.g. "registry.media.pilot"
    label: str
    value: Decimal | None
    link: SourceLink = field(default_factory=SourceLink)
    note: str = ""


@dataclass
class MissingReporter:
    """An agency that owes a figure and has not given it (flagged, never a zero), or a
    unit where nothing of what the indicator counts was logged in the year."""

    agency_id: int | None
    agency: str
    unit_id: int | None
    unit: str
    submission_id: int | None
    # "not_sent" (report not received), "no_figure" (sent without it), "no_events" (a
    # unit where no event of the kind counted was logged: agency_id is None).
    reason: str

    def __str__(self) -> str:
        return self.agency or self.unit


@dataclass
class IndicatorValue:
    indicator: Indicator
    year: int
    unit: Any  # AdministrativeUnit | None (whole country)
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    by_sex: dict[str, Decimal | None] = field(default_factory=dict)  # "male", "female"
    by_group: dict[str, Decimal | None] = field(default_factory=dict)  # TargetGroup codes
    sources: list[SourceValue] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # agency names
    missing_detail: list[MissingReporter] = field(default_factory=list)
    expected: int = 0  # agencies that owe a reported figure used here
    reporters: int = 0  # agencies whose figures were used
    used_fallback: bool = False
    note: str = ""
    # Set on a summary copy (`slimmed`) that left the sources and the missing out.
    missing_total: int | None = None

    @property
    def has_data(self) -> bool:
        return self.value is not None

    @property
    def missing_count(self) -> int:
        if self.missing_total is not None:
            return self.missing_total
        return len(self.missing_detail)

    def slimmed(self) -> IndicatorValue:
        """A copy without the sources and the list of who is missing (only their number):
        what a summary such as the leader's page shows, a fraction of the size."""
        return replace(
            self, sources=[], missing=[], missing_detail=[], missing_total=self.missing_count
        )

    @property
    def display(self) -> str:
        from binhdang.indicators.engine import format_value

        return format_value(self.indicator, self.value)


@dataclass
class Baseline:
    value: Decimal | None
    year: int | None
    source: str  # "entered", "computed" (data of the baseline year), "first_data", ""
    # For a change indicator ("level - baseline", value 0 at the baseline): the level
    # itself in the baseline year (e.g. 60% with correct knowledge in 2025).
    level: Decimal | None = None


@dataclass
class MilestoneStatus:
    milestone: Any  # plans.Milestone
    indicator: Indicator | None
    year: int | None  # None: every year
    target_value: Decimal | None
    target_max: Decimal | None
    actual: Decimal | None  # the indicator's value in the year evaluated
    actual_year: int | None
    expected: Decimal | None  # on the linear trajectory, in the year evaluated
    status: str
    is_next: bool = False

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


@dataclass
class TargetProgress:
    target: Any  # plans.Target
    indicator: Indicator | None  # the indicator of the next milestone
    link: TargetIndicator | None
    unit: Any
    year: int
    baseline: Baseline | None = None
    series: list[tuple[int, IndicatorValue]] = field(default_factory=list)
    current: IndicatorValue | None = None
    milestones: list[MilestoneStatus] = field(default_factory=list)
    next_milestone: MilestoneStatus | None = None
    # One entry per linked indicator when the target has several ("70% pilot by 2025,
    # 90% official by 2030"); empty when it has one.
    parts: list[TargetProgress] = field(default_factory=list)
    note: str = ""

    @property
    def status(self) -> str:
        return self.next_milestone.status if self.next_milestone else Status.NO_DATA

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def is_linked(self) -> bool:
        return self.indicator is not None

    def slimmed(self) -> TargetProgress:
        """A copy whose values are `IndicatorValue.slimmed` (for summaries)."""
        return replace(
            self,
            series=[(y, v.slimmed()) for y, v in self.series],
            current=self.current.slimmed() if self.current is not None else None,
            parts=[p.slimmed() for p in self.parts],
        )


@dataclass
class UnitProgress:
    unit: Any  # AdministrativeUnit, or the area itself for the "province level" row
    label: str
    is_level_row: bool  # figures of the area's own agencies (departments), not a child
    value: IndicatorValue
    status: str
    expected: Decimal | None = None

    @property
    def missing(self) -> list[str]:
        return self.value.missing


@dataclass
class AgencyProgress:
    agency_id: int
    agency: str
    unit: str
    value: IndicatorValue
    status: str
    reported: bool  # gave every reported figure the formula needs
    expected: Decimal | None = None

    @property
    def missing(self) -> list[str]:
        return self.value.missing


@dataclass
class Explanation:
    target: Any
    indicator: Indicator | None
    year: int
    unit: Any
    formula: str  # as written
    formula_words: str  # the formula in words
    steps: list[str]  # how the value was reached, one sentence each
    value: IndicatorValue | None
    rows: list[SourceValue]  # the data used, with links
    missing: list[MissingReporter]
    notes: list[str] = field(default_factory=list)


@dataclass
class DashboardRound:
    round: Any  # reporting.ReportRound
    expected: int
    received: int
    late: list[Any]  # reporting.selectors.ReporterRow, sent after the deadline
    missing: list[Any]  # ReporterRow not received (missing or still pending)


@dataclass
class DashboardPlan:
    plan: Any
    targets: list[TargetProgress]
    # Changes whenever anything its numbers read changes (`freshness.progress_key`): the
    # page keeps the block's rendered HTML under it.
    version: str = ""

    @property
    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in Status.values}
        for t in self.targets:
            out[t.status] += 1
        return out


@dataclass
class Dashboard:
    user: Any
    year: int
    plans: list[DashboardPlan]
    rounds: list[DashboardRound]

    @property
    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in Status.values}
        for p in self.plans:
            for s, n in p.counts.items():
                out[s] += n
        return out


# ---- the API -----------------------------------------------------------------------------


def _this_year() -> int:
    return timezone.localdate().year


def _check_unit(user, unit) -> None:
    if user is None or unit is None:
        return
    from binhdang.indicators.engine import user_sees_area

    if not user_sees_area(user, unit):
        raise PermissionDenied


def _check_target(user, target) -> None:
    if user is None:
        return
    from binhdang.plans.models import Plan

    if not Plan.objects.visible_to(user).filter(pk=target.plan_id).exists():
        raise PermissionDenied


def indicator_value(
    *,
    indicator: Indicator,
    year: int,
    unit=None,
    user=None,
    baseline_year: int | None = None,
    baseline_value: Decimal | None = None,
) -> IndicatorValue:
    """The indicator's value for one year in `unit`'s area (None: the whole country).
    `baseline_year` / `baseline_value` feed a "level - baseline" formula (default: the
    indicator's baseline year, the level computed in it)."""
    from binhdang.indicators import engine

    _check_unit(user, unit)
    return engine.values(
        indicator=indicator,
        years=[year],
        unit=unit,
        baseline_year=baseline_year,
        baseline_value=baseline_value,
    )[year]


def target_progress(*, target, unit=None, year: int | None = None, user=None) -> TargetProgress:
    """The target's series 2022–`year`, its milestones with their status and the status of
    the next milestone (the traffic light)."""
    from binhdang.indicators import engine

    _check_target(user, target)
    _check_unit(user, unit)
    return engine.target_progress(target=target, unit=unit, year=year or _this_year(), user=user)


def plan_progress(*, plan, unit=None, year: int | None = None, user=None) -> list[TargetProgress]:
    """`target_progress` of every target of the plan, in the plan's order."""
    from binhdang.indicators import engine

    if user is not None:
        from binhdang.plans.models import Plan

        if not Plan.objects.visible_to(user).filter(pk=plan.pk).exists():
            raise PermissionDenied
    _check_unit(user, unit)
    return [
        engine.target_progress(target=t, unit=unit, year=year or _this_year(), user=user)
        for t in plan.targets.all()
    ]


def progress_by_unit(*, target, year: int, unit=None, user=None) -> list[UnitProgress]:
    """One row per child unit of `unit` (default: the plan's area) — a province's communes
    plus the province level (its departments' figures) first; a commune gives itself.
    Figures of pre-2025 units are rolled up to the unit that took them over."""
    from binhdang.indicators import engine

    _check_target(user, target)
    _check_unit(user, unit)
    return engine.progress_by_unit(target=target, year=year, unit=unit, user=user)


def progress_by_agency(*, target, year: int, unit=None, user=None) -> list[AgencyProgress]:
    """One row per agency that owes or gave a figure of the target's indicator."""
    from binhdang.indicators import engine

    _check_target(user, target)
    _check_unit(user, unit)
    return engine.progress_by_agency(target=target, year=year, unit=unit, user=user)


def explain(*, target, year: int, unit=None, user=None) -> Explanation:
    """The formula in words, the data rows used with links, and who did not report."""
    from binhdang.indicators import engine

    _check_target(user, target)
    _check_unit(user, unit)
    return engine.explain(target=target, year=year, unit=unit, user=user)


def leader_dashboard(*, user, year: int | None = None) -> Dashboard:
    """The plans in the user's scope (programme plans first), each target's traffic light
    for its next milestone and its trend, and the late and missing reporters of the
    year's report rounds."""
    from binhdang.indicators import engine

    return engine.leader_dashboard(user=user, year=year or _this_year())


def indicator_list(*, user):
    return Indicator.objects.visible_to(user).active().select_related("agency")


def survey_results(*, user, year: int | None = None, unit=None):
    qs = SurveyResult.objects.visible_to(user).select_related("unit", "agency")
    if year is not None:
        qs = qs.filter(year=year)
    if unit is not None:
        from binhdang.indicators.engine import area_q

        qs = qs.filter(area_q(unit, "unit__"))
    return qs


def target_links(*, target) -> list[TargetIndicator]:
    """The stored links of the target (the wording's links when none are stored)."""
    from binhdang.indicators import engine

    return engine.links_of(target)
