"""The data the project ships or depends on: both maps and the province succession."""

import csv
from collections import Counter, defaultdict

from binhdang.geo import sources
from binhdang.geo.names import split_level
from binhdang.geo.succession import _keys, parse_note


def test_current_map_has_34_provinces_and_3321_communes_with_official_codes():
    provinces = sources.current_units()
    assert len(provinces) == 34
    communes = [c for p in provinces for c in p.children]
    assert len(communes) == 3321
    assert all(len(p.code) == 2 for p in provinces)
    assert all(len(c.code) == 5 and c.code.isdigit() for c in communes)
    assert {c.division_type for c in communes} == {"phường", "xã", "đặc khu"}
    names = {p.code: p.name for p in provinces}
    assert names["31"] == "Thành phố Hải Phòng"
    assert names["04"] == "Tỉnh Cao Bằng"  # the level word added where the data omit it


def test_legacy_file_holds_the_map_before_1_7_2025_and_says_where_it_comes_from():
    doc = sources.legacy_document()
    assert doc["source"]["package"] == "vietnam-provinces"
    assert doc["source"]["version"] == "0.6.0"
    assert doc["counts"] == {"provinces": 63, "districts": 696, "communes": 10051}
    provinces = sources.legacy_units()
    districts = [d for p in provinces for d in p.children]
    communes = [c for d in districts for c in d.children]
    assert (len(provinces), len(districts), len(communes)) == (63, 696, 10051)
    assert Counter(d.division_type for d in districts) == {
        "huyện": 509, "thành phố": 86, "thị xã": 52, "quận": 49
    }  # fmt: skip
    assert {c.division_type for c in communes} == {"phường", "xã", "thị trấn"}
    assert all(split_level(c.name)[0] == c.division_type for c in communes)


def test_province_mapping_is_complete_63_to_34():
    rows = sources.province_succession()
    assert len(rows) == 34
    current = {p.code for p in sources.current_units()}
    legacy = {p.code for p in sources.legacy_units()}
    assert {r.new_code for r in rows} == current
    olds = [code for r in rows for code in r.old_codes]
    assert len(olds) == 63
    assert Counter(olds).most_common(1)[0][1] == 1  # each old province maps to exactly one
    assert set(olds) == legacy
    by_new = {r.new_code: set(r.old_codes) for r in rows}
    assert by_new["31"] == {"31", "30"}  # Hải Phòng + Hải Dương
    assert by_new["25"] == {"25", "26", "17"}  # Phú Thọ + Vĩnh Phúc + Hòa Bình
    assert by_new["79"] == {"79", "74", "77"}  # Hồ Chí Minh + Bình Dương + Bà Rịa - Vũng Tàu
    assert by_new["01"] == {"01"}


def test_province_file_names_match_the_current_data():
    with open(sources.PROVINCE_SUCCESSION_FILE, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    names = {p.code: p.name for p in sources.current_units()}
    assert {r["new_code"]: r["new_name"] for r in rows} == names


def test_province_mapping_agrees_with_the_commune_resolutions():
    """An old commune name found in only one old province nationally must lie in one of the
    old provinces mapped to the new province whose resolution names it, and every old
    province of the mapping is confirmed by such a name."""
    where: dict[str, set[str]] = defaultdict(set)
    for p in sources.legacy_units():
        for d in p.children:
            for c in d.children:
                where[_keys(split_level(c.name)[1]).exact].add(p.code)
    mapped = {r.new_code: set(r.old_codes) for r in sources.province_succession()}
    notes = sources.commune_notes()
    agree = disagree = 0
    confirmed: dict[str, set[str]] = defaultdict(set)
    for p in sources.current_units():
        for c in p.children:
            for part in parse_note(notes.get(c.code, "")).predecessors:
                found = where.get(_keys(part.name).exact, set())
                if part.is_district or len(found) != 1:
                    continue
                (old,) = found
                if old in mapped[p.code]:
                    agree += 1
                    confirmed[p.code].add(old)
                else:  # a name missing in its own province that exists once elsewhere
                    disagree += 1
    assert agree > 5000
    assert disagree <= 10
    assert dict(confirmed) == mapped


def test_every_current_commune_has_its_resolution_note():
    notes = sources.commune_notes()
    assert len(notes) == 3321
    assert sum(1 for n in notes.values() if "UBTVQH" in n) == 3321
    # Joined by name: the two packages number Phường Thành Đông differently.
    assert "phường Cẩm Thượng" in notes["10510"]
