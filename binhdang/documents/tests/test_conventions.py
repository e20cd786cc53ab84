"""The wording rules of Decree 30 (Appendix I), table-driven and without a database."""

from datetime import date

import pytest

from binhdang.documents import conventions as c
from binhdang.documents.metrics import balanced_lines, text_width_pt

GAP = "\u00a0" * 6


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2022, 3, 5), "ngày 05 tháng 3 năm 2022"),
        (date(2019, 1, 28), "ngày 28 tháng 01 năm 2019"),
        (date(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),  # the decree's own example
        (date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),  # the decree's own example
        (date(2024, 2, 9), "ngày 09 tháng 02 năm 2024"),
        (date(2023, 12, 10), "ngày 10 tháng 12 năm 2023"),
        (date(2023, 10, 1), "ngày 01 tháng 10 năm 2023"),
        (date(2023, 11, 30), "ngày 30 tháng 11 năm 2023"),
    ],
)
def test_long_date_pads_days_below_10_and_only_january_and_february(day, expected):
    assert c.long_date(day) == expected


def test_month_padding_table():
    assert [c.month_text(m) for m in range(1, 13)] == [
        "01", "02", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
    ]  # fmt: skip


def test_date_line():
    assert c.date_line("Hải Phòng", date(2022, 3, 5)) == "Hải Phòng, ngày 05 tháng 3 năm 2022"
    assert c.date_line("Hà Nội", date(2020, 1, 5)) == "Hà Nội, ngày 05 tháng 01 năm 2020"


def test_date_line_before_the_office_dates_it_has_gaps_and_no_invented_date():
    line = c.date_line("Hải Phòng", None)
    assert line == f"Hải Phòng, ngày{GAP}tháng{GAP}năm{GAP}"
    assert not any(ch.isdigit() for ch in line)
    assert c.date_line("", None).startswith("…, ngày")


@pytest.mark.parametrize(
    ("number", "symbol", "expected"),
    [
        (5, "KH-UBND", "Số: 05/KH-UBND"),
        ("15", "QĐ-BNV", "Số: 15/QĐ-BNV"),
        ("262", "KH-SLĐTBXH", "Số: 262/KH-SLĐTBXH"),
        ("", "KH-UBND", f"Số:{GAP}/KH-UBND"),
        (None, "KH-…", f"Số:{GAP}/KH-…"),
    ],
)
def test_number_line(number, symbol, expected):
    assert c.number_line(number, symbol) == expected


@pytest.mark.parametrize(
    ("doc_number", "expected"),
    [
        ("262/KH-SLĐTBXH", ("262", "KH-SLĐTBXH")),
        ("Số: 05/KH-UBND", ("05", "KH-UBND")),
        ("183 / KH-UBND", ("183", "KH-UBND")),
        ("/KH-UBND", ("", "KH-UBND")),
        ("", ("", "")),
        ("không số", ("", "")),
    ],
)
def test_split_doc_number(doc_number, expected):
    assert c.split_doc_number(doc_number) == expected


def test_symbol_leaves_an_unknown_issuer_blank():
    assert c.symbol("KH", "UBND") == "KH-UBND"
    assert c.symbol("BC", "") == "BC-…"


@pytest.mark.parametrize(
    ("unit_name", "place"),
    [
        ("Thành phố Hải Phòng", "Hải Phòng"),
        ("thành phố Hải Phòng", "Hải Phòng"),
        ("Tỉnh Bắc Giang", "Bắc Giang"),
        ("Phường Thành Đông", "Thành Đông"),
        ("Xã Tân Lập", "Tân Lập"),
        ("Đặc khu Phú Quốc", "Phú Quốc"),
        ("Phường 4", "Phường 4"),  # a number keeps the full name
        ("Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"),  # named after a person
        ("Hà Nội", "Hà Nội"),
    ],
)
def test_place_for_date_line(unit_name, place):
    assert c.place_for_date_line(unit_name) == place


def test_names():
    assert c.upper("Ủy ban nhân dân thành phố Đà Nẵng") == "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG"
    assert c.abbreviate_common("Ủy ban nhân dân thành phố Cần Thơ") == "UBND thành phố Cần Thơ"
    assert c.abbreviate_common("Hội đồng nhân dân tỉnh Nghệ An") == "HĐND tỉnh Nghệ An"
    assert c.abbreviate_common("Sở Nội vụ") == "Sở Nội vụ"
    assert c.collective_lines("Ủy ban nhân dân thành phố Hải Phòng") == (
        "Ủy ban nhân dân",
        "thành phố Hải Phòng",
    )
    assert c.collective_lines("Sở Y tế") == ("Sở Y tế",)


def test_roman_and_point_letters():
    assert [c.roman(n) for n in (1, 2, 3, 4, 5, 9, 14, 40)] == [
        "I", "II", "III", "IV", "V", "IX", "XIV", "XL",
    ]  # fmt: skip
    assert [c.point_letter(i) for i in range(7)] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert c.point_letter(23) == "aa"
    with pytest.raises(ValueError, match="Roman"):
        c.roman(0)


def test_lists_and_endings():
    assert c.listed(["Bộ Nội vụ", "Bộ Tài chính;", "Bộ Y tế."]) == [
        "- Bộ Nội vụ;",
        "- Bộ Tài chính;",
        "- Bộ Y tế.",
    ]
    assert c.recipients_list(["Sở Tài chính", "sở tài chính;", "các cơ quan thông tin"]) == [
        "- Sở Tài chính;",
        "- Các cơ quan thông tin;",
        "- Lưu: VT.",
    ]
    assert c.end_of_text("theo quy định.") == "theo quy định./."
    assert c.end_of_text("hằng năm;") == "hằng năm./."
    assert c.end_of_text("giải quyết./.") == "giải quyết./."


def test_signature_by_kind_of_body():
    assert c.signature_lines("peoples_committee") == (
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    )
    assert c.signature_lines("department", "Sở Nội vụ") == ("GIÁM ĐỐC",)
    assert c.signature_lines("mass_organisation", "Hội Liên hiệp Phụ nữ") == ("…",)


def test_filenames():
    name = c.document_filename("KH", "262", "KH-SLĐTBXH", date(2019, 1, 28))
    assert name == "KH-262-SLĐTBXH-2019.docx"
    assert c.ascii_filename(name) == "KH-262-SLDTBXH-2019.docx"
    assert c.document_filename("KH", "5", "KH-UBND", None) == "KH-05-UBND.docx"
    draft = c.document_filename("KH", "", "KH-UBND", None, fallback="12")
    assert draft == "KH-dự-thảo-12.docx"
    assert c.ascii_filename(draft) == "KH-du-thao-12.docx"


def test_attachment_note():
    assert c.attachment_note(
        "Báo cáo", 12, "BC-UBND", date(2022, 3, 5), "Ủy ban nhân dân tỉnh Bắc Ninh"
    ) == (
        "(Kèm theo Báo cáo số 12/BC-UBND ngày 05 tháng 3 năm 2022 "
        "của Ủy ban nhân dân tỉnh Bắc Ninh)"
    )
    assert c.attachment_note("Báo cáo", None, "BC-UBND", None) == (
        "(Kèm theo Báo cáo số …/BC-UBND ngày … tháng … năm …)"
    )


def test_text_width_follows_times_metrics():
    # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in 13 pt bold is about 9.6 cm wide
    width_cm = text_width_pt(c.NATIONAL_NAME, 13, bold=True) / 72 * 2.54
    assert 9.0 < width_cm < 10.0
    assert text_width_pt("Độc lập", 14, bold=True) > text_width_pt("Độc lập", 14)
    assert text_width_pt("ĐỘC", 13) == text_width_pt("DOC", 13)


def test_balanced_lines():
    text = "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    assert balanced_lines(text, 1000, 13, bold=True) == [text]
    lines = balanced_lines(text, 170, 13, bold=True)
    assert lines == ["SỞ LAO ĐỘNG -", "THƯƠNG BINH VÀ XÃ HỘI"]  # after the dash
    assert all(text_width_pt(x, 13, bold=True) <= 170 for x in lines)
    assert balanced_lines("", 100, 13) == []
    assert balanced_lines("ABCDEFGHIJKLMNOP", 10, 13) == ["ABCDEFGHIJKLMNOP"]


def test_lines_break_where_they_read_well():
    title = "Thực hiện Chương trình hành động quốc gia về bình đẳng giới của thành phố Cần Thơ"
    lines = balanced_lines(title, 430, 14, bold=True)
    assert lines == [
        "Thực hiện Chương trình hành động quốc gia",
        "về bình đẳng giới của thành phố Cần Thơ",
    ]
    assert balanced_lines("UBND THÀNH PHỐ HỒ CHÍ MINH", 170, 12) == [
        "UBND",
        "THÀNH PHỐ HỒ CHÍ MINH",
    ]
