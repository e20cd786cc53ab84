"""A synthesis report (Báo cáo tổng hợp) as a DOCX in the Decree 30 layout. Data in, bytes out.

Each kind has its own outline (what a focal office writes in December, at mid-term and at
the end of the programme):

* yearly report: I. results (direction and reporting, tasks, communication, targets),
  II. assessment (highlights, shortcomings, who reported late or not at all),
  III. tasks for next year, IV. proposals;
* Action Month report: I. direction and launch, II. activities, III. assessment,
  IV. proposals;
* mid-term review (2022–2025) and final review (2022–2030): Part one, the results of the
  period against the milestone of its last year (with a table by year); Part two, the
  directions for the next period and proposals.

Then "Nơi nhận" and the signature, and the appendices on landscape pages numbered on
their own: Phụ lục I consolidated figures, II by administrative unit, III by agency, each
with the line "(Kèm theo Báo cáo số …)".
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.shared import Pt

from binhdang.documents import conventions as c
from binhdang.documents import layout
from binhdang.documents.builders import charts
from binhdang.documents.builders.synthesis import (
    ACTION_MONTH,
    ANNUAL,
    FINAL,
    MIDTERM,
    TYPE_NAME,
    Quote,
    SynthesisData,
    Table,
    attachment_line,
    joined,
    vn_number,
)

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class _Outline:
    """Numbers sections "I.", "II." … and clauses "1.", "2." … inside each."""

    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        self.section = 0
        self.clause = 0

    def heading(self, title: str) -> None:
        self.section += 1
        self.clause = 0
        layout.add_section_heading(self.doc, self.section, title)

    def restart(self) -> None:
        self.section = 0

    def clause_title(self, title: str) -> None:
        self.clause += 1
        layout.add_clause(self.doc, self.clause, title, bold=True)


def _table(doc: DocxDocument, *args, **kwargs) -> None:
    """A table, then a little space before the text that follows it."""
    layout.add_table(doc, *args, **kwargs)
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_after = Pt(0)
    spacer.paragraph_format.line_spacing = 0.5


def header_block(data: SynthesisData) -> layout.HeaderBlock:
    return layout.HeaderBlock(
        issuer=data.issuer_name or c.BLANK,
        parent=c.abbreviate_common(data.parent_name) if data.parent_name else "",
        number_line=c.number_line(data.number, data.doc_symbol),
        date_line=c.date_line(data.place, data.issued_date),
    )


def _quotes(doc: DocxDocument, quotes: list[Quote], limit: int, empty: str) -> None:
    if not quotes:
        layout.add_bullet(doc, empty)
        return
    for quote in quotes[:limit]:
        text = c.strip_end(quote.text)
        layout.add_bullet(doc, f"{text} ({quote.source}).")
    if len(quotes) > limit:
        layout.add_bullet(
            doc,
            f"Và {len(quotes) - limit} nội dung khác của các cơ quan, đơn vị "
            "(xem bảng tính kèm theo, trang “Trích báo cáo”).",
            italic=True,
        )


def _window(data: SynthesisData) -> str:
    if data.data_window is None:
        return ""
    start, end = data.data_window
    return f" (số liệu từ ngày {c.short_date(start)} đến ngày {c.short_date(end)})"


def _opening(doc: DocxDocument, data: SynthesisData) -> None:
    issuer = data.issuer_full_name or c.BLANK
    if data.kind == ACTION_MONTH:
        what = (
            "kết quả tổ chức Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với "
            f"bạo lực trên cơ sở giới năm {data.year}"
        )
    elif data.kind == MIDTERM:
        what = f"sơ kết {data.period_label}"
    elif data.kind == FINAL:
        what = f"tổng kết {data.period_label}"
    else:
        what = f"kết quả thực hiện {data.period_label}"
    basis = f"Thực hiện {data.plan_citation}, " if data.plan_citation else ""
    scope = f" trên địa bàn {data.scope_label}" if data.scope_label else ""
    layout.add_text(doc, f"{basis}{issuer} báo cáo {what}{scope}{_window(data)} như sau:")


def _direction(doc: DocxDocument, data: SynthesisData) -> None:
    """Direction, deployment and reporting: who was asked, who reported, on time or not."""
    text = (
        f"Có {data.received}/{data.expected} cơ quan, đơn vị gửi báo cáo"
        f", trong đó {data.on_time} báo cáo đúng hạn, {len(data.late)} báo cáo chậm"
        f"; {len(data.missing)} cơ quan, đơn vị chưa gửi báo cáo."
    )
    layout.add_bullet(doc, text)
    if data.plans_made is not None:
        made, asked = data.plans_made
        layout.add_bullet(
            doc,
            f"Có {made}/{asked} cơ quan, đơn vị đã báo cáo ban hành kế hoạch tổ chức "
            "Tháng hành động.",
        )


def _communication(doc: DocxDocument, data: SynthesisData, *, charts_on: bool) -> None:
    com = data.communication
    if not com.events:
        layout.add_bullet(doc, "Chưa có hoạt động truyền thông nào được ghi nhận trong kỳ.")
        return
    layout.add_text(
        doc,
        f"Các cơ quan, đơn vị đã tổ chức {vn_number(com.events)} hoạt động truyền thông, "
        f"thu hút {vn_number(com.participants)} lượt người tham dự (nam "
        f"{vn_number(com.male)}, nữ {vn_number(com.female)}); phát hành "
        f"{vn_number(com.products)} sản phẩm truyền thông; {vn_number(com.digital)} hoạt động "
        "trên nền tảng số. Cụ thể:",
    )
    for label, n in com.by_type:
        layout.add_bullet(doc, f"{label}: {vn_number(n)}.")
    if com.by_channel:
        layout.add_text(doc, "Theo kênh truyền thông:", italic=True, keep_with_next=True)
        rows = [[label, vn_number(n)] for label, n in com.by_channel]
        rows.append(["Tổng cộng", vn_number(com.events)])
        _table(
            doc,
            ["Kênh truyền thông", "Số hoạt động"],
            rows,
            widths_pt=(300, 140),
            right_columns=(1,),
            bold_last_row=True,
        )
    if com.by_group:
        layout.add_text(doc, "Theo nhóm đối tượng:", italic=True, keep_with_next=True)
        rows = [[label, vn_number(e), vn_number(p)] for label, e, p in com.by_group]
        _table(
            doc,
            ["Nhóm đối tượng", "Số hoạt động", "Lượt người"],
            rows,
            widths_pt=(240, 100, 100),
            right_columns=(1, 2),
        )
    if com.budget_by_source:
        layout.add_text(doc, "Kinh phí theo nguồn (đồng):", italic=True, keep_with_next=True)
        rows = [[label, vn_number(amount)] for label, amount in com.budget_by_source]
        rows.append(["Tổng cộng", vn_number(com.budget_total)])
        _table(
            doc,
            ["Nguồn kinh phí", "Số tiền (đồng)"],
            rows,
            widths_pt=(280, 160),
            right_columns=(1,),
            bold_last_row=True,
        )
    if charts_on and com.by_type:
        png = charts.bar_chart(
            "Hoạt động truyền thông theo loại",
            [label for label, _n in com.by_type],
            [n for _label, n in com.by_type],
        )
        layout.add_picture(doc, png, caption="Biểu đồ 1. Hoạt động truyền thông theo loại")
    if charts_on and (com.male or com.female or len(com.by_year) > 1):
        if len(com.by_year) > 1:
            png = charts.bar_chart(
                "Lượt người tham dự theo năm",
                [str(y) for y, _e, _p in com.by_year],
                [p for _y, _e, p in com.by_year],
            )
            caption = "Biểu đồ 2. Lượt người tham dự theo năm"
        else:
            png = charts.bar_chart(
                "Lượt người tham dự theo giới tính", ["Nam", "Nữ"], [com.male, com.female]
            )
            caption = "Biểu đồ 2. Lượt người tham dự theo giới tính"
        layout.add_picture(doc, png, width_cm=13, caption=caption)


def _tasks(doc: DocxDocument, data: SynthesisData) -> None:
    if not data.tasks:
        layout.add_bullet(doc, "Kế hoạch chưa có nhiệm vụ được giao.")
        return
    for task in data.tasks:
        title = c.strip_end(task.title)
        layout.add_text(doc, f"{task.number}. {title}", italic=True, keep_with_next=True)
        if task.events:
            layout.add_bullet(
                doc,
                f"Tổ chức {vn_number(task.events)} hoạt động, {vn_number(task.participants)} "
                f"lượt người tham dự (nam {vn_number(task.male)}, nữ {vn_number(task.female)}).",
            )
        for activity in task.activities:
            state = (
                f"{activity.reports} cơ quan, đơn vị báo cáo: {activity.done} đã hoàn thành, "
                f"{activity.in_progress} đang thực hiện, {activity.not_done} chưa thực hiện"
                if activity.reports
                else "chưa có cơ quan, đơn vị nào báo cáo"
            )
            layout.add_bullet(doc, f"{c.strip_end(activity.title)}: {state}.")
            for quote in activity.results[:3]:
                layout.add_bullet(doc, f"{c.strip_end(quote.text)} ({quote.source}).", italic=True)


def _targets(doc: DocxDocument, data: SynthesisData, *, due_label: str) -> None:
    if not data.targets:
        layout.add_bullet(doc, data.targets_note or "Kế hoạch không có chỉ tiêu định lượng.")
        return
    if data.targets_note:
        layout.add_text(doc, data.targets_note, italic=True)
    rows = [
        [str(i), t.text, t.baseline, t.milestones, t.value_now, t.status]
        for i, t in enumerate(data.targets, start=1)
    ]
    _table(
        doc,
        ["TT", "Chỉ tiêu", "Giá trị cơ sở", due_label, "Giá trị hiện tại", "Đánh giá"],
        rows,
        widths_pt=(22, 190, 58, 75, 55, 67),
        size_pt=11,
        right_columns=(),
    )


def _reporters(doc: DocxDocument, data: SynthesisData) -> None:
    limit = data.reporter_limit
    late = [f"{r.agency}" for r in data.late]
    missing = [f"{r.agency}" for r in data.missing]
    if late:
        layout.add_bullet(doc, f"Báo cáo chậm ({len(late)}): {joined(late, limit)}.")
    if missing:
        layout.add_bullet(doc, f"Chưa gửi báo cáo ({len(missing)}): {joined(missing, limit)}.")
    if not late and not missing:
        layout.add_bullet(doc, "Tất cả các cơ quan, đơn vị đã gửi báo cáo đúng hạn.")
    elif len(late) > limit or len(missing) > limit:
        layout.add_bullet(
            doc,
            "Danh sách đầy đủ tại bảng tính kèm theo (trang “Chậm, chưa báo cáo”).",
            italic=True,
        )


def _next_period(doc: DocxDocument, data: SynthesisData) -> None:
    if data.kind in (MIDTERM, FINAL):
        layout.add_bullet(
            doc,
            "Tiếp tục quán triệt, triển khai đồng bộ các nhiệm vụ, giải pháp của Kế hoạch; "
            "tập trung vào các chỉ tiêu chưa đạt hoặc có nguy cơ không đạt.",
        )
    else:
        layout.add_bullet(
            doc,
            f"Tiếp tục triển khai các nhiệm vụ của Kế hoạch năm {data.year + 1}; đôn đốc các "
            "cơ quan, đơn vị báo cáo đầy đủ, đúng hạn.",
        )
    behind = [t for t in data.targets if t.status_code in ("off_track", "at_risk")]
    for t in behind:
        layout.add_bullet(doc, f"Đẩy nhanh tiến độ chỉ tiêu: {c.strip_end(t.text)}.")
    for title in data.carried_over[:10]:
        layout.add_bullet(doc, f"Thực hiện hoạt động chưa hoàn thành: {c.strip_end(title)}.")


def _appendix(doc: DocxDocument, data: SynthesisData, number: int, table: Table) -> None:
    setup = layout.DEFAULT_SETUP
    layout.add_section(doc, setup, landscape=True, restart_numbering=True, number_first_page=False)
    layout.add_appendix_heading(doc, table.title, number=number, attached_to=attachment_line(data))
    width = setup.landscape_text_width_pt
    weights = table.widths or tuple([1.0] * len(table.columns))
    scale = width / sum(weights)
    widths = [w * scale for w in weights]
    numeric = set(table.sum_columns)
    rows = [
        [vn_number(v) if j in numeric or isinstance(v, int) else str(v) for j, v in enumerate(r)]
        for r in table.rows
    ]
    if table.sum_columns and rows:
        rows.append(
            [vn_number(v) if j in numeric else str(v) for j, v in enumerate(table.totals())]
        )
    if not rows:
        layout.add_text(doc, "Không có số liệu.", italic=True)
        return
    if len(rows) > data.docx_table_rows:
        layout.add_text(
            doc,
            f"Bảng có {vn_number(len(table.rows))} dòng: xem bảng tính kèm theo "
            f"(trang “{table.sheet or table.title}”).",
            italic=True,
        )
        return
    _table(
        doc,
        table.columns,
        rows,
        widths_pt=widths,
        size_pt=10,
        landscape=True,
        right_columns=sorted(numeric | set(table.right_columns)),
        bold_last_row=bool(table.sum_columns),
    )


def _figures_table(data: SynthesisData) -> Table:
    table = Table(
        "Số liệu tổng hợp từ báo cáo của các cơ quan, đơn vị",
        ("TT", "Chỉ số", "Tổng số", "Nam", "Nữ", "Số cơ quan báo cáo", "Loại số liệu"),
        widths=(0.5, 5, 1.4, 1.2, 1.2, 1.2, 2),
        right_columns=(2, 3, 4, 5),
    )
    for i, f in enumerate(data.figures, start=1):
        table.rows.append(
            [
                str(i),
                f.label,
                f.display,
                vn_number(f.male) if f.male is not None else "",
                vn_number(f.female) if f.female is not None else "",
                str(f.reporters),
                f.kinds,
            ]
        )
    return table


def build_synthesis_docx(
    data: SynthesisData, *, charts_on: bool = True, setup: layout.Setup = layout.DEFAULT_SETUP
) -> bytes:
    """The synthesis report as DOCX bytes."""
    doc = layout.new_document(
        setup,
        title=f"Báo cáo: {data.title_summary}",
        author=data.issuer_full_name or data.issuer_name,
    )
    layout.add_header_block(doc, header_block(data), setup)
    layout.add_title(doc, TYPE_NAME, data.title_summary, setup)
    if data.kinh_gui:
        layout.add_kinh_gui(doc, data.kinh_gui, setup)
    _opening(doc, data)
    outline = _Outline(doc)

    if data.kind == ACTION_MONTH:
        outline.heading("Công tác chỉ đạo, triển khai")
        _direction(doc, data)
        outline.heading("Kết quả các hoạt động")
        _communication(doc, data, charts_on=charts_on)
        outline.heading("Đánh giá chung")
        outline.clause_title("Kết quả nổi bật")
        _quotes(doc, data.highlights, data.quote_limit, "Chưa có nội dung nổi bật được báo cáo.")
        outline.clause_title("Tồn tại, hạn chế, khó khăn")
        _quotes(doc, data.difficulties, data.quote_limit, "Không có khó khăn được báo cáo.")
        outline.clause_title("Các cơ quan, đơn vị báo cáo chậm hoặc chưa báo cáo")
        _reporters(doc, data)
        outline.heading("Đề xuất, kiến nghị")
        _quotes(doc, data.proposals, data.quote_limit, "Không có đề xuất, kiến nghị.")
    elif data.kind in (MIDTERM, FINAL):
        milestone = f"Mốc năm {data.year}"
        layout.add_centred(doc, "Phần thứ nhất")
        layout.add_centred(doc, c.upper(f"Kết quả thực hiện {data.period_label}"))
        outline.heading("Công tác chỉ đạo, triển khai")
        _direction(doc, data)
        outline.heading("Kết quả thực hiện các nhiệm vụ")
        _tasks(doc, data)
        outline.heading("Hoạt động truyền thông")
        _communication(doc, data, charts_on=charts_on)
        if data.communication.by_year:
            layout.add_text(doc, "Kết quả theo năm:", italic=True, keep_with_next=True)
            _table(
                doc,
                ["Năm", "Số hoạt động", "Lượt người tham dự"],
                [[str(y), vn_number(e), vn_number(p)] for y, e, p in data.communication.by_year],
                widths_pt=(120, 160, 160),
                right_columns=(1, 2),
            )
        outline.heading(f"Kết quả thực hiện các chỉ tiêu so với mốc năm {data.year}")
        _targets(doc, data, due_label=milestone)
        outline.heading("Đánh giá chung")
        outline.clause_title("Kết quả nổi bật")
        _quotes(doc, data.highlights, data.quote_limit, "Chưa có nội dung nổi bật được báo cáo.")
        outline.clause_title("Tồn tại, hạn chế và nguyên nhân")
        _quotes(doc, data.difficulties, data.quote_limit, "Không có khó khăn được báo cáo.")
        outline.clause_title("Các cơ quan, đơn vị báo cáo chậm hoặc chưa báo cáo")
        _reporters(doc, data)
        if data.kind == FINAL:
            outline.clause_title("Bài học kinh nghiệm")
            layout.add_bullet(doc, c.BLANK)
        layout.add_centred(doc, "Phần thứ hai")
        nxt = f"giai đoạn {data.year + 1}–{data.year + 5}"
        layout.add_centred(doc, c.upper(f"Phương hướng, nhiệm vụ {nxt}"))
        outline.restart()
        outline.heading("Phương hướng, nhiệm vụ")
        _next_period(doc, data)
        outline.heading("Đề xuất, kiến nghị")
        _quotes(doc, data.proposals, data.quote_limit, "Không có đề xuất, kiến nghị.")
    else:
        outline.heading("Kết quả thực hiện")
        outline.clause_title("Công tác chỉ đạo, triển khai và báo cáo")
        _direction(doc, data)
        outline.clause_title("Kết quả thực hiện các nhiệm vụ")
        _tasks(doc, data)
        outline.clause_title("Hoạt động truyền thông")
        _communication(doc, data, charts_on=charts_on)
        outline.clause_title("Kết quả thực hiện các chỉ tiêu")
        _targets(doc, data, due_label="Các mốc")
        outline.heading("Đánh giá chung")
        outline.clause_title("Kết quả nổi bật")
        _quotes(doc, data.highlights, data.quote_limit, "Chưa có nội dung nổi bật được báo cáo.")
        outline.clause_title("Tồn tại, hạn chế, khó khăn")
        _quotes(doc, data.difficulties, data.quote_limit, "Không có khó khăn được báo cáo.")
        outline.clause_title("Các cơ quan, đơn vị báo cáo chậm hoặc chưa báo cáo")
        _reporters(doc, data)
        outline.heading(f"Phương hướng, nhiệm vụ năm {data.year + 1}")
        _next_period(doc, data)
        outline.heading("Đề xuất, kiến nghị")
        _quotes(doc, data.proposals, data.quote_limit, "Không có đề xuất, kiến nghị.")

    last = layout.add_text(
        doc, f"Trên đây là báo cáo {data.period_label} của {data.issuer_full_name or c.BLANK}."
    )
    layout.end_body(last)
    layout.add_closing(
        doc,
        data.recipients,
        layout.Signature(lines=data.signature, name=data.signer_name),
        archive=data.archive,
        setup=setup,
    )

    number = 0
    for table in (
        _figures_table(data) if data.figures else None,
        data.by_unit,
        data.by_agency,
    ):
        if table is None:
            continue
        number += 1
        _appendix(doc, data, number, table)
    return layout.to_bytes(doc)


__all__ = ["ANNUAL", "DOCX_CONTENT_TYPE", "build_synthesis_docx", "header_block"]
