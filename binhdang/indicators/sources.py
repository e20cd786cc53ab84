"""The named sources of the formula language and how their data are read.

Each source family is read once per computation for every year and bucket asked (the
whole area, each child unit of a drill-down, or each agency), so a series of nine years
or a province's communes cost a handful of queries, not one per cell.

* `reported` — figures of received reports (`DataValue` of submissions whose status is
  received). Per agency and cell, the best kind is taken (final > estimate > actual), then
  the latest submission when two rounds asked the same agency; the annual figure wins over
  the Action Month one, which wins over quarters (added up by the indicator's time
  aggregation). Shares of several agencies are never averaged: a percentage element
  (survey share) combines only when a single agency gave it.
* `events` — logged communication events, counted by the Decree 09 year (15/12 of the
  year before to 14/12). `items` counts the quantity (one when empty), `participants` the
  people (the total, else men + women).
* `registry` — the media-agency, convention and model-site registries through their
  selectors (`adoption_counts`, `convention_counts`, `model_site_counts`). An empty
  registry (total 0) gives no value, so the fallback formula is used.
* `units` — units in force on 14/12 of the year in the area (communes, districts, both).
* `period.quarters` — Decree 09 quarters of the year elapsed by today (4 for a past year).
* `survey` — `SurveyResult`: Σ people with correct answers ÷ Σ respondents.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.indicators.formula import Ref
from binhdang.reporting.choices import (
    KIND_PRECEDENCE,
    RECEIVED,
    Disaggregation,
    RoundKind,
    TargetGroup,
    ValueType,
)

ALL = "all"  # the bucket key of a computation that is not broken down

# Registry name → (app label, module with the selector, selector, key of the total).
REGISTRIES: dict[str, tuple[str, str, str, str]] = {
    "media": ("media", "binhdang.media.selectors", "adoption_counts", "total"),
    "conventions": (
        "conventions",
        "binhdang.conventions.selectors",
        "convention_counts",
        "total",
    ),
    "models": ("registries", "binhdang.registries.selectors", "model_site_counts", "active"),
}


def d09_year_window(year: int) -> tuple[date, date]:
    return date(year - 1, 12, 15), date(year, 12, 14)


def quarters_elapsed(year: int, today: date | None = None) -> int:
    """Decree 09 quarters (15/12–14/3, 15/3–14/6, 15/6–14/9, 15/9–14/12) of `year` begun."""
    today = today or timezone.localdate()
    start, end = d09_year_window(year)
    if today > end:
        return 4
    if today < start:
        return 0
    md = (today.month, today.day)
    if today.year < year or md <= (3, 14):
        return 1
    if md <= (6, 14):
        return 2
    if md <= (9, 14):
        return 3
    return 4


def _d09_year_expr(years: list[int] | None = None) -> Case:
    """The Decree 09 year of an event's date. With the years asked, plain date ranges (no
    per-row date function: on SQLite that is a Python call for each of millions of rows)."""
    if years:
        return Case(
            *(
                When(
                    date__gte=d09_year_window(y)[0],
                    date__lte=d09_year_window(y)[1],
                    then=Value(y),
                )
                for y in years
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
    return Case(
        When(Q(date__month=12, date__day__gte=15), then=ExtractYear("date") + 1),
        default=ExtractYear("date"),
        output_field=IntegerField(),
    )


def _period_codes(year: int) -> list[str]:
    return [str(year), f"{year}AM", *(f"{year}Q{q}" for q in range(1, 5))]


def _period_rank(period: str) -> int:
    """Annual figures first, then the Action Month's, then quarters."""
    if period.endswith("AM"):
        return 1
    if "Q" in period:
        return 2
    return 0


# ---- context ----------------------------------------------------------------------------


@dataclass
class Context:
    """What a computation covers: the years, the area, how it is broken down."""

    years: list[int]
    area: Any  # AdministrativeUnit | None
    buckets: Any  # a `Buckets` (see engine.py)
    time_aggregation: str = "sum"
    cumulative_from: int | None = None  # first year of a cumulative indicator
    notes: dict[tuple[int, Any], list[str]] = field(default_factory=lambda: defaultdict(list))

    def years_of(self, year: int) -> list[int]:
        if self.cumulative_from is not None:
            return list(range(min(self.cumulative_from, year), year + 1))
        return [year]

    def fetch_years(self) -> list[int]:
        if self.cumulative_from is not None and self.years:
            return list(range(min(self.cumulative_from, min(self.years)), max(self.years) + 1))
        return sorted(set(self.years))

    def note(self, year: int, key: Any, text: str) -> None:
        if text not in self.notes[(year, key)]:
            self.notes[(year, key)].append(text)


def combine_over_time(values: list[Decimal], how: str) -> Decimal | None:
    if not values:
        return None
    if how == "last":
        return values[-1]
    if how == "max":
        return max(values)
    return sum(values, Decimal(0))


# ---- reported figures -------------------------------------------------------------------


@dataclass
class ReportedFigure:
    cells: dict[str, Decimal]
    submissions: set[int]


class ReportedData:
    """Received figures of the named elements, per year, agency and element."""

    def __init__(self, ctx: Context, codes: set[str]):
        from binhdang.reporting import elements
        from binhdang.reporting.models import DataValue

        self.ctx = ctx
        self.codes = {c for c in codes if c in elements.BY_CODE}
        self.unknown = set(codes) - self.codes
        # (year, agency, code) → figure
        self.figures: dict[tuple[int, int, str], ReportedFigure] = {}
        self.unit_of: dict[int, int | None] = {}
        if not self.codes:
            return
        years = ctx.fetch_years()
        periods = [p for y in years for p in _period_codes(y)]
        qs = DataValue.objects.filter(
            element__code__in=sorted(self.codes),
            period__in=periods,
            submission__status__in=RECEIVED,
        )
        if ctx.area is not None:
            from binhdang.indicators.engine import area_q

            qs = qs.filter(area_q(ctx.area, "unit__"))
        best: dict[tuple[int, int, str, str, str], tuple[int, int, Decimal]] = {}
        for agency_id, unit_id, code, sex, group, kind, value, sub_id, period in qs.values_list(
            "agency_id",
            "unit_id",
            "element__code",
            "sex",
            "target_group",
            "kind",
            "value",
            "submission_id",
            "period",
        ):
            year = int(period[:4])
            cell = sex or group or ""
            key = (year, agency_id, code, cell, period)
            rank = (KIND_PRECEDENCE.get(kind, 0), sub_id)
            old = best.get(key)
            if old is None or rank > old[:2]:
                best[key] = (rank[0], rank[1], value)
            self.unit_of.setdefault(agency_id, unit_id)
        # Per (year, agency, code, cell): the annual figure, else the Action Month's, else
        # the quarters combined over time.
        by_cell: dict[tuple[int, int, str, str], list[tuple[int, str, Decimal, int]]] = defaultdict(
            list
        )
        for (year, agency_id, code, cell, period), (_k, sub_id, value) in best.items():
            by_cell[(year, agency_id, code, cell)].append(
                (_period_rank(period), period, value, sub_id)
            )
        for (year, agency_id, code, cell), rows in by_cell.items():
            top = min(r[0] for r in rows)
            chosen = sorted((r for r in rows if r[0] == top), key=lambda r: r[1])
            if top == 2:
                v = combine_over_time([r[2] for r in chosen], ctx.time_aggregation)
            else:
                v = chosen[0][2]
            fig = self.figures.get((year, agency_id, code))
            if fig is None:
                fig = self.figures[(year, agency_id, code)] = ReportedFigure({}, set())
            fig.cells[cell] = v if v is not None else Decimal(0)
            fig.submissions.update(r[3] for r in chosen)

    # -- reading

    def agencies(self, year: int, key: Any, code: str) -> set[int]:
        keys = self.ctx.buckets
        return {
            a
            for y in self.ctx.years_of(year)
            for (yy, a, c) in self._index.get((y, code), ())
            if keys.key_of_agency(a, self.unit_of.get(a)) == key or key == ALL
        }

    @property
    def _index(self) -> dict[tuple[int, str], list[tuple[int, int, str]]]:
        idx = getattr(self, "_idx", None)
        if idx is None:
            idx = defaultdict(list)
            for y, a, c in self.figures:
                idx[(y, c)].append((y, a, c))
            self._idx = idx
        return idx

    def agency_value(self, year: int, agency_id: int, code: str, cell: str) -> Decimal | None:
        """One agency's figure (over the years of a cumulative indicator)."""
        from binhdang.reporting import elements

        spec = elements.BY_CODE[code]
        values = []
        for y in self.ctx.years_of(year):
            fig = self.figures.get((y, agency_id, code))
            if fig is None:
                continue
            if cell:
                # A group or sex left empty by a reporter who gave the element is none.
                values.append(fig.cells.get(cell, Decimal(0)))
            elif "" in fig.cells:
                values.append(fig.cells[""])
            elif spec.disaggregation == Disaggregation.SEX:
                values.append(fig.cells.get("male", Decimal(0)) + fig.cells.get("female", 0))
            else:
                values.append(sum(fig.cells.values(), Decimal(0)))
        return combine_over_time(values, self.ctx.time_aggregation)

    def submissions(self, year: int, agencies: set[int], code: str) -> set[int]:
        out: set[int] = set()
        for y in self.ctx.years_of(year):
            for a in agencies:
                fig = self.figures.get((y, a, code))
                if fig is not None:
                    out |= fig.submissions
        return out

    def value(
        self, ref: Ref, cell: str, year: int, key: Any, only: set[int] | None
    ) -> tuple[Decimal | None, set[int]]:
        """The figure summed over the bucket's agencies (restricted to `only` when given),
        and the agencies it came from."""
        from binhdang.reporting import elements

        code = ref.name
        if code not in self.codes:
            return None, set()
        agencies = self.agencies(year, key, code)
        if only is not None:
            agencies &= only
        if not agencies:
            return None, set()
        spec = elements.BY_CODE[code]
        raw = {a: self.agency_value(year, a, code, cell) for a in agencies}
        values: dict[int, Decimal] = {a: v for a, v in raw.items() if v is not None}
        if spec.value_type == ValueType.PERCENT and len(values) > 1:
            self.ctx.note(
                year,
                key,
                _(
                    "Several agencies gave “%(name)s” as a share without the number of "
                    "people asked: shares are not averaged. Enter the surveys as survey "
                    "results."
                )
                % {"name": str(spec.name)},
            )
            return None, set(values)
        if not values:
            return None, set()
        return sum(values.values(), Decimal(0)), set(values)

    def share_yes(
        self, ref: Ref, year: int, key: Any, only: set[int] | None
    ) -> tuple[Decimal | None, Decimal | None, set[int]]:
        code = ref.name
        if code not in self.codes:
            return None, None, set()
        agencies = self.agencies(year, key, code)
        if only is not None:
            agencies &= only
        raw = {a: self.agency_value(year, a, code, "") for a in agencies}
        answers: dict[int, Decimal] = {a: v for a, v in raw.items() if v is not None}
        if not answers:
            return None, None, set()
        yes = sum((Decimal(1) for v in answers.values() if v > 0), Decimal(0))
        return yes, Decimal(len(answers)), set(answers)


# ---- who owes a figure ------------------------------------------------------------------


@dataclass
class ExpectedRow:
    submission_id: int
    year: int
    agency_id: int
    agency: str
    unit_id: int | None
    unit: str
    received: bool
    asks: frozenset[str]


class ExpectedData:
    """The submissions of the years' rounds in the area, with the elements each asks."""

    def __init__(self, ctx: Context, codes: set[str]):
        from binhdang.reporting import elements
        from binhdang.reporting.models import Submission
        from binhdang.reporting.selectors import plan_element_codes

        self.ctx = ctx
        self.rows: list[ExpectedRow] = []
        codes = {c for c in codes if c in elements.BY_CODE}
        if not codes:
            return
        qs = Submission.objects.filter(round__year__in=sorted(set(ctx.years)))
        if ctx.area is not None:
            from binhdang.indicators.engine import area_q

            qs = qs.filter(area_q(ctx.area, "unit__"))
        rows = list(
            qs.values_list(
                "pk",
                "round__year",
                "round__kind",
                "round__plan_id",
                "agency_id",
                "agency__full_name",
                "unit_id",
                "unit__name",
                "status",
            ).order_by("unit__path", "agency__name", "pk")
        )
        plan_codes: dict[int, frozenset[str]] = {}
        if rows:
            from binhdang.plans.models import Plan

            for plan in Plan.objects.filter(pk__in={r[3] for r in rows}):
                plan_codes[plan.pk] = frozenset(plan_element_codes(plan)) | frozenset(
                    elements.EVENT_ELEMENTS
                )
        for pk, year, kind, plan_id, agency_id, agency, unit_id, unit, status in rows:
            asks = plan_codes.get(plan_id, frozenset())
            if kind == RoundKind.ACTION_MONTH:
                asks = asks | {"action_month.plan_made"}
            if not asks & codes:
                continue
            self.rows.append(
                ExpectedRow(
                    pk, year, agency_id, agency, unit_id, unit or "", status in RECEIVED, asks
                )
            )

    def rows_for(self, year: int, key: Any, codes: set[str]) -> list[ExpectedRow]:
        buckets = self.ctx.buckets
        return [
            r
            for r in self.rows
            if r.year == year
            and r.asks & codes
            and (key == ALL or buckets.key_of_agency(r.agency_id, r.unit_id) == key)
        ]


# ---- events -----------------------------------------------------------------------------


@dataclass
class EventRow:
    year: int
    key: Any
    groups: int
    n: int
    items: int
    total: int
    male: int
    female: int


class EventData:
    """Logged events, counted by year, bucket and target-group bit set."""

    def __init__(self, ctx: Context, refs: list[Ref]):
        self.ctx = ctx
        self.rows: dict[tuple[tuple[str, ...], tuple[str, ...], str], list[EventRow]] = {}
        for ref in refs:
            sig = self._signature(ref)
            if sig not in self.rows:
                self.rows[sig] = self._fetch(*sig)

    @staticmethod
    def _signature(ref: Ref) -> tuple[tuple[str, ...], tuple[str, ...], str]:
        digital = ref.param("digital")
        return ref.param("type"), ref.param("channel"), digital[0] if digital else ""

    def _queryset(self, types, channels, digital):
        from binhdang.reporting.models import CommEvent

        years = self.ctx.fetch_years()
        start, _e = d09_year_window(min(years))
        _s, end = d09_year_window(max(years))
        qs = CommEvent.objects.filter(date__gte=start, date__lte=end)
        if self.ctx.area is not None:
            # `unit_id IN (…)` uses the (unit, date) index, where a join on the unit path
            # scans every event of the country. SQLite: the ids read once, as a list.
            # PostgreSQL: a subquery, which it runs as a nested loop of index-only scans;
            # given the literal list it misjudges the rows and scans the whole table.
            if connection.vendor == "postgresql":
                from binhdang.geo.models import AdministrativeUnit
                from binhdang.indicators.engine import area_q

                ids: Any = AdministrativeUnit.objects.filter(area_q(self.ctx.area)).values("id")
            else:
                ids = self._area_unit_ids()
            qs = qs.filter(unit_id__in=ids)
        if types:
            qs = qs.filter(event_type__in=types)
        if channels:
            qs = qs.filter(channel__in=channels)
        if digital:
            qs = qs.filter(is_digital=digital == "yes")
        return qs

    def _area_unit_ids(self) -> list[int]:
        cached = self.__dict__.get("_area_ids")
        if cached is None:
            from binhdang.geo.models import AdministrativeUnit
            from binhdang.indicators.engine import area_q

            cached = list(
                AdministrativeUnit.objects.filter(area_q(self.ctx.area)).values_list(
                    "id", flat=True
                )
            )
            self.__dict__["_area_ids"] = cached
        return cached

    def _fetch(self, types, channels, digital) -> list[EventRow]:
        buckets = self.ctx.buckets
        field_name = buckets.event_field
        qs = self._queryset(types, channels, digital).annotate(
            d09_year=_d09_year_expr(self.ctx.fetch_years())
        )
        group_by = ["d09_year", "target_groups"] + ([field_name] if field_name else [])
        zero = Value(0)
        rows = (
            qs.values(*group_by)
            .annotate(
                # COUNT(*), not of the id: the covering index alone answers (PostgreSQL).
                n=Count("*"),
                items=Sum(Coalesce("quantity", Value(1))),
                total=Sum(
                    Coalesce(
                        "participants_total",
                        Coalesce("participants_male", zero) + Coalesce("participants_female", zero),
                    )
                ),
                male=Sum(Coalesce("participants_male", zero)),
                female=Sum(Coalesce("participants_female", zero)),
            )
            .order_by()
        )
        out = []
        raw = list(rows)
        if field_name and field_name.endswith("unit_id"):
            buckets.resolve_units({r[field_name] for r in raw})
        for r in raw:
            key = buckets.key_of_event(r.get(field_name)) if field_name else ALL
            out.append(
                EventRow(
                    r["d09_year"],
                    key,
                    r["target_groups"] or 0,
                    r["n"] or 0,
                    r["items"] or 0,
                    r["total"] or 0,
                    r["male"] or 0,
                    r["female"] or 0,
                )
            )
        return out

    def value(self, ref: Ref, year: int, key: Any) -> Decimal:
        from binhdang.reporting.groups import GROUP_BITS

        rows = self.rows[self._signature(ref)]
        years = set(self.ctx.years_of(year))
        bits = [GROUP_BITS[g] for g in ref.param("group")]
        sex = ref.param("sex")
        total = 0
        for r in rows:
            if r.year not in years or (key != ALL and r.key != key):
                continue
            if bits and not any(r.groups & b for b in bits):
                continue
            if ref.name == "count":
                total += r.n
            elif ref.name == "items":
                total += r.items
            elif sex == ("male",):
                total += r.male
            elif sex == ("female",):
                total += r.female
            else:
                total += r.total
        return Decimal(total)

    def units_with_events(self, ref: Ref, year: int) -> set[int]:
        """Units (and, for pre-2025 units, the units that took them over) where an event
        of the kind was logged in the year."""
        from binhdang.geo.models import UnitSuccession

        cache = self.__dict__.setdefault("_active_units", {})
        key = (self._signature(ref), ref.param("group"), year)
        if key not in cache:
            by_year = self._units_by_year(ref)
            units: set[int] = set()
            for y in self.ctx.years_of(year):
                units |= by_year.get(y, set())
            units |= set(
                UnitSuccession.objects.filter(predecessor_id__in=units).values_list(
                    "successor_id", flat=True
                )
            )
            cache[key] = units
        return cache[key]

    def _units_by_year(self, ref: Ref) -> dict[int, set[int]]:
        """Decree 09 year → units with an event of the kind, for every year fetched, in one
        query (one DISTINCT scan per year cost a province about a second)."""
        cache = self.__dict__.setdefault("_units_by_year_cache", {})
        key = (self._signature(ref), ref.param("group"))
        if key not in cache:
            qs = self._queryset(*self._signature(ref)).annotate(
                d09_year=_d09_year_expr(self.ctx.fetch_years())
            )
            bits = ref.param("group")
            if bits:
                from binhdang.reporting.groups import groups_to_mask

                qs = qs.annotate(g=F("target_groups").bitand(groups_to_mask(bits))).filter(g__gt=0)
            by_year: dict[int, set[int]] = {}
            for unit_id, d09_year in qs.order_by().values_list("unit_id", "d09_year").distinct():
                by_year.setdefault(d09_year, set()).add(unit_id)
            cache[key] = by_year
        return cache[key]

    def link_filter(self, ref: Ref, year: int, unit) -> dict[str, Any]:
        start, end = d09_year_window(min(self.ctx.years_of(year)))
        _s, end = d09_year_window(year)
        out: dict[str, Any] = {"date_from": start.isoformat(), "date_to": end.isoformat()}
        types, channels = ref.param("type"), ref.param("channel")
        if len(types) == 1:
            out["event_type"] = types[0]
        if len(channels) == 1:
            out["channel"] = channels[0]
        if unit is not None:
            out["unit"] = unit.pk
        return out


# ---- units ------------------------------------------------------------------------------


class UnitData:
    """Units in force on 14/12 of each year, in the area, per bucket."""

    def __init__(self, ctx: Context):
        from binhdang.geo.models import AdministrativeUnit

        self.ctx = ctx
        qs = AdministrativeUnit.objects.all()
        if ctx.area is not None:
            from binhdang.indicators.engine import area_q

            qs = qs.filter(area_q(ctx.area))
        self.rows = list(
            qs.values_list("pk", "level", "valid_from", "valid_to", "province_id").order_by()
        )
        if ctx.buckets.unit_field == "unit_id":
            ctx.buckets.resolve_units({r[0] for r in self.rows})

    def in_force(self, ref: Ref, year: int, key: Any) -> list[tuple[int, str]]:
        """(pk, name) of the units `ref` counts in the bucket."""
        from binhdang.geo.models import AdministrativeUnit

        ids = self._counted(ref, year, key)
        return list(
            AdministrativeUnit.objects.filter(pk__in=ids).order_by("path").values_list("pk", "name")
        )

    def value(self, ref: Ref, year: int, key: Any) -> Decimal:
        return Decimal(len(self._counted(ref, year, key)))

    def _counted(self, ref: Ref, year: int, key: Any) -> list[int]:
        levels = {
            "communes": ("commune",),
            "districts": ("district",),
            "local": ("district", "commune"),
            "provinces": ("province",),
        }[ref.name]
        on = date(year, 12, 14)
        buckets = self.ctx.buckets
        out: list[int] = []
        for pk, level, valid_from, valid_to, province_id in self.rows:
            if level not in levels:
                continue
            if (valid_from and valid_from > on) or (valid_to and valid_to < on):
                continue
            if (
                key != ALL
                and not buckets.agency_mode
                and buckets.key_of_unit(pk, province_id) != key
            ):
                continue
            out.append(pk)
        return out


# ---- survey results ---------------------------------------------------------------------


class SurveyData:
    def __init__(self, ctx: Context):
        from binhdang.indicators.models import SurveyResult

        self.ctx = ctx
        qs = SurveyResult.objects.filter(year__in=ctx.fetch_years())
        if ctx.area is not None:
            from binhdang.indicators.engine import area_q

            qs = qs.filter(area_q(ctx.area, "unit__"))
        self.rows = list(
            qs.values_list(
                "pk",
                "year",
                "unit_id",
                "unit__province_id",
                "agency_id",
                "target_group",
                "sex",
                "respondents",
                "share_correct",
            ).order_by()
        )
        if ctx.buckets.unit_field == "unit_id":
            ctx.buckets.resolve_units({r[2] for r in self.rows})

    def _rows(self, year: int, key: Any, sex: str, group: str) -> list[tuple]:
        buckets = self.ctx.buckets
        out = []
        for row in self.rows:
            pk, y, unit_id, province_id, agency_id, g, s, _n, _share = row
            if y != year:
                continue
            if key != ALL:
                if buckets.agency_mode:
                    if agency_id != key:
                        continue
                elif buckets.key_of_unit(unit_id, province_id) != key:
                    continue
            if g == group and s == sex:
                out.append(row)
        return out

    def rows_used(self, ref: Ref, cell: str, year: int, key: Any) -> list[tuple]:
        group = ref.param("group")[0] if ref.param("group") else ""
        sex = cell
        rows = self._rows(year, key, sex, group)
        if not rows and not sex:
            # No total row: the two sexes together are everyone asked.
            rows = self._rows(year, key, "male", group) + self._rows(year, key, "female", group)
        if not rows and not group:
            rows = [r for g in TargetGroup.values for r in self._rows(year, key, sex, g)]
        return rows

    def value(self, ref: Ref, cell: str, year: int, key: Any) -> tuple[Decimal | None, list[int]]:
        rows = self.rows_used(ref, cell, year, key)
        if not rows:
            return None, []
        respondents = sum((Decimal(r[7]) for r in rows), Decimal(0))
        if ref.name == "respondents":
            return respondents, [r[0] for r in rows]
        correct = sum((Decimal(r[7]) * r[8] / 100 for r in rows), Decimal(0))
        if not respondents:
            return None, [r[0] for r in rows]
        return 100 * correct / respondents, [r[0] for r in rows]


# ---- registries -------------------------------------------------------------------------


class RegistryData:
    """Counts from the registries' selectors, asked once per registry, year and unit."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.cache: dict[tuple[str, int, Any], dict[str, Any] | None] = {}

    def counts(self, registry: str, year: int, unit) -> dict[str, Any] | None:
        key = (registry, year, unit.pk if unit is not None else None)
        if key not in self.cache:
            self.cache[key] = self._ask(registry, year, unit)
        return self.cache[key]

    @staticmethod
    def available(registry: str) -> bool:
        import importlib

        _app, module, func, _total = REGISTRIES[registry]
        try:
            return callable(getattr(importlib.import_module(module), func, None))
        except ImportError:
            return False

    def _ask(self, registry: str, year: int, unit) -> dict[str, Any] | None:
        import importlib

        _app, module, func, total_key = REGISTRIES[registry]
        try:
            selector = getattr(importlib.import_module(module), func)
        except (ImportError, AttributeError):
            return None
        counts = selector(year=year, unit=unit)
        if total_key and not counts.get(total_key):
            return {}  # the registry has no rows here: no value (never a zero share)
        return counts

    def value(self, ref: Ref, year: int, unit) -> Decimal | None:
        registry, _dot, measure = ref.name.partition(".")
        counts = self.counts(registry, year, unit)
        if not counts or counts.get(measure) is None:
            return None
        return Decimal(counts[measure])
