"""A plan (Kế hoạch) as a DOCX in the Decree 30 layout. Plain data in, bytes out; no ORM.

`documents.selectors.plan_doc_data(plan)` builds the `PlanDocData`. The body follows the
usual outline of a provincial plan:

    [opening sentence: "Căn cứ …; thực hiện …, <issuer> ban hành Kế hoạch như sau:"]
    I.   MỤC TIÊU                   objectives and targets as "-" lines (if any)
    II.  NHIỆM VỤ VÀ GIẢI PHÁP      tasks "1.", activities "a)" with lead, partners, timing
    III. KINH PHÍ THỰC HIỆN         budget sources (if any)
    IV.  TỔ CHỨC THỰC HIỆN          responsibilities "1." with duties as "-" lines,
                                    the yearly report sentence (if the plan sets a deadline)

Sections without content are left out and the others renumbered. A value the plan does
not hold is printed as "…" (a number not yet issued as a gap), never invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from binhdang.documents import conventions as c
from binhdang.documents import layout

TYPE_NAME = "KẾ HOẠCH"
TYPE_ABBREVIATION = "KH"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class LegalBasis:
    citation: str  # "Quyết định số 1790/QĐ-TTg ngày 23 tháng 10 năm 2021 của …"
    is_law: bool = False  # laws are cited with "Căn cứ", the rest with "Thực hiện"


@dataclass(frozen=True)
class ActivityDoc:
    title: str
    lead: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    timing: str = ""


@dataclass(frozen=True)
class TaskDoc:
    title: str
    activities: tuple[ActivityDoc, ...] = ()


@dataclass(frozen=True)
class ResponsibilityDoc:
    agency: str
    duties: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanDocData:
    """Everything the printed plan shows, already decided (names, place, titles)."""

    title: str
    issuer_name: str = ""  # as the header prints it: "Sở Lao động - Thương binh và Xã hội"
    issuer_full_name: str = ""  # in sentences: "… thành phố Cần Thơ"
    parent_name: str = ""  # "UBND thành phố Cần Thơ"; "" for a body without one
    number: str = ""  # "262"; "" until the office issues it
    doc_symbol: str = "KH-…"  # "KH-SLĐTBXH"
    place: str = ""  # "Cần Thơ"
    issued_date: date | None = None
    legal_bases: tuple[LegalBasis, ...] = ()
    objectives: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    tasks: tuple[TaskDoc, ...] = ()
    budget_sources: tuple[str, ...] = ()
    responsibilities: tuple[ResponsibilityDoc, ...] = ()
    report_deadline: str = ""  # "10/12"
    report_recipient: str = ""  # who collects the reports, when the plan says so
    recipients: tuple[str, ...] = ()  # "Nơi nhận" without the archive line
    signature: tuple[str, ...] = (c.BLANK,)
    signer_name: str = ""
    plan_id: int | None = None


def _joined(names: tuple[str, ...]) -> str:
    cleaned = [c.strip_end(n) for n in names if c.strip_end(n)]
    return "; ".join(cleaned) + "." if cleaned else c.BLANK


def activity_lines(activity: ActivityDoc) -> list[str]:
    """The "-" lines under an activity: lead, partners (when named), timing."""
    lines = [f"Cơ quan chủ trì: {_joined(activity.lead)}"]
    if activity.partners:
        lines.append(f"Cơ quan phối hợp: {_joined(activity.partners)}")
    timing = c.strip_end(activity.timing)
    lines.append(f"Thời gian thực hiện: {timing + '.' if timing else c.BLANK}")
    return lines


def opening_sentence(data: PlanDocData) -> str:
    """ "Căn cứ …; thực hiện …, <issuer> ban hành Kế hoạch như sau:" ("" without bases)."""
    laws = [b.citation for b in data.legal_bases if b.is_law]
    others = [b.citation for b in data.legal_bases if not b.is_law]
    parts = []
    if laws:
        parts.append("Căn cứ " + "; ".join(laws))
    if others:
        parts.append(("thực hiện " if parts else "Thực hiện ") + "; ".join(others))
    if not parts:
        return ""
    issuer = data.issuer_full_name or c.BLANK
    return f"{'; '.join(parts)}, {issuer} ban hành Kế hoạch như sau:"


def report_sentence(data: PlanDocData) -> str:
    """The yearly reporting duty, only when the plan sets a deadline."""
    if not data.report_deadline:
        return ""
    recipient = c.strip_end(data.report_recipient) or c.BLANK
    return (
        "Các cơ quan, đơn vị được giao nhiệm vụ tại Kế hoạch này gửi báo cáo kết quả thực "
        f"hiện về {recipient} trước ngày {data.report_deadline} hằng năm."
    )


def plan_doc_filename(data: PlanDocData) -> str:
    """ "KH-262-SLĐTBXH-2019.docx", or "KH-dự-thảo-<id>.docx" before a number is issued."""
    return c.document_filename(
        TYPE_ABBREVIATION,
        data.number,
        data.doc_symbol,
        data.issued_date,
        fallback=str(data.plan_id or ""),
    )


def header_block(data: PlanDocData) -> layout.HeaderBlock:
    return layout.HeaderBlock(
        issuer=data.issuer_name or c.BLANK,
        parent=c.abbreviate_common(data.parent_name) if data.parent_name else "",
        number_line=c.number_line(data.number, data.doc_symbol),
        date_line=c.date_line(data.place, data.issued_date),
    )


def build_plan_docx(data: PlanDocData, setup: layout.Setup = layout.DEFAULT_SETUP) -> bytes:
    """The plan as DOCX bytes."""
    doc = layout.new_document(
        setup, title=f"Kế hoạch: {data.title}", author=data.issuer_full_name or data.issuer_name
    )
    layout.add_header_block(doc, header_block(data), setup)
    layout.add_title(doc, TYPE_NAME, data.title, setup)
    last = None
    opening = opening_sentence(data)
    if opening:
        last = layout.add_text(doc, opening)

    section = 0
    if data.objectives or data.targets:
        section += 1
        layout.add_section_heading(doc, section, "Mục tiêu")
        for text in (*data.objectives, *data.targets):
            last = layout.add_bullet(doc, text)

    if data.tasks:
        section += 1
        layout.add_section_heading(doc, section, "Nhiệm vụ và giải pháp")
        for t_index, task in enumerate(data.tasks, start=1):
            last = layout.add_clause(doc, t_index, task.title or c.BLANK, bold=True)
            for a_index, activity in enumerate(task.activities):
                layout.add_point(doc, a_index, activity.title)
                for line in activity_lines(activity):
                    last = layout.add_bullet(doc, line)

    if data.budget_sources:
        section += 1
        layout.add_section_heading(doc, section, "Kinh phí thực hiện")
        for text in data.budget_sources:
            last = layout.add_bullet(doc, text)

    reporting = report_sentence(data)
    if data.responsibilities or reporting:
        section += 1
        layout.add_section_heading(doc, section, "Tổ chức thực hiện")
        for r_index, responsibility in enumerate(data.responsibilities, start=1):
            agency = c.capitalize_first(c.strip_end(responsibility.agency))
            if responsibility.duties:
                last = layout.add_clause(doc, r_index, agency, bold=True)
                for duty in responsibility.duties:
                    last = layout.add_bullet(doc, duty)
            else:
                last = layout.add_clause(doc, r_index, f"{agency}: {c.BLANK}")
        if reporting:
            last = layout.add_text(doc, reporting)

    if last is not None:
        layout.end_body(last)
    layout.add_closing(
        doc,
        data.recipients,
        layout.Signature(lines=data.signature, name=data.signer_name),
        setup=setup,
    )
    return layout.to_bytes(doc)
