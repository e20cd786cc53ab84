"""Office templates: a synthesis report in a DOCX layout the office edited in Word.

An office downloads the starter (`starter_template()`: the Decree 30 layout with docxtpl
tags in it), changes what it wants in Word — its header, its wording, the order of the
sections, its own tables — keeping the `{{ … }}` / `{%p … %}` / `{%tr … %}` tags, and
uploads it. `render_office_template(template, data)` fills it from the same
`SynthesisData` the built-in layout prints. Data in, bytes out.

Variables (see `template_context`): ISSUER_NAME, PARENT_NAME (upper case, for the header),
issuer_name, number_line, date_line, title, kinh_gui_text, opening, sections (heading,
lines), received, expected, on_time, events, participants, male, female, products,
budget_total, by_type / by_channel / budget_by_source (label, value), targets (text,
baseline, milestones, milestone_due, value_now, status), highlights / difficulties /
proposals (text, source), late / missing (agency, unit), unit_rows / agency_rows and
their totals, chart_types and chart_sex (pictures), attachment_line, archive_lines,
SIGNATURE, signer_name, period_label.
"""

from __future__ import annotations

import io
from typing import Any

from binhdang.documents import conventions as c
from binhdang.documents import layout
from binhdang.documents.builders import charts
from binhdang.documents.builders.synthesis import (
    AGENCY_COLUMNS,
    UNIT_COLUMNS,
    SynthesisData,
    Table,
    attachment_line,
    vn_number,
)


class TemplateError(ValueError):
    """The template cannot be read or filled; the message says where."""


def _cells(table: Table | None, *, numeric: bool = True) -> tuple[list[list[str]], list[str]]:
    if table is None:
        return [], []
    sums = set(table.sum_columns)
    rows = [
        [
            vn_number(v) if (j in sums and numeric) or isinstance(v, int) else str(v)
            for j, v in enumerate(r)
        ]
        for r in table.rows
    ]
    totals = [vn_number(v) if j in sums else str(v) for j, v in enumerate(table.totals())]
    return rows, totals


def _sections(data: SynthesisData) -> list[dict[str, Any]]:
    com = data.communication
    results = [
        f"- Có {data.received}/{data.expected} cơ quan, đơn vị gửi báo cáo, trong đó "
        f"{data.on_time} báo cáo đúng hạn, {len(data.late)} báo cáo chậm.",
        f"- Đã tổ chức {vn_number(com.events)} hoạt động truyền thông, "
        f"{vn_number(com.participants)} lượt người tham dự (nam {vn_number(com.male)}, nữ "
        f"{vn_number(com.female)}); {vn_number(com.products)} sản phẩm truyền thông; kinh phí "
        f"{vn_number(com.budget_total)} đồng.",
    ]
    results += [f"- {label}: {vn_number(n)}." for label, n in com.by_type]
    for task in data.tasks:
        results.append(
            f"{task.number}. {c.strip_end(task.title)}: {vn_number(task.events)} hoạt động."
        )
    results += [f"- {c.strip_end(t.text)}: {t.value_now} ({t.status})." for t in data.targets]
    assessment = [
        f"- {c.strip_end(q.text)} ({q.source})." for q in data.highlights[: data.quote_limit]
    ]
    assessment += [
        f"- {c.strip_end(q.text)} ({q.source})." for q in data.difficulties[: data.quote_limit]
    ]
    if data.late:
        assessment.append(
            "- Báo cáo chậm: " + ", ".join(r.agency for r in data.late[: data.reporter_limit]) + "."
        )
    if data.missing:
        assessment.append(
            "- Chưa gửi báo cáo: "
            + ", ".join(r.agency for r in data.missing[: data.reporter_limit])
            + "."
        )
    proposals = [
        f"- {c.strip_end(q.text)} ({q.source})." for q in data.proposals[: data.quote_limit]
    ]
    return [
        {"heading": "I. KẾT QUẢ THỰC HIỆN", "lines": results},
        {"heading": "II. ĐÁNH GIÁ CHUNG", "lines": assessment or ["- Không có."]},
        {"heading": "III. ĐỀ XUẤT, KIẾN NGHỊ", "lines": proposals or ["- Không có."]},
    ]


def template_context(
    data: SynthesisData, tpl: Any = None, *, charts_on: bool = True
) -> dict[str, Any]:
    """The variables an office template may use (pictures need the DocxTemplate `tpl`)."""
    from docx.shared import Mm
    from docxtpl import InlineImage, RichText

    com = data.communication
    unit_rows, unit_totals = _cells(data.by_unit)
    agency_rows, agency_totals = _cells(data.by_agency)
    basis = f"Thực hiện {data.plan_citation}, " if data.plan_citation else ""
    context: dict[str, Any] = {
        "ISSUER_NAME": c.upper(data.issuer_name or c.BLANK),
        "PARENT_NAME": c.upper(c.abbreviate_common(data.parent_name)) if data.parent_name else "",
        "issuer_name": data.issuer_full_name,
        "number_line": c.number_line(data.number, data.doc_symbol),
        "date_line": c.date_line(data.place, data.issued_date),
        "title": data.title_summary,
        "period_label": data.period_label,
        "kinh_gui_text": "; ".join(c.strip_end(x) for x in data.kinh_gui),
        "opening": f"{basis}{data.issuer_full_name or c.BLANK} báo cáo {data.period_label} như sau:",
        "sections": _sections(data),
        "received": data.received,
        "expected": data.expected,
        "on_time": data.on_time,
        "events": vn_number(com.events),
        "participants": vn_number(com.participants),
        "male": vn_number(com.male),
        "female": vn_number(com.female),
        "products": vn_number(com.products),
        "budget_total": vn_number(com.budget_total),
        "by_type": [{"label": label, "value": vn_number(n)} for label, n in com.by_type],
        "by_channel": [{"label": label, "value": vn_number(n)} for label, n in com.by_channel],
        "budget_by_source": [
            {"label": label, "value": vn_number(v)} for label, v in com.budget_by_source
        ],
        "targets": [t.__dict__ for t in data.targets],
        "highlights": [{"text": q.text, "source": q.source} for q in data.highlights],
        "difficulties": [{"text": q.text, "source": q.source} for q in data.difficulties],
        "proposals": [{"text": q.text, "source": q.source} for q in data.proposals],
        "late": [{"agency": r.agency, "unit": r.unit} for r in data.late],
        "missing": [{"agency": r.agency, "unit": r.unit} for r in data.missing],
        "unit_rows": unit_rows,
        "unit_totals": unit_totals or [""] * len(UNIT_COLUMNS),
        "agency_rows": agency_rows,
        "agency_totals": agency_totals or [""] * len(AGENCY_COLUMNS),
        "attachment_line": attachment_line(data),
        "archive_lines": RichText(
            "\n".join(c.recipients_list(data.recipients, archive=data.archive))
        ),
        "SIGNATURE": RichText("\n".join(c.upper(x) for x in data.signature)),
        "signer_name": data.signer_name,
        "chart_types": "",
        "chart_sex": "",
    }
    if tpl is not None and charts_on and com.by_type:
        png = charts.bar_chart(
            "Hoạt động truyền thông theo loại",
            [x for x, _ in com.by_type],
            [n for _, n in com.by_type],
        )
        context["chart_types"] = InlineImage(tpl, io.BytesIO(png), width=Mm(150))
    if tpl is not None and charts_on and (com.male or com.female):
        png = charts.bar_chart(
            "Lượt người tham dự theo giới tính", ["Nam", "Nữ"], [com.male, com.female]
        )
        context["chart_sex"] = InlineImage(tpl, io.BytesIO(png), width=Mm(120))
    return context


def render_office_template(
    template: bytes, data: SynthesisData, *, charts_on: bool = True
) -> bytes:
    """The office's template filled with the report's data. TemplateError when it fails."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError as JinjaError

    try:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.render(template_context(data, tpl, charts_on=charts_on), autoescape=True)
    except JinjaError as exc:
        lineno = getattr(exc, "lineno", None)
        line = f" (dòng {lineno})" if lineno else ""
        raise TemplateError(f"{exc}{line}") from exc
    except Exception as exc:  # not a DOCX, a broken package…
        raise TemplateError(f"{type(exc).__name__}: {exc}") from exc
    stream = io.BytesIO()
    tpl.save(stream)
    return stream.getvalue()


def _loop_table(doc: Any, columns: tuple[str, ...], rows: str, totals: str) -> None:
    width = layout.DEFAULT_SETUP.landscape_text_width_pt
    n = len(columns)
    layout.add_table(
        doc,
        columns,
        [
            [f"{{%tr for r in {rows} %}}"] + [""] * (n - 1),
            [f"{{{{ r[{j}] }}}}" for j in range(n)],
            ["{%tr endfor %}"] + [""] * (n - 1),
            [f"{{{{ {totals}[{j}] }}}}" for j in range(n)],
        ],
        widths_pt=[width * (3 if j == 0 else 1) / (n + 2) for j in range(n)],
        size_pt=10,
        landscape=True,
        right_columns=range(1, n),
        bold_last_row=True,
    )


def starter_template(title: str = "{{ title }}") -> bytes:
    """The built-in layout as a docxtpl template an office can edit in Word."""
    doc = layout.new_document(title="Mẫu báo cáo tổng hợp (docxtpl)")
    layout.add_header_block(
        doc,
        layout.HeaderBlock(
            issuer="{{ ISSUER_NAME }}",
            parent="{{ PARENT_NAME }}",
            number_line="{{ number_line }}",
            date_line="{{ date_line }}",
        ),
    )
    layout.add_title(doc, "BÁO CÁO", title)
    layout.add_text(doc, "{%p if kinh_gui_text %}")
    layout.add_centred(doc, "Kính gửi: {{ kinh_gui_text }}.", bold=False)
    layout.add_text(doc, "{%p endif %}")
    layout.add_text(doc, "{{ opening }}")
    layout.add_text(doc, "{%p for s in sections %}")
    layout.add_text(doc, "{{ s.heading }}", bold=True)
    layout.add_text(doc, "{%p for line in s.lines %}")
    layout.add_text(doc, "{{ line }}")
    layout.add_text(doc, "{%p endfor %}")
    layout.add_text(doc, "{%p endfor %}")
    layout.add_text(doc, "{%p if chart_types %}")
    layout.add_centred(doc, "{{ chart_types }}", bold=False)
    layout.add_text(doc, "{%p endif %}")
    layout.add_text(doc, "{%p if chart_sex %}")
    layout.add_centred(doc, "{{ chart_sex }}", bold=False)
    layout.add_text(doc, "{%p endif %}")
    layout.add_text(doc, "Trên đây là báo cáo {{ period_label }} của {{ issuer_name }}./.")
    layout.add_closing(
        doc,
        [],
        layout.Signature(lines=["{{ SIGNATURE }}"], name="{{ signer_name }}"),
        archive="{{ archive_lines }}",
    )
    # rich text (line breaks) needs docxtpl's {{r …}}; the archive lines carry their dashes
    for cell in doc.tables[-1].rows[0].cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.text = run.text.replace(
                    "- {{ archive_lines }}", "{{r archive_lines }}"
                ).replace("{{ SIGNATURE }}", "{{r SIGNATURE }}")
    for number, heading, columns, rows, totals in (
        (1, "Kết quả theo đơn vị hành chính", UNIT_COLUMNS, "unit_rows", "unit_totals"),
        (2, "Kết quả theo cơ quan, đơn vị báo cáo", AGENCY_COLUMNS, "agency_rows", "agency_totals"),
    ):
        layout.add_section(doc, landscape=True, restart_numbering=True, number_first_page=False)
        layout.add_appendix_heading(
            doc, heading, number=number, attached_to="{{ attachment_line }}"
        )
        _loop_table(doc, columns, rows, totals)
    return layout.to_bytes(doc)
