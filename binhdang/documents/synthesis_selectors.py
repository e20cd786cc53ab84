"""Reads for synthesis reports: the report list in scope, and `synthesis_data(report)`.

`synthesis_data` gathers what the report prints from the public reads of the other apps
— `reporting.selectors.consolidate` (figures: counts summed, percentages from summed
parts), `round_completeness` (who reported, on time or late, who did not),
`event_selectors.event_totals_of` (communication events), `indicators.selectors.
plan_progress` (targets) — plus the agencies' own words (item reports and the general
part of their forms), each kept with the submission it came from. The result is plain
data (`builders.synthesis.SynthesisData`) for the DOCX and XLSX builders.

Which data a report covers:

* its rounds: the plan's rounds of the report's kind (Action Month rounds for an Action
  Month report, yearly rounds otherwise) — the review year's for the figures and the
  reporters, every year of the period for the communication events of a review; a
  national report (no plan) takes the rounds of every province's programme plan;
* its area: the report's unit (the plan's area by default; a commune), or one agency.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from binhdang.documents import conventions as c
from binhdang.documents.builders.synthesis import (
    ACTION_MONTH,
    AGENCY_COLUMNS,
    FINAL,
    MIDTERM,
    UNIT_COLUMNS,
    ActivityResult,
    Communication,
    FigureRow,
    Quote,
    Reporter,
    SynthesisData,
    Table,
    TargetRow,
    TaskResult,
    vn_number,
)
from binhdang.documents.models import GeneratedReport, OfficeTemplate, ReportVersion
from binhdang.documents.selectors import agency_issuer

FIRST_YEAR = 2022
log = logging.getLogger(__name__)


def report_list(*, user) -> QuerySet[GeneratedReport]:
    """The synthesis reports in the user's scope, newest first."""
    return GeneratedReport.objects.visible_to(user).select_related(
        "plan", "unit", "agency", "issuer"
    )


def template_list(*, user) -> QuerySet[OfficeTemplate]:
    """The office templates of the agencies in the user's scope."""
    return OfficeTemplate.objects.visible_to(user).select_related("agency", "uploaded_by")


def report_versions(report: GeneratedReport) -> QuerySet[ReportVersion]:
    return report.versions.select_related("requested_by").order_by("-number")


# ---- which rounds and which submissions ---------------------------------------------------


def _years(report: GeneratedReport) -> list[int]:
    if report.kind in (MIDTERM, FINAL):
        first = FIRST_YEAR
        if report.plan is not None and report.plan.period_start:
            first = max(FIRST_YEAR, report.plan.period_start)
        return list(range(min(first, report.year), report.year + 1))
    return [report.year]


def report_rounds(report: GeneratedReport) -> list[Any]:
    """The report's rounds, every year of its period, oldest first."""
    from binhdang.reporting.choices import RoundKind
    from binhdang.reporting.models import ReportRound
    from binhdang.reporting.selectors import unit_area_q

    kind = RoundKind.ACTION_MONTH if report.kind == ACTION_MONTH else RoundKind.ANNUAL
    rounds = ReportRound.objects.filter(kind=kind, year__in=_years(report))
    if report.plan_id is not None:
        rounds = rounds.filter(plan_id=report.plan_id)
    else:
        rounds = rounds.filter(plan__unit__level="province", plan__programme__isnull=False)
        if report.unit is not None:
            rounds = rounds.filter(unit_area_q(report.unit, "plan__unit__"))
    return list(rounds.select_related("plan", "plan__unit").order_by("year", "plan__unit__name"))


def _area_unit(report: GeneratedReport):
    """The unit whose area narrows the plan's data, None for the whole plan (or country)."""
    if report.unit is None or report.agency_id is not None:
        return None
    if report.plan is not None and report.plan.unit_id == report.unit_id:
        return None
    return report.unit


def _submissions(report: GeneratedReport, rounds: list[Any]):
    from binhdang.reporting.models import Submission
    from binhdang.reporting.selectors import unit_area_q

    subs = Submission.objects.filter(round__in=[r.pk for r in rounds])
    if report.agency_id is not None:
        return subs.filter(agency_id=report.agency_id)
    area = _area_unit(report)
    if area is not None:
        subs = subs.filter(unit_area_q(area, "unit__"))
    return subs


def _area_unit_ids(unit) -> set[int]:
    from binhdang.geo.models import AdministrativeUnit
    from binhdang.reporting.selectors import unit_area_q

    return set(AdministrativeUnit.objects.filter(unit_area_q(unit)).values_list("pk", flat=True))


# ---- figures --------------------------------------------------------------------------------


@dataclass
class _Acc:
    code: str
    label: str
    value_type: str
    cells: dict[str, Decimal] = field(default_factory=dict)
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    reporters: int = 0
    sources: list[int] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    parts: int = 0


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None and b is None:
        return None
    return (a or Decimal(0)) + (b or Decimal(0))


def _kind_labels(kinds: set[str]) -> str:
    from binhdang.reporting.choices import KIND_PRECEDENCE, ValueKind

    ordered = sorted(kinds, key=lambda k: KIND_PRECEDENCE.get(k, 0))
    return ", ".join(str(ValueKind(k).label).lower() for k in ordered if k in ValueKind.values)


def _figure_rows(accs: dict[str, _Acc]) -> list[FigureRow]:
    from binhdang.reporting import elements

    order = {e.code: i for i, e in enumerate(elements.ELEMENTS)}
    rows = []
    for acc in sorted(accs.values(), key=lambda a: order.get(a.code, 999)):
        total: Decimal | None = acc.cells.get("")
        if acc.value_type == "percent":
            if acc.denominator:
                total = (100 * (acc.numerator or 0) / acc.denominator).quantize(Decimal("0.1"))
            elif acc.parts > 1:
                total = None  # never an average of percentages
        rows.append(
            FigureRow(
                code=acc.code,
                label=acc.label,
                value_type=acc.value_type,
                total=total,
                male=acc.cells.get("male"),
                female=acc.cells.get("female"),
                numerator=acc.numerator,
                denominator=acc.denominator,
                reporters=acc.reporters,
                sources=tuple(acc.sources),
                kinds=_kind_labels(acc.kinds),
            )
        )
    return rows


def _consolidated_figures(rounds: list[Any], area) -> list[FigureRow]:
    """`consolidate` of each round, summed (a national report sums the provinces')."""
    from binhdang.reporting.selectors import consolidate

    accs: dict[str, _Acc] = {}
    for rnd in rounds:
        for f in consolidate(round=rnd, unit=area).figures:
            acc = accs.get(f.code)
            if acc is None:
                acc = accs[f.code] = _Acc(f.code, f.label, f.value_type)
            for cell, value in f.cells.items():
                acc.cells[cell] = acc.cells.get(cell, Decimal(0)) + value
            acc.numerator = _add(acc.numerator, f.numerator)
            acc.denominator = _add(acc.denominator, f.denominator)
            acc.reporters += f.reporters
            acc.sources.extend(f.sources)
            acc.kinds |= f.kinds
            acc.parts += 1
    return _figure_rows(accs)


@dataclass
class _AgencyFigures:
    """One agency's best figures (final > estimate > actual) in the report's rounds."""

    submission_id: int
    agency_id: int
    unit_id: int | None
    values: dict[tuple[str, str], tuple[Decimal, str]] = field(default_factory=dict)

    def get(self, code: str, cell: str = "") -> Decimal:
        found = self.values.get((code, cell))
        return found[0] if found else Decimal(0)

    def events(self) -> Decimal:
        return sum(
            (
                v
                for (code, cell), (v, _k) in self.values.items()
                if code.startswith("events.") and not cell
            ),
            Decimal(0),
        )


def _agency_figures(received_ids: list[int]) -> dict[int, _AgencyFigures]:
    """Per received submission, its figures with the best kind of each cell."""
    from binhdang.reporting.choices import KIND_PRECEDENCE
    from binhdang.reporting.models import DataValue

    out: dict[int, _AgencyFigures] = {}
    rows = DataValue.objects.filter(submission_id__in=received_ids).values_list(
        "submission_id",
        "submission__agency_id",
        "submission__unit_id",
        "element__code",
        "sex",
        "target_group",
        "kind",
        "value",
    )
    for sub_id, agency_id, unit_id, code, sex, group, kind, value in rows.iterator(chunk_size=5000):
        af = out.get(sub_id)
        if af is None:
            af = out[sub_id] = _AgencyFigures(sub_id, agency_id, unit_id)
        key = (code, sex or group)
        old = af.values.get(key)
        if old is None or KIND_PRECEDENCE.get(kind, 0) > KIND_PRECEDENCE.get(old[1], 0):
            af.values[key] = (value, kind)
    return out


def _agency_only_figures(af: _AgencyFigures | None) -> list[FigureRow]:
    """One agency's report: its own figures (percentages from its own parts)."""
    from binhdang.reporting import elements

    if af is None:
        return []
    accs: dict[str, _Acc] = {}
    for (code, cell), (value, kind) in af.values.items():
        spec = elements.BY_CODE.get(code)
        if spec is None:
            continue
        acc = accs.get(code)
        if acc is None:
            acc = accs[code] = _Acc(code, str(spec.name), spec.value_type, reporters=1)
            acc.sources.append(af.submission_id)
        acc.cells[cell] = value
        acc.kinds.add(kind)
    for spec in elements.ELEMENTS:
        if (
            spec.computed
            and (spec.numerator, "") in af.values
            and (spec.denominator, "") in af.values
        ):
            acc = _Acc(spec.code, str(spec.name), "percent", reporters=1)
            acc.numerator = af.get(spec.numerator)
            acc.denominator = af.get(spec.denominator)
            acc.sources.append(af.submission_id)
            accs[spec.code] = acc
    return _figure_rows(accs)


# ---- communication events ---------------------------------------------------------------------


def _events(report: GeneratedReport, start: date, end: date):
    from binhdang.reporting.models import CommEvent

    events = CommEvent.objects.filter(date__gte=start, date__lte=end)
    if report.agency_id is not None:
        return events.filter(agency_id=report.agency_id)
    area = report.unit or (report.plan.unit if report.plan is not None else None)
    if area is not None:
        # the area's unit ids first: the (unit, date) index then does the rest
        events = events.filter(unit_id__in=sorted(_area_unit_ids(area)))
    return events


def _communication(
    report: GeneratedReport, rounds: list[Any], windows: list[tuple[int, date, date]]
) -> tuple[Communication, dict[int, dict[str, int]]]:
    """The events' totals, and per plan activity the events logged for it."""
    from binhdang.reporting.choices import BudgetSource, Channel
    from binhdang.reporting.event_selectors import event_totals_of

    start = min(w[1] for w in windows)
    end = max(w[2] for w in windows)
    events = _events(report, start, end)
    totals = event_totals_of(events)
    com = Communication(
        events=totals.events,
        by_type=[(label, n) for _code, label, n in totals.type_rows()],
        participants=totals.participants_total,
        male=totals.participants_male,
        female=totals.participants_female,
        by_group=[(label, e, p) for _code, label, e, p in totals.group_rows()],
        products=totals.quantity,
        digital=totals.digital,
        budget_total=totals.cost,
    )
    channels: dict[str, int] = defaultdict(int)
    budget: dict[str, Decimal] = defaultdict(Decimal)
    per_activity: dict[int, dict[str, int]] = {}
    # one pass for the channels, the budget sources and the events behind each activity
    grouped = (
        events.order_by()
        .values_list("channel", "budget_source", "activity_id")
        .annotate(
            n=Count("pk"),
            s=Sum("cost"),
            p=Coalesce(Sum("participants_total"), 0),
            m=Coalesce(Sum("participants_male"), 0),
            f=Coalesce(Sum("participants_female"), 0),
        )
    )
    for channel, source, activity_id, n, cost, people, men, women in grouped:
        channels[channel] += n
        if cost:
            budget[source] += Decimal(cost)
        if activity_id is not None:
            acc = per_activity.setdefault(activity_id, {"n": 0, "p": 0, "m": 0, "f": 0})
            for key, value in (("n", n), ("p", people), ("m", men), ("f", women)):
                acc[key] += value
    com.by_channel = [
        (str(label), channels[code]) for code, label in Channel.choices if channels.get(code)
    ]
    labels = dict(BudgetSource.choices)
    com.budget_by_source = [
        (str(labels[code]) if code in labels else "Chưa xác định nguồn", Decimal(budget[code]))
        for code in [*BudgetSource.values, ""]
        if budget.get(code)
    ]
    if len(windows) > 1:
        for year, w_start, w_end in windows:
            row = (
                _events(report, w_start, w_end)
                .order_by()
                .aggregate(n=Count("pk"), p=Coalesce(Sum("participants_total"), 0))
            )
            com.by_year.append((year, row["n"], row["p"]))
    return com, per_activity


def _task_results(
    rounds: list[Any], received_ids: list[int], per_activity: dict[int, dict[str, int]]
) -> tuple[list[TaskResult], list[str]]:
    """Tasks and activities of the plans, what agencies said of each, the events behind them."""
    from binhdang.plans.models import Activity
    from binhdang.reporting.models import ItemReport

    plan_ids = sorted({r.plan_id for r in rounds})
    if not plan_ids:
        return [], []
    activities = list(
        Activity.objects.filter(task__plan_id__in=plan_ids)
        .select_related("task")
        .order_by("task__order", "order", "pk")
    )
    # a national report merges the provinces' tasks and activities of the same wording
    task_key: dict[int, tuple[int, str]] = {}
    act_key: dict[int, tuple[int, str, int, str]] = {}
    for a in activities:
        task_key[a.pk] = (a.task.order, c.strip_end(a.task.title))
        act_key[a.pk] = (a.task.order, c.strip_end(a.task.title), a.order, c.strip_end(a.title))
    status: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    results: dict[tuple, list[Quote]] = defaultdict(list)
    items = ItemReport.objects.filter(
        submission_id__in=received_ids, activity_id__isnull=False
    ).values_list(
        "activity_id", "status", "results", "done", "submission_id", "submission__agency__full_name"
    )
    for activity_id, st, res, done, sub_id, agency in items.iterator(chunk_size=5000):
        key = act_key.get(activity_id)
        if key is None:
            continue
        status[key][st or ""] += 1
        text = (res or done or "").strip()
        if text:
            results[key].append(Quote(text, agency, sub_id))
    tasks: dict[tuple[int, str], dict[str, Any]] = {}
    acts: dict[tuple, dict[str, int]] = {}
    for a in activities:
        tk, ak = task_key[a.pk], act_key[a.pk]
        t = tasks.setdefault(tk, {"acts": [], "n": 0, "p": 0, "m": 0, "f": 0})
        if ak not in acts:
            acts[ak] = {"n": 0, "p": 0}
            t["acts"].append(ak)
        ev = per_activity.get(a.pk)
        if ev:
            acts[ak]["n"] += ev["n"]
            acts[ak]["p"] += ev["p"]
            for k in ("n", "p", "m", "f"):
                t[k] += ev[k]
    out: list[TaskResult] = []
    carried: list[str] = []
    for i, (tk, t) in enumerate(tasks.items(), start=1):
        activity_rows = []
        for ak in t["acts"]:
            counts = status.get(ak, {})
            reports = sum(counts.values())
            activity_rows.append(
                ActivityResult(
                    title=ak[3],
                    reports=reports,
                    done=counts.get("done", 0),
                    in_progress=counts.get("in_progress", 0),
                    not_done=counts.get("not_done", 0),
                    events=acts[ak]["n"],
                    participants=acts[ak]["p"],
                    results=tuple(_dedupe(results.get(ak, []))),
                )
            )
            if reports and counts.get("done", 0) < reports:
                carried.append(ak[3])
        out.append(
            TaskResult(
                number=str(i),
                title=tk[1],
                activities=tuple(activity_rows),
                events=t["n"],
                participants=t["p"],
                male=t["m"],
                female=t["f"],
            )
        )
    return out, carried


# ---- narratives ---------------------------------------------------------------------------


def _dedupe(quotes: list[Quote]) -> list[Quote]:
    """One quote per wording; a sentence several agencies wrote names them all."""
    seen: dict[str, list[Quote]] = {}
    for q in quotes:
        key = " ".join(q.text.lower().split())
        seen.setdefault(key, []).append(q)
    out = []
    for group in seen.values():
        first = group[0]
        agencies = list(dict.fromkeys(q.agency for q in group))
        name = (
            agencies[0]
            if len(agencies) == 1
            else (f"{agencies[0]} và {len(agencies) - 1} cơ quan, đơn vị khác")
        )
        out.append(Quote(first.text.strip(), name, first.submission_id))
    return out


def _narratives(received_ids: list[int]) -> tuple[list[Quote], list[Quote], list[Quote]]:
    """Highlights, difficulties and proposals from the received reports (general part
    first, then each activity's), in the order of the units."""
    from binhdang.reporting.models import ItemReport, Submission

    highlights: list[Quote] = []
    difficulties: list[Quote] = []
    proposals: list[Quote] = []
    subs = (
        Submission.objects.filter(pk__in=received_ids)
        .order_by("unit__path", "agency__name")
        .values_list("pk", "agency__full_name", "content")
    )
    order: dict[int, int] = {}
    for i, (pk, agency, content) in enumerate(subs.iterator(chunk_size=2000)):
        order[pk] = i
        general = (content or {}).get("general") or {}
        if str(general.get("summary") or "").strip():
            highlights.append(Quote(str(general["summary"]), agency, pk))
        if str(general.get("difficulties") or "").strip():
            difficulties.append(Quote(str(general["difficulties"]), agency, pk))
        if str(general.get("proposals") or "").strip():
            proposals.append(Quote(str(general["proposals"]), agency, pk))
    items = ItemReport.objects.filter(submission_id__in=received_ids).values_list(
        "submission_id",
        "submission__agency__full_name",
        "status",
        "results",
        "difficulties",
        "proposals",
    )
    extra_h: list[tuple[int, Quote]] = []
    extra_d: list[tuple[int, Quote]] = []
    extra_p: list[tuple[int, Quote]] = []
    for sub_id, agency, st, res, diff, prop in items.iterator(chunk_size=5000):
        rank = order.get(sub_id, 0)
        if st == "done" and (res or "").strip():
            extra_h.append((rank, Quote(res, agency, sub_id)))
        if (diff or "").strip():
            extra_d.append((rank, Quote(diff, agency, sub_id)))
        if (prop or "").strip():
            extra_p.append((rank, Quote(prop, agency, sub_id)))
    for target, extra in ((highlights, extra_h), (difficulties, extra_d), (proposals, extra_p)):
        target.extend(q for _r, q in sorted(extra, key=lambda x: x[0]))
    return _dedupe(highlights), _dedupe(difficulties), _dedupe(proposals)


# ---- targets --------------------------------------------------------------------------------


def _milestone_text(ms) -> str:
    value = vn_number(ms.value, decimals=0 if ms.value == int(ms.value or 0) else 1)
    upper = f"–{vn_number(ms.value_max)}" if ms.value_max is not None else ""
    return f"{value}{upper}{ms.unit or ''}"


def _target_rows(report: GeneratedReport, rounds: list[Any]) -> tuple[list[TargetRow], str]:
    from binhdang.indicators.selectors import plan_progress

    if report.agency_id is not None:
        return (
            [],
            "Chỉ tiêu của Kế hoạch được đánh giá cho cả địa bàn, không cho riêng một cơ quan.",
        )
    plans = list({r.plan_id: r.plan for r in rounds}.values())
    if report.plan is not None:
        plans = [report.plan]
    if not plans:
        return [], "Không có kế hoạch nào có kỳ báo cáo trong giai đoạn này."
    area = _area_unit(report)
    if len(plans) == 1:
        rows = []
        for tp in plan_progress(plan=plans[0], unit=area, year=report.year):
            milestones = sorted(tp.target.milestones.all(), key=lambda m: m.year or 0)
            due = next((m for m in milestones if m.year == report.year), None)
            baseline = "-"
            if tp.baseline is not None and tp.baseline.value is not None:
                baseline = vn_number(tp.baseline.value, decimals=1)
                if tp.baseline.year:
                    baseline += f" ({tp.baseline.year})"
            rows.append(
                TargetRow(
                    text=c.strip_end(tp.target.text),
                    baseline=baseline,
                    milestones="; ".join(
                        f"{m.year}: {_milestone_text(m)}" if m.year else _milestone_text(m)
                        for m in milestones
                    )
                    or "-",
                    milestone_due=_milestone_text(due) if due else "-",
                    value_now=tp.current.display if tp.current is not None else "-",
                    status=tp.status_label,
                    note=tp.note,
                    status_code=tp.status,
                )
            )
        return rows, ""
    # several plans (a national report): how many provinces stand where, per target
    from binhdang.indicators.choices import Status

    by_text: dict[str, dict[str, Any]] = {}
    for plan in plans:
        for tp in plan_progress(plan=plan, year=report.year):
            text = c.strip_end(tp.target.text)
            row = by_text.setdefault(text, {"counts": defaultdict(int), "target": tp.target})
            row["counts"][tp.status] += 1
    rows = []
    for text, row in by_text.items():
        counts = row["counts"]
        good = counts.get(Status.ACHIEVED, 0) + counts.get(Status.ON_TRACK, 0)
        milestones = sorted(row["target"].milestones.all(), key=lambda m: m.year or 0)
        due = next((m for m in milestones if m.year == report.year), None)
        rows.append(
            TargetRow(
                text=text,
                baseline="-",
                milestones="; ".join(
                    f"{m.year}: {_milestone_text(m)}" for m in milestones if m.year
                )
                or "-",
                milestone_due=_milestone_text(due) if due else "-",
                value_now=f"{good}/{sum(counts.values())} tỉnh đạt hoặc đúng tiến độ",
                status="; ".join(f"{Status(s).label}: {n}" for s, n in counts.items() if n),
                status_code=Status.ON_TRACK if good == sum(counts.values()) else Status.AT_RISK,
            )
        )
    return rows, "Tổng hợp tình trạng chỉ tiêu của các tỉnh, thành phố (số tỉnh theo mức đánh giá)."


# ---- appendix tables ------------------------------------------------------------------------

_TIMELINESS = {"on_time": "Đúng hạn", "late": "Chậm", "missing": "Chưa báo cáo",
               "pending": "Chưa báo cáo"}  # fmt: skip


def _figure_cells(af: _AgencyFigures | None) -> list[Decimal]:
    if af is None:
        return [Decimal(0)] * 6
    return [
        af.events(),
        af.get("reach.participants"),
        af.get("reach.participants", "male"),
        af.get("reach.participants", "female"),
        af.get("products.items"),
        af.get("budget.spent"),
    ]


def _appendix_tables(
    report: GeneratedReport, rows: list[Any], figures: dict[int, _AgencyFigures]
) -> tuple[Table | None, Table]:
    """Per administrative unit (communes and the province level; provinces in a national
    report) and per agency: reporting and the figures of their reports."""
    from binhdang.geo.models import AdministrativeUnit, UnitSuccession

    by_agency = Table(
        "Kết quả theo cơ quan, đơn vị báo cáo",
        AGENCY_COLUMNS,
        sum_columns=(4, 5, 6, 7, 8, 9),
        widths=(5, 3, 1.6, 1.5, 1.2, 1.3, 1.1, 1.1, 1.2, 1.8),
        sheet="Theo cơ quan",
    )
    unit_ids = {r.unit_id for r in rows if r.unit_id}
    units = {
        u["pk"]: u
        for u in AdministrativeUnit.objects.filter(pk__in=unit_ids).values(
            "pk", "name", "level", "generation", "province_id", "province__name"
        )
    }
    for r in rows:
        af = figures.get(r.submission_id)
        when = timezone.localdate(r.submitted_at).strftime("%d/%m/%Y") if r.submitted_at else ""
        by_agency.rows.append(
            [
                r.agency,
                r.unit or "",
                _TIMELINESS.get(r.timeliness, r.timeliness),
                when,
                *_figure_cells(af),
            ]
        )
    if (
        report.agency_id is not None
        or _area_unit(report) is not None
        and _area_unit(report).level == "commune"
    ):
        return None, by_agency
    national = report.plan_id is None
    successor: dict[int, int] = {}
    legacy = [pk for pk, u in units.items() if u["generation"] == "legacy"]
    for pred, succ in (
        UnitSuccession.objects.filter(predecessor_id__in=legacy)
        .values_list("predecessor_id", "successor_id")
        .order_by("predecessor_id", "successor_id")
    ):
        successor.setdefault(pred, succ)
    extra = {
        u["pk"]: u
        for u in AdministrativeUnit.objects.filter(
            pk__in=set(successor.values()) - set(units)
        ).values("pk", "name", "level", "generation", "province_id", "province__name")
    }
    units.update(extra)
    level_row = "Cấp tỉnh (sở, ban, ngành, đoàn thể)"
    buckets: dict[str, list[Any]] = {}
    for r in rows:
        u = units.get(r.unit_id or 0)
        if national:
            name = (u["province__name"] or u["name"]) if u else "Cơ quan trung ương"
        elif u is None or u["level"] == "province":
            name = level_row
        elif u["generation"] == "legacy":
            heir = units.get(successor.get(u["pk"], 0))
            name = heir["name"] if heir else level_row
        else:
            name = u["name"]
        b = buckets.get(name)
        if b is None:
            b = buckets[name] = [name, 0, 0, 0, 0, 0] + [Decimal(0)] * 6
        b[1] += 1
        if r.timeliness in ("on_time", "late"):
            b[2] += 1
            b[3 if r.timeliness == "on_time" else 4] += 1
        else:
            b[5] += 1
        for j, v in enumerate(_figure_cells(figures.get(r.submission_id)), start=6):
            b[j] += v
    ordered = sorted(buckets.values(), key=lambda b: (b[0] != level_row, b[0]))
    by_unit = Table(
        "Kết quả theo tỉnh, thành phố" if national else "Kết quả theo đơn vị hành chính",
        UNIT_COLUMNS,
        rows=ordered,
        sum_columns=tuple(range(1, 12)),
        widths=(4, 1.2, 1.2, 1.1, 1, 1.2, 1.2, 1.3, 1.1, 1.1, 1.2, 1.8),
        sheet="Theo đơn vị",
    )
    return by_unit, by_agency


# ---- the whole report ---------------------------------------------------------------------------


def _title_subject(report: GeneratedReport) -> str:
    if report.plan is None:
        return "Chương trình truyền thông về bình đẳng giới đến năm 2030"
    title = c.strip_end(report.plan.title)
    if title.lower().startswith("kế hoạch "):
        title = title[len("kế hoạch ") :]
    return f"Kế hoạch {title[:1].lower() + title[1:]}" if title else "Kế hoạch"


def title_summary(report: GeneratedReport, first_year: int | None = None) -> str:
    """The summary line under "BÁO CÁO" for the report's kind."""
    subject = _title_subject(report)
    first = first_year or FIRST_YEAR
    if report.kind == ACTION_MONTH:
        return (
            "Kết quả tổ chức Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với "
            f"bạo lực trên cơ sở giới năm {report.year}"
        )
    if report.kind == MIDTERM:
        return f"Sơ kết giai đoạn {first}–{report.year} thực hiện {subject}"
    if report.kind == FINAL:
        return f"Tổng kết giai đoạn {first}–{report.year} thực hiện {subject}"
    return f"Kết quả thực hiện {subject} năm {report.year}"


def _plan_citation(plan) -> str:
    if plan is None:
        return "Quyết định số 1790/QĐ-TTg ngày 23 tháng 10 năm 2021 của Thủ tướng Chính phủ"
    parts = ["Kế hoạch"]
    if plan.doc_number:
        parts.append(f"số {plan.doc_number}")
    if plan.issued_date:
        parts.append(c.long_date(plan.issued_date))
    issuer = c.strip_end(plan.issuer_text) or (plan.issuer.full_name if plan.issuer_id else "")
    if issuer:
        parts.append(f"của {issuer}")
    title = c.strip_end(plan.title)
    if title.lower().startswith("kế hoạch "):
        title = title[len("kế hoạch ") :]
    if title:
        parts.append(f"về {title[:1].lower() + title[1:]}")
    return " ".join(parts)


def _scope_label(report: GeneratedReport) -> str:
    if report.agency is not None:
        return ""
    if report.unit is not None:
        return report.unit.name[:1].lower() + report.unit.name[1:]
    if report.plan is not None and report.plan.unit is not None:
        name = report.plan.unit.name
        return name[:1].lower() + name[1:]
    return "cả nước"


def _default_window(kind: str, year: int) -> tuple[int, date, date]:
    """Decree 09's yearly window (15/12 to 14/12), or the Action Month (15/11–15/12)."""
    if kind == ACTION_MONTH:
        return year, date(year, 11, 15), date(year, 12, 15)
    return year, date(year - 1, 12, 15), date(year, 12, 14)


def synthesis_data(report: GeneratedReport, *, today: date | None = None) -> SynthesisData:
    """What the report prints, read now (the version keeps this moment as its snapshot)."""
    from binhdang.reporting.choices import RECEIVED
    from binhdang.reporting.selectors import round_completeness

    with translation.override("vi"):
        snapshot_at = timezone.now()
        rounds = report_rounds(report)
        last_rounds = [r for r in rounds if r.year == report.year]
        years = _years(report)
        windows: list[tuple[int, date, date]] = []
        for year in years:
            year_rounds = [r for r in rounds if r.year == year]
            if year_rounds:
                start_y = min(r.data_start for r in year_rounds)
                windows.append((year, start_y, max(r.data_end for r in year_rounds)))
            else:
                windows.append(_default_window(report.kind, year))
        subs = _submissions(report, last_rounds)
        received_ids = list(subs.filter(status__in=RECEIVED).values_list("pk", flat=True))

        # reporters: who was asked, who sent on time, late, not at all
        rows: list[Any] = []
        area = _area_unit(report)
        area_ids = _area_unit_ids(area) if area is not None else None
        for rnd in last_rounds:
            for row in round_completeness(round=rnd, today=today).rows:
                if report.agency_id is not None and row.agency_id != report.agency_id:
                    continue
                if area_ids is not None and row.unit_id not in area_ids:
                    continue
                rows.append(row)
        late = [
            Reporter(r.agency, r.unit, timezone.localdate(r.submitted_at))
            for r in rows
            if r.timeliness == "late"
        ]
        missing = [
            Reporter(r.agency, r.unit) for r in rows if r.timeliness in ("missing", "pending")
        ]

        figures_by_sub = _agency_figures(received_ids)
        if report.agency_id is not None:
            figures = _agency_only_figures(next(iter(figures_by_sub.values()), None))
        else:
            figures = _consolidated_figures(last_rounds, area)
        plans_made = None
        if report.kind == ACTION_MONTH:
            made = next((f for f in figures if f.code == "action_month.plan_made"), None)
            if made is not None:
                plans_made = (int(made.numerator or 0), int(made.denominator or 0))

        com, per_activity = _communication(report, rounds, windows)
        start = min(w[1] for w in windows)
        end = max(w[2] for w in windows)
        tasks, carried = _task_results(rounds, received_ids, per_activity)
        highlights, difficulties, proposals = _narratives(received_ids)
        targets: list[TargetRow] = []
        targets_note = ""
        if report.kind != ACTION_MONTH:
            try:
                targets, targets_note = _target_rows(report, rounds)
            except Exception:  # the rest of the report is still worth having
                log.exception("Target progress failed for synthesis report %s", report.pk)
                targets_note = (
                    "Chưa tính được tiến độ các chỉ tiêu (lỗi khi tính chỉ số); "
                    "đề nghị lập lại báo cáo sau."
                )
        by_unit, by_agency = _appendix_tables(report, rows, figures_by_sub)

        issuer = agency_issuer(report.issuer) if report.issuer is not None else {
            "kind": "", "full_name": "", "header_name": "", "parent_name": "",
            "abbreviation": "", "unit_name": "",
        }  # fmt: skip
        place = c.place_for_date_line(issuer["unit_name"]) if issuer["unit_name"] else ""
        recipients = ["Như trên"] if report.recipients else []
        return SynthesisData(
            kind=report.kind,
            year=report.year,
            first_year=years[0],
            title_summary=title_summary(report, years[0]),
            scope_label=_scope_label(report),
            issuer_name=issuer["header_name"],
            issuer_full_name=issuer["full_name"]
            or (report.agency.full_name if report.agency else ""),
            parent_name=issuer["parent_name"],
            number=str(report.number) if report.number else "",
            doc_symbol=c.symbol("BC", issuer["abbreviation"]),
            place=place,
            issued_date=report.issued_on,
            kinh_gui=tuple(report.recipients or ()),
            plan_citation=_plan_citation(report.plan),
            data_window=(start, end),
            expected=len(rows),
            received=sum(1 for r in rows if r.timeliness in ("on_time", "late")),
            on_time=sum(1 for r in rows if r.timeliness == "on_time"),
            plans_made=plans_made,
            communication=com,
            figures=figures,
            tasks=tasks,
            targets=targets,
            targets_note=targets_note,
            highlights=highlights,
            difficulties=difficulties,
            proposals=proposals,
            late=late,
            missing=missing,
            carried_over=carried,
            by_unit=by_unit,
            by_agency=by_agency,
            recipients=tuple(recipients),
            archive=f"Lưu: VT, {issuer['abbreviation']}." if issuer["abbreviation"] else "Lưu: VT.",
            signature=c.signature_lines(issuer["kind"], issuer["header_name"]),
            signer_name=report.signer_name,
            snapshot_at=snapshot_at,
            report_id=report.pk,
        )


def version_changes(version: ReportVersion) -> tuple[ReportVersion | None, list[Any]]:
    """The previous finished version and what changed since it."""
    from binhdang.documents.builders.synthesis import diff_snapshots
    from binhdang.documents.models import GenerationStatus

    previous = (
        ReportVersion.objects.filter(
            report_id=version.report_id, number__lt=version.number, status=GenerationStatus.DONE
        )
        .order_by("-number")
        .first()
    )
    if previous is None or version.status != GenerationStatus.DONE:
        return previous, []
    return previous, diff_snapshots(previous.data or {}, version.data or {})


__all__ = [
    "report_list",
    "report_rounds",
    "report_versions",
    "synthesis_data",
    "template_list",
    "title_summary",
    "version_changes",
]
