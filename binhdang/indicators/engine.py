"""The computation behind `selectors.py`: formulas evaluated over the sources, per year
and per bucket (the whole area, each child unit, each agency), and the progress of
targets against their milestones.

Rules (DESIGN.md §3, decision 0002):

* percentages are recomputed from summed numerators and denominators at every level —
  for a "ratio" indicator over the reporters that gave every part, for a "ratio_area"
  indicator over the area's totals — never averaged;
* a reporter that owes a figure and has not given it is listed as missing, never counted
  as zero; a source without data gives no value, and the value is then empty;
* figures of pre-2025 units count in the area of the unit that took them over, and in a
  drill-down they go to the child unit that now holds them (by path, else by succession).

The status of a milestone uses the latest year with data up to the year asked (reports of
a year arrive in December), with the rule of `status.py`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from binhdang.indicators import catalogue
from binhdang.indicators.choices import Direction, MeasureUnit, Status, UnitAggregation
from binhdang.indicators.formula import (
    BinOp,
    Call,
    Neg,
    Node,
    Num,
    Ref,
    evaluate,
    parse,
    ratio_parts,
    refs,
)
from binhdang.indicators.models import Indicator, TargetIndicator
from binhdang.indicators.sources import (
    ALL,
    REGISTRIES,
    Context,
    EventData,
    ExpectedData,
    RegistryData,
    ReportedData,
    SurveyData,
    UnitData,
    quarters_elapsed,
)
from binhdang.indicators.status import milestone_status

FIRST_YEAR = 2022
LAST_YEAR = 2030
Q2 = Decimal("0.01")


# ---- areas and buckets ------------------------------------------------------------------


def area_q(unit, prefix: str = "") -> Q:
    """The unit, everything below it, and the units of the other map that cover it: for a
    current unit the pre-2025 units merged into it (`reporting.selectors.unit_area_q`),
    for a pre-2025 unit the current units that took over its communes."""
    from binhdang.geo.choices import Generation
    from binhdang.geo.models import UnitSuccession
    from binhdang.reporting.selectors import unit_area_q

    if unit is None:
        return Q()
    if unit.generation != Generation.LEGACY:
        return unit_area_q(unit, prefix)
    p = prefix
    inside = Q(**{f"{p}path": unit.path}) | Q(**{f"{p}path__startswith": unit.path + "/"})
    successors = UnitSuccession.objects.filter(
        Q(predecessor__path=unit.path) | Q(predecessor__path__startswith=unit.path + "/")
    ).values("successor_id")
    return inside | Q(**{f"{p}pk__in": successors})


class AllBuckets:
    """No breakdown: every row counts in the one bucket `ALL`."""

    agency_mode = False
    unit_field: str | None = None
    event_field: str | None = None

    def resolve_units(self, ids) -> None:
        return None

    def key_of_unit(self, unit_id, province_id=None) -> Any:
        return ALL

    def key_of_agency(self, agency_id, unit_id) -> Any:
        return ALL

    def key_of_event(self, value) -> Any:
        return ALL


class UnitBuckets:
    """A drill-down: one bucket per child unit of the area (current provinces for the
    whole country) plus the area's own level (`level_key`: its departments' figures;
    national bodies for the country)."""

    agency_mode = False

    def __init__(self, area):
        from binhdang.geo.models import AdministrativeUnit

        self.area = area
        if area is None:
            self.children = list(AdministrativeUnit.objects.current().provinces().order_by("name"))
            self.level_key: Any = None
            self.unit_field = "province_id"
            self.event_field = "unit__province_id"
        else:
            self.children = list(area.children.order_by("name"))
            self.level_key = area.pk
            self.unit_field = "unit_id"
            self.event_field = "unit_id"
        self.by_key = {c.pk: c for c in self.children}
        self._map: dict[int, Any] = {}
        self._paths = sorted(((c.path, c.pk) for c in self.children), key=lambda x: -len(x[0]))

    def _by_path(self, path: str) -> Any:
        for child_path, pk in self._paths:
            if path == child_path or path.startswith(child_path + "/"):
                return pk
        return None

    def resolve_units(self, ids) -> None:
        from binhdang.geo.models import AdministrativeUnit, UnitSuccession

        todo = {i for i in ids if i is not None and i not in self._map}
        if not todo:
            return
        rows = list(
            AdministrativeUnit.objects.filter(pk__in=todo).values_list("pk", "path", "province_id")
        )
        if self.area is None:
            for pk, _path, province_id in rows:
                self._map[pk] = province_id or pk
            return
        unplaced = []
        for pk, path, _province in rows:
            key = self._by_path(path)
            if key is None:
                unplaced.append(pk)
            else:
                self._map[pk] = key
        if not unplaced:
            return
        partners: dict[int, list[str]] = defaultdict(list)
        for pred, succ, pred_path, succ_path in (
            UnitSuccession.objects.filter(
                Q(predecessor_id__in=unplaced) | Q(successor_id__in=unplaced)
            )
            .values_list("predecessor_id", "successor_id", "predecessor__path", "successor__path")
            .order_by("predecessor_id", "successor_id")
        ):
            partners[pred].append(succ_path)
            partners[succ].append(pred_path)
        for pk in unplaced:
            key = next(
                (k for k in (self._by_path(p) for p in partners.get(pk, ())) if k is not None),
                None,
            )
            self._map[pk] = key if key is not None else self.level_key

    def key_of_unit(self, unit_id, province_id=None) -> Any:
        if unit_id is None:
            return self.level_key
        if self.area is None and province_id is not None:
            return province_id
        if unit_id not in self._map:
            self.resolve_units({unit_id})
        return self._map.get(unit_id, self.level_key)

    def key_of_agency(self, agency_id, unit_id) -> Any:
        return self.key_of_unit(unit_id)

    def key_of_event(self, value) -> Any:
        if self.area is None:
            return value
        return self.key_of_unit(value)

    def unit_of_key(self, key) -> Any:
        return self.by_key.get(key)


class AgencyBuckets:
    """One bucket per agency (the organiser of events, the sender of figures)."""

    agency_mode = True
    unit_field: str | None = None
    event_field = "agency_id"

    def resolve_units(self, ids) -> None:
        return None

    def key_of_unit(self, unit_id, province_id=None) -> Any:
        return ALL

    def key_of_agency(self, agency_id, unit_id) -> Any:
        return agency_id

    def key_of_event(self, value) -> Any:
        return value


# ---- indicators from the catalogue ------------------------------------------------------


def _msgid(text) -> str:
    from django.utils import translation

    with translation.override("en"):
        return str(text)


def spec_fields(spec: catalogue.IndicatorSpec) -> dict[str, Any]:
    return {
        "name": _msgid(spec.name),
        "definition": _msgid(spec.definition),
        "numerator": _msgid(spec.numerator),
        "denominator": _msgid(spec.denominator),
        "formula": spec.formula,
        "fallback_formula": spec.fallback_formula,
        "measure": spec.measure,
        "direction": spec.direction,
        "cumulative": spec.cumulative,
        "unit_aggregation": spec.unit_aggregation,
        "time_aggregation": spec.time_aggregation,
        "data_source": _msgid(spec.data_source),
        "disaggregations": list(spec.disaggregations),
        "frequency": spec.frequency,
        "baseline_year": spec.baseline_year,
        "from_catalogue": True,
        "is_active": True,
    }


def indicator_for_code(code: str) -> Indicator | None:
    """The stored indicator, else an unsaved one built from the catalogue."""
    found = Indicator.objects.filter(code=code).first()
    if found is not None:
        return found
    spec = catalogue.BY_CODE.get(code)
    if spec is None:
        return None
    return Indicator(code=code, **spec_fields(spec))


# ---- computing values -------------------------------------------------------------------


class _NotAdaptable(Exception):
    pass


def _adapt(ref: Ref, mode: tuple[str, str] | None) -> Ref:
    """The same source for one sex or one target group (a breakdown cell)."""
    from binhdang.reporting import elements
    from binhdang.reporting.choices import Disaggregation

    if mode is None or ref.namespace in ("units", "period", "baseline"):
        return ref
    dim, value = mode
    ns = ref.namespace
    if ns == "reported":
        spec = elements.BY_CODE.get(ref.name)
        wanted = Disaggregation.SEX if dim == "sex" else Disaggregation.TARGET_GROUP
        if spec is not None and spec.disaggregation == wanted and not ref.cell:
            return Ref(ref.namespace, ref.name, value, ref.params)
        raise _NotAdaptable
    if ns == "events":
        key = "sex" if dim == "sex" else "group"
        if ref.param(key) or (dim == "sex" and ref.name != "participants"):
            raise _NotAdaptable
        params = tuple(sorted((*ref.params, (key, (value,)))))
        return Ref(ref.namespace, ref.name, ref.cell, params)
    if ns == "survey":
        if dim == "sex" and not ref.cell:
            return Ref(ref.namespace, ref.name, value, ref.params)
        if dim == "group" and not ref.param("group"):
            return Ref(
                ref.namespace, ref.name, ref.cell, tuple(sorted((*ref.params, ("group", (value,)))))
            )
    raise _NotAdaptable


@dataclass
class _Prepared:
    indicator: Indicator
    node: Node
    fallback: Node | None
    ctx: Context
    reported: ReportedData
    expected: ExpectedData
    events: EventData | None
    units: UnitData | None
    survey: SurveyData | None
    registry: RegistryData
    baseline_year: int | None
    baseline_value: Decimal | None
    node_in_use: Node | None = None


def _prepare(
    indicator: Indicator,
    years: list[int],
    unit,
    buckets,
    *,
    baseline_year: int | None = None,
    baseline_value: Decimal | None = None,
) -> _Prepared:
    node = parse(indicator.formula)
    fallback = parse(indicator.fallback_formula) if indicator.fallback_formula else None
    all_refs = list(refs(node)) + (list(refs(fallback)) if fallback is not None else [])
    baseline_year = baseline_year or indicator.baseline_year
    needed = set(years)
    if any(r.namespace == "baseline" for r in all_refs) and baseline_year:
        needed.add(baseline_year)
    ctx = Context(
        years=sorted(needed),
        area=unit,
        buckets=buckets,
        time_aggregation=indicator.time_aggregation,
        cumulative_from=FIRST_YEAR if indicator.cumulative else None,
    )
    codes = {r.name for r in all_refs if r.namespace == "reported"}
    namespaces = {r.namespace for r in all_refs}
    reported = ReportedData(ctx, codes)
    buckets.resolve_units(set(reported.unit_of.values()))
    expected = ExpectedData(ctx, codes)
    buckets.resolve_units({r.unit_id for r in expected.rows})
    return _Prepared(
        indicator=indicator,
        node=node,
        fallback=fallback,
        ctx=ctx,
        reported=reported,
        expected=expected,
        events=(
            EventData(ctx, [r for r in all_refs if r.namespace == "events"])
            if "events" in namespaces
            else None
        ),
        units=UnitData(ctx) if "units" in namespaces else None,
        survey=SurveyData(ctx) if "survey" in namespaces else None,
        registry=RegistryData(ctx),
        baseline_year=baseline_year,
        baseline_value=baseline_value,
    )


@dataclass
class _Eval:
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    contributors: set[int]
    looked: dict[Ref, Decimal | None]


class _Evaluator:
    def __init__(self, p: _Prepared, year: int, key: Any, mode: tuple[str, str] | None):
        self.p, self.year, self.key, self.mode = p, year, key, mode
        self.contributors: set[int] = set()
        self.looked: dict[Ref, Decimal | None] = {}
        self.only: set[int] | None = None

    def run(self, node: Node) -> _Eval:
        p = self.p
        codes = {
            r.name for r in refs(node) if r.namespace == "reported" and r.name in p.reported.codes
        }
        if p.indicator.unit_aggregation == UnitAggregation.RATIO and codes:
            only: set[int] | None = None
            for code in codes:
                have = p.reported.agencies(self.year, self.key, code)
                only = have if only is None else only & have
            self.only = only or set()
        value = evaluate(node, self.lookup, self.share)
        num_node, den_node, _factor = ratio_parts(node)
        numerator = denominator = None
        if isinstance(num_node, Call) and num_node.func == "share_yes":
            numerator, denominator = self._share_parts(num_node.args[0])  # type: ignore[arg-type]
        elif den_node is not None:
            numerator = evaluate(num_node, self.lookup, self.share)
            denominator = evaluate(den_node, self.lookup, self.share)
        return _Eval(value, numerator, denominator, set(self.contributors), dict(self.looked))

    def lookup(self, ref: Ref) -> Decimal | None:
        r = _adapt(ref, self.mode)
        v = self._lookup(r)
        if self.mode is None:
            self.looked[ref] = v
        return v

    def _lookup(self, r: Ref) -> Decimal | None:
        p, year, key = self.p, self.year, self.key
        ns = r.namespace
        if ns == "reported":
            v, agencies = p.reported.value(r, r.cell, year, key, self.only)
            self.contributors |= agencies
            return v
        if ns == "events":
            assert p.events is not None
            rows = p.events.rows[p.events._signature(r)]
            years = set(p.ctx.years_of(year))
            if not any(row.year in years and (key == ALL or row.key == key) for row in rows):
                return None  # nothing logged: no data (not a zero)
            return p.events.value(r, year, key)
        if ns == "units":
            assert p.units is not None
            return p.units.value(r, year, key)
        if ns == "period":
            n = quarters_elapsed(year)
            return Decimal(n) if n else None
        if ns == "survey":
            assert p.survey is not None
            v, _ids = p.survey.value(r, r.cell, year, key)
            return v
        if ns == "registry":
            unit = self._bucket_unit()
            if unit is False:
                return None
            return p.registry.value(r, year, unit)
        if ns == "baseline":
            return self._baseline()
        return None

    def _bucket_unit(self) -> Any:
        """The unit a registry is asked about for this bucket (False: not by unit)."""
        buckets = self.p.ctx.buckets
        if self.key == ALL:
            return self.p.ctx.area
        if isinstance(buckets, UnitBuckets):
            unit = buckets.unit_of_key(self.key)
            return unit if unit is not None else False
        return False

    def _baseline(self) -> Decimal | None:
        p = self.p
        if p.baseline_value is not None:
            if self.mode is not None:
                raise _NotAdaptable
            return p.baseline_value
        if not p.baseline_year:
            return None
        node = p.node_in_use or p.node
        level = node.left if isinstance(node, BinOp) else node
        return _Evaluator(p, p.baseline_year, self.key, self.mode).run(level).value

    def share(self, ref: Ref) -> tuple[Decimal | None, Decimal | None]:
        return self._share_parts(ref)

    def _share_parts(self, ref: Ref) -> tuple[Decimal | None, Decimal | None]:
        if self.mode is not None:
            raise _NotAdaptable
        yes, answered, agencies = self.p.reported.share_yes(ref, self.year, self.key, self.only)
        self.contributors |= agencies
        self.looked[ref] = yes
        return yes, answered


def _q(v: Decimal | None) -> Decimal | None:
    return None if v is None else v.quantize(Q2, rounding=ROUND_HALF_UP)


def _compute(p: _Prepared, year: int, key: Any, unit) -> Any:
    from binhdang.indicators.selectors import IndicatorValue

    indicator = p.indicator
    out = IndicatorValue(indicator=indicator, year=year, unit=unit)
    node = p.node
    p.node_in_use = node
    result = _Evaluator(p, year, key, None).run(node)
    if result.value is None and p.fallback is not None:
        p.node_in_use = p.fallback
        alt = _Evaluator(p, year, key, None).run(p.fallback)
        if alt.value is not None or not any(v is not None for v in result.looked.values()):
            main_missing = result
            result, node = alt, p.fallback
            out.used_fallback = True
            registries = {
                r.name.partition(".")[0] for r in main_missing.looked if r.namespace == "registry"
            }
            for registry in sorted(registries):
                p.ctx.note(year, key, _registry_note(registry, RegistryData.available(registry)))
    p.node_in_use = node
    out.value = _q(result.value)
    out.numerator = result.numerator
    out.denominator = result.denominator
    out.sources = _sources(p, node, result, year, key, unit)
    # Breakdowns: the same formula for each sex / group, when every source has the cell.
    wanted = set(indicator.disaggregations or [])
    if "sex" in wanted:
        out.by_sex = _breakdown(p, node, year, key, "sex", ("male", "female"))
    if "target_group" in wanted:
        from binhdang.reporting.choices import TargetGroup

        groups = _breakdown(p, node, year, key, "group", tuple(TargetGroup.values))
        out.by_group = {g: v for g, v in groups.items() if v}  # groups reached only
    _who_is_missing(p, node, year, key, result, out)
    _silent_units(p, node, year, key, out)
    notes = list(p.ctx.notes.get((year, key), []))
    unknown = sorted(
        {r.name for r in refs(node) if r.namespace == "reported" and r.name in p.reported.unknown}
    )
    if unknown:
        notes.append(
            _(
                "Not in the report forms yet: %(codes)s. The value cannot be computed until they are."
            )
            % {"codes": ", ".join(unknown)}
        )
    for registry in sorted(
        {r.name.partition(".")[0] for r in refs(node) if r.namespace == "registry"}
    ):
        if not RegistryData.available(registry):
            notes.append(_registry_note(registry, False))
    out.note = " ".join(dict.fromkeys(notes))
    return out


def _registry_note(registry: str, available: bool) -> str:
    if available:
        return {
            "media": _("The media agency registry has no rows here: reported figures used."),
            "conventions": _(
                "The village convention registry has no rows here: reported figures used."
            ),
            "models": _("The model-site registry has no rows here."),
        }[registry]
    return {
        "media": _("The media agency registry is not available yet."),
        "conventions": _("The village convention registry is not available yet."),
        "models": _("The model-site registry is not available yet."),
    }[registry]


def _breakdown(p, node, year, key, dim, cells) -> dict[str, Decimal | None]:
    out: dict[str, Decimal | None] = {}
    for cell in cells:
        try:
            out[cell] = _q(_Evaluator(p, year, key, (dim, cell)).run(node).value)
        except _NotAdaptable:
            return {}
    return out


def _who_is_missing(p: _Prepared, node: Node, year: int, key: Any, result: _Eval, out) -> None:
    from binhdang.indicators.selectors import MissingReporter

    codes = {r.name for r in refs(node) if r.namespace == "reported" and r.name in p.reported.codes}
    if not codes:
        return
    rows = p.expected.rows_for(year, key, codes)
    strict = p.indicator.unit_aggregation == UnitAggregation.RATIO or any(
        isinstance(c, Call) and c.func == "share_yes" for c in _walk(node)
    )
    agencies: dict[int, list] = defaultdict(list)
    for row in rows:
        agencies[row.agency_id].append(row)
    out.expected = len(agencies)
    out.reporters = len(result.contributors)
    for agency_id, subs in agencies.items():
        received = [s for s in subs if s.received]
        if not received:
            reason = "not_sent"
            first = subs[0]
        elif strict and agency_id not in result.contributors:
            reason = "no_figure"
            first = received[0]
        else:
            continue
        out.missing_detail.append(
            MissingReporter(
                agency_id, first.agency, first.unit_id, first.unit, first.submission_id, reason
            )
        )
    out.missing = [str(m) for m in out.missing_detail]


def _silent_units(p: _Prepared, node: Node, year: int, key: Any, out) -> None:
    """For a count per unit (events ÷ units), the units counted in the denominator where
    no event of the kind was logged in the year: listed, as a missing report would be."""
    from binhdang.indicators.selectors import MissingReporter

    if p.events is None or p.units is None or isinstance(p.ctx.buckets, AgencyBuckets):
        return
    event_refs = [r for r in refs(node) if r.namespace == "events"]
    unit_refs = [r for r in refs(node) if r.namespace == "units"]
    if not event_refs or not unit_refs:
        return
    counted = p.units.in_force(unit_refs[0], year, key)
    active: set[int] = set()
    for ref in event_refs:
        active |= p.events.units_with_events(ref, year)
    silent = [u for u in counted if u[0] not in active]
    for pk, name in silent:
        out.missing_detail.append(MissingReporter(None, "", pk, name, None, "no_events"))
    out.missing = [str(m) for m in out.missing_detail]


def _walk(node: Node):
    yield node
    if isinstance(node, BinOp):
        yield from _walk(node.left)
        yield from _walk(node.right)
    elif isinstance(node, Neg):
        yield from _walk(node.operand)
    elif isinstance(node, Call):
        for a in node.args:
            yield from _walk(a)


def _sources(p: _Prepared, node: Node, result: _Eval, year: int, key: Any, unit) -> list:
    from binhdang.indicators.selectors import SourceLink, SourceValue

    out = []
    seen: set[str] = set()
    for ref in refs(node):
        if ref.key in seen:
            continue
        seen.add(ref.key)
        value = result.looked.get(ref)
        link = SourceLink()
        ns = ref.namespace
        if ns == "reported" and ref.name in p.reported.codes:
            link = SourceLink(
                "submissions", sorted(p.reported.submissions(year, result.contributors, ref.name))
            )
        elif ns == "events" and p.events is not None:
            link = SourceLink("events", filter=p.events.link_filter(ref, year, unit))
        elif ns == "registry":
            app = REGISTRIES[ref.name.partition(".")[0]][0]
            flt: dict[str, Any] = {"year": year}
            if unit is not None:
                # The media list filters by province or commune; the others by unit.
                flt["commune" if unit.level == "commune" else "province"] = unit.pk
                flt["unit"] = unit.pk
            link = SourceLink("registry", filter=flt, app=app)
        elif ns == "survey" and p.survey is not None:
            link = SourceLink(
                "surveys", [r[0] for r in p.survey.rows_used(ref, ref.cell, year, key)]
            )
        label = source_label(ref)
        if ns == "baseline" and p.baseline_year:
            label = _("Value in the baseline year %(year)s") % {"year": p.baseline_year}
        out.append(SourceValue(ref.key, label, _q(value) if ns != "reported" else value, link))
    for call in _walk(node):
        if isinstance(call, Call) and call.func == "share_yes":
            asked = call.args[0]
            assert isinstance(asked, Ref)
            for s in out:
                if s.key == asked.key:
                    s.note = _("%(yes)s of %(n)s reporters answered yes") % {
                        "yes": _fmt(result.numerator),
                        "n": _fmt(result.denominator),
                    }
    return out


def _fmt(v: Decimal | None) -> str:
    if v is None:
        return "–"
    return number_format(v, 0 if v == v.to_integral_value() else 2)


def compute(
    *,
    indicator: Indicator,
    years: list[int],
    unit=None,
    buckets=None,
    keys: list[Any] | None = None,
    baseline_year: int | None = None,
    baseline_value: Decimal | None = None,
) -> dict[tuple[int, Any], Any]:
    """IndicatorValue per (year, bucket key)."""
    buckets = buckets or AllBuckets()
    p = _prepare(
        indicator,
        years,
        unit,
        buckets,
        baseline_year=baseline_year,
        baseline_value=baseline_value,
    )
    keys = keys if keys is not None else [ALL]
    out = {}
    for year in years:
        for key in keys:
            bucket_unit = unit
            if isinstance(buckets, UnitBuckets):
                bucket_unit = buckets.unit_of_key(key) or unit
            out[(year, key)] = _compute(p, year, key, bucket_unit)
    return out


def values(
    *,
    indicator: Indicator,
    years: list[int],
    unit=None,
    baseline_year: int | None = None,
    baseline_value: Decimal | None = None,
) -> dict[int, Any]:
    res = compute(
        indicator=indicator,
        years=years,
        unit=unit,
        baseline_year=baseline_year,
        baseline_value=baseline_value,
    )
    return {year: res[(year, ALL)] for year in years}


# ---- words ------------------------------------------------------------------------------


def source_label(ref: Ref) -> str:
    from binhdang.reporting import elements
    from binhdang.reporting.choices import Channel, EventType, Sex, TargetGroup

    ns, name = ref.namespace, ref.name
    cells = dict(TargetGroup.choices) | {k: v for k, v in Sex.choices if k}
    if ns == "reported":
        spec = elements.BY_CODE.get(name)
        label = str(spec.name) if spec else str(catalogue.PROPOSED_ELEMENTS.get(name, name))
        if ref.cell:
            label += f" – {cells.get(ref.cell, ref.cell)}"
        if spec is None:
            label += " " + _("(not in the report forms yet)")
        return label
    if ns == "registry":
        return str(_REGISTRY_LABELS().get(name, name))
    if ns == "events":
        label = str(
            {
                "count": _("Events"),
                "items": _("Items (quantity, one per event when not given)"),
                "participants": _("People reached"),
            }[name]
        )
        qualifiers = []
        types = dict(EventType.choices)
        channels = dict(Channel.choices)
        if ref.param("type"):
            qualifiers.append(_(" or ").join(str(types[t]) for t in ref.param("type")))
        if ref.param("channel"):
            qualifiers.append(_(" or ").join(str(channels[c]) for c in ref.param("channel")))
        if ref.param("group"):
            qualifiers.append(_(" or ").join(str(cells[g]) for g in ref.param("group")))
        if ref.param("sex"):
            qualifiers.append(str(cells[ref.param("sex")[0]]))
        if ref.param("digital"):
            qualifiers.append(
                _("digital") if ref.param("digital")[0] == "yes" else _("not digital")
            )
        return label + (f" ({'; '.join(qualifiers)})" if qualifiers else "")
    if ns == "units":
        return str(
            {
                "communes": _("Communes in force"),
                "districts": _("Districts in force"),
                "local": _("Districts and communes in force"),
                "provinces": _("Provinces in force"),
            }[name]
        )
    if ns == "period":
        return _("Quarters of the year elapsed")
    if ns == "survey":
        label = (
            _("Share with correct knowledge (surveys)")
            if name == "awareness"
            else _("People surveyed")
        )
        if ref.cell:
            label += f" – {cells.get(ref.cell, ref.cell)}"
        if ref.param("group"):
            label += f" – {cells.get(ref.param('group')[0], '')}"
        return label
    if ns == "baseline":
        return _("Value in the baseline year")
    return ref.key


def _REGISTRY_LABELS() -> dict[str, str]:  # noqa: N802
    return {
        "media.total": _("Media agencies (registry)"),
        "media.pilot": _("Media agencies applying the set, pilot or official (registry)"),
        "media.official": _("Media agencies applying the set officially (registry)"),
        "conventions.total": _("Village conventions in force (registry)"),
        "conventions.reviewed": _("Village conventions reviewed (registry)"),
        "conventions.non_discriminatory": _(
            "Village conventions without gender discrimination (registry)"
        ),
        "models.active": _("Active model sites (registry)"),
        "models.maintained": _("Model sites maintained (registry)"),
        "models.replicated": _("Model sites replicated (registry)"),
    }


def describe(node: Node, parent_op: str = "") -> str:
    """The formula in words: sources by their names, × ÷ + − between them."""
    if isinstance(node, Num):
        return _fmt(node.value)
    if isinstance(node, Ref):
        return f"[{source_label(node)}]"
    if isinstance(node, Neg):
        return "−" + describe(node.operand, "neg")
    if isinstance(node, Call):
        args = [describe(a) for a in node.args]
        if node.func == "share_yes":
            return _("(reporters answering yes to %(q)s ÷ reporters answering)") % {"q": args[0]}
        if node.func == "first":
            return _("the first available of: %(list)s") % {"list": "; ".join(args)}
        if node.func == "min":
            return _("the smallest of: %(list)s") % {"list": "; ".join(args)}
        return _("the largest of: %(list)s") % {"list": "; ".join(args)}
    symbol = {"+": "+", "-": "−", "*": "×", "/": "÷"}[node.op]
    text = f"{describe(node.left, node.op)} {symbol} {describe(node.right, node.op + 'r')}"
    low = node.op in "+-"
    if parent_op and (
        (low and parent_op[0] in "*/neg") or (parent_op in ("-r", "/r") and node.op in "+-*/")
    ):
        return f"({text})"
    return text


def format_value(indicator: Indicator | None, value: Decimal | None) -> str:
    if value is None:
        return "–"
    measure = indicator.measure if indicator is not None else MeasureUnit.COUNT
    if measure == MeasureUnit.PERCENT:
        return number_format(value, 1) + "%"
    if measure == MeasureUnit.POINTS:
        sign = "+" if value > 0 else ""
        return _("%(v)s points") % {"v": sign + number_format(value, 1)}
    if measure == MeasureUnit.COUNT and value == value.to_integral_value():
        return number_format(value, 0)
    return number_format(value, 1)


# ---- links ------------------------------------------------------------------------------


def links_of(target) -> list[TargetIndicator]:
    """The target's stored links; when none are stored (a plan edited since linking, or
    never linked), the links its wording gives, unsaved, with `wording_milestone_ids`."""
    stored = list(
        TargetIndicator.objects.filter(target=target)
        .select_related("indicator")
        .prefetch_related("milestones")
        .order_by("order", "pk")
    )
    if stored:
        for link in stored:
            ids = [m.pk for m in link.milestones.all()]
            link.measured_milestone_ids = ids  # type: ignore[attr-defined]
        return stored
    milestones = list(target.milestones.all().order_by("year", "pk"))
    plan = catalogue.plan_links(target.text, [(m.year, m.value) for m in milestones])
    out = []
    for order, (code, indices) in enumerate(plan.links.items()):
        indicator = indicator_for_code(code)
        if indicator is None:
            continue
        link = TargetIndicator(target=target, indicator=indicator, order=order)
        link.measured_milestone_ids = (  # type: ignore[attr-defined]
            [milestones[i].pk for i in indices] if indices is not None else []
        )
        out.append(link)
    return out


# ---- progress ---------------------------------------------------------------------------


def _effective_year(milestone, plan, year: int) -> int:
    if milestone.year:
        return milestone.year
    y = year
    if plan.period_end and y > plan.period_end:
        y = plan.period_end
    if plan.period_start and y < plan.period_start:
        y = plan.period_start
    return y


def _direction(indicator: Indicator, milestone) -> str:
    comparison = (getattr(milestone, "comparison", "") or "").strip().lower()
    if comparison in ("<=", "<", "decrease", "≤"):
        return Direction.DECREASE
    if comparison in ("increase", ">=", ">", "≥") and indicator.direction == Direction.DECREASE:
        return Direction.INCREASE
    return indicator.direction


def _tolerance(link: TargetIndicator) -> Decimal | None:
    if link.tolerance is not None:
        return link.tolerance
    return link.indicator.tolerance


def _is_change(indicator: Indicator) -> bool:
    try:
        node = parse(indicator.formula)
    except ValueError:
        return False
    return any(r.namespace == "baseline" for r in refs(node))


def _baseline_year(link: TargetIndicator, milestones) -> int | None:
    if link.baseline_year:
        return link.baseline_year
    for m in milestones:
        if m.baseline_year:
            return m.baseline_year
    return link.indicator.baseline_year


def _series_years(plan, year: int) -> list[int]:
    start = min(FIRST_YEAR, plan.period_start or FIRST_YEAR)
    end = min(year, max(LAST_YEAR, plan.period_end or LAST_YEAR))
    return list(range(start, end + 1)) if end >= start else [year]


def _latest(series: dict[int, Any], up_to: int):
    for y in sorted(series, reverse=True):
        if y <= up_to and series[y].value is not None:
            return y, series[y]
    return None, None


def _link_progress(target, link: TargetIndicator, area, year: int, all_milestones) -> Any:
    from binhdang.indicators.selectors import Baseline, MilestoneStatus, TargetProgress

    plan = target.plan
    indicator = link.indicator
    ids = getattr(link, "measured_milestone_ids", [])
    milestones = [m for m in all_milestones if not ids or m.pk in ids]
    by = _baseline_year(link, milestones)
    years = _series_years(plan, year)
    wanted = sorted(set(years) | ({by} if by else set()))
    computed = values(
        indicator=indicator,
        years=wanted,
        unit=area,
        baseline_year=by,
        baseline_value=link.baseline_value if _is_change(indicator) else None,
    )
    series = [(y, computed[y]) for y in years]
    series_map = dict(computed)
    # The trajectory's starting point.
    if _is_change(indicator):
        baseline = Baseline(Decimal(0), by, "computed") if by else Baseline(None, None, "")
        at_base = series_map.get(by) if by else None
        if link.baseline_value is not None:
            baseline.level, baseline.source = link.baseline_value, "entered"
        elif at_base is not None:
            baseline.level = next((s.value for s in at_base.sources if s.key != "baseline"), None)
    elif link.baseline_value is not None:
        baseline = Baseline(link.baseline_value, link.baseline_year or by, "entered")
    elif by and series_map.get(by) is not None and series_map[by].value is not None:
        baseline = Baseline(series_map[by].value, by, "computed")
    else:
        first = next(((y, v) for y, v in sorted(series_map.items()) if v.value is not None), None)
        baseline = (
            Baseline(first[1].value, first[0], "first_data") if first else Baseline(None, None, "")
        )
    statuses = []
    for m in milestones:
        eff = _effective_year(m, plan, year)
        actual_year, actual = _latest(series_map, min(eff, year))
        result = milestone_status(
            actual=actual.value if actual else None,
            year=actual_year or min(eff, year),
            target=m.value,
            target_max=m.value_max,
            target_year=eff,
            baseline=baseline.value,
            baseline_year=baseline.year,
            direction=_direction(indicator, m),
            tolerance=_tolerance(link),
            is_percent=indicator.measure == MeasureUnit.PERCENT,
        )
        statuses.append(
            MilestoneStatus(
                milestone=m,
                indicator=indicator,
                year=m.year,
                target_value=m.value,
                target_max=m.value_max,
                actual=actual.value if actual else None,
                actual_year=actual_year,
                expected=_q(result.expected),
                status=result.status,
            )
        )
        statuses[-1].effective_year = eff  # type: ignore[attr-defined]
    current = series_map.get(year) or values(indicator=indicator, years=[year], unit=area)[year]
    return TargetProgress(
        target=target,
        indicator=indicator,
        link=link,
        unit=area,
        year=year,
        baseline=baseline,
        series=series,
        current=current,
        milestones=statuses,
    )


def _next(statuses, year: int):
    if not statuses:
        return None
    ahead = [s for s in statuses if s.effective_year >= year]
    pool = ahead or statuses
    key = (lambda s: s.effective_year) if ahead else (lambda s: -s.effective_year)
    return sorted(pool, key=key)[0]


def default_area(target, unit, user):
    """The plan's area, or the user's own unit when the plan's area is wider than the
    user's scope (a commune's people looking at the province's plan)."""
    if unit is not None:
        return unit
    area = target.plan.unit
    if user is None:
        return area
    if user_sees_area(user, area):
        return area
    agency = getattr(user, "agency", None)
    return agency.unit if agency is not None and agency.unit is not None else area


def user_sees_area(user, unit) -> bool:
    """Whether the unit lies in the user's scope — its own subtree, not the ancestors a
    scope shows for context (a ward's people do not read the city's totals)."""
    from dataclasses import replace

    from binhdang.accounts.scope import scope_for

    scope = scope_for(user)
    if scope.everything:
        return True
    return replace(scope, ancestor_ids=()).contains_unit(unit)


def target_progress(
    *,
    target,
    unit=None,
    year: int,
    user=None,
    stamps: dict[str, int] | None = None,
    summary: bool = False,
) -> Any:
    """The target's progress over the area (the plan's, or the user's own unit when the
    plan's area is wider than the user's scope), from the cache when nothing it reads has
    changed since it was computed (`freshness.py`; `stamps`: the data versions, when the
    caller read them once for many targets; `summary`: without sources and missing lists,
    for the leader's page)."""
    from binhdang.indicators import freshness

    area = default_area(target, unit, user)
    return freshness.cached(
        target,
        area,
        year,
        lambda: _target_progress(target, area, year),
        stamps=stamps,
        summary=summary,
    )


def _target_progress(target, area, year: int) -> Any:
    from binhdang.indicators.selectors import TargetProgress

    links = links_of(target)
    milestones = list(target.milestones.all().order_by("year", "pk"))
    if not links:
        from binhdang.indicators.selectors import MilestoneStatus

        return TargetProgress(
            target=target,
            indicator=None,
            link=None,
            unit=area,
            year=year,
            milestones=[
                MilestoneStatus(
                    m, None, m.year, m.value, m.value_max, None, None, None, Status.NO_DATA
                )
                for m in milestones
            ],
            note=_("No indicator measures this target yet."),
        )
    parts = [_link_progress(target, link, area, year, milestones) for link in links]
    every = [s for part in parts for s in part.milestones]
    nxt = _next(every, year)
    if nxt is not None:
        nxt.is_next = True
    primary = next((part for part in parts if nxt in part.milestones), parts[0])
    every.sort(key=lambda s: (s.effective_year, s.milestone.pk))
    return TargetProgress(
        target=target,
        indicator=primary.indicator,
        link=primary.link,
        unit=area,
        year=year,
        baseline=primary.baseline,
        series=primary.series,
        current=primary.current,
        milestones=every,
        next_milestone=nxt,
        parts=parts if len(parts) > 1 else [],
        note=primary.current.note if primary.current else "",
    )


def _row_status(progress, value, row_baseline: Decimal | None) -> tuple[str, Decimal | None]:
    nxt = progress.next_milestone
    if nxt is None or progress.indicator is None:
        return Status.NO_DATA, None
    link = progress.link
    baseline = progress.baseline
    result = milestone_status(
        actual=value.value,
        year=progress.year,
        target=nxt.target_value,
        target_max=nxt.target_max,
        target_year=nxt.effective_year,
        baseline=row_baseline
        if baseline and baseline.source == "computed"
        else (baseline.value if baseline and baseline.source == "entered" else None),
        baseline_year=baseline.year if baseline else None,
        direction=_direction(progress.indicator, nxt.milestone),
        tolerance=_tolerance(link),
        is_percent=progress.indicator.measure == MeasureUnit.PERCENT,
    )
    return result.status, _q(result.expected)


def progress_by_unit(*, target, year: int, unit=None, user=None) -> list:
    from binhdang.indicators.selectors import UnitProgress

    progress = target_progress(target=target, unit=unit, year=year, user=user)
    area = progress.unit
    if progress.indicator is None:
        return []
    link = progress.link
    by = progress.baseline.year if progress.baseline else None
    is_change = _is_change(progress.indicator)
    buckets = UnitBuckets(area)
    if area is not None and not buckets.children:
        res = compute(
            indicator=progress.indicator,
            years=[year],
            unit=area,
            baseline_year=by,
            baseline_value=link.baseline_value if is_change else None,
        )
        value = res[(year, ALL)]
        status, expected = _row_status(progress, value, _row_baseline(progress, area, is_change))
        return [UnitProgress(area, area.name, False, value, status, expected)]
    keys = [buckets.level_key] + [c.pk for c in buckets.children]
    own_baseline = (
        by is not None
        and not is_change
        and progress.baseline is not None
        and progress.baseline.source == "computed"
    )
    years = sorted({year, by}) if own_baseline and by is not None else [year]
    res = compute(
        indicator=progress.indicator,
        years=years,
        unit=area,
        buckets=buckets,
        keys=keys,
        baseline_year=by,
        baseline_value=link.baseline_value if is_change else None,
    )
    rows = []
    for key in keys:
        value = res[(year, key)]
        child = buckets.unit_of_key(key)
        if child is None:
            if not value.has_data and not value.expected:
                continue  # no departments' figures at this level
            label = (
                _("%(unit)s – its own agencies") % {"unit": area.name}
                if area is not None
                else _("National bodies")
            )
        else:
            label = child.name
        row_baseline = None
        if is_change:
            row_baseline = Decimal(0)
        elif own_baseline and by is not None:
            row_baseline = res[(by, key)].value
        status, expected = _row_status(progress, value, row_baseline)
        rows.append(
            UnitProgress(
                child if child is not None else area, label, child is None, value, status, expected
            )
        )
    return rows


def _row_baseline(progress, area, is_change: bool) -> Decimal | None:
    if is_change:
        return Decimal(0)
    if progress.baseline and progress.baseline.source == "computed":
        return progress.baseline.value
    return None


def progress_by_agency(*, target, year: int, unit=None, user=None) -> list:
    from binhdang.agencies.models import Agency
    from binhdang.indicators.selectors import AgencyProgress

    progress = target_progress(target=target, unit=unit, year=year, user=user)
    if progress.indicator is None:
        return []
    area = progress.unit
    p = _prepare(
        progress.indicator,
        [year],
        area,
        AgencyBuckets(),
        baseline_value=progress.link.baseline_value if _is_change(progress.indicator) else None,
    )
    p_keys = _agency_keys(p, year)
    res = {(year, key): _compute(p, year, key, area) for key in p_keys}
    names = {
        a["pk"]: a
        for a in Agency.objects.filter(pk__in=p_keys).values(
            "pk", "full_name", "unit__name", "unit__path"
        )
    }
    rows = []
    for key in p_keys:
        value = res[(year, key)]
        status, expected = _row_status(progress, value, None)
        info = names.get(key, {})
        rows.append(
            AgencyProgress(
                agency_id=key,
                agency=info.get("full_name", ""),
                unit=info.get("unit__name") or "",
                value=value,
                status=status,
                reported=not value.missing_detail and value.has_data,
                expected=expected,
            )
        )
    rows.sort(key=lambda r: (names.get(r.agency_id, {}).get("unit__path") or "", r.agency))
    return rows


def _agency_keys(p: _Prepared, year: int) -> list[int]:
    """Agencies that owe or gave a figure of the indicator, or organised its events."""
    keys: set[int] = set()
    keys |= {r.agency_id for r in p.expected.rows if r.year == year}
    keys |= {a for (y, a, _c) in p.reported.figures if y == year}
    if p.events is not None:
        for rows in p.events.rows.values():
            keys |= {r.key for r in rows if r.year == year and r.key is not None}
    return sorted(keys)


# ---- explanation ------------------------------------------------------------------------


def explain(*, target, year: int, unit=None, user=None) -> Any:
    from binhdang.indicators.selectors import Explanation

    progress = target_progress(target=target, unit=unit, year=year, user=user)
    indicator = progress.indicator
    if indicator is None:
        return Explanation(
            target=target,
            indicator=None,
            year=year,
            unit=progress.unit,
            formula="",
            formula_words="",
            steps=[],
            value=None,
            rows=[],
            missing=[],
            notes=[_("No indicator measures this target yet.")],
        )
    value = progress.current
    if value is None or value.year != year:
        value = values(indicator=indicator, years=[year], unit=progress.unit)[year]
    used = indicator.fallback_formula if value.used_fallback else indicator.formula
    node = parse(used)
    steps = []
    if value.used_fallback:
        steps.append(
            _("The formula %(f)s gave no value; the fallback formula was used.")
            % {"f": indicator.formula}
        )
    if value.numerator is not None:
        steps.append(
            _("Numerator: %(what)s = %(v)s.")
            % {"what": indicator.numerator_text or "–", "v": _fmt(value.numerator)}
        )
    if value.denominator is not None:
        steps.append(
            _("Denominator: %(what)s = %(v)s.")
            % {"what": indicator.denominator_text or "–", "v": _fmt(value.denominator)}
        )
    if indicator.unit_aggregation == UnitAggregation.RATIO and value.expected:
        steps.append(
            _(
                "Summed over the %(n)s reporters that gave every figure needed, of the "
                "%(e)s that owe them; the share is recomputed from the sums, not averaged."
            )
            % {"n": value.reporters, "e": value.expected}
        )
    steps.append(
        _("Value: %(v)s.") % {"v": format_value(indicator, value.value)}
        if value.value is not None
        else _("No value: a source has no data for this year and area.")
    )
    notes = [indicator.definition_text] if indicator.definition_text else []
    if value.note:
        notes.append(value.note)
    agencies = [m for m in value.missing_detail if m.reason != "no_events"]
    silent = [m for m in value.missing_detail if m.reason == "no_events"]
    if agencies:
        notes.append(
            _("%(n)s reporters did not give their figures; they are left out, not counted as zero.")
            % {"n": len(agencies)}
        )
    if silent:
        notes.append(
            _("%(n)s units logged nothing of what is counted here in the year.")
            % {"n": len(silent)}
        )
    return Explanation(
        target=target,
        indicator=indicator,
        year=year,
        unit=progress.unit,
        formula=used,
        formula_words=describe(node),
        steps=steps,
        value=value,
        rows=value.sources,
        missing=value.missing_detail,
        notes=notes,
    )


# ---- dashboard --------------------------------------------------------------------------


def leader_dashboard(*, user, year: int) -> Any:
    from dataclasses import replace

    from binhdang.accounts.scope import scope_for
    from binhdang.indicators import freshness
    from binhdang.indicators.selectors import Dashboard, DashboardPlan, DashboardRound
    from binhdang.plans.choices import PlanKind, PlanStatus
    from binhdang.plans.models import Plan
    from binhdang.reporting.models import ReportRound
    from binhdang.reporting.selectors import round_completeness

    plans = list(
        Plan.objects.visible_to(user)
        .filter(status=PlanStatus.ACTIVE)
        .select_related("unit")
        .prefetch_related("targets")
        .order_by("-issued_date", "-pk")
    )
    plans.sort(key=lambda p: 0 if p.kind == PlanKind.PROGRAMME else 1)
    out_plans = []
    stamps = freshness.versions()
    for plan in plans:
        targets = [
            target_progress(target=t, unit=None, year=year, user=user, stamps=stamps, summary=True)
            for t in plan.targets.all()
        ]
        if targets:
            area = targets[0].unit
            version = (
                freshness.progress_key(f"plan{plan.pk}", area, year, stamps)
                if freshness.enabled()
                else ""
            )
            out_plans.append(DashboardPlan(plan=plan, targets=targets, version=version))
    scope = scope_for(user)
    strict = replace(scope, ancestor_ids=())
    rounds = []
    for rnd in (
        ReportRound.objects.visible_to(user)
        .filter(year=year, closed_at__isnull=True)
        .select_related("plan")
        .order_by("deadline", "pk")
    ):
        completeness = round_completeness(round=rnd)
        rows = completeness.rows
        if not scope.everything:
            from binhdang.geo.models import AdministrativeUnit

            allowed = set(
                AdministrativeUnit.objects.filter(
                    strict.unit_q(), pk__in={r.unit_id for r in rows if r.unit_id}
                ).values_list("pk", flat=True)
            )
            rows = [r for r in rows if r.unit_id in allowed or r.agency_id == user.agency_id]
        rounds.append(
            DashboardRound(
                round=rnd,
                expected=len(rows),
                received=sum(1 for r in rows if r.timeliness in ("on_time", "late")),
                late=[r for r in rows if r.timeliness == "late"],
                missing=[r for r in rows if r.timeliness in ("missing", "pending")],
            )
        )
    return Dashboard(user=user, year=year, plans=out_plans, rounds=rounds)
