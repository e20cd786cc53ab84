"""Reads for reporting: forms' figures from events, completeness, consolidation."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from binhdang.reporting import elements
from binhdang.reporting.choices import (
    KIND_PRECEDENCE,
    RECEIVED,
    ExpectedAs,
    RoundKind,
    SubmissionStatus,
    ValueType,
)
from binhdang.reporting.models import (
    DataValue,
    ReportRound,
    Submission,
    TargetElement,
)


def plan_element_codes(plan) -> list[str]:
    """The element codes the plan's targets need (linked, else by the targets' wording)."""
    linked = set(
        TargetElement.objects.filter(target__plan=plan).values_list("element__code", flat=True)
    )
    if not linked:
        for target in plan.targets.all():
            linked.update(elements.elements_for_target_text(target.text))
    return [e.code for e in elements.ELEMENTS if e.code in linked]


# ---- figures from logged events ------------------------------------------------------


def event_figure_values(
    *, agency_id: int, start: date, end: date
) -> dict[tuple[str, str], Decimal]:
    """The figures an agency's logged events give for a data window: events by type,
    people reached by sex and by target group, products, money, local radio news."""
    from binhdang.reporting.event_selectors import event_totals

    t = event_totals(agency_ids=[agency_id], start=start, end=end)
    out: dict[tuple[str, str], Decimal] = {}
    if not t.events:
        return out
    for code, n in t.by_type.items():
        out[(f"events.{code}", "")] = Decimal(n)
    out[("reach.participants", "")] = Decimal(t.participants_total)
    out[("reach.participants", "male")] = Decimal(t.participants_male)
    out[("reach.participants", "female")] = Decimal(t.participants_female)
    out[("reach.by_group", "")] = Decimal(t.participants_total)
    for code, n in t.participants_by_group.items():
        out[("reach.by_group", code)] = Decimal(n)
    if t.quantity:
        out[("products.items", "")] = Decimal(t.quantity)
    if t.cost:
        out[("budget.spent", "")] = t.cost
    if t.radio_news_items:
        out[("radio.local_news", "")] = Decimal(t.radio_news_items)
    return out


# ---- completeness and timeliness -----------------------------------------------------


@dataclass
class ReporterRow:
    submission_id: int
    agency_id: int
    agency: str
    unit_id: int | None
    unit: str
    expected_as: str
    status: str
    timeliness: str  # on_time / late / missing / pending
    submitted_at: Any = None


@dataclass
class UnitRow:
    unit_id: int | None
    unit: str
    level: str
    expected: int = 0
    received: int = 0
    on_time: int = 0
    late: int = 0
    approved: int = 0

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @property
    def received_pct(self) -> float | None:
        return round(100 * self.received / self.expected, 1) if self.expected else None

    @property
    def on_time_pct(self) -> float | None:
        return round(100 * self.on_time / self.expected, 1) if self.expected else None


@dataclass
class RoundCompleteness:
    round: ReportRound
    state: str
    rows: list[ReporterRow]
    by_unit: list[UnitRow]
    by_status: dict[str, int]
    total: UnitRow

    @property
    def missing_rows(self) -> list[ReporterRow]:
        return [r for r in self.rows if r.timeliness in ("missing", "pending")]


def _timeliness(status: str, first_submitted_at, deadline: date, today: date) -> str:
    if status in RECEIVED and first_submitted_at is not None:
        return "on_time" if timezone.localdate(first_submitted_at) <= deadline else "late"
    return "missing" if today > deadline else "pending"


def round_completeness(*, round: ReportRound, today: date | None = None) -> RoundCompleteness:
    """Received / expected and on time / late, by reporter and by unit (DHIS2's reporting
    rates). Province-level agencies are one row; each commune is one row."""
    today = today or timezone.localdate()
    rows: list[ReporterRow] = []
    units: dict[int | None, UnitRow] = {}
    by_status: dict[str, int] = defaultdict(int)
    total = UnitRow(None, "", "")
    subs = (
        Submission.objects.filter(round=round)
        .values(
            "pk",
            "agency_id",
            "agency__full_name",
            "unit_id",
            "unit__name",
            "unit__level",
            "expected_as",
            "status",
            "first_submitted_at",
        )
        .order_by("unit__path", "agency__name")
    )
    for s in subs:
        t = _timeliness(s["status"], s["first_submitted_at"], round.deadline, today)
        rows.append(
            ReporterRow(
                s["pk"],
                s["agency_id"],
                s["agency__full_name"],
                s["unit_id"],
                s["unit__name"] or "",
                s["expected_as"],
                s["status"],
                t,
                s["first_submitted_at"],
            )
        )
        by_status[s["status"]] += 1
        u = units.get(s["unit_id"])
        if u is None:
            u = units[s["unit_id"]] = UnitRow(
                s["unit_id"], s["unit__name"] or "", s["unit__level"] or ""
            )
        for acc in (u, total):
            acc.expected += 1
            if t in ("on_time", "late"):
                acc.received += 1
                setattr(acc, t, getattr(acc, t) + 1)
            if s["status"] == SubmissionStatus.APPROVED:
                acc.approved += 1
    return RoundCompleteness(
        round=round,
        state=round.state(today),
        rows=rows,
        by_unit=list(units.values()),
        by_status=dict(by_status),
        total=total,
    )


@dataclass
class ProvinceRow:
    province_id: int | None
    province: str
    expected: int
    received: int
    on_time: int
    approved: int

    @property
    def late(self) -> int:
        return self.received - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @property
    def received_pct(self) -> float | None:
        return round(100 * self.received / self.expected, 1) if self.expected else None

    @property
    def on_time_pct(self) -> float | None:
        return round(100 * self.on_time / self.expected, 1) if self.expected else None


def national_completeness(
    *, year: int, kind: str = RoundKind.ANNUAL, user=None
) -> list[ProvinceRow]:
    """One row per province: every round of that year and kind, summed (one query)."""
    from binhdang.geo.models import AdministrativeUnit

    subs = Submission.objects.filter(round__year=year, round__kind=kind)
    if user is not None:
        subs = subs.filter(round__in=ReportRound.objects.visible_to(user))
    # A submission counts as on time when first sent by the round's deadline (local day).
    rows = (
        subs.values("unit__province_id")
        .annotate(
            expected=Count("id"),
            received=Count("id", filter=Q(status__in=RECEIVED)),
            on_time=Count(
                "id",
                filter=Q(status__in=RECEIVED, first_submitted_at__date__lte=F("round__deadline")),
            ),
            approved=Count("id", filter=Q(status=SubmissionStatus.APPROVED)),
        )
        .order_by()
    )
    names = dict(
        AdministrativeUnit.objects.filter(level="province", generation="2025").values_list(
            "id", "name"
        )
    )
    out = [
        ProvinceRow(
            r["unit__province_id"],
            names.get(r["unit__province_id"], ""),
            r["expected"],
            r["received"],
            r["on_time"],
            r["approved"],
        )
        for r in rows
    ]
    return sorted(out, key=lambda r: r.province)


# ---- consolidation -------------------------------------------------------------------


@dataclass
class Consolidated:
    """One consolidated figure with where it came from and who is missing from it."""

    code: str
    label: str
    value_type: str
    cells: dict[str, Decimal] = field(default_factory=dict)  # "" total, male, female, group
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    kinds: set[str] = field(default_factory=set)
    sources: list[int] = field(default_factory=list)  # submission ids
    reporters: int = 0  # how many agencies gave this figure

    @property
    def value(self) -> Decimal | None:
        if self.value_type == ValueType.PERCENT and self.denominator is not None:
            if not self.denominator:
                return None
            return (100 * (self.numerator or 0) / self.denominator).quantize(Decimal("0.1"))
        return self.cells.get("")


@dataclass
class Consolidation:
    round: ReportRound
    figures: list[Consolidated]
    expected: int
    received: int
    missing: list[tuple[int, str]]  # (submission id, agency) not received: flagged, not zero

    def get(self, code: str) -> Consolidated | None:
        return next((f for f in self.figures if f.code == code), None)


def _best_values(
    values: QuerySet[DataValue],
) -> dict[tuple[int, str, str, str], tuple[Decimal, str, int]]:
    """Per (agency, element, sex, group): the value of the best kind (final > estimate >
    actual) with its kind and submission."""
    best: dict[tuple[int, str, str, str], tuple[Decimal, str, int]] = {}
    for v in values.values_list(
        "agency_id", "element__code", "sex", "target_group", "kind", "value", "submission_id"
    ):
        agency_id, code, sex, group, kind, value, sub_id = v
        key = (agency_id, code, sex or group, "")
        old = best.get(key)
        if old is None or KIND_PRECEDENCE.get(kind, 0) > KIND_PRECEDENCE.get(old[1], 0):
            best[key] = (value, kind, sub_id)
    return best


def consolidate(*, round: ReportRound, unit=None) -> Consolidation:
    """Sum counts over the round's received reports (inside `unit`'s area when given:
    its subtree plus the pre-2025 units that became part of it). Percentages are
    recomputed from summed numerators and denominators over the agencies that gave both,
    never averaged; a missing report is listed, never counted as zero."""
    subs = Submission.objects.filter(round=round)
    if unit is not None:
        subs = subs.filter(unit_area_q(unit, "unit__"))
    received = subs.filter(status__in=RECEIVED)
    values = DataValue.objects.filter(submission__in=received)
    best = _best_values(values)
    figures: dict[str, Consolidated] = {}
    agencies_by_code: dict[str, set[int]] = defaultdict(set)
    per_agency: dict[tuple[int, str], Decimal] = {}
    for (agency_id, code, cell, _x), (value, kind, sub_id) in best.items():
        spec = elements.BY_CODE.get(code)
        if spec is None:
            continue
        f = figures.get(code)
        if f is None:
            f = figures[code] = Consolidated(code, str(spec.name), spec.value_type)
        f.cells[cell] = f.cells.get(cell, Decimal(0)) + value
        f.kinds.add(kind)
        if sub_id not in f.sources:
            f.sources.append(sub_id)
        agencies_by_code[code].add(agency_id)
        if cell == "":
            per_agency[(agency_id, code)] = value
    for code, f in figures.items():
        f.reporters = len(agencies_by_code[code])
        if f.value_type == ValueType.BOOLEAN:
            # "x of y said yes": the share is recomputed, never averaged.
            f.numerator = f.cells.get("", Decimal(0))
            f.denominator = Decimal(f.reporters)
    for spec in elements.ELEMENTS:
        if not spec.computed:
            continue
        both = agencies_by_code.get(spec.numerator, set()) & agencies_by_code.get(
            spec.denominator, set()
        )
        if not both:
            continue
        f = Consolidated(spec.code, str(spec.name), ValueType.PERCENT)
        f.numerator = sum(
            (per_agency.get((a, spec.numerator), Decimal(0)) for a in both), Decimal(0)
        )
        f.denominator = sum(
            (per_agency.get((a, spec.denominator), Decimal(0)) for a in both), Decimal(0)
        )
        f.reporters = len(both)
        f.sources = sorted(
            set(figures[spec.numerator].sources) | set(figures[spec.denominator].sources)
        )
        f.kinds = figures[spec.numerator].kinds | figures[spec.denominator].kinds
        figures[spec.code] = f
    order = {e.code: i for i, e in enumerate(elements.ELEMENTS)}
    missing = list(
        subs.exclude(status__in=RECEIVED)
        .order_by("unit__path", "agency__name")
        .values_list("pk", "agency__full_name")
    )
    return Consolidation(
        round=round,
        figures=sorted(figures.values(), key=lambda f: order.get(f.code, 999)),
        expected=subs.count(),
        received=received.count(),
        missing=missing,
    )


def unit_area_q(unit, prefix: str = "") -> Q:
    """The unit, everything below it, and the pre-2025 units that became part of it."""
    from binhdang.accounts.scope import Scope

    area = Scope(
        unit_id=unit.pk,
        unit_path=unit.path,
        unit_level=unit.level,
        province_id=unit.province_id or unit.pk,
    )
    return area.unit_q(prefix)


@dataclass
class UnitFigure:
    unit_id: int | None
    unit: str
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    sources: list[int] = field(default_factory=list)
    missing: int = 0


def consolidate_by_unit(*, round: ReportRound, code: str) -> list[UnitFigure]:
    """One figure per commune of the round's province (plus the province level), with
    figures reported for pre-2025 units rolled up to the commune that succeeded them."""
    from binhdang.geo.models import UnitSuccession

    spec = elements.BY_CODE[code]
    parts = [spec.numerator, spec.denominator] if spec.computed else [code]
    subs = list(
        Submission.objects.filter(round=round).values_list(
            "pk", "agency_id", "unit_id", "unit__name", "unit__generation", "status"
        )
    )
    legacy_ids = [s[2] for s in subs if s[4] == "legacy"]
    successor: dict[int, int] = {}
    for pred, succ in (
        UnitSuccession.objects.filter(predecessor_id__in=legacy_ids)
        .values_list("predecessor_id", "successor_id")
        .order_by("predecessor_id", "successor_id")
    ):
        successor.setdefault(pred, succ)
    province_id = round.plan.unit_id
    from binhdang.geo.models import AdministrativeUnit

    bucket_of: dict[int, int | None] = {}
    for sub_id, _agency, unit_id, _name, generation, _status in subs:
        target = successor.get(unit_id, province_id) if generation == "legacy" else unit_id
        bucket_of[sub_id] = target
    names = dict(
        AdministrativeUnit.objects.filter(pk__in={b for b in bucket_of.values() if b}).values_list(
            "pk", "name"
        )
    )
    values = DataValue.objects.filter(
        submission__round=round,
        submission__status__in=RECEIVED,
        element__code__in=parts,
        sex="",
        target_group="",
    )
    best = _best_values(values)
    agency_sub: dict[int, int] = {s[1]: s[0] for s in subs}
    out: dict[int | None, UnitFigure] = {}
    for bucket in bucket_of.values():
        if bucket not in out:
            out[bucket] = UnitFigure(bucket, names.get(bucket, ""), None)
    num: dict[int | None, dict[int, Decimal]] = defaultdict(dict)
    den: dict[int | None, dict[int, Decimal]] = defaultdict(dict)
    for (agency_id, c, _cell, _x), (value, _kind, sub_id) in best.items():
        bucket = bucket_of[agency_sub.get(agency_id, sub_id)]
        uf = out[bucket]
        if sub_id not in uf.sources:
            uf.sources.append(sub_id)
        if spec.computed:
            (num if c == spec.numerator else den)[bucket][agency_id] = value
        else:
            uf.value = (uf.value or Decimal(0)) + value
    if spec.computed:
        for bucket, uf in out.items():
            both = set(num[bucket]) & set(den[bucket])
            if both:
                uf.numerator = sum((num[bucket][a] for a in both), Decimal(0))
                uf.denominator = sum((den[bucket][a] for a in both), Decimal(0))
                uf.value = (
                    (100 * uf.numerator / uf.denominator).quantize(Decimal("0.1"))
                    if uf.denominator
                    else None
                )
    for sub_id, _agency, _unit, _name, _gen, status in subs:
        if status not in RECEIVED:
            out[bucket_of[sub_id]].missing += 1
    return sorted(out.values(), key=lambda u: (u.unit_id != province_id, u.unit))


# ---- lists ---------------------------------------------------------------------------


def round_list(*, user) -> QuerySet[ReportRound]:
    """Rounds in scope with received / expected counted per row (correlated subqueries on
    the (round, status) index: only the page's rows are counted, not every submission)."""

    def count(**extra: Any) -> Any:
        subs = (
            Submission.objects.filter(round=OuterRef("pk"), **extra)
            .order_by()
            .values("round")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(subs), 0)

    return (
        ReportRound.objects.visible_to(user)
        .select_related("plan", "plan__unit")
        .annotate(expected=count(), received=count(status__in=RECEIVED))
        .order_by("-year", "deadline", "plan__unit__name")
    )


def my_submissions(*, user) -> QuerySet[Submission]:
    """The reports the user's agency owes or has sent, newest round first."""
    if user.agency_id is None:
        return Submission.objects.none()
    return (
        Submission.objects.filter(agency_id=user.agency_id)
        .select_related("round", "round__plan")
        .order_by("-round__year", "round__deadline")
    )


def submission_history(submission: Submission):
    return submission.events.select_related("actor").order_by("at", "pk")


__all__ = ["ExpectedAs"]
