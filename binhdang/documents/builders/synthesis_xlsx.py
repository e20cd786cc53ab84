"""The appendix of a synthesis report as an XLSX workbook. Data in, bytes out.

One sheet per table — consolidated figures, by administrative unit, by agency, targets,
agencies late or missing, the sentences quoted from the reports — each with the
appendix title and the "(Kèm theo Báo cáo số …)" line on top, a bold header row that
stays in view, Vietnamese number formats and, where a table has totals, a row of real
SUM formulas (so the office can correct a cell and the total follows).
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from binhdang.documents.builders.synthesis import SynthesisData, Table, attachment_line

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 4  # title, attachment line, blank, header
FONT = "Times New Roman"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
_NUMBER = "#,##0"
_INVALID = str.maketrans({c: " " for c in "[]:*?/\\"})


def _value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _sheet(wb: Workbook, title: str, heading: str, note: str) -> Worksheet:
    ws = wb.create_sheet(title.translate(_INVALID)[:31])
    ws["A1"] = heading
    ws["A1"].font = Font(name=FONT, bold=True, size=13)
    ws["A2"] = note
    ws["A2"].font = Font(name=FONT, italic=True, size=11)
    ws.sheet_view.showGridLines = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    return ws


def _styles(wb: Workbook) -> None:
    """Named styles, registered once: a cell then takes one style, not four objects."""
    for name, font, number_format, alignment in (
        ("bd_head", Font(name=FONT, bold=True, size=11), "General",
         Alignment(horizontal="center", vertical="center", wrap_text=True)),
        ("bd_text", Font(name=FONT, size=11), "General", Alignment(wrap_text=True, vertical="top")),
        ("bd_num", Font(name=FONT, size=11), _NUMBER, Alignment(vertical="top")),
        ("bd_total", Font(name=FONT, bold=True, size=11), "General", Alignment(vertical="top")),
        ("bd_total_num", Font(name=FONT, bold=True, size=11), _NUMBER, Alignment(vertical="top")),
    ):  # fmt: skip
        style = NamedStyle(name=name, font=font, border=_BORDER, number_format=number_format)
        style.alignment = alignment
        if name == "bd_head":
            style.fill = _HEADER_FILL
        wb.add_named_style(style)


def _table(ws: Worksheet, table: Table, *, numeric: set[int] | None = None) -> None:
    numeric = set(table.sum_columns) | (numeric or set())
    for j, name in enumerate(table.columns, start=1):
        ws.cell(HEADER_ROW, j, name).style = "bd_head"
    first = HEADER_ROW + 1
    styles = ["bd_num" if j in numeric else "bd_text" for j in range(len(table.columns))]
    for i, row in enumerate(table.rows):
        for j, value in enumerate(row):
            cell = ws.cell(first + i, j + 1, _value(value))
            cell.style = styles[j]
    last = first + len(table.rows) - 1
    if table.sum_columns:
        total_row = last + 1
        ws.cell(total_row, 1, "Tổng cộng")
        for j in range(len(table.columns)):
            ws.cell(total_row, j + 1).style = (
                "bd_total_num" if j in table.sum_columns else "bd_total"
            )
        for j in table.sum_columns:
            letter = get_column_letter(j + 1)
            cell = ws.cell(total_row, j + 1)
            cell.value = f"=SUM({letter}{first}:{letter}{max(last, first)})" if table.rows else 0
    weights = table.widths or tuple([1.0] * len(table.columns))
    for j, weight in enumerate(weights, start=1):
        ws.column_dimensions[get_column_letter(j)].width = max(8.0, min(70.0, weight * 9))
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    ws.row_dimensions[HEADER_ROW].height = 32


def build_synthesis_xlsx(data: SynthesisData) -> bytes:
    """The workbook: one sheet per table of the report's appendix."""
    wb = Workbook()
    wb.remove(wb.active)
    _styles(wb)
    note = attachment_line(data)
    numbering = 0

    def heading(title: str) -> str:
        nonlocal numbering
        numbering += 1
        from binhdang.documents.conventions import roman

        return f"Phụ lục {roman(numbering)}: {title.upper()}"

    figures = Table(
        "Số liệu tổng hợp",
        ("TT", "Chỉ số", "Tổng số", "Nam", "Nữ", "Tử số", "Mẫu số", "Số cơ quan báo cáo",
         "Loại số liệu", "Từ báo cáo số"),
        widths=(0.6, 5, 1.5, 1.3, 1.3, 1.3, 1.3, 1.5, 2.2, 3),
    )  # fmt: skip
    for i, f in enumerate(data.figures, start=1):
        figures.rows.append(
            [
                i,
                f.label,
                f.total if f.value_type not in ("boolean",) else f.numerator,
                f.male,
                f.female,
                f.numerator,
                f.denominator,
                f.reporters,
                f.kinds,
                ", ".join(f"#{s}" for s in f.sources[:50]),
            ]
        )
    ws = _sheet(wb, "Số liệu tổng hợp", heading("Số liệu tổng hợp"), note)
    _table(ws, figures, numeric={2, 3, 4, 5, 6, 7})

    for table in (data.by_unit, data.by_agency):
        if table is None:
            continue
        ws = _sheet(wb, table.sheet or table.title, heading(table.title), note)
        _table(ws, table)

    com = data.communication
    events = Table(
        "Hoạt động truyền thông",
        ("Nội dung", "Số hoạt động", "Lượt người", "Số tiền (đồng)"),
        widths=(5, 1.6, 1.6, 2),
    )
    for label, n in com.by_type:
        events.rows.append([f"Loại: {label}", n, None, None])
    for label, n in com.by_channel:
        events.rows.append([f"Kênh: {label}", n, None, None])
    for label, n_events, people in com.by_group:
        events.rows.append([f"Đối tượng: {label}", n_events, people, None])
    events.rows.append(["Lượt người tham dự: nam", None, com.male, None])
    events.rows.append(["Lượt người tham dự: nữ", None, com.female, None])
    for label, amount in com.budget_by_source:
        events.rows.append([f"Kinh phí: {label}", None, None, amount])
    for year, n_events, people in com.by_year:
        events.rows.append([f"Năm {year}", n_events, people, None])
    ws = _sheet(wb, "Hoạt động truyền thông", heading("Hoạt động truyền thông"), note)
    _table(ws, events, numeric={1, 2, 3})

    targets = Table(
        "Chỉ tiêu",
        ("TT", "Chỉ tiêu", "Giá trị cơ sở", "Các mốc", "Mốc đánh giá", "Giá trị hiện tại",
         "Đánh giá", "Ghi chú"),
        widths=(0.6, 7, 1.6, 2.4, 1.6, 1.6, 2, 3),
    )  # fmt: skip
    for i, t in enumerate(data.targets, start=1):
        targets.rows.append(
            [i, t.text, t.baseline, t.milestones, t.milestone_due, t.value_now, t.status, t.note]
        )
    ws = _sheet(wb, "Chỉ tiêu", heading("Kết quả thực hiện các chỉ tiêu"), note)
    _table(ws, targets)

    reporters = Table(
        "Chậm, chưa báo cáo",
        ("TT", "Cơ quan, đơn vị", "Đơn vị hành chính", "Tình trạng", "Ngày gửi"),
        widths=(0.6, 6, 3, 2, 1.6),
    )
    for r in data.late:
        when = r.submitted_on.strftime("%d/%m/%Y") if r.submitted_on else ""
        reporters.rows.append([len(reporters.rows) + 1, r.agency, r.unit, "Báo cáo chậm", when])
    for r in data.missing:
        reporters.rows.append([len(reporters.rows) + 1, r.agency, r.unit, "Chưa báo cáo", ""])
    ws = _sheet(
        wb, "Chậm, chưa báo cáo", heading("Cơ quan, đơn vị báo cáo chậm, chưa báo cáo"), note
    )
    _table(ws, reporters)

    quotes = Table(
        "Trích báo cáo",
        ("TT", "Mục", "Nội dung", "Cơ quan, đơn vị", "Báo cáo số"),
        widths=(0.6, 2, 9, 4, 1.4),
    )
    for section, items in (
        ("Kết quả nổi bật", data.highlights),
        ("Khó khăn, vướng mắc", data.difficulties),
        ("Đề xuất, kiến nghị", data.proposals),
    ):
        for q in items:
            quotes.rows.append([len(quotes.rows) + 1, section, q.text, q.agency, q.submission_id])
    ws = _sheet(wb, "Trích báo cáo", heading("Nội dung trích từ báo cáo của các cơ quan"), note)
    _table(ws, quotes)

    wb.properties.title = f"Phụ lục báo cáo: {data.title_summary}"[:250]
    wb.properties.creator = data.issuer_full_name or "binhdang"
    stream = io.BytesIO()
    wb.save(stream)
    return stream.getvalue()
