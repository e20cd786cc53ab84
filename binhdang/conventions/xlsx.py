"""The conventions workbook: the template, the export and the import.

One row per convention, one column per field (names, not codes: "Hương ước", "Thôn",
"Còn hiệu lực"…); the template's "Code lists" sheet lists every valid value and the
communes of the user's area. An export has the same columns plus three that are only
information (clauses, flagged, confirmed), so it can be corrected and imported again.

The import (`conventions_import`) is all or nothing. Every cell is read first (a date, a
number, a value from a list), then every row goes through the same services the pages
use (`convention_create`, or `convention_update` for a row that carries the record
number of a convention the user can see), inside one transaction. If any row has an
error, the transaction is rolled back and the result lists every error by row (the row
number the spreadsheet shows) and column.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from binhdang.conventions import services
from binhdang.conventions.choices import (
    ConventionKind,
    ConventionStatus,
    ReviewResult,
    Verdict,
    VillageKind,
)
from binhdang.conventions.models import Convention
from binhdang.core.audit import audit_log
from binhdang.core.text import fold
from binhdang.geo.choices import Generation, UnitLevel

MAX_ERRORS_SHOWN = 200
MAX_ROWS = 20_000
EXPORT_MAX_ROWS = 50_000
XLSX_LAST_ROW = 1_048_576

DATA_SHEET = pgettext_lazy("conventions workbook", "Village conventions")
HELP_SHEET = pgettext_lazy("conventions workbook", "Instructions")
LISTS_SHEET = pgettext_lazy("conventions workbook", "Code lists")


@dataclass(frozen=True)
class Column:
    key: str
    header: Promise
    width: int
    required: bool = False
    hint: Promise | str = ""


COLUMNS: tuple[Column, ...] = (
    Column("id", pgettext_lazy("convention column", "Record number"), 10, False,
           gettext_lazy("Empty for a new convention. The number of a registered one "
                        "(see an export) to change it.")),
    Column("kind", pgettext_lazy("convention column", "Kind"), 20, True,
           gettext_lazy("Hương ước or quy ước.")),
    Column("village_kind", pgettext_lazy("convention column", "Kind of village"), 18, True,
           gettext_lazy("Thôn, ấp, bản, khóm, tổ dân phố, làng, buôn, phum, sóc… "
                        "(sheet “Code lists”).")),
    Column("village_name", pgettext_lazy("convention column", "Village name"), 26, True,
           gettext_lazy("The name without its kind, e.g. “Đông Thái”.")),
    Column("unit", pgettext_lazy("convention column", "Commune or ward"), 30, True,
           gettext_lazy("Its code or name (sheet “Code lists”). A commune before 1/7/2025: "
                        "its code starting with L.")),
    Column("adopted_on", pgettext_lazy("convention column", "Adopted on"), 13, True,
           gettext_lazy("dd/mm/yyyy or a date cell.")),
    Column("amended_on", pgettext_lazy("convention column", "Last amended on"), 13),
    Column("decision_ref", pgettext_lazy("convention column", "Approving decision"), 30),
    Column("status", pgettext_lazy("convention column", "Status"), 16, False,
           gettext_lazy("Empty: in force.")),
    Column("ended_on", pgettext_lazy("convention column", "No longer in force from"), 14, False,
           gettext_lazy("Only for a replaced or repealed convention.")),
    Column("reviewed_on", pgettext_lazy("convention column", "Reviewed on"), 13),
    Column("reviewer_name", pgettext_lazy("convention column", "Reviewed by"), 22),
    Column("reviewer_agency", pgettext_lazy("convention column", "Reviewing agency"), 30, False,
           gettext_lazy("The agency's full name, as in the agency registry.")),
    Column("discriminatory_found",
           pgettext_lazy("convention column", "Discriminatory clauses found"), 14),
    Column("clauses_fixed", pgettext_lazy("convention column", "Clauses fixed"), 12),
    Column("fixed_on", pgettext_lazy("convention column", "Fixed on"), 13),
    Column("review_result", pgettext_lazy("convention column", "Review result"), 22, False,
           gettext_lazy("Empty: not reviewed.")),
    Column("review_note", pgettext_lazy("convention column", "Review note"), 30),
    Column("note", pgettext_lazy("convention column", "Note"), 30),
)  # fmt: skip
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
_BY_KEY = {c.key: c for c in COLUMNS}
# Export only: what the clauses say (ignored by the import).
INFO_COLUMNS: tuple[tuple[str, Promise], ...] = (
    ("clauses", pgettext_lazy("convention column", "Clauses")),
    ("flagged", pgettext_lazy("convention column", "Flagged clauses")),
    ("confirmed", pgettext_lazy("convention column", "Confirmed discriminatory")),
)
_DATES = ("adopted_on", "amended_on", "ended_on", "reviewed_on", "fixed_on")
_COUNTS = ("discriminatory_found", "clauses_fixed")

# The Vietnamese words people write for each code, recognised whatever the catalogue says.
VI_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "kind": {
        ConventionKind.VILLAGE_CHARTER: ("Hương ước",),
        ConventionKind.COMMUNITY_RULES: ("Quy ước",),
    },
    "village_kind": {
        VillageKind.THON: ("Thôn",), VillageKind.AP: ("Ấp",), VillageKind.BAN: ("Bản",),
        VillageKind.KHOM: ("Khóm",), VillageKind.TO_DAN_PHO: ("Tổ dân phố", "TDP"),
        VillageKind.KHU_PHO: ("Khu phố",), VillageKind.LANG: ("Làng",),
        VillageKind.XOM: ("Xóm",), VillageKind.BUON: ("Buôn",), VillageKind.PLEI: ("Plei",),
        VillageKind.PHUM: ("Phum",), VillageKind.SOC: ("Sóc",),
        VillageKind.KHU_DAN_CU: ("Khu dân cư",), VillageKind.OTHER: ("Khác",),
    },
    "status": {
        ConventionStatus.IN_FORCE: ("Còn hiệu lực", "Đang có hiệu lực", "Có hiệu lực"),
        ConventionStatus.REPLACED: ("Đã thay thế", "Bị thay thế", "Thay thế"),
        ConventionStatus.REPEALED: ("Đã bãi bỏ", "Bãi bỏ", "Bị bãi bỏ", "Hết hiệu lực"),
    },
    "review_result": {
        ReviewResult.NOT_REVIEWED: ("Chưa rà soát",),
        ReviewResult.NO_DISCRIMINATION: ("Không có phân biệt đối xử", "Không phân biệt",
                                         "Không có nội dung phân biệt"),
        ReviewResult.DISCRIMINATION_FOUND: ("Có phân biệt đối xử", "Phát hiện phân biệt",
                                            "Có nội dung phân biệt"),
        ReviewResult.FIXED: ("Đã sửa đổi", "Đã sửa", "Đã khắc phục"),
    },
}  # fmt: skip
_CHOICES: dict[str, Any] = {
    "kind": ConventionKind,
    "village_kind": VillageKind,
    "status": ConventionStatus,
    "review_result": ReviewResult,
}
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_EXCEL_EPOCH = date(1899, 12, 30)


def _labels(code: str, choices: Any) -> list[str]:
    label = dict(choices.choices)[code]
    names = [code, str(label)]
    for lang in ("en", "vi"):
        with translation.override(lang):
            names.append(str(label))
    return names


def choice_lookup(key: str) -> dict[str, str]:
    """fold(any way to write a value) → its code."""
    choices = _CHOICES[key]
    lookup: dict[str, str] = {}
    for code in choices.values:
        for name in [*_labels(code, choices), *VI_NAMES[key].get(code, ())]:
            lookup.setdefault(fold(name), code)
            # "Village (thôn)": the word in brackets alone too.
            for inner in re.findall(r"\(([^)]+)\)", name):
                lookup.setdefault(fold(inner), code)
    return lookup


def _header_key(text: Any) -> str:
    return fold(re.sub(r"\*", " ", str(text or "")))


def _header_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in COLUMNS:
        names = [column.key, str(column.header)]
        for lang in ("en", "vi"):
            with translation.override(lang):
                names.append(str(column.header))
        for name in names:
            lookup.setdefault(_header_key(name), column.key)
    return lookup


# ---------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it (the header is row 1)
    column: str  # the column's header
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


class _FileProblem(Exception):
    pass


class _Rollback(Exception):
    pass


# ---------------------------------------------------------------------------------------
# Reading cells
# ---------------------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value <= 2958465:  # an Excel serial day
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


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise _Bad(_("Enter a whole number."))
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        if value != int(value):
            raise _Bad(_("Enter a whole number."))
        return int(value)
    text = str(value).strip()
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+[.,]0+", text):
        return int(re.split(r"[.,]", text)[0])
    raise _Bad(_("Enter a whole number."))


class _Lookups:
    """What the cells are matched against, loaded once for a whole file."""

    def __init__(self, actor) -> None:
        from binhdang.agencies.models import Agency
        from binhdang.geo.models import AdministrativeUnit

        self.choices = {key: choice_lookup(key) for key in _CHOICES}
        units = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE)
        if actor is not None:
            units = units.visible_to(actor)
        self.unit_by_key: dict[str, int | None] = {}
        names: dict[str, list[int]] = defaultdict(list)
        for pk, code, path, name, short, generation in units.values_list(
            "pk", "code", "path", "name", "short_name", "generation"
        ):
            if generation == Generation.CURRENT:
                self.unit_by_key[code] = pk
                names[fold(name)].append(pk)
                names[fold(short)].append(pk)
            self.unit_by_key[path.upper()] = pk
        for key, found in names.items():
            self.unit_by_key.setdefault(key, found[0] if len(set(found)) == 1 else None)
        self.units = AdministrativeUnit.objects.in_bulk(
            [pk for pk in self.unit_by_key.values() if pk is not None]
        )
        agencies = Agency.objects.all() if actor is None else Agency.objects.visible_to(actor)
        self.agency_by_key: dict[str, int | None] = {}
        seen: dict[str, set[int]] = defaultdict(set)
        for pk, name, full_name in agencies.current().values_list("pk", "name", "full_name"):
            for text in (full_name, name):
                if text:
                    seen[fold(text)].add(pk)
        for key, ids in seen.items():
            self.agency_by_key[key] = next(iter(ids)) if len(ids) == 1 else None
        self.agencies = Agency.objects.in_bulk(
            [pk for pk in self.agency_by_key.values() if pk is not None]
        )

    def choice(self, key: str, value: Any) -> str:
        code = self.choices[key].get(fold(str(value)))
        if code is None:
            raise _Bad(_("Not a value of the list (sheet “Code lists”)."))
        return code

    def unit(self, value: Any):
        text = str(value).strip()
        if isinstance(value, int | float) and not isinstance(value, bool):
            text = str(int(value)).zfill(5)
        candidates = [text, text.split(" - ", 1)[0].strip(), text.upper()]
        for candidate in candidates:
            for key in (candidate, candidate.upper(), fold(candidate)):
                if key in self.unit_by_key:
                    pk = self.unit_by_key[key]
                    if pk is None:
                        raise _Bad(_("Several communes have this name: write its code."))
                    return self.units[pk]
        raise _Bad(_("No commune or ward of your area has this code or name."))

    def agency(self, value: Any):
        key = fold(str(value))
        if key not in self.agency_by_key:
            raise _Bad(_("No agency you can see has this name."))
        pk = self.agency_by_key[key]
        if pk is None:
            raise _Bad(_("Several agencies have this name: write its full name."))
        return self.agencies[pk]


def _read_row(row: dict[str, Any], lookups: _Lookups) -> tuple[dict[str, Any], dict[str, str]]:
    """The service values of one row, and the cells that could not be read."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key in COLUMN_KEYS:
        if key not in row:
            continue
        cell = row[key]
        if _blank(cell):
            values[key] = None
            continue
        try:
            if key == "id":
                values[key] = _integer(cell)
            elif key in _DATES:
                values[key] = _date(cell)
            elif key in _COUNTS:
                values[key] = _integer(cell)
            elif key in _CHOICES:
                values[key] = lookups.choice(key, cell)
            elif key == "unit":
                values[key] = lookups.unit(cell)
            elif key == "reviewer_agency":
                values[key] = lookups.agency(cell)
            else:
                values[key] = str(cell).strip()
        except _Bad as bad:
            errors[key] = str(bad)
    # "Thôn Đông Thái" in the name column and no kind: the kind is its first words.
    name = values.get("village_name") or ""
    if name and not values.get("village_kind") and "village_kind" not in errors:
        for code, words in VI_NAMES["village_kind"].items():
            for word in words:
                if fold(name).startswith(fold(word) + " "):
                    values["village_kind"] = code
                    values["village_name"] = name[len(word) :].strip()
                    break
    return values, errors


# ---------------------------------------------------------------------------------------
# Reading the file
# ---------------------------------------------------------------------------------------


def _rows(data: bytes) -> Iterator[dict[str, Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise _FileProblem(_("This file is not an Excel workbook (.xlsx).")) from exc
    lookup = _header_lookup()
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None:
                continue
            positions: dict[str, int] = {}
            for i, cell in enumerate(header):
                key = lookup.get(_header_key(cell))
                if key is not None and key not in positions:
                    positions[key] = i
            if len(positions) < 3:
                continue
            missing = [c for c in COLUMNS if c.required and c.key not in positions]
            if missing:
                raise _FileProblem(
                    _("These columns are missing: %(columns)s.")
                    % {"columns": ", ".join(str(c.header) for c in missing)}
                )
            for number, cells in enumerate(rows, start=2):
                if cells is None or all(_blank(c) for c in cells):
                    continue
                size = len(cells)
                row = {key: cells[i] if i < size else None for key, i in positions.items()}
                row["_row"] = number
                yield row
            return
        raise _FileProblem(
            _("No sheet of this workbook has the template's headers (Kind, Village name…).")
        )
    finally:
        book.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _import_row(row, lookups: _Lookups, *, actor, visible, seen: dict, add) -> str:
    """Save one row through the services; "created", "updated", or "" after `add`-ing
    its errors."""
    values, cell_errors = _read_row(row, lookups)
    for key, message in cell_errors.items():
        add(row, key, message)
    if cell_errors:
        return ""
    record = values.pop("id", None)
    fields = {k: v for k, v in values.items() if k in services.FIELDS}
    try:
        if record is not None:
            services.ensure_can(actor, services.CHANGE)
            convention = visible.filter(pk=record).first()
            if convention is None:
                add(row, "id", _("No convention you can see has this number."))
                return ""
            services.convention_update(actor=actor, convention=convention, **fields)
            return "updated"
        identity = _identity(fields)
        if identity in seen:
            add(row, "village_name",
                _("The same convention as row %(row)d.") % {"row": seen[identity]})  # fmt: skip
            return ""
        if identity[0] is not None:
            seen[identity] = row["_row"]
            if (existing := _existing(identity)) is not None:
                add(row, "village_name",
                    _("Already registered (number %(id)d): write the number to change it.")
                    % {"id": existing})  # fmt: skip
                return ""
        services.convention_create(actor=actor, **fields)
        return "created"
    except PermissionDenied as denied:
        add(row, "id", str(denied))
    except ValidationError as error:
        for name, messages in _messages(error).items():
            for message in messages:
                add(row, name if name in _BY_KEY else "", message)
    return ""


def conventions_import(*, actor, file_name: str, data: bytes) -> ImportResult:
    """Register (or change) the conventions of a workbook: all of them, or none."""
    services.ensure_can(actor, services.ADD)
    result = ImportResult(ok=False)
    try:
        rows = list(_rows(data))
    except _FileProblem as problem:
        result.problem = str(problem)
        return result
    if not rows:
        result.problem = _("The workbook has no convention rows.")
        return result
    if len(rows) > MAX_ROWS:
        result.problem = _("More than %(n)d rows: split the workbook.") % {"n": MAX_ROWS}
        return result
    result.rows = len(rows)
    lookups = _Lookups(actor)

    errors: list[RowError] = []

    def add(row: dict[str, Any], key: str, message: str) -> None:
        header = str(_BY_KEY[key].header) if key in _BY_KEY else "—"
        errors.append(RowError(row["_row"], header, message, _cell_text(row.get(key))))

    visible = Convention.objects.all() if actor is None else Convention.objects.visible_to(actor)
    seen: dict[tuple, int] = {}
    try:
        with transaction.atomic():
            for row in rows:
                done = _import_row(row, lookups, actor=actor, visible=visible, seen=seen, add=add)
                if done == "created":
                    result.created += 1
                elif done == "updated":
                    result.updated += 1
            if errors:
                raise _Rollback
            audit_log(
                actor=actor,
                action="conventions.conventions.imported",
                data={
                    "file": file_name[:200],
                    "rows": result.rows,
                    "created": result.created,
                    "updated": result.updated,
                },
            )
    except _Rollback:
        result.created = result.updated = 0
        errors.sort(key=lambda e: (e.row, COLUMN_KEYS.index(_key_of(e.column))))
        result.errors = errors[:MAX_ERRORS_SHOWN]
        result.error_count = len(errors)
        result.rows_with_errors = len({e.row for e in errors})
        return result
    result.ok = True
    return result


def _key_of(header: str) -> str:
    for column in COLUMNS:
        if str(column.header) == header:
            return column.key
    return "id"


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"": list(error.messages)}


def _identity(fields: dict[str, Any]) -> tuple:
    unit = fields.get("unit")
    return (
        unit.pk if unit is not None else None,
        fields.get("kind"),
        fold(fields.get("village_name") or ""),
        fields.get("adopted_on"),
    )


def _existing(key: tuple) -> int | None:
    unit_id, kind, name, adopted = key
    for pk, village in Convention.objects.filter(
        unit_id=unit_id, kind=kind, adopted_on=adopted
    ).values_list("pk", "village_name"):
        if fold(village) == name:
            return pk
    return None


# ---------------------------------------------------------------------------------------
# Template and export
# ---------------------------------------------------------------------------------------


def _styles():
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "bold": Font(bold=True),
        "white": Font(bold=True, color="FFFFFF"),
        "required": PatternFill("solid", fgColor="8E2C48"),
        "optional": PatternFill("solid", fgColor="4B5B70"),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "header": Alignment(wrap_text=True, vertical="center"),
    }


def _label_map(choices: Any) -> dict[str, str]:
    return {code: str(label) for code, label in choices.choices}


def convention_template_xlsx(*, user) -> bytes:
    """The workbook to fill in: data sheet with drop-downs, instructions, code lists."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    from binhdang.conventions.filters import commune_choices

    s = _styles()
    book = Workbook()
    data = book.active
    data.title = str(DATA_SHEET)
    guide = book.create_sheet(str(HELP_SHEET))
    codes = book.create_sheet(str(LISTS_SHEET))

    lists: list[tuple[str, str, list[list[Any]]]] = [
        ("kind", _("Kinds"), [[label] for label in _label_map(ConventionKind).values()]),
        ("village_kind", _("Kinds of village"),
         [[label] for label in _label_map(VillageKind).values()]),
        ("status", _("Statuses"), [[label] for label in _label_map(ConventionStatus).values()]),
        ("review_result", _("Review results"),
         [[label] for label in _label_map(ReviewResult).values()]),
        ("unit", _("Communes and wards"),
         [[f"{u.code} - {u.name}"] for u in commune_choices(user=user)]),
    ]  # fmt: skip
    ranges: dict[str, str] = {}
    for index, (key, title, rows) in enumerate(lists, start=1):
        letter = get_column_letter(index)
        codes.cell(row=1, column=index, value=title).font = s["bold"]
        for r, values in enumerate(rows, start=2):
            codes.cell(row=r, column=index, value=values[0])
        widest = max([len(str(v[0])) for v in rows] + [len(title), 8])
        codes.column_dimensions[letter].width = min(widest + 2, 60)
        if rows:
            ranges[key] = f"{quote_sheetname(codes.title)}!${letter}$2:${letter}${len(rows) + 1}"

    for i, column in enumerate(COLUMNS, start=1):
        cell = data.cell(row=1, column=i, value=str(column.header))
        cell.font = s["white"]
        cell.fill = s["required"] if column.required else s["optional"]
        cell.alignment = s["header"]
        if column.hint:
            note = str(column.hint)
            if column.required:
                note = _("Required.") + " " + note
            cell.comment = Comment(note, "binhdang", width=300, height=110)
        letter = get_column_letter(i)
        data.column_dimensions[letter].width = column.width
        if column.key in _DATES:
            data.column_dimensions[letter].number_format = "DD/MM/YYYY"
        elif column.key == "unit":
            data.column_dimensions[letter].number_format = "@"
        if column.key in ranges:
            validation = DataValidation(
                type="list",
                formula1=ranges[column.key],
                allow_blank=True,
                showErrorMessage=column.key != "unit",
                errorStyle="warning",
                error=_("Choose a value from the list (sheet “Code lists”)."),
                errorTitle=str(column.header),
            )
            validation.add(f"{letter}2:{letter}{XLSX_LAST_ROW}")
            data.add_data_validation(validation)
    data.row_dimensions[1].height = 45
    data.freeze_panes = "A2"

    guide.column_dimensions["A"].width = 30
    guide.column_dimensions["B"].width = 100
    guide["A1"] = _("How to fill in the village conventions workbook")
    guide["A1"].font = s["bold"]
    lines = [
        _("One row per convention, from row 2. Do not change the headers."),
        _("Kinds, statuses and results have drop-down lists; the sheet “%(sheet)s” lists every "
          "value. Write them with or without diacritics.") % {"sheet": LISTS_SHEET},
        _("Dates: dd/mm/yyyy (15/03/2020), yyyy-mm-dd, or a date cell."),
        _("A reviewed convention needs the review date, the reviewer (a name or an agency) and "
          "the result; “no discrimination” means 0 clauses found, “fixed” that every clause "
          "found was fixed, with the date."),
        _("The whole file is checked before anything is saved: if a row has an error, nothing "
          "is saved and the page lists every error with its row and column."),
        _("To change registered conventions, export them, correct the rows and import the "
          "file again: the record number says which convention a row changes."),
        _("The full text of a convention is entered on its page, not in the workbook."),
    ]  # fmt: skip
    for r, line in enumerate(lines, start=3):
        guide.cell(row=r, column=1, value=f"{r - 2}.")
        guide.cell(row=r, column=2, value=line).alignment = s["wrap"]
    row = len(lines) + 4
    for column in COLUMNS:
        guide.cell(row=row, column=1, value=str(column.header)).font = s["bold"]
        hint = str(column.hint)
        if column.required:
            hint = (_("Required.") + " " + hint).strip()
        guide.cell(row=row, column=2, value=hint).alignment = s["wrap"]
        row += 1

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def conventions_xlsx(*, conventions) -> bytes:
    """A queryset of conventions as a workbook with the template's columns (names, not
    codes) and the clause counts: it can be corrected and imported again."""
    from django.db.models import Count, Q
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    s = _styles()
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(DATA_SHEET))
    for i, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    sheet.freeze_panes = "A2"
    header = []
    for text in [*(str(c.header) for c in COLUMNS), *(str(h) for _k, h in INFO_COLUMNS)]:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = s["bold"]
        header.append(cell)
    sheet.append(header)
    labels = {key: _label_map(choices) for key, choices in _CHOICES.items()}
    rows = (
        conventions.select_related("unit", "reviewer_agency")
        .annotate(
            n_clauses=Count("clauses"),
            n_confirmed=Count("clauses", filter=Q(clauses__verdict=Verdict.DISCRIMINATORY)),
        )
        .order_by("unit__path", "village_name", "pk")[:EXPORT_MAX_ROWS]
    )
    for convention in rows.iterator(chunk_size=1000):
        unit = convention.unit
        code = unit.code if unit.generation == Generation.CURRENT else unit.path
        values: dict[str, Any] = {
            "id": convention.pk,
            "unit": f"{code} - {unit.name}",
            "reviewer_agency": (
                convention.reviewer_agency.full_name if convention.reviewer_agency else None
            ),
        }
        for key in COLUMN_KEYS:
            if key in values:
                continue
            value = getattr(convention, key)
            if key in _CHOICES:
                value = labels[key].get(value, value) if value else None
            values[key] = value if value != "" else None
        if convention.review_result == ReviewResult.NOT_REVIEWED:
            values["discriminatory_found"] = values["clauses_fixed"] = None
        cells = []
        for key in COLUMN_KEYS:
            cell = WriteOnlyCell(sheet, value=values[key])
            if key in _DATES:
                cell.number_format = "DD/MM/YYYY"
            cells.append(cell)
        cells += [convention.n_clauses, convention.flagged_count, convention.n_confirmed]
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
