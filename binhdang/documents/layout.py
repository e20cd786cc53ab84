"""Decree 30/2020/NĐ-CP page layout over python-docx (DOMAIN.md §4, Implications F).

Pure functions: they take strings, dates and the small dataclasses below and write into a
`docx.Document`; nothing here reads the database. A builder composes them:

    doc = new_document(setup)
    add_header_block(doc, HeaderBlock(...))      # issuer | Quốc hiệu, Số | date line
    add_title(doc, "KẾ HOẠCH", "Thực hiện …")
    add_section_heading(doc, 1, "Mục tiêu"); add_bullet(doc, "…"); add_clause(doc, 1, "…")
    add_closing(doc, recipients, Signature(("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")))
    data = to_bytes(doc)

What the decree fixes and where it is done:

* A4 portrait, margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm
  (`Setup`, defaults the smallest legal values as DOMAIN.md F says);
* Times New Roman everywhere, black; body 13–14 pt, justified, first-line indent 1 or
  1.27 cm, ≥ 6 pt between paragraphs, line spacing single to 1.5 (the Normal style);
* page numbers centred in the top margin, not on page 1 (a different first page);
* the header as a borderless two-column table; rules drawn as paragraph borders sized
  from the text (`metrics.text_width_pt`);
* "Nơi nhận" (12 pt bold italic, list 11 pt) on the line of the signer's authority;
* helpers for reports: "Kính gửi", appendix headings, landscape sections for wide tables
  with their own page numbering, and a bordered data table.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from binhdang.documents import conventions as c
from binhdang.documents.metrics import balanced_lines, text_width_pt

FONT = "Times New Roman"
A4_MM = (210.0, 297.0)
NUMBER_PT = 13  # "Số:" and the symbol: 13 pt exactly
RECIPIENTS_LABEL_PT = 12  # "Nơi nhận:"
RECIPIENTS_PT = 11  # the list under it
APPENDIX_LABEL_PT = 14  # "Phụ lục I"
RULE_WIDTH_EIGHTHS = 6  # 0.75 pt
SIGNATURE_SPACE_LINES = 4  # room for the signature and the seal

Container = DocxDocument | _Cell


@dataclass(frozen=True)
class Setup:
    """Page and type sizes, each checked against the decree's range."""

    margin_top_mm: float = 20
    margin_bottom_mm: float = 20
    margin_left_mm: float = 30
    margin_right_mm: float = 15
    body_pt: float = 14
    header_pt: float = 13  # parent body, issuer, Quốc hiệu
    motto_pt: float = 14
    date_pt: float = 14
    title_pt: float = 14
    signature_pt: float = 14
    page_number_pt: float = 14
    first_line_indent_cm: float = 1.27
    space_after_pt: float = 6
    line_spacing: float = 1.0
    header_left_share: float = 0.38  # the issuer column of the header table

    def __post_init__(self) -> None:
        ranges: dict[str, tuple[float, float]] = {
            "margin_top_mm": (20, 25),
            "margin_bottom_mm": (20, 25),
            "margin_left_mm": (30, 35),
            "margin_right_mm": (15, 20),
            "body_pt": (13, 14),
            "header_pt": (12, 13),
            "motto_pt": (13, 14),
            "date_pt": (13, 14),
            "title_pt": (13, 14),
            "signature_pt": (13, 14),
            "page_number_pt": (13, 14),
            "space_after_pt": (6, 24),
            "line_spacing": (1.0, 1.5),
            "header_left_share": (0.3, 0.5),
        }
        for name, (low, high) in ranges.items():
            value = getattr(self, name)
            if not low <= value <= high:
                raise ValueError(f"{name}={value} is outside Decree 30's range {low}–{high}.")
        if self.first_line_indent_cm not in (1.0, 1.27):
            raise ValueError("The first-line indent is 1 cm or 1.27 cm (Decree 30).")

    @property
    def text_width_pt(self) -> float:
        return Mm(A4_MM[0] - self.margin_left_mm - self.margin_right_mm).pt

    @property
    def landscape_text_width_pt(self) -> float:
        return Mm(A4_MM[1] - self.margin_left_mm - self.margin_right_mm).pt


DEFAULT_SETUP = Setup()


@dataclass(frozen=True)
class HeaderBlock:
    """Boxes 1–4: issuing body (under its parent body), Quốc hiệu and Tiêu ngữ, number, date.

    Names are given as written ("Ủy ban nhân dân thành phố Hải Phòng", "UBND thành phố
    Cần Thơ"); the layout prints them in upper case and wraps them to the column.
    """

    issuer: str
    number_line: str  # "Số: 05/KH-UBND"
    date_line: str  # "Hải Phòng, ngày 05 tháng 3 năm 2022"
    parent: str = ""


@dataclass(frozen=True)
class HeaderFit:
    """Column widths and type sizes of the header, as `fit_header` chose them."""

    left_pt: float
    right_pt: float
    names_pt: float  # parent and issuer
    national_pt: float  # Quốc hiệu
    date_pt: float


@dataclass(frozen=True)
class Signature:
    """Boxes 7a–7c: authority and title lines ("TM. ỦY BAN NHÂN DÂN", …), the name."""

    lines: Sequence[str]
    name: str = ""  # blank: the office writes the signer's name


# --- low-level helpers --------------------------------------------------------------------


def _set(element: Any, tag: str, **attrs: str) -> Any:
    """Get or add child `tag` of `element` and set its w: attributes."""
    child = element.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        element.append(child)
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), value)
    return child


def _fonts(rpr: Any) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), FONT)


def _format(
    paragraph: Paragraph,
    *,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    first_line_cm: float | None = 0,
    left_pt: float | None = None,
    right_pt: float | None = None,
    before_pt: float = 0,
    after_pt: float = 0,
    single: bool = True,
    keep_with_next: bool = False,
) -> Paragraph:
    pf = paragraph.paragraph_format
    pf.alignment = align
    if first_line_cm is not None:
        pf.first_line_indent = Cm(first_line_cm)
    if left_pt is not None:
        pf.left_indent = Pt(left_pt)
    if right_pt is not None:
        pf.right_indent = Pt(right_pt)
    pf.space_before = Pt(before_pt)
    pf.space_after = Pt(after_pt)
    if single:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if keep_with_next:
        pf.keep_with_next = True
    return paragraph


def _run(
    paragraph: Paragraph,
    text: str,
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
) -> Any:
    run = paragraph.add_run(text)
    if size is not None:
        run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if italic:
        run.font.italic = True
    return run


def _lines(paragraph: Paragraph, lines: Sequence[str], *, size: float, bold: bool = False) -> None:
    """Several lines in one paragraph, separated by line breaks (single spacing)."""
    for i, line in enumerate(lines):
        run = _run(paragraph, line, size=size, bold=bold)
        if i < len(lines) - 1:
            run.add_break()


def _first_paragraph(cell: _Cell) -> Paragraph:
    return cell.paragraphs[0]


def _rule(container: Container, width_pt: float, available_pt: float) -> Paragraph:
    """A solid line `width_pt` long, centred in `available_pt`: a bordered empty paragraph."""
    width_pt = min(width_pt, available_pt)
    side = max(0.0, (available_pt - width_pt) / 2)
    paragraph = container.add_paragraph()
    _format(paragraph, left_pt=side, right_pt=side)
    pf = paragraph.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(3)
    ppr = paragraph._p.get_or_add_pPr()
    borders = _set(ppr, "w:pBdr")
    _set(
        borders,
        "w:bottom",
        val="single",
        sz=str(RULE_WIDTH_EIGHTHS),
        space="1",
        color="000000",
    )
    # the paragraph mark's own size keeps the empty line small
    rpr = _set(ppr, "w:rPr")
    _set(rpr, "w:sz", val="4")
    _set(rpr, "w:szCs", val="4")
    return paragraph


def _no_borders(table: Table) -> None:
    tblpr = table._tbl.tblPr
    borders = _set(tblpr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _set(borders, f"w:{edge}", val="nil")


def _grid(table: Table, widths_pt: Sequence[float], *, cell_margin_pt: float = 2) -> None:
    """Fixed column widths (Word reads the cells, LibreOffice the grid) and cell margins."""
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tblpr = table._tbl.tblPr
    _set(tblpr, "w:tblLayout", type="fixed")
    _set(tblpr, "w:tblW", w=str(round(sum(widths_pt) * 20)), type="dxa")
    margins = _set(tblpr, "w:tblCellMar")
    twips = str(round(cell_margin_pt * 20))
    for edge in ("left", "right"):
        _set(margins, f"w:{edge}", w=twips, type="dxa")
    for i, width in enumerate(widths_pt):
        table.columns[i].width = Pt(width)
    # cell by cell through the XML: python-docx's `column.cells` walks the whole grid
    for tr in table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths_pt, strict=False):
            tc.width = Pt(width)


def _keep_row_together(table: Table) -> None:
    for row in table.rows:
        _set(row._tr.get_or_add_trPr(), "w:cantSplit", val="1")


def _field(paragraph: Paragraph, instruction: str, *, size: float, placeholder: str = "2") -> None:
    """A Word field (PAGE, NUMPAGES…) as begin / instruction / separate / result / end runs."""

    def char(kind: str) -> None:
        run = _run(paragraph, "", size=size)
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        run._r.append(fld)

    char("begin")
    run = _run(paragraph, "", size=size)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    _run(paragraph, placeholder, size=size)
    char("end")


# --- document and sections -------------------------------------------------------------


def _styles(doc: DocxDocument, setup: Setup) -> None:
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr_default)
    _set(rpr_default, "w:lang", val="vi-VN", eastAsia="vi-VN", bidi="ar-SA")
    _set(rpr_default, "w:color", val="000000")

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(setup.body_pt)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    _fonts(normal.element.get_or_add_rPr())
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = Cm(setup.first_line_indent_cm)
    pf.space_before = Pt(0)
    pf.space_after = Pt(setup.space_after_pt)
    pf.line_spacing = setup.line_spacing
    pf.widow_control = True
    for name in ("Header", "Footer"):
        style = doc.styles[name]
        style.font.name = FONT
        _fonts(style.element.get_or_add_rPr())


def _page(section: Section, setup: Setup, *, landscape: bool = False) -> None:
    short, long = Mm(A4_MM[0]), Mm(A4_MM[1])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin = Mm(setup.margin_top_mm)
    section.bottom_margin = Mm(setup.margin_bottom_mm)
    section.left_margin = Mm(setup.margin_left_mm)
    section.right_margin = Mm(setup.margin_right_mm)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.gutter = Mm(0)


def _page_numbers(section: Section, setup: Setup) -> None:
    """Arabic page numbers centred in the top margin; none on the section's first page."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    _format(paragraph)
    _field(paragraph, "PAGE", size=setup.page_number_pt)
    section.first_page_header.is_linked_to_previous = False  # an empty first-page header


def new_document(
    setup: Setup = DEFAULT_SETUP, *, title: str = "", author: str = ""
) -> DocxDocument:
    """An empty A4 document with the decree's margins, fonts, body style and page numbers."""
    doc = Document()
    _styles(doc, setup)
    section = doc.sections[0]
    _page(section, setup)
    _page_numbers(section, setup)
    props = doc.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.language = "vi-VN"
    props.comments = ""
    return doc


def add_section(
    doc: DocxDocument,
    setup: Setup = DEFAULT_SETUP,
    *,
    landscape: bool = False,
    restart_numbering: bool = False,
    number_first_page: bool = True,
) -> Section:
    """A new page section: landscape for a wide table in the body, or an appendix.

    Appendices are numbered on their own (`restart_numbering`), starting again at 1 and,
    like the document itself, without a number on their first page
    (`number_first_page=False`). A landscape table inside the body keeps counting.
    """
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, setup, landscape=landscape)
    section.different_first_page_header_footer = not number_first_page
    sectpr = section._sectPr
    numbering = sectpr.find(qn("w:pgNumType"))
    if restart_numbering:
        _set(sectpr, "w:pgNumType", start="1")
    elif numbering is not None:
        sectpr.remove(numbering)
    return section


def to_bytes(doc: DocxDocument) -> bytes:
    stream = io.BytesIO()
    doc.save(stream)
    return stream.getvalue()


# --- header, title -------------------------------------------------------------------------


def issuer_lines(name: str, column_pt: float, size_pt: float, *, bold: bool) -> list[str]:
    """The upper-case lines of a body's name for the header's left column.

    A collective body without a parent prints its kind and its place on two lines ("ỦY BAN
    NHÂN DÂN" / "THÀNH PHỐ HẢI PHÒNG"); other names are wrapped into balanced lines.
    """
    lines: list[str] = []
    for part in c.collective_lines(name):
        lines.extend(balanced_lines(c.upper(part), column_pt, size_pt, bold=bold))
    return lines


HEADER_CELL_MARGIN_PT = 2.0
_HEADER_SLACK_PT = 3.0  # what the width estimate may be off by (measured: < 1 %)
_HEADER_GUTTER_PT = 12.0  # at least this much white between the two columns' longest lines


def fit_header(block: HeaderBlock, setup: Setup = DEFAULT_SETUP) -> HeaderFit:
    """Column widths and sizes so that the parent body, the Quốc hiệu, the motto and the
    date line each stay on one line.

    Sizes start at the setup's and step down within the decree's ranges only when the
    two columns cannot hold them side by side: Quốc hiệu 13 → 12 (the decree's own
    model prints it at 12), then the date line 14 → 13, then the names 13 → 12. The issuer's own name wraps to its column (the decree allows it); a
    parent body too long for any column wraps as well.
    """
    width = setup.text_width_pt
    pad = 2 * HEADER_CELL_MARGIN_PT + _HEADER_SLACK_PT
    preferred_left = width * setup.header_left_share
    parent_lines = list(c.collective_lines(block.parent)) if block.parent else []
    steps = [  # (names, Quốc hiệu, date line)
        (setup.header_pt, setup.header_pt, setup.date_pt),
        (setup.header_pt, 12.0, setup.date_pt),
        (setup.header_pt, 12.0, 13.0),
        (12.0, 12.0, 13.0),
    ]
    for names_pt, national_pt, date_pt in steps:
        right_need = pad + max(
            text_width_pt(c.NATIONAL_NAME, national_pt, bold=True),
            text_width_pt(c.MOTTO, setup.motto_pt, bold=True),
            text_width_pt(block.date_line, date_pt),
        )
        left_need = pad + max(
            [text_width_pt(c.upper(x), names_pt) for x in parent_lines]
            + [text_width_pt(block.number_line, NUMBER_PT)]
        )
        spare = width - left_need - right_need - _HEADER_GUTTER_PT
        if spare >= 0:
            left = left_need + (_HEADER_GUTTER_PT + spare) / 2
            left = min(max(preferred_left, left), width - right_need - _HEADER_GUTTER_PT / 2)
            return HeaderFit(round(left, 1), round(width - left, 1), names_pt, national_pt, date_pt)
    left = max(width - right_need, width * 0.3)
    return HeaderFit(round(left, 1), round(width - left, 1), names_pt, national_pt, date_pt)


def add_header_block(doc: DocxDocument, block: HeaderBlock, setup: Setup = DEFAULT_SETUP) -> Table:
    """Boxes 1–4 as a borderless 2×2 table: the number and the date line share a row."""
    fit = fit_header(block, setup)
    margin = HEADER_CELL_MARGIN_PT
    table = doc.add_table(rows=2, cols=2)
    _no_borders(table)
    _grid(table, (fit.left_pt, fit.right_pt), cell_margin_pt=margin)
    _keep_row_together(table)
    left_inner, right_inner = fit.left_pt - 2 * margin, fit.right_pt - 2 * margin
    wrap = left_inner - _HEADER_SLACK_PT

    # Box 2: parent body (regular) and issuing body (bold) with a short rule.
    cell = table.cell(0, 0)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    paragraph = _format(_first_paragraph(cell))
    if block.parent:
        _lines(
            paragraph, issuer_lines(block.parent, wrap, fit.names_pt, bold=False), size=fit.names_pt
        )
        paragraph = _format(cell.add_paragraph())
    issuer = issuer_lines(block.issuer or c.BLANK, wrap, fit.names_pt, bold=True)
    _lines(paragraph, issuer, size=fit.names_pt, bold=True)
    widest = max(text_width_pt(x, fit.names_pt, bold=True) for x in issuer)
    _rule(cell, max(0.4 * min(widest, left_inner), Mm(12).pt), left_inner)

    # Box 1: Quốc hiệu, Tiêu ngữ and a rule as long as the motto.
    cell = table.cell(0, 1)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    paragraph = _format(_first_paragraph(cell))
    _run(paragraph, c.NATIONAL_NAME, size=fit.national_pt, bold=True)
    paragraph = _format(cell.add_paragraph())
    _run(paragraph, c.MOTTO, size=setup.motto_pt, bold=True)
    _rule(cell, text_width_pt(c.MOTTO, setup.motto_pt, bold=True), right_inner)

    # Boxes 3 and 4 on one line.
    paragraph = _format(_first_paragraph(table.cell(1, 0)), before_pt=6)
    _run(paragraph, block.number_line, size=NUMBER_PT)
    paragraph = _format(_first_paragraph(table.cell(1, 1)), before_pt=6)
    _run(paragraph, block.date_line, size=fit.date_pt, italic=True)
    return table


def add_title(
    doc: DocxDocument, type_name: str, summary: str, setup: Setup = DEFAULT_SETUP
) -> Paragraph:
    """Box 5a: "KẾ HOẠCH" and the summary line (bold, centred) with a short rule under it."""
    width = setup.text_width_pt
    paragraph = _format(doc.add_paragraph(), before_pt=18, keep_with_next=True)
    _run(paragraph, c.upper(type_name), size=setup.title_pt, bold=True)
    lines = balanced_lines(summary or c.BLANK, width * 0.92, setup.title_pt, bold=True)
    summary_paragraph = _format(doc.add_paragraph(), keep_with_next=True)
    _lines(summary_paragraph, lines, size=setup.title_pt, bold=True)
    widest = max(text_width_pt(x, setup.title_pt, bold=True) for x in lines)
    rule = _rule(doc, max(widest / 3, Mm(25).pt), width)
    rule.paragraph_format.space_after = Pt(12)
    return summary_paragraph


def add_kinh_gui(
    doc: DocxDocument, recipients: Sequence[str], setup: Setup = DEFAULT_SETUP
) -> list[Paragraph]:
    """Box 9a: "Kính gửi: X." on one line, or "Kính gửi:" and one "- X;" line per recipient
    with the dashes under the colon."""
    names = [c.strip_end(x) for x in recipients if c.strip_end(x)]
    size = setup.body_pt
    label = "Kính gửi:"
    width = setup.text_width_pt
    if len(names) <= 1:
        paragraph = _format(doc.add_paragraph(), after_pt=setup.space_after_pt)
        _run(paragraph, f"{label} {names[0] if names else c.BLANK}.", size=size)
        return [paragraph]
    items = c.listed(names)
    label_w = text_width_pt("Kính gửi", size)
    block_w = label_w + max(text_width_pt(x, size) for x in items)
    left = max(0.0, (width - block_w) / 2)
    out = []
    paragraph = _format(doc.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT, left_pt=left)
    _run(paragraph, label, size=size)
    out.append(paragraph)
    for i, item in enumerate(items):
        paragraph = _format(
            doc.add_paragraph(),
            align=WD_ALIGN_PARAGRAPH.LEFT,
            left_pt=left + label_w,
            after_pt=setup.space_after_pt if i == len(items) - 1 else 0,
        )
        _run(paragraph, item, size=size)
        out.append(paragraph)
    return out


def add_appendix_heading(
    doc: DocxDocument,
    title: str,
    *,
    number: int | None = None,
    attached_to: str = "",
    setup: Setup = DEFAULT_SETUP,
) -> list[Paragraph]:
    """ "Phụ lục I" (14 pt bold; Roman numerals when there are two or more), the title in
    upper case, then the italic "(Kèm theo …)" line (`conventions.attachment_note`)."""
    label = f"Phụ lục {c.roman(number)}" if number else "Phụ lục"
    out = []
    paragraph = _format(doc.add_paragraph(), keep_with_next=True)
    _run(paragraph, label, size=APPENDIX_LABEL_PT, bold=True)
    out.append(paragraph)
    lines = balanced_lines(c.upper(title), setup.text_width_pt * 0.9, setup.title_pt, bold=True)
    paragraph = _format(doc.add_paragraph(), keep_with_next=True)
    _lines(paragraph, lines, size=setup.title_pt, bold=True)
    out.append(paragraph)
    if attached_to:
        paragraph = _format(doc.add_paragraph(), after_pt=12)
        _run(paragraph, attached_to, size=setup.body_pt, italic=True)
        out.append(paragraph)
    return out


# --- body ------------------------------------------------------------------------------------


def add_text(
    doc: DocxDocument,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    keep_with_next: bool = False,
) -> Paragraph:
    """A body paragraph: justified, first-line indent, 6 pt after (the Normal style)."""
    paragraph = doc.add_paragraph()
    _run(paragraph, text, bold=bold, italic=italic)
    if keep_with_next:
        paragraph.paragraph_format.keep_with_next = True
    return paragraph


def add_section_heading(doc: DocxDocument, number: int, title: str) -> Paragraph:
    """ "I. MỤC TIÊU": Roman numeral, upper case, bold."""
    return add_text(doc, f"{c.roman(number)}. {c.upper(title)}", bold=True, keep_with_next=True)


def add_clause(doc: DocxDocument, number: int, text: str, *, bold: bool = False) -> Paragraph:
    """ "1. …": bold when it heads points or dashes (a clause with a title)."""
    return add_text(doc, f"{number}. {text}", bold=bold, keep_with_next=bold)


def add_point(doc: DocxDocument, index: int, text: str) -> Paragraph:
    """ "a) …", "b) …", … "đ) …"."""
    return add_text(doc, f"{c.point_letter(index)}) {text}")


def add_bullet(doc: DocxDocument, text: str, *, italic: bool = False) -> Paragraph:
    """ "- …" at the body's first-line indent."""
    return add_text(doc, f"- {text}", italic=italic)


def end_body(paragraph: Paragraph) -> None:
    """Close the body with "./." on its last paragraph ("…theo quy định./.")."""
    runs = [r for r in paragraph.runs if r.text]
    if not runs or "".join(r.text for r in runs).endswith("./."):
        return
    runs[-1].text = runs[-1].text.rstrip(" ;,.:") + "./."


def add_table(
    doc: DocxDocument,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths_pt: Sequence[float] | None = None,
    size_pt: float = 12,
    landscape: bool = False,
    setup: Setup = DEFAULT_SETUP,
    right_columns: Sequence[int] = (),
    bold_last_row: bool = False,
) -> Table:
    """A bordered data table; the header row repeats on every page. Figures in
    `right_columns` are right-aligned; `bold_last_row` sets a totals row in bold."""
    width = setup.landscape_text_width_pt if landscape else setup.text_width_pt
    widths = list(widths_pt or [width / len(columns)] * len(columns))
    table = doc.add_table(rows=1 + len(rows), cols=len(columns))
    table.style = doc.styles["Table Grid"]
    _grid(table, widths, cell_margin_pt=3)
    _set(table.rows[0]._tr.get_or_add_trPr(), "w:tblHeader", val="1")
    header = [_Cell(tc, table) for tc in table._tbl.tr_lst[0].tc_lst]
    for cell, name in zip(header, columns, strict=True):
        paragraph = _format(_first_paragraph(cell), before_pt=2, after_pt=2)
        _run(paragraph, name, size=size_pt, bold=True)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    right = set(right_columns)
    style_id = _cell_style(doc, size_pt)
    # row by row through the XML: `table.cell(i, j)` and `row.cells` walk the whole grid;
    # the cell paragraphs take one style (size, spacing, no indent) instead of six settings
    for i, (tr, row) in enumerate(zip(table._tbl.tr_lst[1:], rows, strict=True), start=1):
        bold = bold_last_row and i == len(rows)
        for j, (tc, value) in enumerate(zip(tr.tc_lst, row, strict=False)):
            p = tc.p_lst[0]
            _set(p.get_or_add_pPr(), "w:pStyle", val=style_id)
            if j in right:
                _set(p.get_or_add_pPr(), "w:jc", val="right")
            run = p.add_r()
            run.text = str(value)
            if bold:
                _set(run.get_or_add_rPr(), "w:b")
    return table


def _cell_style(doc: DocxDocument, size_pt: float) -> str:
    """A paragraph style for table cells of one size (made once per document)."""
    from docx.enum.style import WD_STYLE_TYPE

    name = f"Bảng {size_pt:g}"
    style_id = f"BangCell{int(size_pt * 2)}"
    if style_id in {s.style_id for s in doc.styles}:
        return style_id
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.styleId = style_id
    style.base_style = doc.styles["Normal"]
    style.font.size = Pt(size_pt)
    pf = style.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
    pf.first_line_indent = Cm(0)
    pf.space_before = Pt(2)
    pf.space_after = Pt(2)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    return style_id


def add_picture(
    doc: DocxDocument,
    png: bytes,
    *,
    width_cm: float = 15,
    caption: str = "",
    setup: Setup = DEFAULT_SETUP,
) -> Paragraph:
    """A centred picture (a chart) with an optional italic caption under it."""
    paragraph = _format(doc.add_paragraph(), before_pt=6, keep_with_next=bool(caption))
    paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
    if caption:
        paragraph = _format(doc.add_paragraph(), after_pt=setup.space_after_pt)
        _run(paragraph, caption, size=setup.body_pt - 1, italic=True)
    return paragraph


def add_centred(
    doc: DocxDocument, text: str, *, bold: bool = True, italic: bool = False
) -> Paragraph:
    """A centred line: "Phần thứ nhất" and its title, a table's title."""
    paragraph = _format(doc.add_paragraph(), before_pt=6, after_pt=6, keep_with_next=True)
    _run(paragraph, text, bold=bold, italic=italic)
    return paragraph


# --- closing: Nơi nhận and signature -------------------------------------------------------


def add_closing(
    doc: DocxDocument,
    recipients: Sequence[str],
    signature: Signature,
    *,
    archive: str = "Lưu: VT.",
    setup: Setup = DEFAULT_SETUP,
) -> Table:
    """Boxes 9b and 7: "Nơi nhận:" bottom left on the line of the signer's authority,
    the signature block bottom right, both in one borderless row that never splits."""
    width = setup.text_width_pt
    left_w = round(width * 0.5, 1)
    right_w = round(width - left_w, 1)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _grid(table, (left_w, right_w), cell_margin_pt=0)
    _keep_row_together(table)
    if doc.paragraphs:  # the last words of the body stay on the page of the signature
        doc.paragraphs[-1].paragraph_format.keep_with_next = True

    left = table.cell(0, 0)
    paragraph = _format(_first_paragraph(left), align=WD_ALIGN_PARAGRAPH.LEFT, before_pt=6)
    _run(paragraph, "Nơi nhận:", size=RECIPIENTS_LABEL_PT, bold=True, italic=True)
    hang = text_width_pt("- ", RECIPIENTS_PT)
    for line in c.recipients_list(recipients, archive=archive):
        paragraph = _format(left.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT, left_pt=hang)
        paragraph.paragraph_format.first_line_indent = Pt(-hang)  # wrapped lines after the dash
        _run(paragraph, line, size=RECIPIENTS_PT)

    right = table.cell(0, 1)
    paragraph = _format(_first_paragraph(right), before_pt=6)
    lines = [c.upper(x) for x in signature.lines if x] or [c.BLANK]
    _lines(paragraph, lines, size=setup.signature_pt, bold=True)
    for _ in range(SIGNATURE_SPACE_LINES):
        _format(right.add_paragraph()).add_run().font.size = Pt(setup.signature_pt)
    paragraph = _format(right.add_paragraph())
    _run(paragraph, signature.name, size=setup.signature_pt, bold=True)
    return table
