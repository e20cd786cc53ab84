"""The communication-events workbook: the template people fill in, its import, the export.

The template (`event_template_xlsx`, `event_template_csv`) has one row per event and one
column per field; the "Code lists" sheet lists the valid types, channels, target groups,
budget sources, the organiser's communes and the plan activities assigned to it.

The import (`events_import`, `events_import_rows`) is all or nothing: every row is
checked; if one is wrong, nothing is saved and the result lists the errors by row (the
row number the spreadsheet shows) and column. It is built for a million rows: lookups
are loaded once into dicts, each distinct cell text is read once (memo per column), the
rules are plain Python (`event_services.check_values`) and rows go to the database
inside one transaction: on PostgreSQL one COPY streamed while rows are read, elsewhere
the DB-API's executemany in batches of 5,000. (Django's bulk_create prepares every value
of every row through its field and binds many-row INSERTs client-side: 18,000 rows/s on
SQLite, 10,000 on PostgreSQL, under the 20,000 rows/s asked for.)
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from binhdang.core.audit import audit_log
from binhdang.core.signals import data_changed
from binhdang.core.text import fold
from binhdang.geo.choices import Generation
from binhdang.geo.models import AdministrativeUnit
from binhdang.reporting.choices import BudgetSource, Channel, EventType, TargetGroup
from binhdang.reporting.event_services import (
    ADD,
    Messages,
    agency_scope,
    check_values,
    ensure_can_record,
    visible_activities,
)
from binhdang.reporting.groups import GROUP_BITS
from binhdang.reporting.models import CommEvent, EventImport

BATCH_SIZE = 5000
SQLITE_CACHE_KIB = -131072  # 128 MiB (negative: KiB, SQLite's convention)
MAX_ERRORS_SHOWN = 200
MAX_BYTES = 200 * 1024 * 1024
EXPORT_MAX_ROWS = 200_000
XLSX_LAST_ROW = 1_048_576

DATA_SHEET = pgettext_lazy("events workbook", "Communication events")
HELP_SHEET = pgettext_lazy("events workbook", "Instructions")
LISTS_SHEET = pgettext_lazy("events workbook", "Code lists")
# The sheet names of the Vietnamese template, found whatever the language of the importer.
DATA_SHEET_VI = "Hoạt động truyền thông"
LISTS_SHEET_VI = "Danh mục"


@dataclass(frozen=True)
class Column:
    key: str
    header: Promise
    # The Vietnamese header, recognised whatever the importer's language (a workbook made
    # in Vietnamese is imported by someone who reads the site in English).
    vi: str
    width: int
    required: bool = False
    hint: Promise | str = ""


COLUMNS: tuple[Column, ...] = (
    Column(
        "date",
        pgettext_lazy("event column", "Date"),
        "Ngày",
        12,
        True,
        gettext_lazy("The day of the event: dd/mm/yyyy (15/11/2025) or a date cell."),
    ),
    Column(
        "event_type",
        pgettext_lazy("event column", "Type of event"),
        "Loại hoạt động",
        30,
        True,
        gettext_lazy("Choose from the list (sheet “Code lists”): name or code."),
    ),
    Column(
        "channel",
        pgettext_lazy("event column", "Channel"),
        "Kênh truyền thông",
        28,
        False,
        gettext_lazy(
            "Choose from the list. Empty: in person for meetings and training, "
            "social media for posts, printed for leaflets."
        ),
    ),
    Column(
        "title",
        pgettext_lazy("event column", "Title"),
        "Tên hoạt động",
        50,
        True,
        gettext_lazy("What the event was, e.g. “Hội nghị tuyên truyền Luật Bình đẳng giới”."),
    ),
    Column(
        "unit",
        pgettext_lazy("event column", "Where"),
        "Địa bàn",
        30,
        False,
        gettext_lazy(
            "The commune or ward (code or name, see “Code lists”). Empty: your agency's own area."
        ),
    ),
    Column(
        "target_groups",
        pgettext_lazy("event column", "Target groups"),
        "Nhóm đối tượng",
        30,
        False,
        gettext_lazy(
            "One or more, separated by commas or semicolons: numbers, codes or "
            "names from “Code lists”, e.g. “1; 4”."
        ),
    ),
    Column(
        "participants_male",
        pgettext_lazy("event column", "Men"),
        "Nam",
        9,
        False,
        gettext_lazy("Number of men and boys taking part."),
    ),
    Column(
        "participants_female",
        pgettext_lazy("event column", "Women"),
        "Nữ",
        9,
        False,
        gettext_lazy("Number of women and girls taking part."),
    ),
    Column(
        "participants_total",
        pgettext_lazy("event column", "Participants in all"),
        "Tổng số người tham gia",
        14,
        False,
        gettext_lazy(
            "Empty: men + women. When sex is not known for everyone, the total may be larger."
        ),
    ),
    Column(
        "product",
        pgettext_lazy("event column", "Product"),
        "Sản phẩm truyền thông",
        24,
        False,
        gettext_lazy("Leaflets, posters, news items, videos…"),
    ),
    Column(
        "quantity",
        pgettext_lazy("event column", "Quantity"),
        "Số lượng",
        10,
        False,
        gettext_lazy("How many products (copies, items, broadcasts)."),
    ),
    Column(
        "cost",
        pgettext_lazy("event column", "Cost (VND)"),
        "Kinh phí (đồng)",
        15,
        False,
        gettext_lazy("In đồng, without decimals: 1500000 or 1.500.000."),
    ),
    Column(
        "budget_source",
        pgettext_lazy("event column", "Budget source"),
        "Nguồn kinh phí",
        26,
        False,
        gettext_lazy("Required when there is a cost. Choose from the list."),
    ),
    Column(
        "activity",
        pgettext_lazy("event column", "Plan activity"),
        "Hoạt động theo kế hoạch",
        32,
        False,
        gettext_lazy(
            "The number of the plan activity this event carries out (see “Code lists”), or empty."
        ),
    ),
    Column(
        "is_digital",
        pgettext_lazy("event column", "Digital"),
        "Trên nền tảng số",
        12,
        False,
        gettext_lazy("Yes or no. Empty: yes for social media, no otherwise."),
    ),
    Column("note", pgettext_lazy("event column", "Note"), "Ghi chú", 30, False, ""),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
_BY_KEY = {c.key: c for c in COLUMNS}

# Vietnamese names (and the words people use) for each code, recognised whatever the
# language and whatever the catalogue says; the labels of the choices are added to them.
VI_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "event_type": {
        EventType.LAUNCH: ("Lễ phát động", "Phát động", "Mít tinh"),
        EventType.CONFERENCE: ("Hội nghị, hội thảo", "Hội nghị", "Hội thảo", "Tọa đàm"),
        EventType.TRAINING: ("Tập huấn", "Tập huấn, bồi dưỡng", "Bồi dưỡng"),
        EventType.TALK: ("Nói chuyện chuyên đề",),
        EventType.CONTEST: ("Cuộc thi", "Hội thi"),
        EventType.TALK_SHOW: ("Giao lưu, talk show", "Giao lưu", "Talk show"),
        EventType.BROADCAST: ("Chương trình phát thanh, truyền hình", "Phát thanh, truyền hình"),
        EventType.NEWS_ITEM: ("Tin, bài", "Tin bài", "Bài viết", "Tin"),
        EventType.SOCIAL_MEDIA: ("Bài đăng mạng xã hội", "Bài đăng"),
        EventType.PRINTED: ("Tờ rơi, áp phích, pano, băng rôn", "Tờ rơi", "Tờ gấp", "Pano",
                            "Áp phích", "Băng rôn"),
        EventType.CLUB_MEETING: ("Sinh hoạt câu lạc bộ", "Câu lạc bộ"),
        EventType.CAMPAIGN: ("Chiến dịch truyền thông", "Chiến dịch"),
        EventType.SUPPORT: ("Tặng quà, hỗ trợ", "Tặng quà", "Hỗ trợ"),
        EventType.INTEGRATED: ("Lồng ghép trong hội họp định kỳ", "Lồng ghép", "Giao ban"),
    },
    "channel": {
        Channel.IN_PERSON: ("Trực tiếp",),
        Channel.RADIO: ("Phát thanh, loa truyền thanh", "Phát thanh", "Loa truyền thanh",
                        "Loa", "Đài truyền thanh"),
        Channel.TV: ("Truyền hình",),
        Channel.PRESS: ("Báo in, báo điện tử", "Báo chí", "Báo in", "Báo điện tử"),
        Channel.SOCIAL: ("Mạng xã hội, nền tảng số", "Mạng xã hội", "Nền tảng số"),
        Channel.PRINTED: ("Tài liệu in", "Ấn phẩm"),
        Channel.OTHER: ("Khác",),
    },
    "budget_source": {
        BudgetSource.CENTRAL: ("Ngân sách trung ương",),
        BudgetSource.LOCAL: ("Ngân sách địa phương",),
        BudgetSource.AGENCY: ("Kinh phí thường xuyên của cơ quan", "Kinh phí cơ quan"),
        BudgetSource.SOCIALISED: ("Xã hội hóa", "Nguồn xã hội hóa"),
        BudgetSource.INTERNATIONAL: ("Viện trợ quốc tế", "Tài trợ quốc tế"),
        BudgetSource.OTHER: ("Khác", "Nguồn khác"),
    },
    "target_groups": {
        TargetGroup.GENERAL: ("Người dân", "Cộng đồng", "Toàn dân"),
        TargetGroup.YOUTH: ("Thanh niên", "Thanh thiếu niên"),
        TargetGroup.MEN_BOYS: ("Nam giới và trẻ em trai", "Nam giới"),
        TargetGroup.WOMEN_GIRLS: ("Phụ nữ và trẻ em gái", "Phụ nữ"),
        TargetGroup.CHILDREN: ("Trẻ em và học sinh", "Trẻ em", "Học sinh"),
        TargetGroup.ETHNIC_MINORITY: ("Đồng bào dân tộc thiểu số", "Dân tộc thiểu số", "DTTS"),
        TargetGroup.MIGRANTS: ("Người di cư", "Lao động di cư"),
        TargetGroup.DISABILITY: ("Người khuyết tật",),
        TargetGroup.ELDERLY: ("Người cao tuổi",),
        TargetGroup.OFFICIALS: ("Cán bộ công chức viên chức", "Cán bộ", "Công chức"),
        TargetGroup.BUSINESSES: ("Doanh nghiệp và người lao động", "Doanh nghiệp",
                                 "Người lao động"),
        TargetGroup.RELIGIOUS: ("Chức sắc tôn giáo và người có uy tín", "Người có uy tín",
                                "Chức sắc tôn giáo"),
    },
}  # fmt: skip
_CHOICES: dict[str, Any] = {
    "event_type": EventType,
    "channel": Channel,
    "budget_source": BudgetSource,
    "target_groups": TargetGroup,
}
_YES = frozenset({"co", "yes", "y", "x", "1", "true", "dung", "c"})
_NO = frozenset({"khong", "no", "n", "0", "false", "k", "sai"})
_SPLIT = re.compile(r"[,;\n]")
_LEADING_CODE = re.compile(r"^\s*(L?[0-9][0-9/]*)\s*(?:[-–—:.]\s*\S|$)")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_GROUPED = re.compile(r"^\d{1,3}(?:([., ])\d{3})(?:\1\d{3})*$")
_TRAILING_ZEROS = re.compile(r"^(\d+)[.,]0+$")
_MONEY_WORDS = re.compile(r"(?i)\s*(?:vnđ|vnd|đồng|đ|dong|d)\.?\s*$")
_EXCEL_EPOCH = date(1899, 12, 30)


def _labels(code: str, choices: Any) -> list[str]:
    """Every way to write a code: itself, its label in the current language, English and
    Vietnamese (catalogue), and the Vietnamese names above."""
    label = dict(choices.choices)[code]
    names = [code, str(label)]
    for lang in ("en", "vi"):
        with translation.override(lang):
            names.append(str(label))
    return names


def _choice_lookup(key: str) -> dict[str, str]:
    choices = _CHOICES[key]
    lookup: dict[str, str] = {}
    for code in choices.values:
        for name in [*_labels(code, choices), *VI_NAMES[key].get(code, ())]:
            lookup.setdefault(fold(name), code)
    if key == "target_groups":
        for number, code in enumerate(choices.values, start=1):
            lookup[str(number)] = code
    return lookup


def _header_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in COLUMNS:
        names = [column.key, column.vi, str(column.header)]
        for lang in ("en", "vi"):
            with translation.override(lang):
                names.append(str(column.header))
        for name in names:
            lookup.setdefault(_header_key(name), column.key)
    return lookup


def _header_key(text: Any) -> str:
    text = re.sub(r"\(.*?\)|\*", " ", str(text or ""))
    return fold(text)


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
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    rows_with_errors: int = 0
    problem: str = ""  # the file as a whole could not be read
    batch: EventImport | None = None

    @property
    def more_errors(self) -> int:
        return max(0, self.error_count - len(self.errors))


class _Bad(Exception):
    """A cell that cannot be read; the message says why."""


# ---------------------------------------------------------------------------------------
# Reading cells
# ---------------------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _integer(value: Any, *, money: bool = False) -> int:
    """An integer from a number cell or text: 1500, 1.500, 1,500, 1 500, 150.0."""
    if isinstance(value, bool):
        raise _Bad(_("Enter a whole number."))
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        if value != int(value):
            raise _Bad(_("Enter a whole number."))
        return int(value)
    text = str(value).strip().replace("\u00a0", " ")
    if money:
        text = _MONEY_WORDS.sub("", text)
    negative = text.startswith("-")
    if negative:
        text = text[1:].strip()
    if text.isdigit():
        number = int(text)
    elif _GROUPED.match(text):
        number = int(re.sub(r"\D", "", text))
    elif match := _TRAILING_ZEROS.match(text):
        number = int(match.group(1))
    else:
        raise _Bad(_("Enter a whole number."))
    return -number if negative else number


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


def _text(value: Any) -> str:
    """Free text as typed (lines kept), in composed Unicode (NFC) like the rest of the data."""
    if value.__class__ is not str:
        if isinstance(value, float) and value == int(value):
            value = int(value)
        if isinstance(value, datetime | date):
            return value.strftime("%d/%m/%Y")
        value = str(value)
    if value.isascii() or unicodedata.is_normalized("NFC", value):
        return value
    return unicodedata.normalize("NFC", value)


def _shown(value: Any) -> str:
    """A cell as the error table shows it."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


@dataclass
class _Units:
    """The units an organiser may record events in, found by code, path or name."""

    default: int | None
    by_code: dict[str, int]
    by_name: dict[str, list[int]]

    @classmethod
    def for_agency(cls, agency) -> _Units:
        rows = (
            AdministrativeUnit.objects.filter(agency_scope(agency).unit_q())
            .order_by("generation", "path")  # "2025" before "legacy"
            .values_list("pk", "code", "path", "name", "short_name", "generation")
        )
        by_code: dict[str, int] = {}
        legacy_codes: dict[str, list[int]] = {}
        by_name: dict[str, list[int]] = {}
        legacy_names: dict[str, list[int]] = {}
        for pk, code, path, name, short_name, generation in rows:
            current = generation == Generation.CURRENT
            by_code[path] = pk
            if current:
                by_code.setdefault(code, pk)
            else:
                legacy_codes.setdefault(code, []).append(pk)
            names = by_name if current else legacy_names
            for key in {fold(name), fold(short_name)}:
                names.setdefault(key, []).append(pk)
        for code, pks in legacy_codes.items():
            if code not in by_code and len(pks) == 1:
                by_code[code] = pks[0]
        for key, pks in legacy_names.items():
            by_name.setdefault(key, pks)
        return cls(default=agency.unit_id, by_code=by_code, by_name=by_name)

    def find(self, value: Any) -> int:
        if isinstance(value, float) and value == int(value):
            value = int(value)
        text = str(value).strip()
        match = _LEADING_CODE.match(text)
        for code in (text, match.group(1) if match else ""):
            # Excel drops leading zeros: 4 is commune 00004 (or province 04).
            for candidate in (code, code.zfill(5), code.zfill(2)) if code.isdigit() else (code,):
                if candidate in self.by_code:
                    return self.by_code[candidate]
        found = None if isinstance(value, int) else self.by_name.get(fold(text))
        if found is None:
            if text.isdigit():
                raise _Bad(_("No commune with this code in the organiser's area."))
            raise _Bad(_("No commune or ward with this name in the organiser's area."))
        if len(set(found)) > 1:
            raise _Bad(_("Several units have this name: write the code instead."))
        return found[0]


class _Reader:
    """Turns one row of cells into event values, or errors; lookups loaded once."""

    def __init__(self, *, actor, agency, today: date):
        self.today = today
        self.messages = Messages.current()
        self.units = _Units.for_agency(agency)
        self.activities = set(visible_activities(user=actor).values_list("pk", flat=True))
        self.choices = {key: _choice_lookup(key) for key in _CHOICES}
        self.headers = {c.key: str(c.header) for c in COLUMNS}
        # Each distinct cell text is read once per column (types, dates and places repeat).
        self.memo: dict[str, dict[Any, Any]] = {key: {} for key in COLUMN_KEYS}
        self.parsers: dict[str, Callable[[Any], Any]] = {
            "date": _date,
            "event_type": self._choice("event_type"),
            "channel": self._choice("channel"),
            "budget_source": self._choice("budget_source"),
            "target_groups": self._groups,
            "unit": self.units.find,
            "activity": self._activity,
            "is_digital": self._yes_no,
            "participants_male": _integer,
            "participants_female": _integer,
            "participants_total": _integer,
            "quantity": _integer,
            "cost": self._cost,
        }

    def _choice(self, key: str) -> Callable[[Any], str]:
        lookup = self.choices[key]
        unknown = {
            "event_type": _("Unknown type of event: choose one from the list."),
            "channel": _("Unknown channel: choose one from the list."),
            "budget_source": _("Unknown budget source: choose one from the list."),
        }[key]

        def read(value: Any) -> str:
            code = lookup.get(fold(str(value)))
            if code is None:
                raise _Bad(unknown)
            return code

        return read

    def _groups(self, value: Any) -> int:
        lookup = self.choices["target_groups"]
        if isinstance(value, int | float) and not isinstance(value, bool):
            if value != int(value):  # "1,4" that Excel took for a decimal number
                raise _Bad(_("Separate the groups with semicolons, e.g. 1; 4."))
            value = str(int(value))
        pieces = [fold(p) for p in _SPLIT.split(str(value))]
        pieces = [p for p in pieces if p]
        mask = 0
        i = 0
        while i < len(pieces):
            # Names with a comma in them ("Trẻ em, học sinh"): the longest run that matches.
            for j in range(min(len(pieces), i + 4), i, -1):
                code = lookup.get(" ".join(pieces[i:j]))
                if code is not None:
                    mask |= GROUP_BITS[code]
                    i = j
                    break
            else:
                raise _Bad(
                    _("Unknown target group “%(name)s”: see the list of groups.")
                    % {"name": pieces[i]}
                )
        return mask

    def _activity(self, value: Any) -> int:
        if isinstance(value, float) and value == int(value):
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            pk = value
        else:
            match = _LEADING_CODE.match(str(value))
            if not match or not match.group(1).isdigit():
                raise _Bad(_("Write the number of the plan activity (see “Code lists”)."))
            pk = int(match.group(1))
        if pk not in self.activities:
            raise _Bad(_("No activity with this number in the plans you can see."))
        return pk

    def _yes_no(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        key = fold(str(value))
        if key in _YES:
            return True
        if key in _NO:
            return False
        raise _Bad(_("Write yes or no."))

    def _cost(self, value: Any) -> Decimal:
        return Decimal(_integer(value, money=True))

    def _parse(self, parse: Callable[[Any], Any], value: Any) -> Any:
        """The value read, or the _Bad that says why it cannot be."""
        try:
            return parse(value)
        except _Bad as exc:
            return exc
        except (TypeError, ValueError, ArithmeticError):
            return _Bad(_("This value cannot be read."))

    def read(self, raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]] | None:
        """(values, errors by column key); None for a row with nothing in it."""
        values: dict[str, Any] = {}
        bad: dict[str, str] = {}
        parsers = self.parsers
        for key, value in raw.items():
            if value is None or (value.__class__ is str and (not value or value.isspace())):
                continue
            parse = parsers.get(key)
            if parse is None:
                values[key] = _text(value)
                continue
            memo = self.memo[key]
            try:
                hit = memo[value]
            except KeyError:
                hit = self._parse(parse, value)
                if len(memo) < 50_000:
                    memo[value] = hit
            except TypeError:  # an unhashable value
                hit = self._parse(parse, value)
            if hit.__class__ is _Bad:
                bad[key] = str(hit)
            else:
                values[key] = hit
        if not values and not bad:
            return None
        if values.get("unit") is None and "unit" not in bad:
            if self.units.default is None:
                bad["unit"] = _("Write the commune or province where the event took place.")
            else:
                values["unit"] = self.units.default
        errors = check_values(values, today=self.today, messages=self.messages)
        errors.update(bad)
        return values, errors


# ---------------------------------------------------------------------------------------
# Writing rows
# ---------------------------------------------------------------------------------------


class _Writer:
    """Rows → the events table, in the model's column order.

    PostgreSQL: one COPY for the whole import, written row by row as rows are checked,
    so the server stores rows while the next ones are read (psycopg's client-side
    binding of a many-row INSERT is the slow part otherwise). Other databases:
    executemany in batches of `BATCH_SIZE`. `close()` ends the COPY; the caller's
    transaction decides whether anything stays.
    """

    def __init__(self, *, agency, actor, batch: EventImport):
        ops = connection.ops
        self.fields = [f for f in CommEvent._meta.concrete_fields if not f.primary_key]
        now = timezone.now()
        fixed: dict[str, Any] = {
            "created_at": now,
            "updated_at": now,
            "agency_id": agency.pk,
            "created_by_id": getattr(actor, "pk", None),
            "batch_id": batch.pk,
        }
        self.defaults = []
        for f in self.fields:
            value = fixed.get(f.attname, f.get_default())
            self.defaults.append(f.get_db_prep_save(value, connection))
        position = {f.name: i for i, f in enumerate(self.fields)}
        self.row_keys = [
            (position[key], key)
            for key in (
                "unit", "event_type", "channel", "title", "target_groups",
                "participants_male", "participants_female", "participants_total", "product",
                "quantity", "budget_source", "activity", "is_digital", "note",
            )
        ]  # fmt: skip
        self.date_at = position["date"]
        self.cost_at = position["cost"]
        self.dates: dict[date, Any] = {}
        self.adapt_date = ops.adapt_datefield_value
        cost_field = CommEvent._meta.get_field("cost")
        self.adapt_cost = lambda v: ops.adapt_decimalfield_value(
            v, cost_field.max_digits, cost_field.decimal_places
        )
        table = ops.quote_name(CommEvent._meta.db_table)
        names = ", ".join(ops.quote_name(f.column) for f in self.fields)
        self.sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(self.fields))})"
        self.copy_sql = f"COPY {table} ({names}) FROM STDIN"
        self.streaming = connection.vendor == "postgresql"
        self.pending: list[list[Any]] = []
        self.count = 0
        self._cursor: Any = None
        self._copy_context: Any = None
        self._copy: Any = None

    def add(self, values: dict[str, Any]) -> None:
        row = self.defaults.copy()
        for at, name in self.row_keys:
            row[at] = values.get(name)
        day = values["date"]
        db_day = self.dates.get(day)
        if db_day is None:
            db_day = self.dates[day] = self.adapt_date(day)
        row[self.date_at] = db_day
        cost = values.get("cost")
        row[self.cost_at] = None if cost is None else self.adapt_cost(cost)
        self.count += 1
        if self.streaming:
            if self._copy is None:
                self._cursor = connection.cursor()
                self._copy_context = self._cursor.cursor.copy(self.copy_sql)
                self._copy = self._copy_context.__enter__()
            self._copy.write_row(row)
            return
        self.pending.append(row)
        if len(self.pending) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.pending)
            self.pending = []

    def close(self, error: BaseException | None = None) -> None:
        """Send what is left; end the COPY (aborted when `error` is given)."""
        if error is None:
            self.flush()
        self.pending = []
        context, self._copy_context, self._copy = self._copy_context, None, None
        try:
            if context is not None:
                if error is None:
                    context.__exit__(None, None, None)
                else:
                    context.__exit__(type(error), error, error.__traceback__)
        finally:
            if self._cursor is not None:
                self._cursor.close()
                self._cursor = None


# ---------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------


def events_import_rows(
    *, actor, agency, rows: Iterable[dict[str, Any]], file_name: str = ""
) -> ImportResult:
    """Import rows (dicts keyed by column key or header) as events of `agency`.

    All or nothing: the result lists the errors of every row (the first
    `MAX_ERRORS_SHOWN`, and how many there are); then nothing is saved. A row may carry
    its spreadsheet row number as `"_row"`; otherwise rows count from 2 (after a header).
    """
    ensure_can_record(actor, agency, ADD)
    reader = _Reader(actor=actor, agency=agency, today=timezone.localdate())
    result = ImportResult(ok=False)
    with _index_cache(), transaction.atomic():
        batch = EventImport.objects.create(
            agency=agency, filename=(file_name or "")[:255], uploaded_by=actor
        )
        writer = _Writer(agency=agency, actor=actor, batch=batch)
        try:
            _read_rows(rows, reader=reader, writer=writer, result=result)
        except BaseException as error:
            writer.close(error)
            raise
        writer.close()
        if result.error_count or not result.rows:
            if not result.rows:
                result.problem = _("The file has no events: fill in rows under the headers.")
            transaction.set_rollback(True)
            return result
        batch.rows = result.rows
        batch.created = writer.count
        batch.save(update_fields=["rows", "created"])
        # COPY fires no model signal: the agency's events lie in its area.
        data_changed.send(sender=CommEvent, unit_ids=[agency.unit_id])
        audit_log(
            actor=actor,
            action="reporting.events.imported",
            obj=batch,
            data={"file": batch.filename, "rows": result.rows, "created": writer.count},
        )
    result.ok = True
    result.created = writer.count
    result.batch = batch
    return result


@contextmanager
def _index_cache() -> Iterator[None]:
    """SQLite: a larger page cache while rows go in (the table's nine indexes outgrow the
    default 2 MB at a few hundred thousand events); the connection's own size after."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")


def _read_rows(
    rows: Iterable[dict[str, Any]], *, reader: _Reader, writer: _Writer, result: ImportResult
) -> None:
    """Check every row; write them until the first error (then only count errors)."""
    headers = reader.headers
    header_lookup = _header_lookup()
    # Per set of dict keys: (keys are column keys already, {key as given: column key}).
    key_maps: dict[tuple[str, ...], tuple[bool, dict[str, str]]] = {}
    number = 1
    for raw in rows:
        number = raw.get("_row") or number + 1
        names = tuple(raw)
        plan = key_maps.get(names)
        if plan is None:
            mapping = {
                name: key
                for name in names
                if (key := name if name in _BY_KEY else header_lookup.get(_header_key(name)))
            }
            same = len(mapping) == len(names) and all(n == k for n, k in mapping.items())
            plan = key_maps[names] = (same, mapping)
        same, mapping = plan
        cells = raw if same else {key: raw[name] for name, key in mapping.items()}
        read = reader.read(cells)
        if read is None:
            continue
        result.rows += 1
        values, errors = read
        if not errors:
            if not result.error_count:
                writer.add(values)
            continue
        result.rows_with_errors += 1
        result.error_count += len(errors)
        for key in COLUMN_KEYS:
            if key in errors and len(result.errors) < MAX_ERRORS_SHOWN:
                result.errors.append(
                    RowError(number, headers[key], errors[key], _shown(cells.get(key)))
                )


def events_import(*, actor, agency, file_name: str, data: bytes) -> ImportResult:
    """Import an uploaded .xlsx or .csv (the template's columns). All or nothing."""
    ensure_can_record(actor, agency, ADD)
    try:
        if data[:2] == b"PK" or file_name.lower().endswith((".xlsx", ".xlsm")):
            rows = _xlsx_rows(data)
        else:
            rows = _csv_rows(data)
        return events_import_rows(actor=actor, agency=agency, rows=rows, file_name=file_name)
    except _FileProblem as exc:
        return ImportResult(ok=False, problem=str(exc))


class _FileProblem(Exception):
    pass


def _header_positions(cells: Iterable[Any]) -> dict[str, int]:
    lookup = _header_lookup()
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        key = lookup.get(_header_key(cell)) if not _blank(cell) else None
        if key and key not in found:
            found[key] = i
    return found


def _check_headers(found: dict[str, int]) -> None:
    missing = [c for c in COLUMNS if c.required and c.key not in found]
    if missing:
        raise _FileProblem(
            _("The file lacks the columns %(columns)s. Download the template and fill it in.")
            % {"columns": ", ".join(f"“{c.header}”" for c in missing)}
        )


def _xlsx_rows(data: bytes) -> Iterator[dict[str, Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook
        raise _FileProblem(_("This file cannot be read as an Excel workbook (.xlsx).")) from exc
    names = {fold(str(DATA_SHEET)), fold(DATA_SHEET_VI), fold("Communication events")}
    sheets = sorted(book.worksheets, key=lambda ws: fold(ws.title) not in names)
    best: tuple[Any, int, dict[str, int]] | None = None
    for sheet in sheets:
        if fold(sheet.title) in {fold(str(LISTS_SHEET)), fold(LISTS_SHEET_VI)}:
            continue
        for number, cells in enumerate(sheet.iter_rows(max_row=5, values_only=True), 1):
            found = _header_positions(cells)
            if len(found) >= 3 and (best is None or len(found) > len(best[2])):
                best = (sheet, number, found)
        if best is not None:
            break
    if best is None:
        book.close()
        raise _FileProblem(
            _("No sheet of this workbook has the template's headers (Date, Type of event…).")
        )
    sheet, header_row, found = best
    _check_headers(found)
    return _xlsx_iter(book, sheet, header_row, found)


def _xlsx_iter(book, sheet, header_row: int, found: dict[str, int]) -> Iterator[dict[str, Any]]:
    positions = list(found.items())
    width = max(found.values()) + 1
    try:
        sheet.reset_dimensions()
        number = header_row
        cells_by_row = sheet.iter_rows(min_row=header_row + 1, max_col=width, values_only=True)
        while True:
            try:
                cells = next(cells_by_row)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 - a damaged sheet
                raise _FileProblem(
                    _("The workbook is damaged after row %(row)d.") % {"row": number}
                ) from exc
            number += 1
            if not cells:
                continue
            size = len(cells)
            row: dict[str, Any] = {key: cells[i] if i < size else None for key, i in positions}
            row["_row"] = number
            yield row
    finally:
        book.close()


def _csv_rows(data: bytes) -> Iterator[dict[str, Any]]:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1258 decodes nearly anything
        raise _FileProblem(_("The file is neither UTF-8 nor Windows-1258 text."))
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise _FileProblem(_("The file is empty."))
    found = _header_positions(header)
    if len(found) < 3:
        raise _FileProblem(
            _("The first line of the file is not the template's headers (Date, Type of event…).")
        )
    _check_headers(found)
    return _csv_iter(reader, found)


def _csv_iter(reader, found: dict[str, int]) -> Iterator[dict[str, Any]]:
    positions = list(found.items())
    for number, cells in enumerate(reader, start=2):
        size = len(cells)
        row: dict[str, Any] = {key: cells[i] if i < size else None for key, i in positions}
        row["_row"] = number
        yield row


# ---------------------------------------------------------------------------------------
# The template
# ---------------------------------------------------------------------------------------


@dataclass
class CodeList:
    title: str
    headers: list[str]
    rows: list[list[Any]]
    pick: int  # the column the drop-down of the data sheet offers


def _assigned_activities(agency) -> list[tuple[int, str, str]]:
    """(id, short title, plan) of the plan activities naming the agency (or the bodies
    whose work it took over) as lead or partner."""
    from binhdang.plans.models import Activity
    from binhdang.plans.selectors import agency_lineage

    lineage = agency_lineage(agency)
    activities = (
        Activity.objects.filter(assignments__agencies__in=lineage)
        .select_related("task__plan")
        .distinct()
        .order_by("task__plan_id", "task__order", "order")
    )
    result = []
    for activity in activities:
        plan = activity.task.plan
        title = " ".join(activity.title.split())
        short = title if len(title) <= 80 else title[:79] + "…"
        result.append((activity.pk, short, str(plan)[:120]))
    return result


def code_lists(*, agency) -> list[CodeList]:
    """What the "Code lists" sheet shows, in this order."""
    lists = [
        CodeList(
            _("Types of event"),
            [_("Code"), _("Name")],
            [[c, str(label)] for c, label in EventType.choices],
            1,
        ),
        CodeList(
            _("Channels"),
            [_("Code"), _("Name")],
            [[c, str(label)] for c, label in Channel.choices],
            1,
        ),
        CodeList(
            _("Target groups"),
            [_("No."), _("Code"), _("Name")],
            [[i, c, str(label)] for i, (c, label) in enumerate(TargetGroup.choices, 1)],
            2,
        ),
        CodeList(
            _("Budget sources"),
            [_("Code"), _("Name")],
            [[c, str(label)] for c, label in BudgetSource.choices],
            1,
        ),
        CodeList(_("Yes / no"), [_("Value")], [[_("yes")], [_("no")]], 0),
    ]
    units = (
        AdministrativeUnit.objects.filter(agency_scope(agency).unit_q())
        .order_by("generation", "path")
        .values_list("code", "path", "name", "generation")
    )
    unit_rows = []
    for code, path, name, generation in units:
        if generation == Generation.CURRENT:
            unit_rows.append([code, name, f"{code} - {name}"])
        else:
            unit_rows.append([path, f"{name} ({_('before 1/7/2025')})", f"{path} - {name}"])
    lists.append(CodeList(_("Communes and wards"), [_("Code"), _("Name"), _("Pick")], unit_rows, 2))
    lists.append(
        CodeList(
            _("Plan activities assigned to your agency"),
            [_("Number"), _("Activity"), _("Plan"), _("Pick")],
            [
                [pk, title, plan, f"{pk} - {title}"]
                for pk, title, plan in _assigned_activities(agency)
            ],
            3,
        )
    )
    return lists


def event_template_xlsx(*, agency) -> bytes:
    """The workbook to fill in: data sheet, instructions, code lists with drop-downs."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    yes = _("yes")
    book = Workbook()
    data = book.active
    data.title = str(DATA_SHEET)
    guide = book.create_sheet(str(HELP_SHEET))
    codes = book.create_sheet(str(LISTS_SHEET))

    bold = Font(bold=True)
    white = Font(bold=True, color="FFFFFF")
    required_fill = PatternFill("solid", fgColor="8E2C48")
    optional_fill = PatternFill("solid", fgColor="4B5B70")
    wrap = Alignment(wrap_text=True, vertical="top")

    # Code lists, side by side, each with a title row and a header row.
    ranges: dict[str, str] = {}
    lists = code_lists(agency=agency)
    keys = ["event_type", "channel", "target_groups", "budget_source", "is_digital", "unit",
            "activity"]  # fmt: skip
    start = 1
    for key, code_list in zip(keys, lists, strict=True):
        codes.cell(row=1, column=start, value=code_list.title).font = bold
        for offset, header in enumerate(code_list.headers):
            cell = codes.cell(row=2, column=start + offset, value=header)
            cell.font = white
            cell.fill = optional_fill
        for r, values in enumerate(code_list.rows, start=3):
            for offset, value in enumerate(values):
                codes.cell(row=r, column=start + offset, value=value)
        for offset, header in enumerate(code_list.headers):
            widest = max([len(str(v[offset])) for v in code_list.rows] + [len(header), 6])
            codes.column_dimensions[get_column_letter(start + offset)].width = min(widest + 2, 60)
        picked = [r for r in code_list.rows if key != "unit" or not str(r[0]).startswith("L")]
        if picked:
            letter = get_column_letter(start + code_list.pick)
            ranges[key] = f"{quote_sheetname(codes.title)}!${letter}$3:${letter}${len(picked) + 2}"
        start += len(code_list.headers) + 1
    codes.freeze_panes = "A3"

    # The data sheet: headers with notes, widths, drop-downs.
    for i, column in enumerate(COLUMNS, start=1):
        cell = data.cell(row=1, column=i, value=str(column.header))
        cell.font = white
        cell.fill = required_fill if column.required else optional_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if column.hint:
            note = str(column.hint)
            if column.required:
                note = _("Required.") + " " + note
            cell.comment = Comment(note, "binhdang", width=300, height=110)
        letter = get_column_letter(i)
        data.column_dimensions[letter].width = column.width
        if column.key == "date":
            data.column_dimensions[letter].number_format = "DD/MM/YYYY"
        elif column.key in ("unit", "target_groups", "activity"):
            # Text, so that Excel keeps "1; 4" and the leading zeros of codes.
            data.column_dimensions[letter].number_format = "@"
        source = ranges.get(column.key)
        if source and column.key != "target_groups":
            validation = DataValidation(
                type="list",
                formula1=source,
                allow_blank=True,
                showErrorMessage=column.key not in ("unit", "activity"),
                errorStyle="warning",
                error=_("Choose a value from the list (sheet “Code lists”)."),
                errorTitle=str(column.header),
            )
            validation.add(f"{letter}2:{letter}{XLSX_LAST_ROW}")
            data.add_data_validation(validation)
    data.row_dimensions[1].height = 32
    data.freeze_panes = "A2"
    data.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}1"

    # Instructions.
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 12
    guide.column_dimensions["C"].width = 90
    guide["A1"] = _("How to fill in the communication events workbook")
    guide["A1"].font = Font(bold=True, size=14)
    guide["A2"] = _("Organiser: %(agency)s") % {"agency": agency.full_name}
    lines = [
        _("One row per event, in the sheet “%(sheet)s”, from row 2. Do not change the headers.")
        % {"sheet": DATA_SHEET},
        _("Types, channels, budget sources and yes/no have drop-down lists; the sheet “%(sheet)s”"
          " lists every value with its code. A name or a code may be written, with or without "
          "diacritics.") % {"sheet": LISTS_SHEET},
        _("Dates: dd/mm/yyyy (15/11/2025), yyyy-mm-dd, or a date cell. Not before 2015, not in "
          "the future."),
        _("Men + women must not be more than the participants in all; leave the total empty "
          "to add them up."),
        _("When the cost is more than 0, the budget source is required."),
        _("The whole file is checked before anything is saved: if a row has an error, nothing is"
          " saved and the page lists every error with its row and column. Correct them and "
          "upload the file again."),
        _("Saving the same file twice records its events twice."),
    ]  # fmt: skip
    row = 4
    for number, line in enumerate(lines, start=1):
        guide.cell(row=row, column=1, value=f"{number}.").alignment = Alignment(horizontal="right")
        cell = guide.cell(row=row, column=2, value=line)
        guide.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
        cell.alignment = wrap
        guide.row_dimensions[row].height = 30
        row += 1
    row += 1
    for i, header in enumerate([_("Column"), _("Required"), _("What to write")], start=1):
        cell = guide.cell(row=row, column=i, value=header)
        cell.font = white
        cell.fill = optional_fill
    for column in COLUMNS:
        row += 1
        guide.cell(row=row, column=1, value=str(column.header)).font = bold
        guide.cell(row=row, column=2, value=yes if column.required else "")
        guide.cell(row=row, column=3, value=str(column.hint)).alignment = wrap
    row += 2
    guide.cell(row=row, column=1, value=_("Example")).font = bold
    example = _example_row()
    for i, column in enumerate(COLUMNS):
        guide.cell(row=row + 1 + i, column=1, value=str(column.header))
        guide.cell(row=row + 1 + i, column=3, value=example.get(column.key, ""))

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _example_row() -> dict[str, Any]:
    return {
        "date": "15/11/2025",
        "event_type": str(EventType.LAUNCH.label),
        "channel": str(Channel.IN_PERSON.label),
        "title": _("Launch of the Action Month for gender equality"),
        "unit": "",
        "target_groups": "1; 4",
        "participants_male": 120,
        "participants_female": 180,
        "participants_total": "",
        "product": _("Banners"),
        "quantity": 10,
        "cost": 5000000,
        "budget_source": str(BudgetSource.LOCAL.label),
        "activity": "",
        "is_digital": _("no"),
        "note": "",
    }


def event_template_csv() -> bytes:
    """The same columns as a CSV file (UTF-8 with BOM, so Excel shows the diacritics)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(c.header) for c in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# ---------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------


def events_xlsx(*, events) -> bytes:
    """The events of a queryset as a workbook with the template's columns (names, not
    codes) and the organiser: it can be filled in and imported again."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(DATA_SHEET))
    extra = [_("Organiser"), _("Record number")]
    for i, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    sheet.column_dimensions[get_column_letter(len(COLUMNS) + 1)].width = 40
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in [*(str(c.header) for c in COLUMNS), *extra]:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    types = {code: str(label) for code, label in EventType.choices}
    channels = {code: str(label) for code, label in Channel.choices}
    sources = {code: str(label) for code, label in BudgetSource.choices}
    group_labels = {code: str(label) for code, label in TargetGroup.choices}
    yes, no = _("yes"), _("no")
    fields = (
        "date", "event_type", "channel", "title", "unit__code", "unit__path",
        "unit__generation", "unit__name", "target_groups", "participants_male",
        "participants_female", "participants_total", "product", "quantity", "cost",
        "budget_source", "activity_id", "is_digital", "note", "agency__full_name", "pk",
    )  # fmt: skip
    rows = events.order_by("-date", "-pk").values_list(*fields)[:EXPORT_MAX_ROWS]
    for row in rows.iterator(chunk_size=2000):
        (day, event_type, channel, title, unit_code, unit_path, generation, unit_name, groups,
         male, female, total, product, quantity, cost, source, activity_id, digital, note,
         organiser, pk) = row  # fmt: skip
        date_cell = WriteOnlyCell(sheet, value=day)
        date_cell.number_format = "DD/MM/YYYY"
        place = unit_code if generation == Generation.CURRENT else unit_path
        sheet.append([
            date_cell,
            types.get(event_type, event_type),
            channels.get(channel, channel),
            title,
            f"{place} - {unit_name}",
            "; ".join(group_labels[c] for c, bit in GROUP_BITS.items() if groups & bit),
            male, female, total, product, quantity,
            int(cost) if cost is not None else None,
            sources.get(source, source),
            activity_id, yes if digital else no, note, organiser, pk,
        ])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
