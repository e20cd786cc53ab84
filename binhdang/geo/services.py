"""Writes for administrative units: loading both maps and the succession between them."""

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from django.db import transaction

from binhdang.core.audit import audit_log
from binhdang.core.text import canonical, fold
from binhdang.geo import sources
from binhdang.geo.choices import Generation, SuccessionKind, UnitLevel
from binhdang.geo.models import AdministrativeUnit, UnitSuccession
from binhdang.geo.names import match_key, short_name
from binhdang.geo.succession import (
    MatchReport,
    NewCommune,
    OldCommune,
    OldDistrict,
    match_communes,
)

REFORM_START = date(2025, 7, 1)  # the map in force since 1/7/2025
LEGACY_END = date(2025, 6, 30)  # the last day of the map before it
BATCH_SIZE = 500

_UNIT_FIELDS = (
    "code",
    "generation",
    "level",
    "division_type",
    "name",
    "short_name",
    "valid_from",
    "valid_to",
    "note",
    "search_key",
    "fold_key",
)


@dataclass
class LoadStats:
    """What `units_load` did. The `commune_succession` figures say how complete the
    old → new commune mapping is (see `succession.MatchReport.summary`)."""

    units_total: int = 0
    units_created: int = 0
    units_updated: int = 0
    successions_total: int = 0
    successions_created: int = 0
    successions_updated: int = 0
    successions_deleted: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    commune_succession: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(
            self.units_created
            or self.units_updated
            or self.successions_created
            or self.successions_updated
            or self.successions_deleted
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        cs = self.commune_succession
        return (
            f"{self.units_total} units ({self.units_created} created, "
            f"{self.units_updated} updated), {self.successions_total} successions "
            f"({self.successions_created} created, {self.successions_updated} updated, "
            f"{self.successions_deleted} removed); communes since 1/7/2025 with a "
            f"predecessor: {cs.get('new_with_predecessor', 0)}/{cs.get('new_communes', 0)}, "
            f"communes before with a successor: "
            f"{cs.get('old_with_successor', 0)}/{cs.get('old_communes', 0)}"
        )


@dataclass
class _Unit:
    path: str
    parent_path: str | None
    province_path: str | None
    values: dict[str, Any]


def _unit(
    *,
    path: str,
    code: str,
    generation: str,
    level: str,
    division_type: str,
    name: str,
    parent_path: str | None,
    province_path: str | None,
    note: str = "",
) -> _Unit:
    short, search_key, fold_key = _name_keys(name)
    current = generation == Generation.CURRENT
    return _Unit(
        path=path,
        parent_path=parent_path,
        province_path=province_path,
        values={
            "code": code,
            "generation": generation,
            "level": level,
            "division_type": division_type,
            "name": name,
            "short_name": short,
            "valid_from": REFORM_START if current else None,
            "valid_to": None if current else LEGACY_END,
            "note": note,
            "search_key": search_key,
            "fold_key": fold_key,
        },
    )


@lru_cache(maxsize=32768)
def _name_keys(name: str) -> tuple[str, str, str]:
    """(short name, search key, fold key) of an official name."""
    short = short_name(name)
    return short, canonical(short)[:300], fold(short)[:300]


def _legacy_path(*codes: str) -> str:
    return "L" + "/".join(codes)


def _desired() -> tuple[list[_Unit], dict[tuple[str, str], tuple[str, str]], MatchReport]:
    """Every unit and succession the sources describe, keyed by path."""
    notes = sources.commune_notes()
    units: list[_Unit] = []
    for p in sources.current_units():
        units.append(
            _unit(
                path=p.code,
                code=p.code,
                generation=Generation.CURRENT,
                level=UnitLevel.PROVINCE,
                division_type=p.division_type,
                name=p.name,
                parent_path=None,
                province_path=p.code,
                note=sources.PROVINCE_RESOLUTION,
            )
        )
        for c in p.children:
            units.append(
                _unit(
                    path=f"{p.code}/{c.code}",
                    code=c.code,
                    generation=Generation.CURRENT,
                    level=UnitLevel.COMMUNE,
                    division_type=c.division_type,
                    name=c.name,
                    parent_path=p.code,
                    province_path=p.code,
                    note=notes.get(c.code, ""),
                )
            )

    successor_of = {old: s.new_code for s in sources.province_succession() for old in s.old_codes}
    olds_of = {s.new_code: list(s.old_codes) for s in sources.province_succession()}
    old_communes: list[OldCommune] = []
    old_districts: list[OldDistrict] = []
    for p in sources.legacy_units():
        new = successor_of[p.code]
        ppath = _legacy_path(p.code)
        units.append(
            _unit(
                path=ppath,
                code=p.code,
                generation=Generation.LEGACY,
                level=UnitLevel.PROVINCE,
                division_type=p.division_type,
                name=p.name,
                parent_path=None,
                province_path=new,
            )
        )
        for d in p.children:
            dpath = _legacy_path(p.code, d.code)
            old_districts.append(OldDistrict(d.code, d.name, p.code))
            units.append(
                _unit(
                    path=dpath,
                    code=d.code,
                    generation=Generation.LEGACY,
                    level=UnitLevel.DISTRICT,
                    division_type=d.division_type,
                    name=d.name,
                    parent_path=ppath,
                    province_path=new,
                )
            )
            for c in d.children:
                old_communes.append(OldCommune(c.code, c.name, c.division_type, d.code, p.code))
                units.append(
                    _unit(
                        path=_legacy_path(p.code, d.code, c.code),
                        code=c.code,
                        generation=Generation.LEGACY,
                        level=UnitLevel.COMMUNE,
                        division_type=c.division_type,
                        name=c.name,
                        parent_path=dpath,
                        province_path=new,
                    )
                )

    # Successions: (predecessor path, successor path) → (kind, legal basis).
    succ: dict[tuple[str, str], tuple[str, str]] = {}
    for s in sources.province_succession():
        kind = SuccessionKind.MERGED if len(s.old_codes) > 1 else SuccessionKind.KEPT
        for old in s.old_codes:
            succ[(_legacy_path(old), s.new_code)] = (kind, sources.PROVINCE_RESOLUTION)
    for od in old_districts:
        succ[(_legacy_path(od.province_code, od.code), successor_of[od.province_code])] = (
            SuccessionKind.ABOLISHED,
            sources.DISTRICT_ABOLITION,
        )

    new_communes = [
        NewCommune(c.code, c.name, p.code, notes.get(c.code, ""))
        for p in sources.current_units()
        for c in p.children
    ]
    report = match_communes(new_communes, old_communes, old_districts, olds_of)
    new_path = {c.code: f"{c.province_code}/{c.code}" for c in new_communes}
    new_name = {c.code: c.name for c in new_communes}
    old_path = {
        c.code: _legacy_path(c.province_code, c.district_code, c.code) for c in old_communes
    }
    old_name = {c.code: c.name for c in old_communes}
    district_path = {d.code: _legacy_path(d.province_code, d.code) for d in old_districts}
    by_new: dict[str, list] = defaultdict(list)
    for link in report.links:
        by_new[link.new_code].append(link)
    for new_code, links in by_new.items():
        basis = report.legal_basis.get(new_code, "")
        whole = [lk for lk in links if not lk.partial]
        for lk in links:
            if lk.district:
                pred = district_path[lk.old_code]
                kind = SuccessionKind.RENAMED if len(links) == 1 else SuccessionKind.MERGED
            else:
                pred = old_path[lk.old_code]
                if lk.partial:
                    kind = SuccessionKind.SPLIT
                elif len(links) == 1 and len(whole) == 1:
                    same = match_key(old_name[lk.old_code]) == match_key(new_name[new_code])
                    kind = SuccessionKind.KEPT if same else SuccessionKind.RENAMED
                else:
                    kind = SuccessionKind.MERGED
            succ[(pred, new_path[new_code])] = (kind, basis[:200])
    return units, succ, report


@transaction.atomic
def units_load(*, actor=None) -> LoadStats:
    """Load (or bring up to date) both maps and their succession. Idempotent.

    Creates what is missing, updates what the sources now say differently, and removes
    old → new succession links the sources no longer give; never deletes a unit (agencies
    and plans may point at it). A second run changes nothing and writes no audit entry.
    """
    units, wanted_succ, report = _desired()
    stats = LoadStats()
    stats.sources = {
        "current": sources.current_source(),
        "legacy": sources.legacy_source(),
        "commune_notes": sources.notes_source(),
        "province_succession": sources.PROVINCE_SUCCESSION_FILE.name,
    }
    n_new = sum(1 for u in units if u.values["generation"] == Generation.CURRENT)
    stats.counts = dict(
        Counter(f"{u.values['generation']}:{u.values['level']}" for u in units).most_common()
    )
    n_old_communes = stats.counts.get(f"{Generation.LEGACY}:{UnitLevel.COMMUNE}", 0)
    n_new_communes = n_new - stats.counts.get(f"{Generation.CURRENT}:{UnitLevel.PROVINCE}", 0)
    stats.commune_succession = report.summary(n_new_communes, n_old_communes)

    _sync_units(units, stats)
    ids = dict(AdministrativeUnit.objects.values_list("path", "pk"))
    _sync_successions(wanted_succ, ids, stats)
    stats.units_total = len(units)
    stats.successions_total = len(wanted_succ)
    if stats.changed:
        audit_log(actor=actor, action="geo.units.loaded", data=stats.as_dict())
    return stats


def _sync_units(units: list[_Unit], stats: LoadStats) -> None:
    fields = ("id", "path", "parent_id", "province_id", *_UNIT_FIELDS)
    existing = {row["path"]: row for row in AdministrativeUnit.objects.values(*fields)}
    ids = {path: row["id"] for path, row in existing.items()}

    # Create level by level so that parents exist (and have ids) before their children.
    def depth(u: _Unit) -> tuple[int, int]:
        return (u.values["generation"] != Generation.CURRENT, u.path.count("/"))

    created: set[str] = set()
    missing = sorted((u for u in units if u.path not in existing), key=depth)
    for _key, group in _groups(missing, depth):
        objs = [
            AdministrativeUnit(
                path=u.path,
                parent_id=ids.get(u.parent_path) if u.parent_path else None,
                province_id=ids.get(u.province_path) if u.province_path else None,
                **u.values,
            )
            for u in group
        ]
        AdministrativeUnit.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        if any(o.pk is None for o in objs):  # a backend that does not return ids
            ids.update(
                AdministrativeUnit.objects.filter(path__in=[o.path for o in objs]).values_list(
                    "path", "pk"
                )
            )
        else:
            ids.update((o.path, o.pk) for o in objs)
        created.update(u.path for u in group)
    stats.units_created = len(created)

    # Bring every unit to what the sources say (a just-created province still needs
    # itself as its `province`).
    if created:
        existing = {row["path"]: row for row in AdministrativeUnit.objects.values(*fields)}
    to_update = []
    for u in units:
        row = existing[u.path]
        want = dict(u.values)
        want["parent_id"] = ids.get(u.parent_path) if u.parent_path else None
        want["province_id"] = ids.get(u.province_path) if u.province_path else None
        diff = {k: v for k, v in want.items() if row[k] != v}
        if diff:
            obj = AdministrativeUnit(pk=row["id"], path=u.path, **{**_row_values(row), **diff})
            to_update.append((obj, u.path in created))
    if to_update:
        AdministrativeUnit.objects.bulk_update(
            [obj for obj, _c in to_update],
            ["parent_id", "province_id", *_UNIT_FIELDS],
            batch_size=BATCH_SIZE,
        )
    stats.units_updated = sum(1 for _obj, was_created in to_update if not was_created)


def _row_values(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("parent_id", "province_id", *_UNIT_FIELDS)}


def _groups(items, key):
    out: list[tuple[Any, list]] = []
    for item in items:
        k = key(item)
        if out and out[-1][0] == k:
            out[-1][1].append(item)
        else:
            out.append((k, [item]))
    return out


def _sync_successions(
    wanted: dict[tuple[str, str], tuple[str, str]], ids: dict[str, int], stats: LoadStats
) -> None:
    want = {(ids[pred], ids[succ]): (kind, basis) for (pred, succ), (kind, basis) in wanted.items()}
    # The loader owns the links from the old map to the new one; others are left alone.
    existing = {
        (r["predecessor_id"], r["successor_id"]): r
        for r in UnitSuccession.objects.filter(
            predecessor__generation=Generation.LEGACY, successor__generation=Generation.CURRENT
        ).values("id", "predecessor_id", "successor_id", "kind", "effective_date", "legal_basis")
    }
    create = []
    update = []
    for pair, (kind, basis) in want.items():
        row = existing.get(pair)
        if row is None:
            create.append(
                UnitSuccession(
                    predecessor_id=pair[0],
                    successor_id=pair[1],
                    kind=kind,
                    effective_date=REFORM_START,
                    legal_basis=basis,
                )
            )
        elif (row["kind"], row["effective_date"], row["legal_basis"]) != (
            kind,
            REFORM_START,
            basis,
        ):
            update.append(
                UnitSuccession(
                    pk=row["id"],
                    predecessor_id=pair[0],
                    successor_id=pair[1],
                    kind=kind,
                    effective_date=REFORM_START,
                    legal_basis=basis,
                )
            )
    stale = [row["id"] for pair, row in existing.items() if pair not in want]
    if create:
        UnitSuccession.objects.bulk_create(create, batch_size=BATCH_SIZE)
    if update:
        UnitSuccession.objects.bulk_update(
            update, ["kind", "effective_date", "legal_basis"], batch_size=BATCH_SIZE
        )
    for start in range(0, len(stale), BATCH_SIZE):
        UnitSuccession.objects.filter(pk__in=stale[start : start + BATCH_SIZE]).delete()
    stats.successions_created = len(create)
    stats.successions_updated = len(update)
    stats.successions_deleted = len(stale)
