"""The parser's rules one by one: agency lists, milestones, timing, references, layout."""

from __future__ import annotations

import unicodedata

import pytest

from binhdang.plans.importers import PlanImportError, parse_plan_text
from binhdang.plans.importers.agency_lists import is_open_ended, split_agency_list
from binhdang.plans.importers.normalize import paragraphs
from binhdang.plans.importers.references import find_references
from binhdang.plans.importers.targets import milestones
from binhdang.plans.importers.timing import parse_timing
from binhdang.plans.tests.corpus import Document, seeds


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
        (
            "Sở Y tế, Hội Liên hiệp phụ nữ thành phố và Ủy ban nhân dân các quận, huyện",
            ["Sở Y tế", "Hội Liên hiệp phụ nữ thành phố", "Ủy ban nhân dân các quận, huyện"],
        ),
        (
            "Các sở, ban, ngành, đoàn thể thành phố và Ủy ban nhân dân các quận, huyện.",
            ["Các sở, ban, ngành, đoàn thể thành phố", "Ủy ban nhân dân các quận, huyện"],
        ),
        ("Sở Lao động, Thương binh và Xã hội, Sở Nội vụ", ["Sở Lao động, Thương binh và Xã hội", "Sở Nội vụ"]),
        ("Sở Giáo dục và Đào tạo; Sở Khoa học và Công nghệ", ["Sở Giáo dục và Đào tạo", "Sở Khoa học và Công nghệ"]),
        ("Ủy ban nhân dân các xã, phường, thị trấn", ["Ủy ban nhân dân các xã, phường, thị trấn"]),
        ("Đài Phát thanh và Truyền hình tỉnh, Báo Bắc Ninh", ["Đài Phát thanh và Truyền hình tỉnh", "Báo Bắc Ninh"]),
        ("Đề nghị Hội Liên hiệp Phụ nữ tỉnh và Tỉnh đoàn", ["Hội Liên hiệp Phụ nữ tỉnh", "Tỉnh đoàn"]),
        ("Ban Quản lý Khu Kinh tế, các tổ chức có liên quan.", ["Ban Quản lý Khu Kinh tế", "các tổ chức có liên quan"]),
        # old tone placement and decomposed Unicode are the same names
        ("Sở Văn hoá, Thể thao và Du lịch, Uỷ ban nhân dân các huyện, thị xã, thành phố",
         ["Sở Văn hoá, Thể thao và Du lịch", "Uỷ ban nhân dân các huyện, thị xã, thành phố"]),
    ],
)  # fmt: skip
def test_split_agency_list(text: str, names: list[str]) -> None:
    assert split_agency_list(text) == names
    nfd = unicodedata.normalize("NFD", text)
    assert split_agency_list(nfd) == names


def test_open_ended_tails() -> None:
    assert is_open_ended("các tổ chức liên quan khác")
    assert is_open_ended("các cơ quan liên quan")
    assert not is_open_ended("các cơ quan thông tin trên địa bàn thành phố")
    assert not is_open_ended("Sở Tài chính")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đến năm 2025 đạt 95% và đến năm 2030 đạt 100% các hương ước",
         [(2025, 95, None, "%", None, None), (2030, 100, None, "%", None, None)]),
        ("Phấn đấu đến năm 2030 nhận thức tăng từ 10 - 15% so với năm 2025.",
         [(2030, 10, 15, "%", 2025, "increase")]),
        ("Hằng năm, người dân được truyền thông ít nhất 02 cuộc.", [(None, 2, None, "cuộc", None, ">=")]),
        ("mỗi quý có ít nhất 04 tin, bài, phóng sự truyền thông", [(None, 4, None, "tin, bài, phóng sự", None, ">=")]),
        ("Tỷ lệ nữ lãnh đạo: 30% vào năm 2027 và 35% vào năm 2030.",
         [(2027, 30, None, "%", None, None), (2030, 35, None, "%", None, None)]),
        ("Giảm 5% số vụ bạo lực so với năm 2024", [(None, 5, None, "%", 2024, "decrease")]),
        ("Tỷ lệ đạt 1,5% trở lên", [(None, 1.5, None, "%", None, None)]),
        ("100% người có nhu cầu được tiếp cận ít nhất một dịch vụ tư vấn", [(None, 100, None, "%", None, None)]),
        ("Thực hiện Nghị định 125/NĐ-CP trong năm 2025", []),
    ],
)  # fmt: skip
def test_milestones(text: str, expected: list[tuple[object, ...]]) -> None:
    got = [
        (m.year, m.value, m.value_max, m.unit, m.baseline_year, m.comparison)
        for m in milestones(text)
    ]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "kind", "years", "window"),
    [
        ("Hằng năm", "yearly", [], None),
        ("Hàng năm", "yearly", [], None),
        ("Năm 2025, 2030", "years", [2025, 2030], None),
        ("từ 15/11 đến 15/12 hằng năm", "window", [], ["15/11", "15/12"]),
        ("Từ ngày 15/11/2024 đến ngày 15/12/2024", "window", [2024], ["15/11", "15/12"]),
        ("Quý II/2026", "once", [2026], None),
        ("2026 - 2030", "yearly", [2026, 2027, 2028, 2029, 2030], None),
        ("Thường xuyên", None, [], None),
    ],
)
def test_timing(text: str, kind: str | None, years: list[int], window: list[str] | None) -> None:
    timing = parse_timing(text)
    assert timing is not None
    assert (timing.kind, timing.years, timing.window) == (kind, years, window)
    assert parse_timing("") is None


def test_references_with_dates_and_issuers() -> None:
    refs = find_references(
        "Căn cứ Quyết định số 1696/QĐ-TTg ngày 02 tháng 10 năm 2015 của Thủ tướng Chính phủ "
        "phê duyệt…; Thực hiện Công văn số 346/UBND-KGVX ngày 26/01/2018 của Ủy ban nhân dân "
        "thành phố Cần Thơ về việc…; Nghị định số 70/2008/NĐ-CP"
    )
    assert [(r.number, r.kind, r.date, r.issuer) for r in refs] == [
        ("1696/QĐ-TTg", "decision", "2015-10-02", "Thủ tướng Chính phủ"),
        ("346/UBND-KGVX", "letter", "2018-01-26", "Ủy ban nhân dân thành phố Cần Thơ"),
        ("70/2008/NĐ-CP", "decree", None, None),
    ]


def test_page_break_and_hard_wraps_are_joined() -> None:
    text = "- Cơ quan chủ trì: Sở Tư pháp.\n\n\f\nc) Hoạt động 3: Biên tập sản phẩm; truyền\n\nthông về lợi ích.\n"
    assert paragraphs(text).paragraphs == [
        "- Cơ quan chủ trì: Sở Tư pháp.",
        "c) Hoạt động 3: Biên tập sản phẩm; truyền thông về lợi ích.",
    ]


def test_web_chrome_is_dropped() -> None:
    text = "Lượt xem:\nChế độ ban đêm OFF\nCỡ chữ: A- A A+\n|\nNội dung.\nLiên kết Liên kết\nĐang truy cập: 8,782\n"
    assert paragraphs(text).paragraphs == ["Nội dung."]


@pytest.mark.parametrize("doc", seeds(), ids=lambda d: d.name)
def test_decomposed_unicode_and_old_tones_parse_the_same(doc: Document) -> None:
    text = doc.path.read_text("utf-8")
    reference = parse_plan_text(text).to_dict()
    nfd = parse_plan_text(unicodedata.normalize("NFD", text)).to_dict()
    assert nfd == reference
    crlf = parse_plan_text(text.replace("\n", "\r\n")).to_dict()
    assert crlf == reference


def test_old_tone_placement_is_read() -> None:
    text = (
        "KẾ HOẠCH\nThực hiện công tác bình đẳng giới năm 2026\n"
        "Uỷ ban nhân dân huyện Đông Hoà xây dựng Kế hoạch như sau:\n"
        "I. MỤC TIÊU\n- Đến năm 2026 đạt 100% xã có kế hoạch.\n"
        "II. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hoá và Thông tin: Chủ trì tuyên truyền.\n"
    )
    plan = parse_plan_text(text)
    assert plan.issuer == "Ủy ban nhân dân huyện Đông Hoà"
    assert plan.place == "huyện Đông Hoà"
    assert [r.agency for r in plan.responsibilities] == ["Phòng Văn hoá và Thông tin"]
    assert plan.period == [2026, 2026]


def test_text_that_is_not_a_plan_is_refused() -> None:
    with pytest.raises(PlanImportError) as err:
        parse_plan_text("Hôm nay trời đẹp. Chúng tôi đi chơi công viên và ăn kem.\nHẹn gặp lại.")
    assert err.value.code == "not_a_plan"
    assert "Kế hoạch" in err.value.message
    with pytest.raises(PlanImportError) as err:
        parse_plan_text("   \n\n ")
    assert err.value.code == "empty"


def test_unknown_values_stay_empty() -> None:
    plan = parse_plan_text(
        "KẾ HOẠCH\nTriển khai công tác bình đẳng giới\nI. NHIỆM VỤ\n1. Tuyên truyền về bình đẳng giới.\n"
    )
    data = plan.to_dict()
    for key in (
        "doc_number",
        "issued_date",
        "issuer",
        "place",
        "period",
        "report_deadline",
        "action_month",
    ):
        assert data[key] is None, key
    assert data["tasks"] == [{"title": "Tuyên truyền về bình đẳng giới.", "activities": []}]
    assert data["targets"] == [] and data["legal_bases"] == []
