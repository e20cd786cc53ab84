"""Workbooks for any registry, driven by a column spec: the export, the blank template
and the all-or-nothing import with its errors by row and column.

A registry declares its columns (`Column`: the service field, the header in the current
language and in Vietnamese, how a cell is read) and its services (`WorkbookSpec`); this
module does the rest once for all of them:

* `export_xlsx` writes one row per record with the registry's columns (names, not codes:
  a choice as its label, a unit as "code - name", an agency as "number - name") and the
  record number last, so a downloaded list can be corrected and imported again;
* `import_xlsx` reads every row, turns each cell into a Python value (`_Reader`), and
  calls the registry's create service (an empty record number) or update service (a
  record number); every problem is collected with the row number the spreadsheet shows and
  the column's header; if there is one, nothing is saved.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binhdang.core.audit import audit_log
from binhdang.core.text import canonical, fold

MAX_ROWS = 5000
MAX_ERRORS_SHOWN = 200
MAX_BYTES = 20 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TEXT, INT, YEAR, DATE, CHOICE, UNIT, AGENCY, PLAN, ACTIVITY, RECORD = (
    "text", "int", "year", "date", "choice", "unit", "agency", "plan", "activity", "record",
)  # fmt: skip

HELP_SHEET = gettext_lazy("Instructions")
LISTS_SHEET = gettext_lazy("Code lists")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_GROUPED = re.compile(r"^\d{1,3}(?:([., ])\d{3})(?:\1\d{3})*$")
_LEADING_NUMBER = re.compile(r"^\s*(\d+)\s*(?:[-–—:.]\s*\S.*)?$")
_LABEL_SEPARATOR = re.compile(r"\s+[-–—]\s+")
_EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class Column:
    """One column of a registry's workbook; `key` is the field the services take."""

    key: str
    header: Promise | str
    vi: str  # the Vietnamese header, recognised whatever the importer's language
    kind: str = TEXT
    required: bool = False
    choices: Any = None  # a TextChoices class, for CHOICE
    width: int = 18
    hint: Promise | str = ""
    unit_level: str | None = None  # for UNIT: only units of this level
    # For CHOICE: more names for each code (the Vietnamese words people write).
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)


RECORD_COLUMN = Column(
    "id",
    gettext_lazy("Record number"),
    "Số hiệu bản ghi",
    RECORD,
    width=12,
    hint=gettext_lazy("Empty for a new record; the number of a record to change it."),
)


@dataclass(frozen=True)
class WorkbookSpec:
    """What the generic workbook code needs to know about one registry."""

    sheet: Promise | str
    sheet_vi: str
    columns: tuple[Column, ...]
    queryset: Callable[[Any], QuerySet]  # actor → the records the actor can see
    create: Callable[..., models.Model]  # create(actor=…, **fields)
    update: Callable[..., models.Model]  # update(actor=…, obj=…, **fields)
    imported_action: str
    title: Promise | str = ""

    @property
    def all_columns(self) -> tuple[Column, ...]:
        return (*self.columns, RECORD_COLUMN)


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it (the header is row 1)
    column: str  # the column's header ("" for the row as a whole)
    message: str
    value: str = ""


@dataclass
class ImportResult:
    ok: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    rows_with_errors: int = 0
    problem: str = ""  # the file as a whole could not be read

    @property
    def more_errors(self) -> int:
        return max(0, self.error_count - len(self.errors))


class _Bad(Exception):
    """A cell that cannot be read; the message says why."""


class _Rollback(Exception):
    pass


# ---------------------------------------------------------------------------------------
# Labels both ways
# ---------------------------------------------------------------------------------------


def _in_languages(text: Promise | str) -> list[str]:
    names = [str(text)]
    for lang in ("en", "vi"):
        with translation.override(lang):
            names.append(str(text))
    return names


def _header_key(text: Any) -> str:
    return fold(re.sub(r"\(.*?\)|\*", " ", str(text or "")))


def _header_lookup(columns: Iterable[Column]) -> dict[str, Column]:
    lookup: dict[str, Column] = {}
    for column in columns:
        for name in [column.key, column.vi, *_in_languages(column.header)]:
            lookup.setdefault(_header_key(name), column)
    return lookup


def _choice_lookup(column: Column) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code, label in column.choices.choices:
        for name in [code, *_in_languages(label), *column.aliases.get(code, ())]:
            lookup.setdefault(fold(name), code)
            # "Certificate of merit (Bằng khen)": the words in brackets alone also work.
            for inner in re.findall(r"\((.*?)\)", name):
                lookup.setdefault(fold(inner), code)
    return lookup


def unit_label(unit) -> str:
    """A unit as a cell: "31147 - Phường Tân An"; a pre-2025 unit by its path ("L92/…")."""
    from binhdang.geo.choices import Generation

    code = unit.code if unit.generation == Generation.CURRENT else unit.path
    return f"{code} - {unit.name}"


def _short(text: str, size: int = 100) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= size else text[: size - 1] + "…"


def export_value(column: Column, obj: models.Model) -> Any:
    """The cell of a record for one column."""
    if column.kind == RECORD:
        return obj.pk
    value = getattr(obj, column.key)
    if value is None or value == "":
        return None
    if column.kind == CHOICE:
        return str(dict(column.choices.choices).get(value, value))
    if column.kind == UNIT:
        return unit_label(value)
    if column.kind == AGENCY:
        return f"{value.pk} - {value.full_name}"
    if column.kind in (PLAN, ACTIVITY):
        label = value.title if column.kind == ACTIVITY else str(value)
        return f"{value.pk} - {_short(label)}"
    return value


# ---------------------------------------------------------------------------------------
# Export and template
# ---------------------------------------------------------------------------------------


def export_xlsx(*, spec: WorkbookSpec, objects: Iterable[models.Model]) -> bytes:
    """The records as a workbook: a data sheet with the spec's columns (and the record
    number), the instructions and the code lists of the choice columns with drop-downs.
    An empty `objects` is the template to fill in."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = spec.all_columns
    book = Workbook()
    data = book.active
    data.title = str(spec.sheet)[:31]
    guide = book.create_sheet(str(HELP_SHEET))
    codes = book.create_sheet(str(LISTS_SHEET))
    white = Font(bold=True, color="FFFFFF")
    required_fill = PatternFill("solid", fgColor="8E2C48")
    optional_fill = PatternFill("solid", fgColor="4B5B70")
    wrap = Alignment(wrap_text=True, vertical="top")

    # Code lists: one block of (label, code) per choice column, side by side.
    ranges: dict[str, str] = {}
    start = 1
    for column in columns:
        if column.kind != CHOICE:
            continue
        codes.cell(row=1, column=start, value=str(column.header)).font = Font(bold=True)
        for offset, title in enumerate((_("Name"), _("Code"))):
            cell = codes.cell(row=2, column=start + offset, value=title)
            cell.font = white
            cell.fill = optional_fill
        rows = list(column.choices.choices)
        for r, (code, label) in enumerate(rows, start=3):
            codes.cell(row=r, column=start, value=str(label))
            codes.cell(row=r, column=start + 1, value=code)
        letter = get_column_letter(start)
        codes.column_dimensions[letter].width = max(len(str(label)) for _c, label in rows) + 4
        ranges[column.key] = f"{quote_sheetname(codes.title)}!${letter}$3:${letter}${len(rows) + 2}"
        start += 3

    for i, column in enumerate(columns, start=1):
        cell = data.cell(row=1, column=i, value=str(column.header))
        cell.font = white
        cell.fill = required_fill if column.required else optional_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if column.hint:
            note = str(column.hint)
            if column.required:
                note = _("Required.") + " " + note
            cell.comment = Comment(note, "binhdang", width=300, height=100)
        letter = get_column_letter(i)
        data.column_dimensions[letter].width = column.width
        if column.kind == DATE:
            data.column_dimensions[letter].number_format = "DD/MM/YYYY"
        if column.key in ranges:
            validation = DataValidation(
                type="list",
                formula1=ranges[column.key],
                allow_blank=True,
                errorStyle="warning",
                error=_("Choose a value from the list (sheet “Code lists”)."),
                errorTitle=str(column.header),
            )
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            data.add_data_validation(validation)
    data.row_dimensions[1].height = 32
    data.freeze_panes = "A2"

    row_number = 1
    for obj in objects:
        row_number += 1
        for i, column in enumerate(columns, start=1):
            cell = data.cell(row=row_number, column=i, value=export_value(column, obj))
            if column.kind == DATE:
                cell.number_format = "DD/MM/YYYY"
    if row_number > 1:
        data.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{row_number}"

    guide.column_dimensions["A"].width = 30
    guide.column_dimensions["B"].width = 12
    guide.column_dimensions["C"].width = 90
    guide["A1"] = str(spec.title or spec.sheet)
    guide["A1"].font = Font(bold=True, size=14)
    lines = [
        _("One row per record in the sheet “%(sheet)s”, from row 2. Do not change the headers.")
        % {"sheet": data.title},
        _("Leave the record number empty to add a record; keep it to change that record."),
        _("Lists (sheet “%(sheet)s”): write the name or the code, with or without diacritics.")
        % {"sheet": codes.title},
        _("Units: the code (31147) or “code - name”; a unit before 1/7/2025 by its code path "
          "(L92/916/31135). Agencies, plans and activities: their number, as in the export."),
        _("Dates: dd/mm/yyyy (15/11/2025), yyyy-mm-dd, or a date cell."),
        _("The whole file is checked before anything is saved: if a row has an error, nothing "
          "is saved and the page lists every error with its row and column."),
    ]  # fmt: skip
    row = 3
    for number, line in enumerate(lines, start=1):
        guide.cell(row=row, column=1, value=f"{number}.").alignment = Alignment(horizontal="right")
        cell = guide.cell(row=row, column=2, value=line)
        guide.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
        cell.alignment = wrap
        guide.row_dimensions[row].height = 30
        row += 1
    row += 1
    for i, title in enumerate((_("Column"), _("Required"), _("What to write")), start=1):
        cell = guide.cell(row=row, column=i, value=title)
        cell.font = white
        cell.fill = optional_fill
    for column in columns:
        row += 1
        guide.cell(row=row, column=1, value=str(column.header)).font = Font(bold=True)
        guide.cell(row=row, column=2, value=_("yes") if column.required else "")
        guide.cell(row=row, column=3, value=str(column.hint)).alignment = wrap

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------
# Reading cells
# ---------------------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _integer(value: Any) -> int:
    """A whole number of zero or more from a number cell or text: 1500, 1.500, 1,500."""
    if isinstance(value, bool):
        raise _Bad(_("Enter a whole number."))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float | Decimal):
        if value != int(value):
            raise _Bad(_("Enter a whole number."))
        number = int(value)
    else:
        text = str(value).strip().replace("\u00a0", " ")
        if text.isdigit():
            number = int(text)
        elif _GROUPED.match(text):
            number = int(re.sub(r"\D", "", text))
        elif re.match(r"^\d+[.,]0+$", text):
            number = int(re.split(r"[.,]", text)[0])
        elif re.match(r"^-\s*\d", text):
            raise _Bad(_("Enter a number of zero or more."))
        else:
            raise _Bad(_("Enter a whole number."))
    if number < 0:
        raise _Bad(_("Enter a number of zero or more."))
    return number


def _year(value: Any) -> int:
    try:
        year = _integer(value)
    except _Bad:
        raise _Bad(_("Enter a year such as 2025.")) from None
    if not 1900 <= year <= 2999:
        raise _Bad(_("Enter a year such as 2025."))
    return year


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 36526 <= value <= 2958465:  # an Excel serial day (from 2000)
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise _Bad(_("Enter the date as dd/mm/yyyy."))
    text = str(value).strip()
    try:
        if match := _DMY.match(text):
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        if match := _YMD.match(text):
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError:
        raise _Bad(_("This date does not exist.")) from None
    raise _Bad(_("Enter the date as dd/mm/yyyy."))


def _leading_number(text: str) -> int | None:
    match = _LEADING_NUMBER.match(text)
    return int(match.group(1)) if match else None


def _before_label(text: str) -> str:
    """ "31147 - Phường Tân An" → "31147"."""
    return _LABEL_SEPARATOR.split(text.strip(), maxsplit=1)[0].strip()


class _Reader:
    """Turns cells into values for the services, looking records up in the actor's
    sight; each distinct text is looked up once per import."""

    def __init__(self, *, spec: WorkbookSpec, actor):
        self.spec = spec
        self.actor = actor
        self.memo: dict[tuple[str, str], Any] = {}
        self.choice_lookups = {c.key: _choice_lookup(c) for c in spec.columns if c.kind == CHOICE}

    def _visible(self, model) -> QuerySet:
        if self.actor is None:
            return model._default_manager.all()
        return model._default_manager.visible_to(self.actor)

    def read(self, column: Column, raw: Any) -> Any:
        if _blank(raw):
            if column.required:
                raise _Bad(_("This column is required."))
            if column.kind in (TEXT, CHOICE):
                return ""
            return None
        kind = column.kind
        if kind == TEXT:
            return _text(raw)
        if kind == INT:
            return _integer(raw)
        if kind == YEAR:
            return _year(raw)
        if kind == DATE:
            return _date(raw)
        text = _text(raw)
        key = (column.key, text)
        if key not in self.memo:
            try:
                self.memo[key] = self._lookup(column, text)
            except _Bad as bad:
                self.memo[key] = bad
        found = self.memo[key]
        if isinstance(found, _Bad):
            raise found
        return found

    def _lookup(self, column: Column, text: str) -> Any:
        kind = column.kind
        if kind == CHOICE:
            code = self.choice_lookups[column.key].get(fold(text))
            if code is None:
                raise _Bad(_("Not in the list (sheet “Code lists”)."))
            return code
        if kind == UNIT:
            return self._unit(column, text)
        if kind == AGENCY:
            return self._agency(text)
        if kind == PLAN:
            return self._plan(text)
        if kind == ACTIVITY:
            return self._activity(text)
        if kind == RECORD:
            number = _leading_number(text)
            obj = None
            if number is not None:
                obj = self.spec.queryset(self.actor).filter(pk=number).first()
            if obj is None:
                raise _Bad(_("No record with this number in your area."))
            return obj
        raise ValueError(f"Unknown column kind: {kind}")  # pragma: no cover

    def _unit(self, column: Column, text: str):
        from binhdang.geo.choices import Generation
        from binhdang.geo.models import AdministrativeUnit
        from binhdang.geo.selectors import unit_search_filter

        units = self._visible(AdministrativeUnit)
        if column.unit_level:
            units = units.filter(level=column.unit_level)
        token = _before_label(text)
        for q in (
            Q(path=token),
            Q(code=token, generation=Generation.CURRENT),
            Q(code=token, generation=Generation.LEGACY),
        ):
            found = list(units.filter(q)[:2])
            if len(found) == 1:
                return found[0]
        name = _LABEL_SEPARATOR.split(text.strip(), maxsplit=1)[-1]
        matches = unit_search_filter(units, name)[:20]
        exact = [u for u in matches if getattr(u, "search_rank", 1) == 0]
        current = [u for u in exact if u.generation == Generation.CURRENT]
        if len(current) == 1:
            return current[0]
        if len(exact) == 1:
            return exact[0]
        if exact:
            raise _Bad(_("Several units have this name: write the code."))
        raise _Bad(_("No unit with this code or name in your area."))

    def _agency(self, text: str):
        from binhdang.agencies.models import Agency

        agencies = self._visible(Agency)
        number = _leading_number(text)
        if number is not None:
            found = agencies.filter(pk=number).first()
            if found is None:
                raise _Bad(_("No agency with this number in your area."))
            return found
        for q in (Q(full_name__iexact=text), Q(search_key=canonical(text))):
            matches = list(agencies.filter(q)[:20])
            current = [a for a in matches if a.valid_to is None]
            if len(matches) == 1:
                return matches[0]
            if len(current) == 1:
                return current[0]
            if matches:
                raise _Bad(_("Several agencies have this name: write the agency's number."))
        raise _Bad(_("No agency with this name in your area."))

    def _plan(self, text: str):
        from binhdang.plans.models import Plan

        plans = self._visible(Plan)
        number = _leading_number(text)
        if number is not None:
            found = plans.filter(pk=number).first()
        else:
            matches = list(plans.filter(doc_number__iexact=text)[:2])
            found = matches[0] if len(matches) == 1 else None
        if found is None:
            raise _Bad(_("No plan with this number in your area."))
        return found

    def _activity(self, text: str):
        from binhdang.plans.models import Activity, Plan

        number = _leading_number(text)
        found = None
        if number is not None:
            found = (
                Activity.objects.filter(task__plan__in=self._visible(Plan), pk=number)
                .select_related("task__plan")
                .first()
            )
        if found is None:
            raise _Bad(_("No plan activity with this number in your area."))
        return found


# ---------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------


class _FileProblem(Exception):
    pass


def _open_rows(spec: WorkbookSpec, data: bytes):
    """(header cells, iterator of rows) of the registry's sheet (or the first sheet)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise _FileProblem(_("This is not an Excel workbook (.xlsx).")) from None
    wanted = {fold(name) for name in [spec.sheet_vi, *_in_languages(spec.sheet)]}
    sheet = next((s for s in book.worksheets if fold(s.title) in wanted), book.worksheets[0])
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise _FileProblem(_("The workbook is empty."))
    return book, header, rows


def import_xlsx(*, spec: WorkbookSpec, actor, data: bytes, file_name: str = "") -> ImportResult:
    """Create (or change) the records of a workbook: all of them, or none.

    Every row is read and handed to the services; the errors of all rows are collected
    (the first `MAX_ERRORS_SHOWN` kept) and, if there is one, the transaction is rolled
    back. A successful import writes one audit entry with the counts (besides each
    record's own).
    """
    if len(data) > MAX_BYTES:
        return ImportResult(ok=False, problem=_("The file is larger than 20 MB."))
    try:
        book, header, rows = _open_rows(spec, data)
    except _FileProblem as problem:
        return ImportResult(ok=False, problem=str(problem))
    try:
        lookup = _header_lookup(spec.all_columns)
        positions: list[tuple[int, Column]] = []
        seen: set[str] = set()
        for i, title in enumerate(header):
            column = lookup.get(_header_key(title))
            if column is not None and column.key not in seen:
                positions.append((i, column))
                seen.add(column.key)
        missing = [str(c.header) for c in spec.columns if c.required and c.key not in seen]
        if missing:
            return ImportResult(
                ok=False,
                problem=_("The first row lacks these columns of the template: %(names)s.")
                % {"names": ", ".join(missing)},
            )
        result = ImportResult(ok=True)
        try:
            with transaction.atomic():
                _import_rows(spec, actor, rows, positions, result)
                if result.error_count:
                    raise _Rollback
                if result.rows == 0:
                    result.ok = False
                    result.problem = _("The workbook has no rows to import.")
                    raise _Rollback
                audit_log(
                    actor=actor,
                    action=spec.imported_action,
                    data={"file": file_name, "created": result.created, "updated": result.updated},
                )
        except _Rollback:
            result.ok = False
            result.created = result.updated = 0
        return result
    finally:
        book.close()


def _import_rows(spec, actor, rows, positions, result: ImportResult) -> None:
    reader = _Reader(spec=spec, actor=actor)
    headers = {column.key: str(column.header) for column in spec.all_columns}
    for number, cells in enumerate(rows, start=2):
        size = len(cells)
        raw = {column.key: cells[i] if i < size else None for i, column in positions}
        if all(_blank(v) for v in raw.values()):
            continue
        result.rows += 1
        if result.rows > MAX_ROWS:
            result.problem = _("The workbook has more than %(n)d rows: split it.") % {"n": MAX_ROWS}
            result.error_count += 1
            return
        errors: list[RowError] = []
        values: dict[str, Any] = {}
        for _i, column in positions:
            try:
                values[column.key] = reader.read(column, raw[column.key])
            except _Bad as bad:
                errors.append(
                    RowError(number, headers[column.key], str(bad), _short(_text(raw[column.key])))
                )
        if not errors:
            errors = _save_row(spec, actor, number, values, raw, headers, result)
        if errors:
            result.rows_with_errors += 1
            result.error_count += len(errors)
            room = MAX_ERRORS_SHOWN - len(result.errors)
            result.errors.extend(errors[: max(room, 0)])


def _field_label(model, name: str) -> str:
    if name == NON_FIELD_ERRORS:
        return ""
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return ""


def _save_row(spec, actor, number, values, raw, headers, result) -> list[RowError]:
    obj = values.pop("id", None)
    try:
        if obj is None:
            spec.create(actor=actor, **values)
            result.created += 1
        else:
            spec.update(actor=actor, obj=obj, **values)
            result.updated += 1
    except PermissionDenied as denied:
        message = str(denied) or _("You may not do this.")
        return [RowError(number, "", message)]
    except ValidationError as error:
        found = []
        model = spec.queryset(actor).model
        for name, messages in error.message_dict.items():
            column = headers.get(name) or _field_label(model, name)
            value = _short(_text(raw[name])) if raw.get(name) is not None else ""
            for message in messages:
                found.append(RowError(number, column, message, value))
        return found
    return []


__all__ = [
    "ACTIVITY",
    "AGENCY",
    "CHOICE",
    "DATE",
    "INT",
    "MAX_BYTES",
    "MAX_ERRORS_SHOWN",
    "PLAN",
    "RECORD",
    "RECORD_COLUMN",
    "TEXT",
    "UNIT",
    "XLSX",
    "YEAR",
    "Column",
    "ImportResult",
    "RowError",
    "WorkbookSpec",
    "export_value",
    "export_xlsx",
    "import_xlsx",
    "unit_label",
]
