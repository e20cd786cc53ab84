"""The Decree 30 page layout, reopened with python-docx (no database)."""

import io
from datetime import date

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from binhdang.documents import conventions as c
from binhdang.documents import layout


def reopen(doc) -> docx.document.Document:
    return docx.Document(io.BytesIO(layout.to_bytes(doc)))


def texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def has_bottom_rule(paragraph) -> bool:
    ppr = paragraph._p.pPr
    borders = ppr.find(qn("w:pBdr")) if ppr is not None else None
    return borders is not None and borders.find(qn("w:bottom")) is not None


def test_page_setup_fonts_and_body_style():
    doc = reopen(layout.new_document(title="Kế hoạch: thử", author="Sở Nội vụ"))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.orientation == WD_ORIENT.PORTRAIT
    margins = [section.top_margin, section.bottom_margin, section.left_margin]
    assert [round(m.mm) for m in [*margins, section.right_margin]] == [20, 20, 30, 15]
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14
    pf = normal.paragraph_format
    assert pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(pf.first_line_indent.cm, 2) == 1.27
    assert pf.space_after.pt == 6
    assert pf.line_spacing == 1.0
    # no theme font can override Times New Roman
    rfonts = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert rfonts.get(qn("w:asciiTheme")) is None
    assert {rfonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    assert doc.core_properties.language == "vi-VN"
    assert doc.core_properties.author == "Sở Nội vụ"


def test_page_numbers_from_page_two_centred_in_the_header():
    doc = reopen(layout.new_document())
    section = doc.sections[0]
    assert section.different_first_page_header_footer is True
    assert section.first_page_header.paragraphs[0].text == ""
    paragraph = section.header.paragraphs[0]
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    instructions = [el.text.strip() for el in paragraph._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    assert {r.font.size.pt for r in paragraph.runs} == {14}


@pytest.mark.parametrize(
    "values",
    [
        {"margin_top_mm": 15},
        {"margin_left_mm": 25},
        {"margin_right_mm": 21},
        {"body_pt": 12},
        {"header_pt": 14},
        {"line_spacing": 2.0},
        {"first_line_indent_cm": 1.5},
        {"space_after_pt": 3},
    ],
)
def test_setup_refuses_values_outside_the_decree(values):
    with pytest.raises(ValueError, match="Decree 30"):
        layout.Setup(**values)


def test_setup_accepts_the_upper_bounds():
    setup = layout.Setup(margin_top_mm=25, margin_left_mm=35, margin_right_mm=20, body_pt=13)
    doc = reopen(layout.new_document(setup))
    assert round(doc.sections[0].left_margin.mm) == 35
    assert doc.styles["Normal"].font.size.pt == 13


def test_header_block_two_columns_without_borders():
    doc = layout.new_document()
    block = layout.HeaderBlock(
        parent="UBND thành phố Cần Thơ",
        issuer="Sở Lao động - Thương binh và Xã hội",
        number_line=c.number_line("262", "KH-SLĐTBXH"),
        date_line=c.date_line("Cần Thơ", date(2019, 1, 28)),
    )
    layout.add_header_block(doc, block)
    table = reopen(doc).tables[0]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"nil"}

    left = table.cell(0, 0)
    assert texts(left) == ["UBND THÀNH PHỐ CẦN THƠ", "SỞ LAO ĐỘNG -\nTHƯƠNG BINH VÀ XÃ HỘI"]
    parent_run, issuer_run = left.paragraphs[0].runs[0], left.paragraphs[1].runs[0]
    assert not parent_run.bold and parent_run.font.size.pt == 13
    assert issuer_run.bold and issuer_run.font.size.pt == 13
    assert has_bottom_rule(left.paragraphs[-1])

    right = table.cell(0, 1)
    assert texts(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    national, motto = right.paragraphs[0].runs[0], right.paragraphs[1].runs[0]
    assert national.bold and national.font.size.pt in (12, 13)
    assert motto.bold and motto.font.size.pt == 14
    assert has_bottom_rule(right.paragraphs[-1])

    assert table.cell(1, 0).text == "Số: 262/KH-SLĐTBXH"
    assert table.cell(1, 0).paragraphs[0].runs[0].font.size.pt == 13
    date_run = table.cell(1, 1).paragraphs[0].runs[0]
    assert date_run.text == "Cần Thơ, ngày 28 tháng 01 năm 2019"
    assert date_run.italic and date_run.font.size.pt == 14


@pytest.mark.parametrize(
    ("parent", "date_line", "expected"),
    [
        # everything at the setup's sizes except the Quốc hiệu, as the decree's model
        ("UBND thành phố Hải Phòng", "Hải Phòng, ngày 05 tháng 3 năm 2022", (13, 12, 14)),
        ("", "Hải Phòng, ngày 05 tháng 3 năm 2022", (13, 13, 14)),
        # the longest place name: smaller type, still within the decree's ranges
        (
            "UBND thành phố Hồ Chí Minh",
            "Thành phố Hồ Chí Minh, ngày 29 tháng 12 năm 2022",
            (12, 12, 13),
        ),
    ],
)
def test_header_fits_its_lines_within_the_decree_sizes(parent, date_line, expected):
    block = layout.HeaderBlock("Sở Nội vụ", "Số: 12/KH-SNV", date_line, parent=parent)
    fit = layout.fit_header(block)
    assert (fit.names_pt, fit.national_pt, fit.date_pt) == expected
    assert fit.left_pt + fit.right_pt == pytest.approx(layout.DEFAULT_SETUP.text_width_pt, abs=0.2)
    national = layout.text_width_pt(c.NATIONAL_NAME, fit.national_pt, bold=True)
    assert national + 4 <= fit.right_pt
    if expected != (12, 12, 13):
        parent_width = layout.text_width_pt(c.upper(parent), fit.names_pt)
        date_width = layout.text_width_pt(date_line, fit.date_pt)
        assert parent_width + 4 <= fit.left_pt
        assert date_width + 4 <= fit.right_pt


def test_rule_under_the_motto_is_as_long_as_the_motto():
    doc = layout.new_document()
    block = layout.HeaderBlock("Sở Y tế", "Số: 01/KH-SYT", "Hà Nội, ngày 05 tháng 01 năm 2020")
    layout.add_header_block(doc, block)
    rule = doc.tables[0].cell(0, 1).paragraphs[-1]
    cell_inner = layout.fit_header(block).right_pt - 2 * layout.HEADER_CELL_MARGIN_PT
    drawn = cell_inner - rule.paragraph_format.left_indent.pt * 2
    expected = layout.text_width_pt(c.MOTTO, 14, bold=True)
    assert abs(drawn - expected) < 1


def test_issuer_lines_for_collective_bodies_and_long_names():
    assert layout.issuer_lines("Ủy ban nhân dân thành phố Hải Phòng", 170, 13, bold=True) == [
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ HẢI PHÒNG",
    ]
    lines = layout.issuer_lines("Sở Lao động - Thương binh và Xã hội", 170, 13, bold=True)
    assert " ".join(lines) == "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    assert len(lines) == 2


def test_title_body_numbering_and_closing_mark():
    doc = layout.new_document()
    layout.add_title(doc, "Kế hoạch", "Công tác bình đẳng giới năm 2024")
    layout.add_section_heading(doc, 2, "Nhiệm vụ và giải pháp")
    layout.add_clause(doc, 1, "Truyền thông", bold=True)
    layout.add_point(doc, 4, "Hoạt động năm")
    last = layout.add_bullet(doc, "Thời gian thực hiện: Hằng năm;")
    layout.end_body(last)
    paragraphs = [p for p in reopen(doc).paragraphs if p.text]
    assert [p.text for p in paragraphs] == [
        "KẾ HOẠCH",
        "Công tác bình đẳng giới năm 2024",
        "II. NHIỆM VỤ VÀ GIẢI PHÁP",
        "1. Truyền thông",
        "đ) Hoạt động năm",
        "- Thời gian thực hiện: Hằng năm./.",
    ]
    assert all(r.bold for r in paragraphs[0].runs + paragraphs[1].runs)
    assert paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert paragraphs[2].runs[0].bold and paragraphs[3].runs[0].bold
    assert not paragraphs[4].runs[0].bold


def test_kinh_gui_one_recipient_on_one_line():
    doc = layout.new_document()
    layout.add_kinh_gui(doc, ["Bộ Nội vụ"])
    assert [p.text for p in doc.paragraphs if p.text] == ["Kính gửi: Bộ Nội vụ."]


def test_kinh_gui_several_recipients_under_the_colon():
    doc = layout.new_document()
    paragraphs = layout.add_kinh_gui(doc, ["Bộ Nội vụ", "Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"])
    assert [p.text for p in paragraphs] == [
        "Kính gửi:",
        "- Bộ Nội vụ;",
        "- Bộ Kế hoạch và Đầu tư;",
        "- Bộ Tài chính.",
    ]
    label_left = paragraphs[0].paragraph_format.left_indent.pt
    item_lefts = {round(p.paragraph_format.left_indent.pt, 1) for p in paragraphs[1:]}
    assert len(item_lefts) == 1
    assert item_lefts.pop() == round(label_left + layout.text_width_pt("Kính gửi", 14), 1)


def test_landscape_section_and_appendix_numbering():
    doc = layout.new_document()
    layout.add_text(doc, "Nội dung")
    layout.add_section(doc, landscape=True)
    layout.add_table(doc, ["STT", "Chỉ tiêu", "Kết quả"], [["1", "Tỷ lệ", "95%"]], landscape=True)
    layout.add_section(doc, restart_numbering=True, number_first_page=False)
    layout.add_appendix_heading(
        doc,
        "Số liệu tổng hợp",
        number=2,
        attached_to=c.attachment_note("Báo cáo", None, "BC-UBND", None),
    )
    reopened = reopen(doc)
    _portrait, landscape_section, appendix_section = reopened.sections
    assert landscape_section.orientation == WD_ORIENT.LANDSCAPE
    assert landscape_section.page_width > landscape_section.page_height
    assert round(landscape_section.left_margin.mm) == 30
    assert landscape_section._sectPr.find(qn("w:pgNumType")) is None
    assert landscape_section.different_first_page_header_footer is False
    assert appendix_section.orientation == WD_ORIENT.PORTRAIT
    assert appendix_section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert appendix_section.different_first_page_header_footer is True

    table = reopened.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == ["STT", "Chỉ tiêu", "Kết quả"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    headings = [p.text for p in reopened.paragraphs if p.text][-3:]
    assert headings == [
        "Phụ lục II",
        "SỐ LIỆU TỔNG HỢP",
        "(Kèm theo Báo cáo số …/BC-UBND ngày … tháng … năm …)",
    ]


def test_closing_recipients_and_signature():
    doc = layout.new_document()
    layout.add_text(doc, "Nội dung./.")
    layout.add_closing(
        doc,
        ["Sở Tài chính", "Sở Y tế"],
        layout.Signature(("TM. Ủy ban nhân dân", "KT. Chủ tịch", "Phó Chủ tịch")),
    )
    table = reopen(doc).tables[0]
    left, right = table.cell(0, 0), table.cell(0, 1)
    assert texts(left) == ["Nơi nhận:", "- Sở Tài chính;", "- Sở Y tế;", "- Lưu: VT."]
    label = left.paragraphs[0].runs[0]
    assert label.bold and label.italic and label.font.size.pt == 12
    assert {p.runs[0].font.size.pt for p in left.paragraphs[1:]} == {11}
    assert texts(right) == ["TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"]
    assert all(r.bold for r in right.paragraphs[0].runs)
    assert right.paragraphs[0].runs[0].font.size.pt == 14
    # room for the signature, then the (blank) name line
    assert len(right.paragraphs) == 1 + layout.SIGNATURE_SPACE_LINES + 1
    assert table.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
