"""Progress pages: the leader's dashboard, a target's page, an area's and an agency's
targets, and the awareness survey results typed in until surveys run in binhdang.

Thin views over `indicators.selectors` (every value is computed there). Objects come
from the user's scope first (`visible_to`): a target of a plan, a unit or an agency
outside it is a 404. Charts get their figures through `json_script` and are drawn by
static/indicators/charts.js; the same figures are always in an HTML table as well.
"""

from copy import copy
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from binhdang.accounts.scope import scope_for
from binhdang.agencies.models import Agency
from binhdang.core.text import fold
from binhdang.core.views import PermissionMixin, ScopedQuerysetMixin
from binhdang.geo.models import AdministrativeUnit
from binhdang.indicators import selectors
from binhdang.indicators.choices import MeasureUnit, Status
from binhdang.indicators.forms import SurveyResultFilterForm, SurveyResultForm
from binhdang.indicators.models import SurveyResult
from binhdang.plans.models import Plan, Target
from binhdang.reporting.choices import TargetGroup

VIEW = "indicators.view_indicator"
ADD_SURVEY = "indicators.add_surveyresult"
CHANGE_SURVEY = "indicators.change_surveyresult"
FIRST_YEAR = selectors.FIRST_YEAR
LAST_YEAR = selectors.LAST_YEAR
YEARS = list(range(FIRST_YEAR, LAST_YEAR + 1))


# ---- helpers: request parameters ---------------------------------------------------------


def _default_year() -> int:
    return min(max(timezone.localdate().year, FIRST_YEAR), LAST_YEAR)


def _year(request) -> int:
    """`?year=` when it is one of 2022–2030, else this year (kept inside that range)."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return _default_year()
    return year if year in YEARS else _default_year()


def _context_ancestors(user) -> tuple[int, ...]:
    return scope_for(user).ancestor_ids


def _visible_units(user):
    """Units whose figures the user may read: the scope without the units above it that
    it shows for context only (a ward's people do not read their city's totals)."""
    return AdministrativeUnit.objects.visible_to(user).exclude(pk__in=_context_ancestors(user))


def _area(request, default=None):
    """`?unit=` narrowed to a unit in the user's scope (404 outside), else `default`."""
    raw = request.GET.get("unit", "")
    if not raw:
        return default
    try:
        pk = int(raw)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(_visible_units(request.user), pk=pk)


# ---- helpers: numbers and chart data -----------------------------------------------------


def _float(value) -> float | None:
    """Decimal → float for JSON (json_script would write a Decimal as a string)."""
    if value is None:
        return None
    return float(round(Decimal(value), 2))


def measure_unit(indicator, milestone=None) -> str:
    """What a value is written with: "%" for shares, the plan's unit for counts."""
    if indicator is not None and indicator.measure == MeasureUnit.PERCENT:
        return "%"
    if indicator is not None and indicator.measure == MeasureUnit.POINTS:
        return _("pp")
    return getattr(milestone, "unit", "") or ""


def _goal_value(m):
    return m.target_value if m.target_value is not None else m.target_max


def _trajectory(progress) -> dict[int, Decimal | None]:
    """The milestone trajectory per year: straight lines from the baseline through each
    milestone (the line the traffic light is measured against); a yearly milestone
    ("every year") is a flat line."""
    points: dict[int, Decimal] = {}
    flat = None
    baseline = progress.baseline
    if baseline is not None and baseline.value is not None and baseline.year is not None:
        points[baseline.year] = Decimal(baseline.value)
    for m in progress.milestones:
        value = _goal_value(m)
        if value is None:
            continue
        if m.year is None:
            flat = Decimal(value)
        else:
            points[m.year] = Decimal(value)
    out: dict[int, Decimal | None] = {}
    known = sorted(points.items())
    for year in YEARS:
        out[year] = flat
        for (y0, v0), (y1, v1) in zip(known, known[1:], strict=False):
            if y0 <= year <= y1:
                out[year] = v0 + (v1 - v0) * Decimal(year - y0) / Decimal(y1 - y0)
                break
        else:
            if known and year in points:
                out[year] = points[year]
    return out


def trend_rows(progress) -> list[dict]:
    """One row per year 2022–2030: the value reached (with its parts), the trajectory
    and the milestone of that year with its status."""
    values = dict(progress.series)
    trajectory = _trajectory(progress)
    milestones = {m.year: m for m in progress.milestones if m.year is not None}
    rows = []
    for year in YEARS:
        value = values.get(year)
        rows.append(
            {
                "year": year,
                "value": getattr(value, "value", None),
                "numerator": getattr(value, "numerator", None),
                "denominator": getattr(value, "denominator", None),
                "missing": getattr(value, "missing_count", 0) if value is not None else None,
                "trajectory": trajectory[year],
                "milestone": milestones.get(year),
                "is_future": year > progress.year,
            }
        )
    return rows


def trend_chart(progress, rows, unit: str) -> dict:
    percent = unit == "%"
    return {
        "unit": unit,
        "labels": [str(r["year"]) for r in rows],
        "suggestedMax": 100 if percent else None,
        "series": [
            {
                "role": "actual",
                "label": _("Value reached"),
                "values": [_float(r["value"]) for r in rows],
            },
            {
                "role": "goal",
                "label": _("Milestone trajectory"),
                "values": [_float(r["trajectory"]) for r in rows],
            },
        ],
    }


def _status_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Status.choices}


def bars_chart(rows, *, unit: str, year: int, milestone, label_of) -> dict:
    goal = _goal_value(milestone) if milestone is not None else None
    goal_label = ""
    if goal is not None:
        goal_label = (
            _("Milestone %(year)s") % {"year": milestone.year}
            if milestone.year
            else _("Milestone (every year)")
        )
    return {
        "unit": unit,
        "labels": [label_of(r) for r in rows],
        "values": [_float(r.value.value) for r in rows],
        "statuses": [r.status for r in rows],
        "statusLabels": _status_labels(),
        "seriesLabel": _("Value %(year)s") % {"year": year},
        "goal": _float(goal),
        "goalLabel": goal_label,
        "suggestedMax": 100 if unit == "%" else None,
    }


def sparkline_points(progress) -> tuple[list, list]:
    points = [(year, value.value) for year, value in progress.series]
    goals = [(m.year, _goal_value(m)) for m in progress.milestones]
    return points, goals


def _has_sex(values) -> bool:
    return any(v is not None and any(x is not None for x in v.by_sex.values()) for v in values)


def _has_ratio(values) -> bool:
    return any(
        v is not None and v.numerator is not None and v.denominator is not None for v in values
    )


def _group_rows(value) -> list[dict]:
    labels = dict(TargetGroup.choices)
    return [
        {"code": code, "label": labels.get(code, code), "value": v}
        for code, v in (value.by_group or {}).items()
        if v is not None
    ]


def _target_rows(progress_list) -> list[dict]:
    """The dashboard-like rows of a list of TargetProgress."""
    rows = []
    for p in progress_list:
        milestone = p.next_milestone
        unit = measure_unit(p.indicator, getattr(milestone, "milestone", None))
        points, goals = sparkline_points(p)
        rows.append({"p": p, "unit": unit, "points": points, "goals": goals})
    return rows


# Above this many plans the leader's page opens with one table of every plan's area
# against every indicator (a national or ministry user sees 34 provinces).
MATRIX_FROM_PLANS = 3


def _area_name(area) -> str:
    """Sort key: "An Giang" before "Cần Thơ", whatever the level word in front."""
    return getattr(area, "short_name", "") or getattr(area, "name", "") or ""


def area_matrix(blocks) -> dict | None:
    """Plans' areas × indicators: each cell the target's status and current value (the
    first target a plan measures with that indicator). `None` under MATRIX_FROM_PLANS."""
    if len(blocks) < MATRIX_FROM_PLANS:
        return None
    columns: dict[int, Any] = {}
    for block in blocks:
        for p in block.targets:
            if p.indicator is not None:
                columns.setdefault(p.indicator.pk, p.indicator)
    rows = []
    for block in blocks:
        by_indicator: dict[int, Any] = {}
        for p in block.targets:
            if p.indicator is not None:
                by_indicator.setdefault(p.indicator.pk, p)
        cells = []
        for pk in columns:
            p = by_indicator.get(pk)
            if p is None:
                cells.append(None)
                continue
            m = p.next_milestone
            cells.append({"p": p, "unit": measure_unit(p.indicator, getattr(m, "milestone", None))})
        area = next((t.unit for t in block.targets if t.unit), block.plan.unit)
        rows.append({"plan": block.plan, "area": area, "cells": cells})
    rows.sort(key=lambda r: (fold(_area_name(r["area"])), r["plan"].pk))
    return {"columns": list(columns.values()), "rows": rows}


# ---- pages -------------------------------------------------------------------------------


class DashboardView(PermissionMixin, TemplateView):
    """The leader's page: every target in scope with its traffic light and trend, and
    who has not reported in the year's rounds. Prints on one A4 page."""

    permission_required = VIEW
    template_name = "indicators/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        year = _year(self.request)
        dashboard = selectors.leader_dashboard(user=self.request.user, year=year)
        ctx.update(
            year=year,
            years=YEARS,
            dashboard=dashboard,
            counts=dashboard.counts,
            plans=[
                {
                    "plan": block.plan,
                    # The area measured: the plan's, or the user's own unit when the plan
                    # covers more than the user may read.
                    "area": next((t.unit for t in block.targets if t.unit), block.plan.unit),
                    "counts": block.counts,
                    # The block's HTML is kept while its numbers stay the same.
                    "version": block.version,
                    "cache_seconds": 3600 if block.version else 0,
                    "rows": _target_rows(block.targets),
                }
                for block in dashboard.plans
            ],
            matrix=area_matrix(dashboard.plans),
            rounds=dashboard.rounds,
            statuses=Status.choices,
            printed_on=timezone.localdate(),
            can_see_rounds=self.request.user.has_perm("reporting.view_reportround"),
        )
        return ctx


class TargetDetailView(PermissionMixin, TemplateView):
    """One target: its trend against the milestone trajectory, by unit and by agency,
    by sex where the data has it, and why the number is what it is."""

    permission_required = VIEW
    template_name = "indicators/target_detail.html"

    def get_target(self):
        plans = Plan.objects.visible_to(self.request.user)
        return get_object_or_404(
            Target.objects.filter(plan__in=plans).select_related("plan", "plan__unit"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        target = self.get_target()
        year = _year(self.request)
        area = _area(self.request)
        progress = selectors.target_progress(target=target, unit=area, year=year, user=user)
        by_unit = selectors.progress_by_unit(target=target, year=year, unit=area, user=user)
        by_agency = selectors.progress_by_agency(target=target, year=year, unit=area, user=user)
        explanation = selectors.explain(target=target, year=year, unit=area, user=user)
        milestone = progress.next_milestone
        unit = measure_unit(progress.indicator, getattr(milestone, "milestone", None))

        parts = []
        for part in progress.parts or [progress]:
            part_unit = measure_unit(
                part.indicator, getattr(part.next_milestone, "milestone", None)
            )
            rows = trend_rows(part)
            parts.append(
                {
                    "p": part,
                    "unit": part_unit,
                    "rows": rows,
                    "chart": trend_chart(part, rows, part_unit),
                    "has_ratio": any(
                        r["numerator"] is not None and r["denominator"] is not None for r in rows
                    ),
                    "id": f"trend-{len(parts) + 1}",
                }
            )

        area = progress.unit
        # A commune has no rows below it: its own row is the total shown above the table.
        by_unit = [r for r in by_unit if r.is_level_row or r.unit != area]
        # Rows of areas and agencies outside the user's scope are left out (a commune's
        # people see their province's total, never a neighbouring commune's figures).
        visible_units = set(
            _visible_units(user)
            .filter(pk__in=[r.unit.pk for r in by_unit if r.unit is not None])
            .values_list("pk", flat=True)
        )
        shown_units = [r for r in by_unit if r.is_level_row or r.unit.pk in visible_units]
        agency_ids = {r.agency_id for r in by_agency} | {m.agency_id for m in explanation.missing}
        visible_agencies = set(
            Agency.objects.visible_to(user)
            .exclude(unit_id__in=_context_ancestors(user))
            .filter(pk__in=agency_ids)
            .values_list("pk", flat=True)
        )
        shown_agencies = [r for r in by_agency if r.agency_id in visible_agencies]
        missing = [m for m in explanation.missing if m.agency_id in visible_agencies]
        hidden = len(by_unit) - len(shown_units) + len(by_agency) - len(shown_agencies)
        by_unit, by_agency = shown_units, shown_agencies
        submission_ids = {m.submission_id for m in missing if m.submission_id}
        submission_ids |= {
            i for row in explanation.rows if row.link.kind == "submissions" for i in row.link.ids
        }
        ctx.update(
            target=target,
            plan=target.plan,
            year=year,
            years=YEARS,
            area=area,
            area_is_default="unit" not in self.request.GET,
            progress=progress,
            unit=unit,
            parts=parts,
            by_unit=by_unit,
            by_unit_chart=bars_chart(
                by_unit, unit=unit, year=year, milestone=milestone, label_of=lambda r: r.label
            ),
            by_unit_sex=_has_sex([r.value for r in by_unit]),
            by_unit_ratio=_has_ratio([progress.current, *(r.value for r in by_unit)]),
            visible_units=visible_units,
            by_agency=by_agency,
            by_agency_sex=_has_sex([r.value for r in by_agency]),
            visible_agencies=visible_agencies,
            hidden_rows=hidden,
            current=progress.current,
            current_sex=_has_sex([progress.current]),
            groups=_group_rows(progress.current) if progress.current else [],
            explanation=explanation,
            visible_submissions=_visible_submissions(user, submission_ids),
            missing_by_unit=_missing_by_unit(missing),
            missing_hidden=len(explanation.missing) - len(missing),
        )
        return ctx


def _visible_submissions(user, ids) -> set[int]:
    if not ids:
        return set()
    from binhdang.reporting.models import Submission

    return set(Submission.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def _missing_by_unit(missing) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for m in missing:
        groups.setdefault(m.unit or _("National"), []).append(m)
    return list(groups.items())


def _covering_plans(user, unit):
    """Plans in scope whose area holds `unit`: its own and those of the units above it."""
    chain = []
    node = unit
    while node is not None:
        chain.append(node.pk)
        node = node.parent
    if unit.province_id:
        chain.append(unit.province_id)
    return (
        Plan.objects.visible_to(user)
        .filter(unit_id__in=chain)
        .select_related("unit")
        .prefetch_related("targets")
        .order_by("unit__path", "-period_end", "title")
    )


class UnitProgressView(ScopedQuerysetMixin, SingleObjectMixin, TemplateView):
    """Every target of the plans that cover one area (a province, a commune), measured
    on that area's data."""

    permission_required = VIEW
    model = AdministrativeUnit
    template_name = "indicators/unit_progress.html"
    context_object_name = "unit"

    def get_queryset(self):
        return super().get_queryset().exclude(pk__in=_context_ancestors(self.request.user))

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        unit = self.object
        year = _year(self.request)
        blocks = []
        for plan in _covering_plans(user, unit):
            progress = selectors.plan_progress(plan=plan, unit=unit, year=year, user=user)
            blocks.append({"plan": plan, "rows": _target_rows(progress)})
        ctx.update(
            year=year,
            years=YEARS,
            plans=blocks,
            counts=_counts(row["p"] for block in blocks for row in block["rows"]),
            children=_visible_units(user).filter(parent=unit).order_by("name"),
            agencies=Agency.objects.visible_to(user).filter(unit=unit).current().order_by("name"),
            ancestors=_ancestors(user, unit),
            statuses=Status.choices,
        )
        return ctx


def _ancestors(user, unit) -> list:
    """The units above `unit` that the user may open (for the breadcrumbs)."""
    chain = []
    node = unit.parent
    while node is not None:
        chain.insert(0, node)
        node = node.parent
    visible = set(
        _visible_units(user).filter(pk__in=[u.pk for u in chain]).values_list("pk", flat=True)
    )
    return [u for u in chain if u.pk in visible]


def _counts(progress_list) -> dict[str, int]:
    out = {s: 0 for s in Status.values}
    for p in progress_list:
        out[p.status] += 1
    return out


class AgencyProgressView(ScopedQuerysetMixin, SingleObjectMixin, TemplateView):
    """Every target the agency reports on: the agency's own figure, its status, and
    whether it gave what it owes."""

    permission_required = VIEW
    model = Agency
    template_name = "indicators/agency_progress.html"
    context_object_name = "agency"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .exclude(unit_id__in=_context_ancestors(self.request.user))
            .select_related("unit")
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        agency = self.object
        year = _year(self.request)
        plans = (
            Plan.objects.visible_to(user)
            .filter(
                Q(rounds__submissions__agency=agency)
                | Q(tasks__activities__assignments__agencies=agency)
                | Q(responsibilities__agencies=agency)
            )
            .distinct()
            .select_related("unit")
            .prefetch_related("targets")
            .order_by("-period_end", "title")
        )
        blocks = []
        counts = {s: 0 for s in Status.values}
        for plan in plans:
            rows = []
            for target in plan.targets.all():
                mine = next(
                    (
                        r
                        for r in selectors.progress_by_agency(
                            target=target, year=year, unit=None, user=user
                        )
                        if r.agency_id == agency.pk
                    ),
                    None,
                )
                progress = selectors.target_progress(target=target, year=year, user=user)
                unit = measure_unit(
                    progress.indicator, getattr(progress.next_milestone, "milestone", None)
                )
                status = mine.status if mine is not None else Status.NO_DATA
                counts[status] += 1
                rows.append({"target": target, "row": mine, "p": progress, "unit": unit})
            blocks.append({"plan": plan, "rows": rows})
        ctx.update(year=year, years=YEARS, plans=blocks, counts=counts, statuses=Status.choices)
        return ctx


# ---- awareness survey results ------------------------------------------------------------


class SurveyResultListView(PermissionMixin, ListView):
    """Awareness survey figures typed in by hand (baseline 2025, follow-up 2030)."""

    permission_required = VIEW
    template_name = "indicators/survey_list.html"
    context_object_name = "results"
    paginate_by = 50

    def get_filter_form(self):
        return SurveyResultFilterForm(self.request.GET or None)

    def get_queryset(self):
        form = self.get_filter_form()
        year = form.cleaned_data.get("year") if form.is_valid() else None
        return selectors.survey_results(user=self.request.user, year=year)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["filter_form"] = self.get_filter_form()
        ctx["can_add"] = user.has_perm(ADD_SURVEY)
        ctx["can_change"] = user.has_perm(CHANGE_SURVEY)
        return ctx


def _add_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form (fields it names, else on top)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class SurveyResultCreateView(PermissionMixin, FormView):
    permission_required = ADD_SURVEY
    template_name = "indicators/survey_form.html"
    form_class = SurveyResultForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        initial.setdefault("year", _default_year())
        agency = getattr(self.request.user, "agency", None)
        if agency is not None:
            initial.setdefault("unit", agency.unit_id)
            initial.setdefault("agency", agency.pk)
        return initial

    def form_valid(self, form):
        from binhdang.indicators import services

        try:
            result = services.survey_result_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Survey result saved: %(result)s.") % {"result": result})
        if "another" in self.request.POST:
            return redirect("indicators:survey_create")
        return redirect("indicators:survey_list")


class SurveyResultUpdateView(ScopedQuerysetMixin, SingleObjectMixin, FormView):
    permission_required = CHANGE_SURVEY
    model = SurveyResult
    template_name = "indicators/survey_form.html"
    form_class = SurveyResultForm
    context_object_name = "result"

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "agency")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(CHANGE_SURVEY):
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        # A copy: the form writes its values into its instance while validating, and the
        # service must see the row as it was (its audit entry records before → after).
        kwargs["instance"] = copy(self.object)
        return kwargs

    def form_valid(self, form):
        from binhdang.indicators import services

        try:
            result = services.survey_result_update(
                actor=self.request.user, result=self.object, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Changes saved: %(result)s.") % {"result": result})
        return redirect("indicators:survey_list")
