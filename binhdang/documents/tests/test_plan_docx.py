"""A plan printed as DOCX reopens with python-docx and says what the plan holds.

The expected strings are computed here from the seed annotation (the content the plan
was created from), not from the builder's own helpers.
"""

import io
import re
from datetime import date

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from binhdang.documents.builders.plan_docx import (
    PlanDocData,
    build_plan_docx,
    plan_doc_filename,
)
from binhdang.documents.selectors import plan_doc_data, plan_document_queryset

pytestmark = pytest.mark.django_db

GAP = "\u00a0" * 6
HEADINGS = re.compile(r"^[IVX]+\. [A-ZÀ-Ỹ ,]+$")


def printed(plan) -> docx.document.Document:
    return docx.Document(io.BytesIO(build_plan_docx(plan_doc_data(plan))))


def body(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text]


def section(lines: list[str], heading: str) -> list[str]:
    """The lines under `heading` ("II. NHIỆM VỤ VÀ GIẢI PHÁP") up to the next heading."""
    start = next(i for i, line in enumerate(lines) if line.endswith(heading))
    rest = lines[start + 1 :]
    end = next((i for i, line in enumerate(rest) if HEADINGS.match(line)), len(rest))
    return rest[:end]


def test_draft_plan_of_a_peoples_committee(plan_hp, content_hp):
    """Seed 000: Hải Phòng People's Committee, not yet numbered or dated."""
    doc = printed(plan_hp)
    header, closing = doc.tables
    issuer_cell = header.cell(0, 0)
    assert [p.text for p in issuer_cell.paragraphs if p.text] == [
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG"
    ]
    assert [p.text for p in header.cell(0, 1).paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    # no number or date invented: the office fills them in at release
    assert header.cell(1, 0).text == f"Số:{GAP}/KH-UBND"
    assert header.cell(1, 1).text == f"Hải Phòng, ngày{GAP}tháng{GAP}năm{GAP}"

    lines = body(doc)
    assert lines[0] == "KẾ HOẠCH"
    assert lines[1].replace("\n", " ") == content_hp["title"]
    assert lines[2] == (
        "Thực hiện Quyết định số 1790/QĐ-TTg ngày 23 tháng 10 năm 2021 của Thủ tướng Chính "
        "phủ phê duyệt Chương trình truyền thông về bình đẳng giới đến năm 2030; Công văn số "
        "129/LĐTĐ-BHXH-BĐG, Ủy ban nhân dân thành phố Hải Phòng ban hành Kế hoạch như sau:"
    )
    assert [x for x in lines if HEADINGS.match(x)] == [
        "I. MỤC TIÊU",
        "II. NHIỆM VỤ VÀ GIẢI PHÁP",
        "III. KINH PHÍ THỰC HIỆN",
        "IV. TỔ CHỨC THỰC HIỆN",
    ]
    assert section(lines, "I. MỤC TIÊU") == [f"- {t['text']}" for t in content_hp["targets"]]

    tasks = section(lines, "II. NHIỆM VỤ VÀ GIẢI PHÁP")
    activities = [a for t in content_hp["tasks"] for a in t["activities"]]
    assert [x for x in tasks if re.match(r"^\d+\. ", x)] == [
        f"{i}. {t['title']}" for i, t in enumerate(content_hp["tasks"], start=1)
    ]
    assert len([x for x in tasks if re.match(r"^[a-zđ]\) ", x)]) == len(activities) == 21
    assert [x for x in tasks if x.startswith("- Cơ quan chủ trì: ")] == [
        "- Cơ quan chủ trì: " + "; ".join(a["lead"]) + "." for a in activities
    ]
    assert [x for x in tasks if x.startswith("- Cơ quan phối hợp: ")] == [
        "- Cơ quan phối hợp: " + "; ".join(a["partners"]) + "." for a in activities if a["partners"]
    ]
    assert [x for x in tasks if x.startswith("- Thời gian thực hiện: ")] == [
        f"- Thời gian thực hiện: {a['timing']}." for a in activities
    ]

    assert section(lines, "III. KINH PHÍ THỰC HIỆN") == [
        f"- {text}" for text in content_hp["budget_sources"]
    ]
    organisation = section(lines, "IV. TỔ CHỨC THỰC HIỆN")
    agencies = [r["agency"] for r in content_hp["responsibilities"]]
    assert organisation[: len(agencies)] == [
        f"{i}. {name}: …" for i, name in enumerate(agencies, start=1)
    ]
    # the report deadline the plan holds, and who collects it left blank (not stated)
    assert organisation[-1] == (
        "Các cơ quan, đơn vị được giao nhiệm vụ tại Kế hoạch này gửi báo cáo kết quả thực "
        "hiện về … trước ngày 10/12 hằng năm./."
    )

    recipients = [p.text for p in closing.cell(0, 0).paragraphs if p.text]
    assert recipients == ["Nơi nhận:", *[f"- {a};" for a in agencies], "- Lưu: VT."]
    signature = [p.text for p in closing.cell(0, 1).paragraphs if p.text]
    assert signature == ["TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"]


def test_page_setup_of_the_printed_plan(plan_hp):
    doc = printed(plan_hp)
    section_ = doc.sections[0]
    assert (round(section_.page_width.mm), round(section_.page_height.mm)) == (210, 297)
    assert [
        round(m.mm)
        for m in (
            section_.top_margin,
            section_.bottom_margin,
            section_.left_margin,
            section_.right_margin,
        )
    ] == [20, 20, 30, 15]
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt == 14
    assert section_.different_first_page_header_footer is True
    title = next(p for p in doc.paragraphs if p.text == "KẾ HOẠCH")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].bold and title.runs[0].font.size.pt == 14
    opening = next(p for p in doc.paragraphs if p.text.startswith("Thực hiện Quyết định"))
    assert opening.style.name == "Normal"  # justified, first-line indent, 14 pt


def test_numbered_dated_plan_of_a_department(plan_ct, content_ct):
    """Seed 004: 262/KH-SLĐTBXH of 28/01/2019, a department under the city committee."""
    doc = printed(plan_ct)
    header, closing = doc.tables
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == [
        "UBND THÀNH PHỐ CẦN THƠ",
        "SỞ LAO ĐỘNG -\nTHƯƠNG BINH VÀ XÃ HỘI",
    ]
    assert header.cell(1, 0).text == "Số: 262/KH-SLĐTBXH"
    assert header.cell(1, 1).text == "Cần Thơ, ngày 28 tháng 01 năm 2019"
    lines = body(doc)
    assert lines[1].replace("\n", " ") == content_ct["title"]
    tasks = section(lines, "II. NHIỆM VỤ VÀ GIẢI PHÁP")
    assert len([x for x in tasks if re.match(r"^\d+\. ", x)]) == len(content_ct["tasks"])
    # the annotation names no lead agencies or timing here: blanks, not guesses
    assert {x for x in tasks if x.startswith("- Cơ quan chủ trì")} == {"- Cơ quan chủ trì: …"}
    # no yearly deadline in this plan: no reporting sentence
    assert not any("gửi báo cáo kết quả" in x for x in lines)
    assert lines[-1].endswith("./.")
    signature = [p.text for p in closing.cell(0, 1).paragraphs if p.text]
    assert signature == ["GIÁM ĐỐC"]


def test_resolved_issuer_uses_its_parent_abbreviation_and_unit(plan_hp, world):
    """An issuer from the registry: its parent body, its symbol and its unit's name."""
    from binhdang.agencies.models import Agency

    committee = Agency.objects.create(
        unit=world.hp,
        kind="peoples_committee",
        catalogue_code="ubnd-tinh",
        name="Ủy ban nhân dân",
        full_name="Ủy ban nhân dân thành phố Hải Phòng",
        abbreviation="UBND",
        search_key="uy ban nhan dan",
    )
    world.noivu_hp.parent = committee
    world.noivu_hp.abbreviation = "SNV"
    world.noivu_hp.save()
    plan_hp.issuer = world.noivu_hp
    plan_hp.doc_number = "5/KH-SNV"
    plan_hp.issued_date = date(2022, 3, 5)
    plan_hp.place_text = "Hà Nội"  # the issuer's unit wins over the text
    plan_hp.save()
    data = plan_doc_data(plan_hp)
    assert data.parent_name == "Ủy ban nhân dân thành phố Hải Phòng"
    assert data.signature == ("GIÁM ĐỐC",)
    header = printed(plan_hp).tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == [
        "UBND THÀNH PHỐ HẢI PHÒNG",
        "SỞ NỘI VỤ",
    ]
    assert header.cell(1, 0).text == "Số: 05/KH-SNV"
    assert header.cell(1, 1).text == "Hải Phòng, ngày 05 tháng 3 năm 2022"


def test_commune_committee_prints_its_commune(plan_hp, world):
    plan_hp.issuer = world.ubnd_hp_a
    plan_hp.issued_date = date(2025, 12, 10)
    plan_hp.save()
    header = printed(plan_hp).tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == [
        "ỦY BAN NHÂN DÂN\nPHƯỜNG THÀNH ĐÔNG"
    ]
    assert header.cell(1, 0).text == f"Số:{GAP}/KH-UBND"  # every committee signs as UBND
    assert header.cell(1, 1).text == "Thành Đông, ngày 10 tháng 12 năm 2025"


def test_filename(plan_ct, plan_hp):
    assert plan_doc_filename(plan_doc_data(plan_ct)) == "KH-262-SLĐTBXH-2019.docx"
    assert plan_doc_filename(plan_doc_data(plan_hp)) == f"KH-dự-thảo-{plan_hp.pk}.docx"


def test_sections_without_content_are_left_out():
    data = PlanDocData(title="Công tác bình đẳng giới năm 2024", issuer_name="Sở Y tế")
    doc = docx.Document(io.BytesIO(build_plan_docx(data)))
    lines = body(doc)
    assert lines == ["KẾ HOẠCH", "Công tác bình đẳng giới năm 2024"]
    assert doc.tables[1].cell(0, 1).paragraphs[0].text == "…"


def test_document_queryset_is_scoped(plan_hp, plan_ct, world):
    visible = set(plan_document_queryset(user=world.viewer_hp).values_list("pk", flat=True))
    assert plan_hp.pk in visible
    assert plan_ct.pk not in visible
