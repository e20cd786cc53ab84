"""What a synthesis report (Báo cáo tổng hợp) says, as plain data. No ORM, no python-docx.

`documents.selectors.synthesis_data(report)` fills `SynthesisData` from the database;
`synthesis_docx.build_synthesis_docx` and `synthesis_xlsx.build_synthesis_xlsx` print it.
`snapshot(data)` flattens the figures and sections into {label: text} so two versions of
a report can be compared (`diff_snapshots`) after a late submission.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from binhdang.documents import conventions as c

ANNUAL = "annual"
ACTION_MONTH = "action_month"
MIDTERM = "midterm"
FINAL = "final"
TYPE_NAME = "BÁO CÁO"
TYPE_ABBREVIATION = "BC"

Number = Decimal | int | None

# the columns of the appendix tables per administrative unit and per agency
UNIT_COLUMNS = (
    "Đơn vị", "Phải báo cáo", "Đã báo cáo", "Đúng hạn", "Chậm", "Chưa báo cáo",
    "Số hoạt động", "Lượt người", "Nam", "Nữ", "Sản phẩm", "Kinh phí (đồng)",
)  # fmt: skip
AGENCY_COLUMNS = (
    "Cơ quan, đơn vị", "Đơn vị hành chính", "Tình trạng", "Ngày gửi",
    "Số hoạt động", "Lượt người", "Nam", "Nữ", "Sản phẩm", "Kinh phí (đồng)",
)  # fmt: skip


def vn_number(value: Number, *, decimals: int = 0) -> str:
    """1234567 → "1.234.567", 12.5 → "12,5" (Vietnamese separators); None → "-"."""
    if value is None:
        return "-"
    number = Decimal(value)
    if decimals == 0 and number == number.to_integral_value():
        text = f"{int(number):,}"
        return text.replace(",", ".")
    text = f"{number:,.{max(decimals, 1)}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def vn_percent(value: Number) -> str:
    return (
        "-"
        if value is None
        else f"{vn_number(Decimal(value).quantize(Decimal('0.1')), decimals=1)}%"
    )


@dataclass(frozen=True)
class Quote:
    """A sentence from an agency's report, with where it came from."""

    text: str
    agency: str
    submission_id: int | None = None

    @property
    def source(self) -> str:
        ref = f", báo cáo #{self.submission_id}" if self.submission_id else ""
        return f"{self.agency}{ref}"


@dataclass(frozen=True)
class FigureRow:
    """A consolidated figure (sums of counts; percentages from summed parts)."""

    code: str
    label: str
    value_type: str  # count / money / percent / boolean
    total: Decimal | None
    male: Decimal | None = None
    female: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    reporters: int = 0
    sources: tuple[int, ...] = ()
    kinds: str = ""  # "ước thực hiện, chính thức"

    @property
    def display(self) -> str:
        if self.value_type == "percent":
            return vn_percent(self.total)
        if self.value_type == "boolean":
            return f"{vn_number(self.numerator)}/{vn_number(self.denominator)}"
        return vn_number(self.total)


@dataclass(frozen=True)
class ActivityResult:
    title: str
    reports: int = 0  # agencies that reported on it
    done: int = 0
    in_progress: int = 0
    not_done: int = 0
    events: int = 0  # logged events linked to the activity
    participants: int = 0
    results: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class TaskResult:
    number: str
    title: str
    activities: tuple[ActivityResult, ...] = ()
    events: int = 0
    participants: int = 0
    male: int = 0
    female: int = 0


@dataclass(frozen=True)
class TargetRow:
    text: str
    baseline: str
    milestones: str  # "2025: 80%; 2030: 90%"
    milestone_due: str  # the milestone the review is measured against ("80%")
    value_now: str
    status: str  # "Đúng tiến độ" …
    note: str = ""
    status_code: str = ""  # indicators.choices.Status


@dataclass(frozen=True)
class Reporter:
    agency: str
    unit: str
    submitted_on: date | None = None


@dataclass
class Table:
    """An appendix table: a title, columns, rows; `sum_columns` are totalled."""

    title: str
    columns: tuple[str, ...]
    rows: list[list[Any]] = field(default_factory=list)
    sum_columns: tuple[int, ...] = ()
    widths: tuple[float, ...] = ()  # relative
    sheet: str = ""
    right_columns: tuple[int, ...] = ()  # figures printed as text, right-aligned

    def totals(self) -> list[Any]:
        out: list[Any] = ["Tổng cộng"] + [""] * (len(self.columns) - 1)
        for j in self.sum_columns:
            out[j] = sum((Decimal(r[j] or 0) for r in self.rows), Decimal(0))
        return out


@dataclass
class Communication:
    """What the logged communication events add up to in the report's window and area."""

    events: int = 0
    by_type: list[tuple[str, int]] = field(default_factory=list)  # (label, events)
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    participants: int = 0
    male: int = 0
    female: int = 0
    by_group: list[tuple[str, int, int]] = field(default_factory=list)  # label, events, people
    products: int = 0
    digital: int = 0
    budget_by_source: list[tuple[str, Decimal]] = field(default_factory=list)
    budget_total: Decimal = Decimal(0)
    by_year: list[tuple[int, int, int]] = field(default_factory=list)  # year, events, people


@dataclass
class SynthesisData:
    """Everything the printed synthesis report shows, already decided."""

    kind: str
    year: int
    first_year: int
    title_summary: str  # the line under "BÁO CÁO"
    scope_label: str  # "thành phố Hải Phòng", "cả nước", "Sở Y tế thành phố Hải Phòng"
    issuer_name: str = ""
    issuer_full_name: str = ""
    parent_name: str = ""
    number: str = ""
    doc_symbol: str = "BC-…"
    place: str = ""
    issued_date: date | None = None
    kinh_gui: tuple[str, ...] = ()
    plan_citation: str = ""  # "Kế hoạch số 05/KH-UBND ngày … của … về …"
    data_window: tuple[date, date] | None = None
    expected: int = 0
    received: int = 0
    on_time: int = 0
    plans_made: tuple[int, int] | None = None  # Action Month plans: (made, asked)
    communication: Communication = field(default_factory=Communication)
    figures: list[FigureRow] = field(default_factory=list)
    tasks: list[TaskResult] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    targets_note: str = ""
    highlights: list[Quote] = field(default_factory=list)
    difficulties: list[Quote] = field(default_factory=list)
    proposals: list[Quote] = field(default_factory=list)
    late: list[Reporter] = field(default_factory=list)
    missing: list[Reporter] = field(default_factory=list)
    carried_over: list[str] = field(default_factory=list)  # activities not done: next year
    by_unit: Table | None = None
    by_agency: Table | None = None
    recipients: tuple[str, ...] = ()
    archive: str = "Lưu: VT."
    signature: tuple[str, ...] = (c.BLANK,)
    signer_name: str = ""
    snapshot_at: datetime | None = None
    report_id: int | None = None
    quote_limit: int = 12  # quotes printed per section; the workbook has them all
    reporter_limit: int = 20  # late / missing agencies listed by name in the DOCX
    docx_table_rows: int = 400  # a larger appendix table goes to the workbook only

    @property
    def period_label(self) -> str:
        if self.kind in (MIDTERM, FINAL):
            return f"giai đoạn {self.first_year}–{self.year}"
        return f"năm {self.year}"

    @property
    def late_or_missing(self) -> int:
        return len(self.late) + len(self.missing)


def attachment_line(data: SynthesisData) -> str:
    """ "(Kèm theo Báo cáo số 05/BC-SNV ngày … của …)"."""
    return c.attachment_note(
        "Báo cáo", data.number, data.doc_symbol, data.issued_date, data.issuer_full_name
    )


def filename(data: SynthesisData, extension: str = "docx") -> str:
    """ "BC-05-SNV-2025.docx", or "BC-dự-thảo-<id>.docx" before a number is issued."""
    name = c.document_filename(
        TYPE_ABBREVIATION,
        data.number,
        data.doc_symbol,
        data.issued_date,
        fallback=str(data.report_id or ""),
    )
    return name.removesuffix(".docx") + f".{extension}"


# ---- versions: what changed ---------------------------------------------------------------


def snapshot(data: SynthesisData) -> dict[str, str]:
    """The report's figures and sections as {label: text}, stable across versions."""
    out: dict[str, str] = {}
    out["Báo cáo đã nhận"] = f"{data.received}/{data.expected}"
    out["Báo cáo đúng hạn"] = str(data.on_time)
    com = data.communication
    out["Hoạt động truyền thông: tổng số"] = vn_number(com.events)
    for label, n in com.by_type:
        out[f"Hoạt động truyền thông: {label}"] = vn_number(n)
    for label, n in com.by_channel:
        out[f"Kênh: {label}"] = vn_number(n)
    out["Lượt người tham dự"] = vn_number(com.participants)
    out["Lượt người tham dự: nam"] = vn_number(com.male)
    out["Lượt người tham dự: nữ"] = vn_number(com.female)
    for label, _events, people in com.by_group:
        out[f"Đối tượng: {label}"] = vn_number(people)
    out["Sản phẩm truyền thông"] = vn_number(com.products)
    for label, amount in com.budget_by_source:
        out[f"Kinh phí: {label}"] = vn_number(amount)
    for f in data.figures:
        out[f"Số liệu: {f.label}"] = f.display
    for t in data.targets:
        out[f"Chỉ tiêu: {t.text[:80]}"] = f"{t.value_now} ({t.status})"
    for task in data.tasks:
        out[f"Nhiệm vụ {task.number}: hoạt động"] = vn_number(task.events)
    out["Kết quả nổi bật"] = str(len(data.highlights))
    out["Khó khăn, vướng mắc"] = str(len(data.difficulties))
    out["Đề xuất, kiến nghị"] = str(len(data.proposals))
    out["Báo cáo chậm"] = "; ".join(r.agency for r in data.late) or "-"
    out["Chưa báo cáo"] = "; ".join(r.agency for r in data.missing) or "-"
    return out


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None  # None: not in the older version
    after: str | None  # None: no longer in the newer version


def diff_snapshots(before: Mapping[str, str], after: Mapping[str, str]) -> list[Change]:
    """The labels whose text differs, in the newer version's order then the removed ones."""
    changes = [
        Change(label, before.get(label), value)
        for label, value in after.items()
        if before.get(label) != value
    ]
    changes += [Change(label, value, None) for label, value in before.items() if label not in after]
    return changes


def joined(names: Sequence[str], limit: int = 0) -> str:
    names = [n for n in names if n]
    if limit and len(names) > limit:
        return ", ".join(names[:limit]) + f" và {len(names) - limit} cơ quan, đơn vị khác"
    return ", ".join(names)
