"""The Excel round-trip of a report form: download it pre-filled, fill it offline, upload it.

The workbook carries hidden keys — the submission id and version on the cover, each
item's key, each figure's element code and cell — so reading it back depends on neither
labels, sheet names nor row order. What is read becomes the same content JSON the web
form produces (`reportform` module docstring) and goes through the same services, so the
same checks apply and a draft keeps whatever was typed, errors and all.

Sheets, each found by the hidden key in its cell A1 (names follow the language):

    #info     cover: round, plan, agency, period, data window, deadline, status,
              hidden rows with the format, submission id and version; instructions
    #items    one row per activity or duty: key | task | activity | role | status |
              what was done | results | difficulties | proposals
    #figures  one row per figure × cell: code | cell | figure | breakdown | value |
              kind | comment (kind and comment on each figure's first row)
    #summary  general assessment, difficulties, proposals; the Action Month questions
    lists     (hidden) the values of the drop-downs
"""

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from binhdang.core.audit import audit_log
from binhdang.core.text import fold
from binhdang.reporting.choices import (
    EDITABLE,
    RECEIVED,
    ItemStatus,
    RoundKind,
    ValueKind,
    ValueType,
    WorkflowAction,
)
from binhdang.reporting.models import Submission, SubmissionEvent
from binhdang.reporting.reportform import (
    ACTION_MONTH_FIELDS,
    GENERAL_FIELDS,
    ITEM_FIELDS,
    Checked,
    FormSpec,
    build_form_spec,
    check_content,
    parse_number,
)
from binhdang.reporting.services import (
    EditConflict,
    SaveResult,
    submission_save,
    submission_submit,
)

FORMAT = "binhdang-form/1"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A form has at most a few hundred rows; a sheet longer than this is not one of ours.
MAX_ROWS = 5000

INFO, ITEMS, FIGURES, SUMMARY = "#info", "#items", "#figures", "#summary"
LISTS = "lists"
TOTAL = "total"  # the hidden cell code of a figure's total (content uses "")

# Columns (1-based) of each sheet.
ITEM_COLUMNS = ("key", "group", "title", "role", *ITEM_FIELDS)
FIGURE_COLUMNS = ("code", "cell", "label", "breakdown", "value", "kind", "comment")
PAIR_COLUMNS = ("key", "label", "value")  # cover and summary


def _col(columns: tuple[str, ...], name: str) -> int:
    return columns.index(name) + 1


# ---- labels --------------------------------------------------------------------------


def _sheet_titles() -> dict[str, str]:
    """At most 31 characters each (Excel's limit)."""
    return {
        INFO: pgettext("workbook sheet", "Information"),
        ITEMS: pgettext("workbook sheet", "Activities"),
        FIGURES: pgettext("workbook sheet", "Figures"),
        SUMMARY: pgettext("workbook sheet", "Summary"),
    }


def _item_headers() -> dict[str, str]:
    return {
        "key": ITEMS,
        "group": _("Task"),
        "title": _("Activity or duty"),
        "role": _("Role"),
        "status": _("Status"),
        "done": _("What was done"),
        "results": _("Results"),
        "difficulties": _("Difficulties"),
        "proposals": _("Proposals"),
    }


def _figure_headers() -> dict[str, str]:
    return {
        "code": FIGURES,
        "cell": "",
        "label": _("Figure"),
        "breakdown": _("Breakdown"),
        "value": _("Value"),
        "kind": _("Kind of figure"),
        "comment": _("Comment"),
    }


def _summary_labels(spec: FormSpec) -> dict[str, str]:
    labels = {
        "gen-summary": _("General assessment of the gender-equality work in the period"),
        "gen-difficulties": _("Difficulties and obstacles"),
        "gen-proposals": _("Proposals and recommendations"),
    }
    if spec.is_action_month:
        labels.update(
            {
                "am-plan_made": _("Did your agency make its Action Month plan? (Yes / No)"),
                "am-plan_ref": _("Number and date of that plan"),
                "am-results": _("Results of the Action Month"),
            }
        )
    return labels


def _role_label(role: str) -> str:
    labels = {"lead": _("Lead"), "partner": _("Partner"), "responsible": _("Responsible")}
    return labels.get(role, role)


def _value_type_note(value_type: str) -> str:
    notes: dict[str, str] = {
        ValueType.MONEY: _("VND"),
        ValueType.PERCENT: "%",
        ValueType.BOOLEAN: _("1 = yes, 0 = no"),
    }
    return notes.get(value_type, "")


def _yes_no() -> list[tuple[str, str]]:
    return [("yes", _("Yes")), ("no", _("No"))]


# Words people type instead of the drop-down's labels, diacritics folded away.
_STATUS_WORDS: dict[str, tuple[str, ...]] = {
    ItemStatus.DONE: ("xong", "da xong", "hoan thanh", "da hoan thanh", "da thuc hien"),
    ItemStatus.IN_PROGRESS: ("dang thuc hien", "dang trien khai", "dang lam"),
    ItemStatus.NOT_DONE: ("chua thuc hien", "chua hoan thanh", "chua lam", "khong thuc hien"),
}
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    ValueKind.ACTUAL: ("thuc te", "so thuc te"),
    ValueKind.ESTIMATE: ("uoc", "uoc tinh", "so uoc tinh", "uoc thuc hien"),
    ValueKind.FINAL: ("chinh thuc", "so chinh thuc"),
}
_YES_NO_WORDS: dict[str, tuple[str, ...]] = {
    "yes": ("co", "x", "1", "true", "da lap", "da ban hanh"),
    "no": ("khong", "0", "false", "chua", "chua lap"),
}


def _choice_index(choices: list[tuple[str, Any]], words: dict[str, tuple[str, ...]]):
    """Folded code, English label, Vietnamese label and usual words → code."""
    index: dict[str, str] = {}
    languages = {"vi", "en", translation.get_language() or "vi"}
    for code, label in choices:
        index[fold(code)] = code
        index[fold(code.replace("_", " "))] = code
        for language in languages:
            with translation.override(language):
                index[fold(str(label))] = code
        for word in words.get(code, ()):
            index.setdefault(word, code)
    return index


def _match(text: str, index: dict[str, str]) -> str:
    """The code `text` names, or `text` itself (kept, so the check reports it)."""
    return index.get(fold(text), text) if text else ""


# ---- writing -------------------------------------------------------------------------

_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
_INPUT_FILL = PatternFill("solid", fgColor="FFF8E1")
_GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
_WRAP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)


def _protect(ws: Worksheet) -> None:
    """Labels and keys locked; input cells are unlocked one by one. No password: the
    protection prevents accidents, it is not a secret."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False


def _header(ws: Worksheet, labels: list[str], widths: list[int]) -> None:
    for col, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        cell = ws.cell(row=1, column=col, value=label)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _input(cell, value: Any = None) -> None:
    if value not in (None, ""):
        cell.value = value
    cell.protection = _UNLOCKED
    cell.fill = _INPUT_FILL
    cell.alignment = _WRAP
    cell.border = _BORDER


def _label(cell, value: Any, *, bold: bool = False) -> None:
    cell.value = value
    cell.alignment = _WRAP
    cell.border = _BORDER
    if bold:
        cell.font = Font(bold=True)


def _list_validation(ws: Worksheet, source: str, title: str, message: str) -> DataValidation:
    dv = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=title,
        error=message,
    )
    ws.add_data_validation(dv)
    return dv


def _number_validation(ws: Worksheet, value_type: str) -> DataValidation:
    """A warning (never a refusal) when a value is not a number of the right kind."""
    if value_type == ValueType.PERCENT:
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
        dv.error = _("Type a percentage from 0 to 100.")
    elif value_type == ValueType.BOOLEAN:
        dv = DataValidation(type="whole", operator="between", formula1="0", formula2="1")
        dv.error = _("Type 1 for yes or 0 for no.")
    elif value_type == ValueType.COUNT:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        dv.error = _("Type a whole number, 0 or more.")
    else:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        dv.error = _("Type a number, 0 or more.")
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.errorStyle = "warning"
    dv.errorTitle = _("Check this figure")
    ws.add_data_validation(dv)
    return dv


def _number_value(text: str, value_type: str) -> Any:
    """A stored figure as a number for the cell, or the text as typed if it is not one."""
    if not text:
        return None
    try:
        value = parse_number(text, value_type)
    except ValueError:
        return text
    return int(value) if value == value.to_integral_value() else value


def _fmt_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def form_workbook(submission: Submission, *, spec: FormSpec | None = None) -> bytes:
    """The submission's form as an XLSX workbook, pre-filled with its saved content."""
    spec = spec or build_form_spec(submission)
    content = submission.content or {}
    wb = Workbook()
    titles = _sheet_titles()
    info = wb.active
    info.title = titles[INFO]
    lists = _write_lists(wb, spec)
    _write_info(info, submission, spec)
    _write_items(wb.create_sheet(titles[ITEMS]), spec, content, lists)
    _write_figures(wb.create_sheet(titles[FIGURES]), spec, content, lists)
    _write_summary(wb.create_sheet(titles[SUMMARY]), spec, content, lists)
    hidden = wb[LISTS]
    wb.move_sheet(hidden, offset=len(wb.sheetnames) - 1 - wb.index(hidden))
    wb.active = 0
    wb.properties.title = submission.round.title[:250]
    wb.properties.creator = "binhdang"
    # Sheets cannot be deleted, renamed or unhidden by accident (no password either).
    wb.security.lockStructure = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _write_lists(wb: Workbook, spec: FormSpec) -> dict[str, str]:
    """A hidden sheet with the drop-down values; returns each list's range."""
    ws = wb.create_sheet(LISTS)
    ws.sheet_state = "hidden"
    columns = {
        "status": [str(label) for _code, label in ItemStatus.choices],
        "kind": [label for _code, label in spec.kinds],
        "yes_no": [label for _code, label in _yes_no()],
    }
    ranges = {}
    for col, (name, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(col)
        for row, value in enumerate(values, start=1):
            ws.cell(row=row, column=col, value=value)
        # No leading "=": the file holds formulas as Excel writes them.
        ranges[name] = f"{LISTS}!${letter}$1:${letter}${max(len(values), 1)}"
    _protect(ws)
    return ranges


def _write_info(ws: Worksheet, submission: Submission, spec: FormSpec) -> None:
    rnd = submission.round
    plan = rnd.plan
    plan_name = " ".join(p for p in (plan.doc_number or "", plan.title) if p)
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["A"].width = 4
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 80
    ws.cell(row=1, column=1, value=INFO)
    title = ws.cell(row=1, column=2, value=_("Report form"))
    title.font = Font(bold=True, size=14)
    ws.cell(row=1, column=3, value=rnd.title).font = Font(bold=True, size=14)
    ws.cell(row=1, column=3).alignment = _WRAP
    rows: list[tuple[str, str, Any]] = [
        ("plan", _("Plan"), plan_name),
        ("agency", _("Agency"), submission.agency.full_name),
        ("period", _("Report period"), f"{rnd.period} ({RoundKind(rnd.kind).label})"),
        (
            "window",
            _("Data period"),
            _("Figures counted from %(start)s to %(end)s")
            % {"start": _fmt_date(spec.data_start), "end": _fmt_date(spec.data_end)},
        ),
        ("deadline", _("Deadline"), _fmt_date(spec.deadline)),
        ("status", _("Status when downloaded"), submission.get_status_display()),
        (
            "downloaded",
            _("Downloaded at"),
            timezone.localtime().strftime("%H:%M %d/%m/%Y"),
        ),
    ]
    row = 2
    for key, label, value in rows:
        ws.cell(row=row, column=1, value=key)
        _label(ws.cell(row=row, column=2), label, bold=True)
        _label(ws.cell(row=row, column=3), value)
        row += 1
    # The keys that tie the file to its report: hidden and locked.
    for key, value in (("format", FORMAT), ("submission", submission.pk),
                       ("version", submission.version)):  # fmt: skip
        ws.cell(row=row, column=1, value=key)
        ws.cell(row=row, column=2, value=key)
        ws.cell(row=row, column=3, value=value)
        ws.row_dimensions[row].hidden = True
        row += 1
    row += 1
    ws.cell(row=row, column=2, value=_("How to fill in this workbook")).font = Font(
        bold=True, size=12
    )
    row += 1
    steps = [
        _("Type only into the yellow cells. Do not add, delete or move rows or sheets."),
        _(
            "Sheet “%(items)s”: for each activity choose its status from the list and say "
            "what was done, the results, the difficulties and your proposals."
        )
        % {"items": _sheet_titles()[ITEMS]},
        _(
            "Sheet “%(figures)s”: type each figure as a number (no units); men plus women "
            "may not exceed the total. Choose whether it is an actual figure, an estimate "
            "or final."
        )
        % {"figures": _sheet_titles()[FIGURES]},
        _(
            "Figures from the communication events your agency logged are counted "
            "automatically and are not in this workbook."
        ),
        _(
            "Save the file as .xlsx and upload it on the report's page. The same checks as "
            "on the online form apply; what you typed is kept as a draft even if there are "
            "errors."
        ),
        _(
            "If someone saves the report online after you downloaded this file, the upload "
            "is refused so their changes are not overwritten: download the form again."
        ),
    ]
    for i, step in enumerate(steps, start=1):
        ws.cell(row=row, column=2, value=f"{i}.").alignment = Alignment(
            horizontal="right", vertical="top"
        )
        ws.cell(row=row, column=3, value=step).alignment = _WRAP
        row += 1
    _protect(ws)


def _write_items(ws: Worksheet, spec: FormSpec, content: dict, lists: dict[str, str]) -> None:
    headers = _item_headers()
    widths = [4, 28, 45, 12, 18, 40, 35, 30, 30]
    _header(ws, [headers[c] for c in ITEM_COLUMNS], widths)
    ws.column_dimensions["A"].hidden = True
    status_dv = _list_validation(
        ws, lists["status"], _("Status"), _("Choose done, in progress or not done from the list.")
    )
    statuses = {code: str(label) for code, label in ItemStatus.choices}
    saved = content.get("items") or {}
    for row, item in enumerate(spec.items, start=2):
        answers = saved.get(item.key) or {}
        ws.cell(row=row, column=1, value=item.key)
        _label(ws.cell(row=row, column=2), item.group)
        title = item.title + (f" ({item.timing})" if item.timing else "")
        _label(ws.cell(row=row, column=3), title, bold=True)
        _label(ws.cell(row=row, column=4), _role_label(item.role))
        for name in ITEM_FIELDS:
            value = str(answers.get(name, "") or "")
            if name == "status":
                value = statuses.get(value, value)
            _input(ws.cell(row=row, column=_col(ITEM_COLUMNS, name)), value)
        status_dv.add(ws.cell(row=row, column=_col(ITEM_COLUMNS, "status")))
    if not spec.items:
        ws.cell(row=2, column=3, value=_("No activity of the plan is assigned to your agency."))
    _protect(ws)


def _write_figures(ws: Worksheet, spec: FormSpec, content: dict, lists: dict[str, str]) -> None:
    headers = _figure_headers()
    widths = [4, 4, 48, 24, 16, 26, 40]
    _header(ws, [headers[c] for c in FIGURE_COLUMNS], widths)
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].hidden = True
    kind_dv = _list_validation(
        ws, lists["kind"], _("Kind of figure"), _("Choose the kind of figure from the list.")
    )
    kinds = {code: str(label) for code, label in ValueKind.choices}
    saved = content.get("figures") or {}
    value_col = _col(FIGURE_COLUMNS, "value")
    row = 2
    for fig in spec.figures:
        entry = saved.get(fig.code) or {}
        values = entry.get("values") or {}
        number_dv = _number_validation(ws, fig.value_type)
        note = _value_type_note(fig.value_type)
        label = f"{fig.label} ({note})" if note else fig.label
        first = row
        for cell_code, cell_label in fig.cells:
            ws.cell(row=row, column=1, value=fig.code)
            ws.cell(row=row, column=2, value=cell_code or TOTAL)
            _label(ws.cell(row=row, column=3), label if row == first else "", bold=True)
            # A figure of one cell needs no breakdown ("Value").
            _label(ws.cell(row=row, column=4), cell_label if len(fig.cells) > 1 else "")
            value_cell = ws.cell(row=row, column=value_col)
            _input(value_cell, _number_value(str(values.get(cell_code, "") or ""), fig.value_type))
            value_cell.number_format = (
                "#,##0" if fig.value_type in (ValueType.COUNT, ValueType.MONEY) else "General"
            )
            number_dv.add(value_cell)
            for name in ("kind", "comment"):
                cell = ws.cell(row=row, column=_col(FIGURE_COLUMNS, name))
                if row == first:
                    value = str(entry.get(name, "") or "")
                    if name == "kind":
                        value = kinds.get(value or spec.default_kind, value)
                        kind_dv.add(cell)
                    _input(cell, value)
                else:
                    cell.fill = _GROUP_FILL
                    cell.border = _BORDER
            row += 1
        if fig.description:
            ws.cell(row=first, column=3).comment = Comment(fig.description, "binhdang")
        if len(fig.cells) > 1:
            ws.merge_cells(start_row=first, end_row=row - 1, start_column=3, end_column=3)
    if not spec.figures:
        ws.cell(row=2, column=3, value=_("This report asks for no figures to be typed in."))
    _protect(ws)


def _write_summary(ws: Worksheet, spec: FormSpec, content: dict, lists: dict[str, str]) -> None:
    _header(ws, [SUMMARY, _("Question"), _("Your answer")], [4, 40, 90])
    ws.column_dimensions["A"].hidden = True
    general = content.get("general") or {}
    am = content.get("action_month") or {}
    yes_no = dict(_yes_no())
    for row, (key, label) in enumerate(_summary_labels(spec).items(), start=2):
        section, name = key.split("-", 1)
        value = str((general if section == "gen" else am).get(name, "") or "")
        ws.cell(row=row, column=1, value=key)
        _label(ws.cell(row=row, column=2), label, bold=True)
        cell = ws.cell(row=row, column=3)
        if key == "am-plan_made":
            _input(cell, yes_no.get(value, value))
            _list_validation(ws, lists["yes_no"], label, _("Choose yes or no.")).add(cell)
        else:
            _input(cell, value)
            ws.row_dimensions[row].height = 90 if section == "gen" or name == "results" else 30
    _protect(ws)


# ---- reading -------------------------------------------------------------------------


@dataclass
class Location:
    """Where a field of the content sits in the workbook."""

    sheet: str
    row: int
    column: int
    header: str
    label: str = ""

    @property
    def cell(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"


@dataclass
class WorkbookContent:
    """What a workbook holds: content in the form's JSON format and where each field is."""

    content: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    submission_id: int | None = None
    version: int | None = None
    is_form: bool = False  # a binhdang report form at all
    locations: dict[str, Location] = field(default_factory=dict)
    items_read: set[str] = field(default_factory=set)
    figures_read: set[str] = field(default_factory=set)
    sheets_read: set[str] = field(default_factory=set)


def empty_content(spec: FormSpec) -> dict[str, Any]:
    """The content of an untouched form (what `content_from_post` gives for no data)."""
    return {
        "items": {item.key: dict.fromkeys(ITEM_FIELDS, "") for item in spec.items},
        "figures": {
            fig.code: {
                "kind": spec.default_kind,
                "values": {cell: "" for cell, _label in fig.cells},
                "comment": "",
            }
            for fig in spec.figures
        },
        "general": dict.fromkeys(GENERAL_FIELDS, ""),
        "action_month": dict.fromkeys(ACTION_MONTH_FIELDS, "") if spec.is_action_month else {},
    }


def _text(value: Any) -> str:
    """A text cell as the web form would have it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        with_time = value.hour or value.minute or value.second
        return value.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float | int | Decimal):
        return _plain(Decimal(str(value)))
    return str(value).replace("\r\n", "\n").strip()


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


# parse_number reads "1.234" as one thousand two hundred and thirty-four for counts and
# amounts; a real number 1.234 from a cell is written "1.2340" so it stays 1.234.
_AMBIGUOUS = re.compile(r"^-?\d{1,3}(\.\d{3})$")


def _number_text(value: Any, number_format: str | None, value_type: str) -> str:
    """A value cell as text: real numbers written plainly, text kept as typed."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float | int | Decimal):
        number = Decimal(str(value))
        if value_type == ValueType.PERCENT and "%" in (number_format or ""):
            number *= 100  # typed as "45%" → stored 0.45
        text = _plain(number)
        if value_type in (ValueType.COUNT, ValueType.MONEY) and _AMBIGUOUS.match(text):
            text += "0"
        return text
    if isinstance(value, datetime | date):
        return _text(value)  # not a number: the check says so
    return _text(value)


def _int(value: Any) -> int | None:
    try:
        number = Decimal(str(value).strip())
    except (ArithmeticError, ValueError):
        return None
    return int(number) if number.is_finite() and number == number.to_integral_value() else None


def _row_cells(row: tuple, width: int) -> list[Any]:
    cells = list(row[:width])
    return cells + [None] * (width - len(cells))


def _value(cell: Any) -> Any:
    return getattr(cell, "value", None)


def _is_blank(values: list[Any]) -> bool:
    return all(_text(v) == "" for v in values)


def read_workbook(data: bytes, spec: FormSpec) -> WorkbookContent:
    """Read a filled-in form. Never raises for a bad file: it says what is wrong instead."""
    out = WorkbookContent(content=empty_content(spec))
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a damaged or foreign file can fail in many ways inside openpyxl
        out.problems.append(
            _(
                "This file is not an Excel workbook (.xlsx). Fill in the workbook downloaded "
                "from this page and save it as .xlsx (Excel or LibreOffice)."
            )
        )
        return out
    try:
        sheets: dict[str, Any] = {}
        for ws in wb.worksheets:
            first = next(ws.iter_rows(min_row=1, max_row=1, max_col=1, values_only=True), None)
            mark = first[0] if first else None
            if mark in (INFO, ITEMS, FIGURES, SUMMARY) and mark not in sheets:
                sheets[mark] = ws
        if INFO not in sheets:
            out.problems.append(
                _(
                    "This workbook is not a report form downloaded from binhdang (its hidden "
                    "keys are missing). Download the form of this report and fill it in."
                )
            )
            return out
        fmt = _read_info(sheets[INFO], out)
        if fmt != FORMAT:
            out.problems.append(
                _("This workbook was made for another version of binhdang: download it again.")
            )
            return out
        out.is_form = True
        titles = _sheet_titles()
        for mark, reader in ((ITEMS, _read_items), (FIGURES, _read_figures),
                             (SUMMARY, _read_summary)):  # fmt: skip
            if mark in sheets:
                out.sheets_read.add(mark)
                reader(sheets[mark], spec, out)
            else:
                out.problems.append(
                    _("The sheet “%(sheet)s” is missing from the workbook: nothing was read there.")
                    % {"sheet": titles[mark]}
                )
    except Exception:  # a structure openpyxl cannot stream
        out.is_form = False
        out.problems.append(
            _("The workbook could not be read to the end. Save it again as .xlsx and retry.")
        )
    finally:
        wb.close()
    if out.is_form:
        _report_missing(spec, out)
    return out


def _read_info(ws, out: WorkbookContent) -> str:
    fmt = ""
    for row in ws.iter_rows(min_row=1, max_row=60, max_col=3, values_only=True):
        key, _label_, value = _row_cells(row, 3)
        if key == "format":
            fmt = _text(value)
        elif key == "submission":
            out.submission_id = _int(value)
        elif key == "version":
            out.version = _int(value)
    return fmt


def _rows(ws, width: int):
    """(row number, cells) from row 2, at most MAX_ROWS rows."""
    for number, row in enumerate(ws.iter_rows(min_row=2, max_col=width), start=2):
        if number > MAX_ROWS:
            raise ValueError("too many rows")
        yield number, _row_cells(row, width)


def _row_problem(sheet: str, row: int, message: str) -> str:
    return _("Sheet “%(sheet)s”, row %(row)s: %(message)s") % {
        "sheet": sheet,
        "row": row,
        "message": message,
    }


def _read_items(ws, spec: FormSpec, out: WorkbookContent) -> None:
    sheet = ws.title
    by_key = {item.key: item for item in spec.items}
    headers = _item_headers()
    statuses = _choice_index(list(ItemStatus.choices), _STATUS_WORDS)
    seen: dict[str, int] = {}
    width = len(ITEM_COLUMNS)
    for number, cells in _rows(ws, width):
        key = _text(_value(cells[0]))
        answers = [_value(cells[_col(ITEM_COLUMNS, f) - 1]) for f in ITEM_FIELDS]
        typed = not _is_blank(answers)
        title = _text(_value(cells[_col(ITEM_COLUMNS, "title") - 1]))[:80]
        if not key:
            if typed:
                out.problems.append(
                    _row_problem(
                        sheet,
                        number,
                        _("this row has no hidden key (was it added by hand?): not imported."),
                    )
                )
            continue
        if key in seen:
            out.problems.append(
                _row_problem(
                    sheet,
                    number,
                    _("repeats the activity of row %(first)s: only row %(first)s was imported.")
                    % {"first": seen[key]},
                )
            )
            continue
        seen[key] = number
        item = by_key.get(key)
        if item is None:
            out.problems.append(
                _row_problem(
                    sheet,
                    number,
                    _(
                        "“%(title)s” is no longer in this report's form (the plan changed after "
                        "the workbook was downloaded): not imported."
                    )
                    % {"title": title or key},
                )
            )
            continue
        row = {}
        for name, value in zip(ITEM_FIELDS, answers, strict=True):
            text = _text(value)
            row[name] = _match(text, statuses) if name == "status" else text
            column = _col(ITEM_COLUMNS, name)
            out.locations[f"item-{key}-{name}"] = Location(
                sheet, number, column, headers[name], item.title[:80]
            )
        out.content["items"][key] = row
        out.items_read.add(key)


def _read_figures(ws, spec: FormSpec, out: WorkbookContent) -> None:
    sheet = ws.title
    headers = _figure_headers()
    kinds = _choice_index(list(ValueKind.choices), _KIND_WORDS)
    by_code = {fig.code: fig for fig in spec.figures}
    seen: dict[tuple[str, str], int] = {}
    width = len(FIGURE_COLUMNS)
    col = {name: _col(FIGURE_COLUMNS, name) for name in FIGURE_COLUMNS}
    for number, cells in _rows(ws, width):
        code = _text(_value(cells[0]))
        cell_code = _text(_value(cells[1]))
        cell_code = "" if cell_code == TOTAL else cell_code
        value_cell = cells[col["value"] - 1]
        kind_text = _text(_value(cells[col["kind"] - 1]))
        comment = _text(_value(cells[col["comment"] - 1]))
        if not code:
            if _text(_value(value_cell)) or comment:
                out.problems.append(
                    _row_problem(
                        sheet,
                        number,
                        _("this row has no hidden key (was it added by hand?): not imported."),
                    )
                )
            continue
        fig = by_code.get(code)
        cells_of = dict(fig.cells) if fig else {}
        if fig is None or cell_code not in cells_of:
            label = _text(_value(cells[col["label"] - 1])) or code
            out.problems.append(
                _row_problem(
                    sheet,
                    number,
                    _(
                        "the figure “%(label)s” is no longer in this report's form (the plan "
                        "changed after the workbook was downloaded): not imported."
                    )
                    % {"label": label[:80]},
                )
            )
            continue
        if (code, cell_code) in seen:
            out.problems.append(
                _row_problem(
                    sheet,
                    number,
                    _("repeats the figure of row %(first)s: only row %(first)s was imported.")
                    % {"first": seen[(code, cell_code)]},
                )
            )
            continue
        seen[(code, cell_code)] = number
        entry = out.content["figures"][code]
        first_of_figure = code not in out.figures_read
        if first_of_figure:
            entry["kind"] = ""
            out.figures_read.add(code)
        label = f"{fig.label} – {cells_of[cell_code]}"
        entry["values"][cell_code] = _number_text(
            _value(value_cell), getattr(value_cell, "number_format", None), fig.value_type
        )
        out.locations[f"fig-{code}-{cell_code or 'total'}"] = Location(
            sheet, number, col["value"], headers["value"], label
        )
        # Kind and comment belong to the figure: its first row, or the first row filled.
        if kind_text and not entry["kind"]:
            entry["kind"] = _match(kind_text, kinds)
            out.locations[f"fig-{code}-kind"] = Location(
                sheet, number, col["kind"], headers["kind"], fig.label
            )
        elif first_of_figure:
            out.locations[f"fig-{code}-kind"] = Location(
                sheet, number, col["kind"], headers["kind"], fig.label
            )
        if comment and not entry["comment"]:
            entry["comment"] = comment
    for code in out.figures_read:
        entry = out.content["figures"][code]
        entry["kind"] = entry["kind"] or spec.default_kind


def _read_summary(ws, spec: FormSpec, out: WorkbookContent) -> None:
    sheet = ws.title
    labels = _summary_labels(spec)
    yes_no = _choice_index(_yes_no(), _YES_NO_WORDS)
    answer_header = _("Your answer")
    for number, cells in _rows(ws, len(PAIR_COLUMNS)):
        key = _text(_value(cells[0]))
        text = _text(_value(cells[2]))
        if not key:
            if text:
                out.problems.append(
                    _row_problem(
                        sheet,
                        number,
                        _("this row has no hidden key (was it added by hand?): not imported."),
                    )
                )
            continue
        if key not in labels:
            out.problems.append(
                _row_problem(sheet, number, _("this question is not in this report's form."))
            )
            continue
        section, name = key.split("-", 1)
        part = "general" if section == "gen" else "action_month"
        if name == "plan_made":
            text = _match(text, yes_no)
        out.content[part][name] = text
        out.locations[key] = Location(sheet, number, 3, answer_header, labels[key])


def _report_missing(spec: FormSpec, out: WorkbookContent) -> None:
    """Rows of the form that the workbook lacks (the plan changed after the download)."""
    if ITEMS in out.sheets_read:
        for item in spec.items:
            if item.key not in out.items_read:
                out.problems.append(
                    _(
                        "The activity “%(title)s” is not in the workbook (it was added after "
                        "the workbook was downloaded?): answer it on the online form."
                    )
                    % {"title": item.title[:80]}
                )
    if FIGURES in out.sheets_read:
        for fig in spec.figures:
            if fig.code not in out.figures_read:
                out.problems.append(
                    _(
                        "The figure “%(label)s” is not in the workbook (it was added after the "
                        "workbook was downloaded?): give it on the online form."
                    )
                    % {"label": fig.label[:80]}
                )


def content_from_workbook(
    data: bytes, spec: FormSpec
) -> tuple[dict[str, Any], list[str], int | None, int | None]:
    """(content, file problems, submission id, version) read from a filled-in workbook."""
    read = read_workbook(data, spec)
    return read.content, read.problems, read.submission_id, read.version


# ---- upload --------------------------------------------------------------------------


@dataclass
class CellError:
    """One validation error placed in the workbook (row and column), for the upload page."""

    field: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""  # "E – Status"
    cell: str = ""  # "E5"
    label: str = ""  # the activity or figure it is about


@dataclass
class UploadResult:
    result: SaveResult
    problems: list[str]
    errors: list[CellError]
    file_version: int | None
    changed: bool
    submitted: bool

    @property
    def ok(self) -> bool:
        return not self.problems and not self.errors


class StaleWorkbook(EditConflict):
    """The report was saved online after the workbook was downloaded."""

    def __init__(self, submission: Submission, file_version: int):
        self.submission = submission
        self.file_version = file_version
        who = submission.saved_by or _("someone")
        at = (
            timezone.localtime(submission.saved_at).strftime("%H:%M %d/%m/%Y")
            if submission.saved_at
            else "?"
        )
        Exception.__init__(
            self,
            _(
                "This workbook was downloaded at version %(file)s of the report, but %(who)s "
                "saved the report online at %(at)s (it is now at version %(now)s). Nothing was "
                "imported, so their changes are not overwritten: download the workbook again, "
                "copy your answers into it and upload it."
            )
            % {"file": file_version, "who": who, "at": at, "now": submission.version},
        )


def can_upload(user, submission: Submission) -> bool:
    """Whoever may fill the report online may upload its workbook."""
    from binhdang.reporting.services import can_report

    return getattr(user, "is_authenticated", False) and can_report(user, submission)


def _normalised(content: dict[str, Any], spec: FormSpec) -> dict[str, Any]:
    """Content reduced to what the form holds, figures compared as numbers."""
    items = content.get("items") or {}
    figures = content.get("figures") or {}

    def number(text: Any, value_type: str) -> str:
        text = str(text or "").strip()
        try:
            return _plain(parse_number(text, value_type)) if text else ""
        except ValueError:
            return text

    def texts(row: Any, names: tuple[str, ...]) -> dict[str, str]:
        row = row or {}
        return {n: str(row.get(n, "") or "").strip() for n in names}

    out: dict[str, Any] = {
        "items": {i.key: texts(items.get(i.key), ITEM_FIELDS) for i in spec.items},
        "figures": {},
        "general": texts(content.get("general"), GENERAL_FIELDS),
        "action_month": (
            texts(content.get("action_month"), ACTION_MONTH_FIELDS) if spec.is_action_month else {}
        ),
    }
    for fig in spec.figures:
        entry = figures.get(fig.code) or {}
        values = entry.get("values") or {}
        out["figures"][fig.code] = {
            "kind": str(entry.get("kind") or spec.default_kind),
            "values": {c: number(values.get(c), fig.value_type) for c, _label in fig.cells},
            "comment": str(entry.get("comment", "") or "").strip(),
        }
    return out


def _merge_unread(read: WorkbookContent, current: dict[str, Any], spec: FormSpec) -> dict:
    """Keep the online answers of the parts the workbook does not have."""
    content = read.content
    online = _normalised(current, spec)
    for item in spec.items:
        if item.key not in read.items_read:
            content["items"][item.key] = online["items"][item.key]
    for fig in spec.figures:
        if fig.code not in read.figures_read:
            content["figures"][fig.code] = online["figures"][fig.code]
    if SUMMARY not in read.sheets_read:
        content["general"] = online["general"]
        content["action_month"] = online["action_month"]
    return content


def _place(checked: Checked, read: WorkbookContent, spec: FormSpec) -> list[CellError]:
    """Each error of the check with the sheet, row and column it came from."""
    titles = {f"item-{i.key}-": i.title[:80] for i in spec.items}
    titles.update({f"fig-{f.code}-": f.label for f in spec.figures})
    errors = []
    for name, messages in checked.errors.items():
        where = read.locations.get(name)
        for message in messages:
            if where is not None:
                errors.append(
                    CellError(
                        field=name,
                        message=str(message),
                        sheet=where.sheet,
                        row=where.row,
                        column=f"{get_column_letter(where.column)} – {where.header}",
                        cell=where.cell,
                        label=where.label,
                    )
                )
            else:
                label = next((t for p, t in titles.items() if name.startswith(p)), "")
                errors.append(CellError(field=name, message=str(message), label=label))
    errors.sort(key=lambda e: (e.sheet == "", e.sheet, e.row or 0, e.cell))
    return errors


@transaction.atomic
def form_upload(*, submission: Submission, data: bytes, actor, submit: bool) -> UploadResult:
    """Fill the report from its workbook: save it as a draft (errors and all) or send it.

    Refused (ValidationError) for a file that is not this report's form; refused
    (`StaleWorkbook`) when the report was saved online after the download, unless the
    workbook holds exactly what the report already says.
    """
    if not can_upload(actor, submission):
        raise PermissionDenied
    sub = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("round", "round__plan", "agency", "saved_by")
        .get(pk=submission.pk)
    )
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)d MB: this is not a report form.")
            % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    spec = build_form_spec(sub)
    read = read_workbook(data, spec)
    if not read.is_form:
        raise ValidationError(read.problems)
    if read.submission_id != sub.pk:
        raise ValidationError(
            _(
                "This workbook is the form of another report. Download the workbook of this "
                "report (%(agency)s, %(period)s) and fill it in."
            )
            % {"agency": sub.agency.full_name, "period": sub.round.period}
        )
    if read.version is None or read.version > sub.version:
        raise ValidationError(
            _("The hidden version of this workbook is damaged: download the workbook again.")
        )
    content = _merge_unread(read, sub.content or {}, spec)
    changed = _normalised(content, spec) != _normalised(sub.content or {}, spec)
    if read.version < sub.version and changed:
        raise StaleWorkbook(sub, read.version)
    if changed and sub.status not in EDITABLE:
        # (submission_submit would take a changed report that was already sent for a resend.)
        raise ValidationError(_("This report has been sent and can no longer be changed."))
    if changed:
        # Where the content came from; the service records its own transition after it.
        SubmissionEvent.objects.create(
            submission=sub,
            action=WorkflowAction.UPLOAD,
            from_status=sub.status,
            to_status=sub.status,
            actor=actor,
        )
    if submit:
        result = submission_submit(
            submission=sub, content=content if changed else None, version=sub.version, actor=actor
        )
    elif changed:
        result = submission_save(submission=sub, content=content, version=sub.version, actor=actor)
    else:
        result = SaveResult(sub, check_content(sub.content or {}, spec, for_submit=False))
    sub = result.submission
    errors = _place(result.checked, read, spec)
    audit_log(
        actor=actor,
        action="reporting.submission.uploaded",
        obj=sub,
        data={
            "file_version": read.version,
            "version": sub.version,
            "changed": changed,
            "submit": submit,
            "status": sub.status,
            "errors": len(errors),
            "problems": len(read.problems),
        },
    )
    return UploadResult(
        result=result,
        problems=read.problems,
        errors=errors,
        file_version=read.version,
        changed=changed,
        submitted=sub.status in RECEIVED,
    )
