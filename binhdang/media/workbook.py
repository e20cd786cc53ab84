"""The media registry as a workbook: the import template, the import, the list export.

The files are Vietnamese whatever the language of the page (people fill them in and send
them around); the importer also knows the English headers and labels. The import is all
or nothing: every row is checked, and if one is wrong nothing is saved and the result
lists the errors by row (as the spreadsheet numbers it) and column. A registry holds a
few hundred agencies per province, so rows are checked and saved one by one.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from binhdang.core.audit import audit_log
from binhdang.core.text import canonical, clean, fold
from binhdang.geo.choices import Generation, UnitLevel
from binhdang.geo.models import AdministrativeUnit
from binhdang.media.choices import AdoptionStatus, MediaKind, StatusSource
from binhdang.media.models import MediaAgency

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
MAX_ERRORS_SHOWN = 200
LAST_ROW = 5_000  # rows the template's drop-downs cover

DATA_SHEET = pgettext_lazy("media workbook", "Media agencies")
HELP_SHEET = pgettext_lazy("media workbook", "Instructions")
LISTS_SHEET = pgettext_lazy("media workbook", "Code lists")
DATA_SHEET_VI = "Cơ quan truyền thông"


@dataclass(frozen=True)
class Column:
    key: str
    header: Promise
    # The Vietnamese header, recognised even where the catalogue is not compiled.
    vi: str
    width: int
    required: bool = False
    hint: Promise | str = ""


COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        pgettext_lazy("media column", "Name of the media agency"),
        "Tên cơ quan truyền thông",
        45,
        True,
        gettext_lazy("As the agency writes it, e.g. “Báo Hải Phòng”."),
    ),
    Column(
        "kind",
        pgettext_lazy("media column", "Kind"),
        "Loại hình",
        40,
        True,
        gettext_lazy("Choose from the list (sheet “Code lists”)."),
    ),
    Column(
        "unit",
        pgettext_lazy("media column", "Province or commune"),
        "Tỉnh hoặc xã",
        40,
        True,
        gettext_lazy("The code (31 = Hải Phòng) or the name, see “Code lists”."),
    ),
    Column(
        "managing_body",
        pgettext_lazy("media column", "Managing body"),
        "Cơ quan chủ quản",
        35,
        False,
        gettext_lazy("The body it answers to (cơ quan chủ quản)."),
    ),
    Column(
        "is_active",
        pgettext_lazy("media column", "Active"),
        "Đang hoạt động",
        12,
        False,
        gettext_lazy("Yes or no. Empty: yes."),
    ),
    Column("note", pgettext_lazy("media column", "Note"), "Ghi chú", 35, False, ""),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)

# Words people write for each kind, recognised besides the labels (any language).
KIND_NAMES: dict[str, tuple[str, ...]] = {
    MediaKind.NEWSPAPER: ("Báo", "Báo in", "Báo điện tử"),
    MediaKind.MAGAZINE: ("Tạp chí",),
    MediaKind.RADIO_TV: ("Đài PTTH", "Đài Phát thanh và Truyền hình", "Đài truyền hình",
                         "Đài phát thanh"),
    MediaKind.ONLINE: ("Trang thông tin điện tử", "Trang tin điện tử", "Cổng thông tin điện tử"),
    MediaKind.LOCAL_CENTRE: ("Đài truyền thanh", "Đài truyền thanh xã",
                             "Trung tâm Văn hóa, Thông tin và Thể thao", "Trung tâm VHTT&TT",
                             "Trung tâm VH-TT-TT"),
    MediaKind.OTHER: ("Khác",),
}  # fmt: skip
_YES = frozenset({"co", "yes", "y", "x", "1", "true", "dang hoat dong"})
_NO = frozenset({"khong", "no", "n", "0", "false", "ngung", "ngung hoat dong"})
_PICK = re.compile(r"^\s*(L?[0-9][0-9/]*)\s*(?:[-–—:.]\s*\S|$)")


def _header_key(text: Any) -> str:
    return fold(re.sub(r"\(.*?\)|\*", " ", str(text or "")))


def _header_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in COLUMNS:
        names = [column.key, column.vi, str(column.header)]
        for lang in ("vi", "en"):
            with translation.override(lang):
                names.append(str(column.header))
        for name in names:
            lookup.setdefault(_header_key(name), column.key)
    return lookup


def _kind_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code, label in MediaKind.choices:
        names = [code, str(label), *KIND_NAMES.get(code, ())]
        for lang in ("vi", "en"):
            with translation.override(lang):
                names.append(str(label))
        for name in names:
            lookup.setdefault(fold(name), code)
    return lookup


# ---------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it (the header is row 1)
    column: str
    message: str
    value: str = ""


@dataclass
class ImportResult:
    ok: bool
    rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    rows_with_errors: int = 0
    problem: str = ""  # the file as a whole could not be read

    @property
    def more_errors(self) -> int:
        return max(0, self.error_count - len(self.errors))


class _Bad(Exception):
    """A cell that cannot be read; the message says why."""


# ---------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------


class _Units:
    """The units of an area found by code, path, "code - name" or a name."""

    def __init__(self, area_q):
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, set[int]] = {}
        rows = (
            AdministrativeUnit.objects.filter(area_q)
            .order_by("generation", "path")  # "2025" before "legacy"
            .values_list("pk", "code", "path", "name", "short_name", "generation", "level")
        )
        for pk, code, path, name, short_name, generation, level in rows:
            self.by_code[path] = pk
            if generation != Generation.CURRENT:
                continue
            if level not in (UnitLevel.PROVINCE, UnitLevel.COMMUNE):
                continue
            self.by_code.setdefault(code, pk)
            for key in {fold(name), fold(short_name)}:
                self.by_name.setdefault(key, set()).add(pk)

    def find(self, value: Any) -> int:
        if isinstance(value, float) and value == int(value):
            value = int(value)
        text = str(value).strip()
        match = _PICK.match(text)
        for code in (text, match.group(1) if match else ""):
            candidates = (code, code.zfill(5), code.zfill(2)) if code.isdigit() else (code,)
            for candidate in candidates:
                if candidate in self.by_code:
                    return self.by_code[candidate]
        found = self.by_name.get(fold(text))
        if not found:
            if text.isdigit():
                raise _Bad(_("No unit with this code in your area."))
            raise _Bad(_("No province or commune with this name in your area."))
        if len(found) > 1:
            raise _Bad(_("Several units have this name: write the code instead."))
        return next(iter(found))


def _shown(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _FileProblem(Exception):
    pass


def _read_rows(data: bytes) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise _FileProblem(_("The file is not an Excel workbook (.xlsx).")) from None
    try:
        names = {_header_key(n): n for n in book.sheetnames}
        wanted = [_header_key(DATA_SHEET), _header_key(DATA_SHEET_VI)]
        for lang in ("vi", "en"):
            with translation.override(lang):
                wanted.append(_header_key(DATA_SHEET))
        sheet = next((book[names[w]] for w in wanted if w in names), book.worksheets[0])
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise _FileProblem(_("The workbook is empty."))
        lookup = _header_lookup()
        positions: dict[str, int] = {}
        for i, cell in enumerate(header):
            key = lookup.get(_header_key(cell))
            if key is not None and key not in positions:
                positions[key] = i
        missing = [str(c.header) for c in COLUMNS if c.required and c.key not in positions]
        if missing:
            raise _FileProblem(
                _("The first row is not the template's headers: missing %(columns)s.")
                % {"columns": ", ".join(missing)}
            )
        result = []
        for number, cells in enumerate(rows, start=2):
            row = {key: cells[i] if i < len(cells) else None for key, i in positions.items()}
            if all(_blank(v) for v in row.values()):
                continue
            row["_row"] = number
            result.append(row)
            if len(result) > MAX_ROWS:
                raise _FileProblem(
                    _("The file has more than %(n)d rows: split it.") % {"n": MAX_ROWS}
                )
        return result
    finally:
        book.close()


def media_import(*, actor, data: bytes) -> ImportResult:
    """Add the media agencies of a filled-in template, all or none.

    Checks every row (required cells, the kind, a unit in the actor's area, no duplicate
    in the file or in the registry) before saving anything; one audit entry for the file.
    """
    from binhdang.media.services import ADD_AGENCY, actor_area, ensure_can

    ensure_can(actor, ADD_AGENCY)
    try:
        rows = _read_rows(data)
    except _FileProblem as problem:
        return ImportResult(ok=False, problem=str(problem))
    if not rows:
        return ImportResult(ok=False, problem=_("The workbook has no rows to import."))

    units = _Units(actor_area(actor).unit_q() if actor is not None else Q())
    kinds = _kind_lookup()
    headers = {c.key: str(c.header) for c in COLUMNS}
    errors: list[RowError] = []
    bad_rows: set[int] = set()
    seen: dict[tuple[int, str], int] = {}
    valid: list[dict[str, Any]] = []

    def fail(number: int, key: str, message: str, value: Any = None) -> None:
        errors.append(RowError(number, headers[key], message, _shown(value)))
        bad_rows.add(number)

    for row in rows:
        number = row["_row"]
        values: dict[str, Any] = {}
        name = clean(str(row.get("name") or ""))
        if not name:
            fail(number, "name", _("Enter the name."))
        elif len(name) > 300:
            fail(number, "name", _("The name is longer than 300 characters."), name)
        values["name"] = name
        kind_cell = row.get("kind")
        if _blank(kind_cell):
            fail(number, "kind", _("Choose the kind."))
        elif (kind := kinds.get(fold(str(kind_cell)))) is None:
            fail(number, "kind", _("Unknown kind: choose one from the list."), kind_cell)
        else:
            values["kind"] = kind
        unit_cell = row.get("unit")
        if _blank(unit_cell):
            fail(number, "unit", _("Enter the province or commune."))
        else:
            try:
                values["unit_id"] = units.find(unit_cell)
            except _Bad as bad:
                fail(number, "unit", str(bad), unit_cell)
        managing = clean(str(row.get("managing_body") or ""))
        if len(managing) > 300:
            fail(number, "managing_body", _("Longer than 300 characters."), managing)
        values["managing_body"] = managing
        active = row.get("is_active")
        if _blank(active) or active is True:
            values["is_active"] = True
        elif active is False:
            values["is_active"] = False
        elif fold(str(active)) in _YES:
            values["is_active"] = True
        elif fold(str(active)) in _NO:
            values["is_active"] = False
        else:
            fail(number, "is_active", _("Write yes or no."), active)
        values["note"] = str(row.get("note") or "").strip()
        if name and "unit_id" in values:
            key = (values["unit_id"], canonical(name)[:300])
            if key in seen:
                fail(
                    number,
                    "name",
                    _("The same agency is already on row %(row)d.") % {"row": seen[key]},
                    name,
                )
            else:
                seen[key] = number
                values["_key"] = key
        if number not in bad_rows:
            valid.append(values)

    if valid:
        existing = _existing_keys({v["_key"] for v in valid})
        for values in valid:
            if values["_key"] in existing:
                fail(seen[values["_key"]], "name", _("Already in the registry."), values["name"])
    if errors:
        errors.sort(key=lambda e: e.row)
        return ImportResult(
            ok=False,
            rows=len(rows),
            errors=errors[:MAX_ERRORS_SHOWN],
            error_count=len(errors),
            rows_with_errors=len(bad_rows),
        )
    created = _save(actor=actor, rows=valid)
    return ImportResult(ok=True, rows=len(rows), created=created)


def _existing_keys(keys: set[tuple[int, str]]) -> set[tuple[int, str]]:
    unit_ids = {k[0] for k in keys}
    found = MediaAgency.objects.filter(unit_id__in=unit_ids).values_list("unit_id", "search_key")
    return {k for k in found if k in keys}


@transaction.atomic
def _save(*, actor, rows: list[dict[str, Any]]) -> int:
    ids = []
    for values in rows:
        media = MediaAgency(
            name=values["name"],
            kind=values["kind"],
            unit_id=values["unit_id"],
            managing_body=values["managing_body"],
            is_active=values["is_active"],
            note=values["note"],
            search_key=values["_key"][1],
            fold_key=fold(values["name"])[:300],
        )
        media.full_clean()
        media.save()
        ids.append(media.pk)
    audit_log(
        actor=actor,
        action="media.agencies.imported",
        data={"created": len(ids), "ids": ids[:1000]},
    )
    return len(ids)


# ---------------------------------------------------------------------------------------
# The template
# ---------------------------------------------------------------------------------------


def _styles():
    from openpyxl.styles import Font, PatternFill

    return {
        "bold": Font(bold=True),
        "white": Font(bold=True, color="FFFFFF"),
        "required": PatternFill("solid", fgColor="8E2C48"),
        "optional": PatternFill("solid", fgColor="4B5B70"),
    }


def _template(*, actor) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    from binhdang.media.services import actor_area

    style = _styles()
    book = Workbook()
    data = book.active
    data.title = str(DATA_SHEET)
    guide = book.create_sheet(str(HELP_SHEET))
    codes = book.create_sheet(str(LISTS_SHEET))

    # Code lists: kinds (A–B), yes/no (D), units (F–H).
    codes["A1"] = _("Kinds")
    codes["D1"] = _("Yes / no")
    codes["F1"] = _("Provinces and communes")
    for cell in ("A1", "D1", "F1"):
        codes[cell].font = style["bold"]
    for col, header in (("A", _("Code")), ("B", _("Name")), ("D", _("Value")),
                        ("F", _("Code")), ("G", _("Name")), ("H", _("Pick"))):  # fmt: skip
        codes[f"{col}2"] = header
        codes[f"{col}2"].font = style["white"]
        codes[f"{col}2"].fill = style["optional"]
    for r, (code, label) in enumerate(MediaKind.choices, start=3):
        codes.cell(row=r, column=1, value=code)
        codes.cell(row=r, column=2, value=str(label))
    codes["D3"], codes["D4"] = _("yes"), _("no")
    area = actor_area(actor).unit_q() if actor is not None else Q()
    units = (
        AdministrativeUnit.objects.filter(area)
        .filter(generation=Generation.CURRENT, level__in=[UnitLevel.PROVINCE, UnitLevel.COMMUNE])
        .order_by("path")
        .values_list("code", "name")
    )
    count = 0
    for count, (code, name) in enumerate(units, start=1):
        codes.cell(row=count + 2, column=6, value=code)
        codes.cell(row=count + 2, column=7, value=name)
        codes.cell(row=count + 2, column=8, value=f"{code} - {name}")
    for letter, width in (("A", 14), ("B", 60), ("D", 10), ("F", 10), ("G", 40), ("H", 48)):
        codes.column_dimensions[letter].width = width
    codes.freeze_panes = "A3"
    sheet = quote_sheetname(codes.title)
    ranges = {
        "kind": f"{sheet}!$B$3:$B${len(MediaKind.choices) + 2}",
        "is_active": f"{sheet}!$D$3:$D$4",
    }
    if count:
        ranges["unit"] = f"{sheet}!$H$3:$H${count + 2}"

    for i, column in enumerate(COLUMNS, start=1):
        cell = data.cell(row=1, column=i, value=str(column.header))
        cell.font = style["white"]
        cell.fill = style["required"] if column.required else style["optional"]
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if column.hint:
            note = str(column.hint)
            if column.required:
                note = _("Required.") + " " + note
            cell.comment = Comment(note, "binhdang", width=300, height=100)
        letter = get_column_letter(i)
        data.column_dimensions[letter].width = column.width
        if column.key == "unit":
            data.column_dimensions[letter].number_format = "@"  # keep leading zeros
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
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            data.add_data_validation(validation)
    data.row_dimensions[1].height = 32
    data.freeze_panes = "A2"

    guide.column_dimensions["A"].width = 6
    guide.column_dimensions["B"].width = 110
    guide["A1"] = _("How to fill in the media agencies workbook")
    guide["A1"].font = style["bold"]
    lines = [
        _("One row per media agency, in the sheet “%(sheet)s”, from row 2. Do not change the "
          "headers.") % {"sheet": DATA_SHEET},
        _("Kinds and yes/no have drop-down lists; the sheet “%(sheet)s” lists every value and "
          "the provinces and communes of your area with their codes.") % {"sheet": LISTS_SHEET},
        _("The province or commune: its code, its name, or the “code - name” of the list."),
        _("The whole file is checked before anything is saved: if a row has an error, nothing "
          "is saved and the page lists every error with its row and column."),
        _("An agency already in the registry (same name in the same unit) is an error: edit it "
          "on its page instead."),
        _("The status of each year and the self-assessments are recorded on the agency's page."),
    ]  # fmt: skip
    for number, line in enumerate(lines, start=1):
        guide.cell(row=number + 2, column=1, value=f"{number}.")
        guide.cell(row=number + 2, column=2, value=line).alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def media_template_xlsx(*, actor) -> bytes:
    """The workbook to fill in (always in Vietnamese): data sheet, instructions, code
    lists of the actor's area."""
    with translation.override("vi"):
        return _template(actor=actor)


# ---------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------


def _export(*, agencies, year: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    style = _styles()
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(DATA_SHEET))
    extra = [
        (pgettext("media registry", "Province"), 28),
        (_("Status in %(year)d") % {"year": year}, 16),
        (_("Source of the status"), 26),
        (_("Registry number"), 12),
    ]
    widths = [c.width for c in COLUMNS] + [w for _h, w in extra]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for text in [*(str(c.header) for c in COLUMNS), *(h for h, _w in extra)]:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = style["bold"]
        header.append(cell)
    sheet.append(header)
    kinds = {code: str(label) for code, label in MediaKind.choices}
    statuses = {code: str(label) for code, label in AdoptionStatus.choices}
    yes, no = _("yes"), _("no")
    for media in agencies:
        unit = media.unit
        code = unit.code if unit.generation == Generation.CURRENT else unit.path
        province = unit.province if unit.province_id else unit
        source = (
            StatusSource.RECORDED.label
            if media.status_recorded
            else (StatusSource.DERIVED.label if media.year_status != AdoptionStatus.NONE else "")
        )
        sheet.append([
            media.name, kinds.get(media.kind, media.kind), f"{code} - {unit.name}",
            media.managing_body, yes if media.is_active else no, media.note,
            province.name, statuses.get(media.year_status, media.year_status), str(source),
            media.pk,
        ])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def media_list_xlsx(*, agencies, year: int) -> bytes:
    """The list (a `selectors.media_list` queryset) as a workbook in Vietnamese: the
    template's columns, then the province and the year's status; it can be imported
    again into another installation."""
    with translation.override("vi"):
        return _export(agencies=agencies, year=year)
