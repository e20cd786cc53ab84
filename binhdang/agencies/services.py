"""Writes for agencies: the catalogue loader and the administrators' changes.

`catalogue_load` turns the catalogue (`catalogue.py`) into registry rows for every unit the
geo loader created. It only adds what is missing (a second run creates nothing) and never
touches rows that exist, so an administrator's edits survive a reload. Rows are written
with `simple_history.utils.bulk_create_with_history`: every agency, alias and succession
gets its "created" history record (who: the actor, or the system; why: "catalogue_load")
in the same transaction, so the detail page's history starts at the load, and the audit
log gets one `agencies.catalogue.loaded` entry with the counts rather than 8,000 entries
that would say nothing more.

The other services are the administrators' changes: keyword-only, in one transaction,
`full_clean()` before saving, a Vietnamese message for bad input (a duplicate agency or
alias) and an audit entry each.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from binhdang.agencies import catalogue as cat
from binhdang.agencies.catalogue import Entry, Era
from binhdang.agencies.choices import AgencyKind, AliasKind
from binhdang.agencies.keys import (
    compact_key,
    initials,
    name_key,
    place_name,
    province_level_word,
    unit_phrase,
)
from binhdang.agencies.models import Agency, AgencyAlias, AgencySuccession
from binhdang.core.audit import audit_log
from binhdang.core.text import clean
from binhdang.geo.choices import Generation, UnitLevel
from binhdang.geo.models import AdministrativeUnit, UnitSuccession

BATCH_SIZE = 1000
LOAD_REASON = "catalogue_load"

# Tags an administrator may give an agency: the ones the group phrases select on.
KNOWN_TAGS: tuple[str, ...] = tuple(
    sorted({tag for entry in cat.ENTRIES for tag in entry.tags} | {"media", "information"})
)

# ---------------------------------------------------------------------------------------
# The catalogue loader
# ---------------------------------------------------------------------------------------


@dataclass
class _Spec:
    """One agency the catalogue asks for."""

    unit: AdministrativeUnit | None
    entry: Entry
    era: str  # the era its validity starts in (picks its governing body)
    valid_from: date | None
    valid_to: date | None
    name: str
    full_name: str
    aliases: list[str] = field(default_factory=list)
    parent_unit: AdministrativeUnit | None = None  # where its governing body sits

    @property
    def key(self) -> tuple[int | None, str, date | None]:
        return (self.unit.pk if self.unit else None, self.entry.code, self.valid_from)


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


_Span = tuple[str, date | None, date | None, str]


def _legacy_spans(entry: Entry, code: str) -> list[_Span]:
    before = entry.exists(Era.BEFORE, code)
    interim = entry.exists(Era.INTERIM, code)
    if before and interim and entry.name_in(Era.BEFORE) == entry.name_in(Era.INTERIM):
        return [(Era.BEFORE, None, cat.LAST_DAY_OF_OLD_UNITS, entry.name_in(Era.BEFORE))]
    spans: list[_Span] = []
    if before:
        spans.append(
            (Era.BEFORE, None, cat.LAST_DAY_BEFORE_DEPARTMENTS_REFORM, entry.name_in(Era.BEFORE))
        )
    if interim:
        spans.append(
            (
                Era.INTERIM,
                cat.DEPARTMENTS_REFORM,
                cat.LAST_DAY_OF_OLD_UNITS,
                entry.name_in(Era.INTERIM),
            )
        )
    return spans


def _central_spans(entry: Entry) -> list[_Span]:
    before = Era.BEFORE in entry.eras
    after = Era.INTERIM in entry.eras or Era.CURRENT in entry.eras
    name_before, name_after = entry.name_in(Era.BEFORE), entry.name_in(Era.CURRENT)
    if before and after and name_before == name_after:
        return [(Era.BEFORE, None, None, name_before)]
    spans: list[_Span] = []
    if before:
        spans.append((Era.BEFORE, None, cat.LAST_DAY_BEFORE_DEPARTMENTS_REFORM, name_before))
    if after:
        spans.append((Era.CURRENT, cat.DEPARTMENTS_REFORM, None, name_after))
    return spans


def agency_names(entry: Entry, name: str, unit: AdministrativeUnit) -> tuple[str, str]:
    """(name, full name) of a catalogue body in a unit: ("Sở Y tế", "Sở Y tế tỉnh Bắc Giang")."""
    place = place_name(unit)
    name = name.replace("{place}", place)
    if entry.kind in (AgencyKind.PEOPLES_COMMITTEE, AgencyKind.COUNCIL):
        name = f"{name} {unit_phrase(unit)}"
        return name, name
    if entry.has_place:
        return name, name
    if "party" in entry.tags:
        committee = "Thành ủy" if province_level_word(unit) == "thành phố" else "Tỉnh ủy"
        return name, f"{name} {committee} {place}"
    return name, f"{name} {unit_phrase(unit)}"


def _aliases_for(entry: Entry, name: str, unit: AdministrativeUnit | None) -> list[str]:
    """The other names stored with one agency.

    District and commune committees keep only their own short form ("UBND phường Thành
    Đông"): the generic ones ("UBND xã") are the catalogue's, which the resolver reads from
    code, and repeating them on 4,000 committees would say nothing.
    """
    local = entry.code in ("ubnd-huyen", "ubnd-xa")
    aliases = [] if local else list(entry.aliases)
    if unit is not None:
        if entry.has_place:
            # "Báo HP", "Đài Phát thanh và Truyền hình HP", as the "Nơi nhận" lists write it.
            aliases.append(name.replace(place_name(unit), initials(place_name(unit))))
        if entry.kind == AgencyKind.PEOPLES_COMMITTEE:
            aliases.append(f"UBND {unit_phrase(unit)}")
    # One row per way of writing that the resolver tells apart: "Sở LĐ-TB&XH" and "Sở
    # LĐTBXH" are the same key, so only the first is stored (alias_add refuses the second).
    seen = {compact_key(name)}
    result = []
    for alias in aliases:
        key = compact_key(alias)
        if key and key not in seen:
            seen.add(key)
            result.append(alias)
    return result


def _depth(entry: Entry, _seen: frozenset[str] = frozenset()) -> int:
    parents = [p for p in (entry.parent, entry.parent_after) if p and p not in _seen]
    if not parents:
        return 0
    return 1 + max(_depth(cat.entries_by_code()[p], _seen | {entry.code}) for p in parents)


def _alias_kind(alias: str, name: str) -> str:
    if re.search(r"[A-ZĐ]{2,}", alias):
        return AliasKind.ABBREVIATION
    if len(alias) < len(name):
        return AliasKind.SHORT_NAME
    return AliasKind.VARIANT


def _in_force(agency: Agency, day: date | None) -> bool:
    if day is None:
        return agency.valid_from is None
    return (agency.valid_from is None or agency.valid_from <= day) and (
        agency.valid_to is None or agency.valid_to >= day
    )


class _Index:
    """The catalogue agencies by (unit id, code), existing and newly created."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[int | None, str, date | None], Agency] = {}
        self.by_unit_code: dict[tuple[int | None, str], list[Agency]] = defaultdict(list)

    def add(self, agency: Agency) -> None:
        key = (agency.unit_id, agency.catalogue_code, agency.valid_from)
        if key in self.by_key:
            return
        self.by_key[key] = agency
        self.by_unit_code[(agency.unit_id, agency.catalogue_code)].append(agency)

    def find(self, unit_id: int | None, code: str, day: date | None) -> Agency | None:
        for agency in self.by_unit_code.get((unit_id, code), ()):
            if _in_force(agency, day):
                return agency
        return None

    def ending(self, unit_id: int | None, code: str, day: date) -> list[Agency]:
        return [a for a in self.by_unit_code.get((unit_id, code), ()) if a.valid_to == day]


def _specs(legacy_provinces, current_provinces, legacy_districts, current_communes) -> list[_Spec]:
    specs: list[_Spec] = []
    province_entries = [e for e in cat.ENTRIES if e.instantiate and cat.Level.PROVINCE in e.levels]
    for unit in legacy_provinces:
        for entry in province_entries:
            for era, start, end, name in _legacy_spans(entry, unit.code):
                short, full = agency_names(entry, name, unit)
                specs.append(_Spec(unit, entry, era, start, end, short, full, parent_unit=unit))
    for unit in current_provinces:
        for entry in province_entries:
            if entry.exists(Era.CURRENT, unit.code):
                name = entry.name_in(Era.CURRENT)
                short, full = agency_names(entry, name, unit)
                specs.append(
                    _Spec(
                        unit, entry, Era.CURRENT, cat.UNITS_REFORM, None, short, full,
                        parent_unit=unit,
                    )
                )  # fmt: skip
    district_pc = cat.entry("ubnd-huyen")
    commune_pc = cat.entry("ubnd-xa")
    assert district_pc is not None and commune_pc is not None
    for unit in legacy_districts:
        short, full = agency_names(district_pc, district_pc.name, unit)
        specs.append(
            _Spec(
                unit, district_pc, Era.BEFORE, None, cat.LAST_DAY_OF_OLD_UNITS, short, full,
                parent_unit=unit.parent,
            )
        )  # fmt: skip
    for unit in current_communes:
        short, full = agency_names(commune_pc, commune_pc.name, unit)
        specs.append(
            _Spec(
                unit, commune_pc, Era.CURRENT, cat.UNITS_REFORM, None, short, full,
                parent_unit=unit.province or unit.parent,
            )
        )  # fmt: skip
    for entry in cat.ENTRIES:
        if cat.Level.CENTRAL in entry.levels and entry.instantiate:
            for era, start, end, name in _central_spans(entry):
                specs.append(_Spec(None, entry, era, start, end, name, name))
    for spec in specs:
        spec.aliases = _aliases_for(spec.entry, spec.name, spec.unit)
    return specs


def _parent_code(spec: _Spec) -> str:
    if spec.entry.code in ("ubnd-huyen", "ubnd-xa"):
        return "ubnd-tinh"
    return spec.entry.parent_in(spec.era)


def _spec_depth(spec: _Spec) -> int:
    """Governing bodies are created before the bodies under them."""
    code = _parent_code(spec)
    return 1 + _depth(cat.entries_by_code()[code]) if code else 0


@transaction.atomic
def catalogue_load(*, actor=None) -> dict[str, Any]:
    """Create the catalogue's agencies for every loaded unit; only what is missing.

    For each old province (until 30/6/2025): its bodies before the department reform (those
    abolished end on 28/2/2025) and the bodies formed on 1/3/2025, with the successions
    between them. For each current province (from 1/7/2025): its bodies, each succeeding
    the same-code bodies of the old provinces merged into it (Resolution 202/2025/QH15).
    A People's Committee for every commune of the 2025 map and every old district; the
    central bodies once.
    """
    started = time.perf_counter()
    user = _user(actor)
    units = AdministrativeUnit.objects.order_by("path")
    legacy_provinces = list(units.filter(generation=Generation.LEGACY, level=UnitLevel.PROVINCE))
    current_provinces = list(units.filter(generation=Generation.CURRENT, level=UnitLevel.PROVINCE))
    legacy_districts = list(
        units.filter(generation=Generation.LEGACY, level=UnitLevel.DISTRICT).select_related(
            "parent"
        )
    )
    current_communes = list(
        units.filter(generation=Generation.CURRENT, level=UnitLevel.COMMUNE).select_related(
            "province", "parent"
        )
    )

    index = _Index()
    existing = Agency.objects.exclude(catalogue_code="").only(
        "id", "unit_id", "catalogue_code", "valid_from", "valid_to"
    )
    for agency in existing:
        index.add(agency)
    existing_count = len(index.by_key)

    specs = _specs(legacy_provinces, current_provinces, legacy_districts, current_communes)
    created: list[tuple[Agency, _Spec]] = []
    depths = {id(spec): _spec_depth(spec) for spec in specs}
    for depth in sorted(set(depths.values())):
        batch: list[tuple[Agency, _Spec]] = []
        for spec in specs:
            if depths[id(spec)] != depth or spec.key in index.by_key:
                continue
            parent = None
            parent_code = _parent_code(spec)
            if parent_code:
                parent_unit_id = spec.parent_unit.pk if spec.parent_unit else None
                parent = index.find(parent_unit_id, parent_code, spec.valid_from) or index.find(
                    parent_unit_id, parent_code, spec.valid_to
                )
            agency = Agency(
                unit=spec.unit,
                kind=spec.entry.kind,
                catalogue_code=spec.entry.code,
                name=spec.name,
                full_name=spec.full_name,
                abbreviation=spec.entry.abbreviation,
                parent=parent,
                tags=list(spec.entry.tags),
                valid_from=spec.valid_from,
                valid_to=spec.valid_to,
                note=spec.entry.note,
                search_key=name_key(spec.name)[:300],
            )
            batch.append((agency, spec))
        saved = bulk_create_with_history(
            [a for a, _s in batch],
            Agency,
            batch_size=BATCH_SIZE,
            default_user=user,
            default_change_reason=LOAD_REASON,
        )
        for agency, (_unsaved, spec) in zip(saved, batch, strict=True):
            index.add(agency)
            created.append((agency, spec))

    aliases = [
        AgencyAlias(
            agency=agency,
            alias=alias,
            kind=_alias_kind(alias, spec.name),
            key=name_key(alias)[:300],
        )
        for agency, spec in created
        for alias in spec.aliases
    ]
    bulk_create_with_history(
        aliases,
        AgencyAlias,
        batch_size=BATCH_SIZE,
        default_user=user,
        default_change_reason=LOAD_REASON,
    )

    successions = _successions(index, legacy_provinces, current_provinces)
    bulk_create_with_history(
        successions,
        AgencySuccession,
        batch_size=BATCH_SIZE,
        default_user=user,
        default_change_reason=LOAD_REASON,
    )
    stats: dict[str, Any] = {
        "agencies": len(created),
        "aliases": len(aliases),
        "successions": len(successions),
        "existing": existing_count,
        "seconds": round(time.perf_counter() - started, 2),
    }
    if created or successions:
        audit_log(actor=actor, action="agencies.catalogue.loaded", data=stats)
    return stats


def _successions(index: _Index, legacy_provinces, current_provinces) -> list[AgencySuccession]:
    pairs = set(AgencySuccession.objects.values_list("predecessor_id", "successor_id"))
    result: list[AgencySuccession] = []

    def add(pred: Agency, succ: Agency, effective: date, functions: str, basis: str) -> None:
        if pred.pk == succ.pk or (pred.pk, succ.pk) in pairs:
            return
        pairs.add((pred.pk, succ.pk))
        result.append(
            AgencySuccession(
                predecessor=pred,
                successor=succ,
                effective_date=effective,
                functions=functions[:300],
                legal_basis=basis[:200],
            )
        )

    # 1/3/2025: inside each old province, and at the centre.
    last_day = cat.LAST_DAY_BEFORE_DEPARTMENTS_REFORM
    for unit_id in [u.pk for u in legacy_provinces] + [None]:
        for transition in cat.TRANSITIONS:
            for pred in index.ending(unit_id, transition.predecessor, last_day):
                for code in transition.successors:
                    succ = index.find(unit_id, code, transition.effective)
                    if succ is not None:
                        add(
                            pred, succ, transition.effective, transition.functions,
                            transition.legal_basis,
                        )  # fmt: skip
                        break

    # 1/7/2025: the old provinces' bodies → the same bodies of the province they joined.
    by_current: dict[int, list[AdministrativeUnit]] = defaultdict(list)
    for unit in legacy_provinces:
        if unit.province_id:
            by_current[unit.province_id].append(unit)
    by_unit: dict[int | None, list[tuple[str, list[Agency]]]] = defaultdict(list)
    for (unit_id, code), agencies in index.by_unit_code.items():
        by_unit[unit_id].append((code, agencies))
    for province in current_provinces:
        for old in by_current.get(province.pk, ()):
            for code, agencies in by_unit.get(old.pk, ()):
                for pred in agencies:
                    if pred.valid_to != cat.LAST_DAY_OF_OLD_UNITS:
                        continue
                    succ = index.find(province.pk, code, cat.UNITS_REFORM)
                    if succ is not None:
                        functions = f"toàn bộ chức năng, nhiệm vụ trên địa bàn {unit_phrase(old)}"
                        add(pred, succ, cat.UNITS_REFORM, functions, cat.LEGAL_BASIS_PROVINCES)
                        continue
                    for transition in cat.MERGER_FALLBACKS:
                        if transition.predecessor != code:
                            continue
                        for alt in transition.successors:
                            succ = index.find(province.pk, alt, cat.UNITS_REFORM)
                            if succ is not None:
                                add(
                                    pred, succ, cat.UNITS_REFORM, transition.functions,
                                    cat.LEGAL_BASIS_PROVINCES,
                                )  # fmt: skip
                                break

    # 1/7/2025: district People's Committees → the commune ones that took over their area.
    rows = UnitSuccession.objects.filter(
        predecessor__generation=Generation.LEGACY,
        predecessor__level=UnitLevel.COMMUNE,
        successor__generation=Generation.CURRENT,
    ).values_list("predecessor__parent_id", "successor_id", "legal_basis")
    functions = "nhiệm vụ của chính quyền cấp huyện trên địa bàn"
    for district_id, commune_id, basis in rows:
        district_pc = index.find(district_id, "ubnd-huyen", cat.LAST_DAY_OF_OLD_UNITS)
        commune_pc = index.find(commune_id, "ubnd-xa", cat.UNITS_REFORM)
        if district_pc is not None and commune_pc is not None:
            legal = cat.LEGAL_BASIS_DISTRICTS + (f"; {basis}" if basis else "")
            add(district_pc, commune_pc, cat.UNITS_REFORM, functions, legal)
    return result


# ---------------------------------------------------------------------------------------
# Administrators' changes
# ---------------------------------------------------------------------------------------

EDITABLE_FIELDS = (
    "unit",
    "kind",
    "name",
    "full_name",
    "abbreviation",
    "catalogue_code",
    "parent",
    "tags",
    "valid_from",
    "valid_to",
    "note",
)


def _d(day: date | None) -> str:
    """Dates as Vietnamese documents write them: 28/02/2025."""
    return day.strftime("%d/%m/%Y") if day else "…"


def _period_text(valid_from: date | None, valid_to: date | None) -> str:
    return f"{_d(valid_from)} – {_d(valid_to)}"


def _overlaps(a_from, a_to, b_from, b_to) -> bool:
    return (a_from is None or b_to is None or b_to >= a_from) and (
        a_to is None or b_from is None or b_from <= a_to
    )


def _same_unit(qs, unit):
    return qs.filter(unit__isnull=True) if unit is None else qs.filter(unit=unit)


def _check_no_duplicate(agency: Agency) -> None:
    """Same canonical name, same unit, overlapping period → a clear, translated error."""
    others = _same_unit(Agency.objects.filter(search_key=agency.search_key), agency.unit)
    if agency.pk:
        others = others.exclude(pk=agency.pk)
    for other in others:
        if _overlaps(agency.valid_from, agency.valid_to, other.valid_from, other.valid_to):
            raise ValidationError(
                {
                    "name": _(
                        "“%(name)s” already exists in %(unit)s for this period "
                        "(%(period)s): open that agency instead of creating it again."
                    )
                    % {
                        "name": agency.name,
                        "unit": agency.unit.name if agency.unit else _("the central level"),
                        "period": _period_text(other.valid_from, other.valid_to),
                    }
                },
                code="duplicate_agency",
            )


def _clean_tags(tags) -> list[str]:
    if isinstance(tags, str):
        tags = [t for t in re.split(r"[,\s]+", tags) if t]
    result = []
    for tag in tags or ():
        tag = str(tag).strip()
        if tag and tag not in result:
            result.append(tag)
    unknown = [t for t in result if t not in KNOWN_TAGS]
    if unknown:
        raise ValidationError(
            {"tags": _("Unknown group: %(tags)s.") % {"tags": ", ".join(unknown)}},
            code="unknown_tag",
        )
    return result


def _default_full_name(name: str, unit: AdministrativeUnit | None) -> str:
    if unit is None:
        return name
    phrase = unit_phrase(unit)
    if compact_key(name).endswith(compact_key(place_name(unit))):
        return name
    return f"{name} {phrase}"


def _set_history_user(obj, actor) -> None:
    user = _user(actor)
    if user is not None:
        obj._history_user = user


def _alias_conflict(agency: Agency, alias: str, *, exclude_alias_id: int | None = None) -> str:
    """A Vietnamese message when `alias` would repeat a name the agency or its unit has."""
    key = compact_key(alias)
    if not key:
        return _("Enter the other name.")
    if key == compact_key(agency.name):
        return _("“%(alias)s” is the agency's own name.") % {"alias": alias}
    own = agency.aliases.all() if agency.pk else AgencyAlias.objects.none()
    if exclude_alias_id is not None:
        own = own.exclude(pk=exclude_alias_id)
    if any(compact_key(a.alias) == key for a in own):
        return _("This agency already has the other name “%(alias)s”.") % {"alias": alias}
    neighbours = _same_unit(Agency.objects.exclude(pk=agency.pk), agency.unit).prefetch_related(
        "aliases"
    )
    for other in neighbours:
        if not _overlaps(agency.valid_from, agency.valid_to, other.valid_from, other.valid_to):
            continue
        names = [other.name, *(a.alias for a in other.aliases.all())]
        if any(compact_key(n) == key for n in names):
            return _("“%(alias)s” already names %(other)s in the same unit and period.") % {
                "alias": alias,
                "other": other.full_name,
            }
    return ""


@transaction.atomic
def agency_create(
    *,
    actor,
    unit: AdministrativeUnit | None,
    kind: str,
    name: str,
    full_name: str = "",
    abbreviation: str = "",
    catalogue_code: str = "",
    parent: Agency | None = None,
    tags=(),
    valid_from: date | None = None,
    valid_to: date | None = None,
    note: str = "",
    aliases: tuple[str, ...] | list[str] = (),
) -> Agency:
    name = clean(name)
    agency = Agency(
        unit=unit,
        kind=kind,
        name=name,
        full_name=clean(full_name) or _default_full_name(name, unit),
        abbreviation=clean(abbreviation),
        catalogue_code=clean(catalogue_code),
        parent=parent,
        tags=_clean_tags(tags),
        valid_from=valid_from,
        valid_to=valid_to,
        note=note.strip(),
        search_key=name_key(name)[:300],
    )
    _check_no_duplicate(agency)
    agency.full_clean()
    _set_history_user(agency, actor)
    agency.save()
    added = []
    for alias in aliases:
        alias = clean(alias)
        if not alias:
            continue
        problem = _alias_conflict(agency, alias)
        if problem:
            raise ValidationError({"aliases": problem}, code="duplicate_alias")
        row = AgencyAlias(
            agency=agency, alias=alias, kind=_alias_kind(alias, name), key=name_key(alias)[:300]
        )
        row.full_clean()
        _set_history_user(row, actor)
        row.save()
        added.append(alias)
    audit_log(
        actor=actor,
        action="agencies.agency.created",
        obj=agency,
        data={
            "unit": agency.unit.name if agency.unit else None,
            "kind": agency.kind,
            "valid_from": valid_from.isoformat() if valid_from else None,
            "aliases": added,
        },
    )
    return agency


def _audit_value(value):
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


@transaction.atomic
def agency_update(*, agency: Agency, actor, data: dict[str, Any]) -> Agency:
    """Change the fields given in `data` (only `EDITABLE_FIELDS`); recorded field by field."""
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    changes: dict[str, list[Any]] = {}
    for name, value in data.items():
        if name == "tags":
            value = _clean_tags(value)
        elif isinstance(value, str) and name != "note":
            value = clean(value)
        old = getattr(agency, name)
        if old != value:
            changes[name] = [_audit_value(old), _audit_value(value)]
            setattr(agency, name, value)
    if not changes:
        return agency
    if "name" in changes:
        agency.search_key = name_key(agency.name)[:300]
        if "full_name" not in data or not agency.full_name:
            agency.full_name = _default_full_name(agency.name, agency.unit)
    if not agency.full_name:
        agency.full_name = _default_full_name(agency.name, agency.unit)
    if agency.parent_id and agency.parent_id == agency.pk:
        raise ValidationError(
            {"parent": _("An agency cannot be its own governing body.")}, code="parent_loop"
        )
    _check_no_duplicate(agency)
    agency.full_clean()
    _set_history_user(agency, actor)
    agency.save()
    audit_log(actor=actor, action="agencies.agency.updated", obj=agency, data={"changes": changes})
    return agency


@transaction.atomic
def agency_end(
    *,
    agency: Agency,
    actor,
    valid_to: date,
    successor: Agency | None = None,
    functions: str = "",
    legal_basis: str = "",
) -> AgencySuccession | None:
    """End an agency on `valid_to` and, if given, record who takes over its functions."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.valid_to is not None:
        raise ValidationError(
            {
                "valid_to": _("This agency already ended on %(date)s.")
                % {"date": _d(agency.valid_to)}
            },
            code="already_ended",
        )
    if agency.valid_from and valid_to < agency.valid_from:
        raise ValidationError(
            {"valid_to": _("The end date must not be before the start date.")},
            code="valid_range",
        )
    effective = valid_to + timedelta(days=1)
    if successor is not None:
        if successor.pk == agency.pk:
            raise ValidationError(
                {"successor": _("An agency cannot succeed itself.")}, code="self_successor"
            )
        if not _in_force(successor, effective) and not (
            successor.valid_from and successor.valid_from >= effective
        ):
            raise ValidationError(
                {
                    "successor": _("%(agency)s is not in force on %(date)s.")
                    % {
                        "agency": successor.full_name,
                        "date": _d(effective),
                    }
                },
                code="successor_not_in_force",
            )
        if AgencySuccession.objects.filter(predecessor=agency, successor=successor).exists():
            raise ValidationError(
                {"successor": _("This succession is already recorded.")},
                code="duplicate_succession",
            )
    agency.valid_to = valid_to
    agency.full_clean()
    _set_history_user(agency, actor)
    agency.save()
    succession = None
    if successor is not None:
        succession = AgencySuccession(
            predecessor=agency,
            successor=successor,
            effective_date=effective,
            functions=clean(functions),
            legal_basis=clean(legal_basis),
        )
        succession.full_clean()
        _set_history_user(succession, actor)
        succession.save()
    audit_log(
        actor=actor,
        action="agencies.agency.ended",
        obj=agency,
        data={
            "valid_to": valid_to.isoformat(),
            "successor": successor.full_name if successor else None,
            "functions": clean(functions),
            "legal_basis": clean(legal_basis),
        },
    )
    return succession


@transaction.atomic
def alias_add(*, agency: Agency, alias: str, actor, kind: str = AliasKind.VARIANT) -> AgencyAlias:
    alias = clean(alias)
    problem = _alias_conflict(agency, alias)
    if problem:
        raise ValidationError({"alias": problem}, code="duplicate_alias")
    row = AgencyAlias(agency=agency, alias=alias, kind=kind, key=name_key(alias)[:300])
    row.full_clean()
    _set_history_user(row, actor)
    row.save()
    audit_log(
        actor=actor,
        action="agencies.alias.added",
        obj=agency,
        data={"alias": alias, "kind": kind},
    )
    return row


@transaction.atomic
def alias_remove(*, alias: AgencyAlias, actor) -> None:
    agency = alias.agency
    text = alias.alias
    _set_history_user(alias, actor)
    alias.delete()
    audit_log(actor=actor, action="agencies.alias.removed", obj=agency, data={"alias": text})
