"""The wording rules of Decree 30/2020/NĐ-CP, Appendix I (DOMAIN.md §4 and Implications F).

Pure functions over strings and dates: no python-docx, no database. `layout.py` prints
what these return; the plan builder and later reports (BC) share them.

* date line: "Hải Phòng, ngày 05 tháng 3 năm 2022" — days below 10 and the months
  January and February take a leading zero, nothing else does;
* number and symbol: "Số: 05/KH-UBND" — numbers below 10 take a leading zero; a number
  not yet issued (the office assigns it at release) is left as a gap: "Số:      /KH-UBND";
* the place of the date line is the official name of the issuer's administrative unit
  without its level word ("Hải Phòng", "Thành Đông"), except names that are a number or
  a person's name ("Phường 4", "Thành phố Hồ Chí Minh");
* the parent body may abbreviate common phrases ("UBND THÀNH PHỐ CẦN THƠ");
* signature authority by the kind of issuing body ("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH").

Anything a document does not know is written as BLANK ("…"), never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date

BLANK = "…"
# What the records office fills in by hand at release: a wide gap, not dots.
ISSUE_GAP = "\u00a0" * 6

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# Appendix III: abbreviations of document types.
TYPE_ABBREVIATIONS = {
    "KẾ HOẠCH": "KH",
    "BÁO CÁO": "BC",
    "QUYẾT ĐỊNH": "QĐ",
    "CHƯƠNG TRÌNH": "CTr",
    "HƯỚNG DẪN": "HD",
    "THÔNG BÁO": "TB",
    "TỜ TRÌNH": "TTr",
}

# Points inside a clause: the Vietnamese alphabet as legal texts use it.
POINT_LETTERS = tuple("abcdđeghiklmnopqrstuvxy")

# Common phrases a parent body's name may abbreviate (Appendix I §II.2.a).
_COMMON_ABBREVIATIONS = (
    (re.compile(r"^(ủy|uỷ) ban nhân dân\b", re.IGNORECASE), "UBND"),
    (re.compile(r"^hội đồng nhân dân\b", re.IGNORECASE), "HĐND"),
)
# Collective bodies whose own name is printed on two lines: "ỦY BAN NHÂN DÂN" / "TỈNH …".
_COLLECTIVE_PREFIXES = ("Ủy ban nhân dân", "Uỷ ban nhân dân", "Hội đồng nhân dân")

_LEVEL_WORDS = (
    "thành phố",
    "thị trấn",
    "đặc khu",
    "thị xã",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "xã",
)
# Units named after a person keep their full name on the date line (Appendix I §II.4.a).
# ⚠ Only the one everybody knows is listed; communes named after people need their full
# name too, and the unit registry does not say which ones those are.
_PERSON_NAMES = ("hồ chí minh",)

_DOC_NUMBER = re.compile(r"^\s*(?:số\s*:?\s*)?(\d*)\s*/\s*(\S.*?)\s*$", re.IGNORECASE)


def _nfc(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


# --- dates ------------------------------------------------------------------------------


def month_text(month: int) -> str:
    """ "01", "02", then "3" … "12": only January and February are zero-padded."""
    return f"{month:02d}" if month < 3 else str(month)


def day_text(day: int) -> str:
    return f"{day:02d}"


def long_date(day: date) -> str:
    """ "ngày 05 tháng 3 năm 2022"."""
    return f"ngày {day_text(day.day)} tháng {month_text(day.month)} năm {day.year}"


def date_line(place: str, day: date | None) -> str:
    """ "Hải Phòng, ngày 05 tháng 3 năm 2022"; gaps for a date the office has yet to fill."""
    place = _nfc(place) or BLANK
    if day is None:
        return f"{place}, ngày{ISSUE_GAP}tháng{ISSUE_GAP}năm{ISSUE_GAP}"
    return f"{place}, {long_date(day)}"


def short_date(day: date) -> str:
    """dd/mm/yyyy, as plans cite other documents."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


# --- number and symbol --------------------------------------------------------------------


def padded_number(number: str | int | None) -> str:
    """ "05" for 5, "262" for 262, "" when none was issued."""
    text = str(number).strip() if number is not None else ""
    if text.isdigit():
        return f"{int(text):02d}"
    return text


def symbol(type_abbreviation: str, issuer_abbreviation: str) -> str:
    """ "KH-UBND"; the issuer part is BLANK when unknown."""
    return f"{type_abbreviation}-{issuer_abbreviation.strip() or BLANK}"


def split_doc_number(doc_number: str) -> tuple[str, str]:
    """("262", "KH-SLĐTBXH") for "262/KH-SLĐTBXH"; ("", "") when it is not one."""
    match = _DOC_NUMBER.match(_nfc(doc_number))
    if not match:
        return "", ""
    return match[1], match[2].replace(" ", "")


def number_line(number: str | int | None, doc_symbol: str) -> str:
    """ "Số: 05/KH-UBND", or "Số:      /KH-UBND" before the office issues a number."""
    padded = padded_number(number)
    return f"Số: {padded}/{doc_symbol}" if padded else f"Số:{ISSUE_GAP}/{doc_symbol}"


# --- names ---------------------------------------------------------------------------------


def upper(text: str) -> str:
    """Vietnamese upper case ("đ" → "Đ", "ủy" → "ỦY")."""
    return _nfc(text).upper()


def split_level_word(name: str) -> tuple[str, str]:
    """("thành phố", "Hải Phòng") for "Thành phố Hải Phòng"; ("", name) without one."""
    name = _nfc(name)
    low = name.lower()
    for word in _LEVEL_WORDS:
        if low.startswith(word + " "):
            return word, name[len(word) + 1 :].strip()
    return "", name


def place_for_date_line(unit_name: str) -> str:
    """The place of the date line from a unit's official name.

    "Thành phố Hải Phòng" → "Hải Phòng", "Phường Thành Đông" → "Thành Đông", but
    "Phường 4" and "Thành phố Hồ Chí Minh" keep their full name.
    """
    name = _nfc(unit_name)
    word, rest = split_level_word(name)
    if not word or not rest:
        return name[:1].upper() + name[1:]
    if rest.isdigit() or rest.lower() in _PERSON_NAMES:
        return word[:1].upper() + word[1:] + " " + rest
    return rest


def abbreviate_common(name: str) -> str:
    """ "UBND thành phố Cần Thơ" for "Ủy ban nhân dân thành phố Cần Thơ"."""
    name = _nfc(name)
    for pattern, short in _COMMON_ABBREVIATIONS:
        name = pattern.sub(short, name)
    return name


def collective_lines(name: str) -> tuple[str, ...]:
    """ "Ủy ban nhân dân thành phố Hải Phòng" → ("Ủy ban nhân dân", "thành phố Hải Phòng").

    Other names come back whole; the layout wraps them to the column.
    """
    name = _nfc(name)
    for prefix in _COLLECTIVE_PREFIXES:
        if name.lower().startswith(prefix.lower() + " "):
            return name[: len(prefix)], name[len(prefix) + 1 :]
    return (name,)


# --- numbering -----------------------------------------------------------------------------


def roman(number: int) -> str:
    """Roman numerals for sections and appendices: 1 → "I", 14 → "XIV"."""
    if number < 1:
        raise ValueError("Roman numerals start at 1.")
    values = (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    )  # fmt: skip
    out = []
    for value, letters in values:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def point_letter(index: int) -> str:
    """The label of the index-th point (0 → "a", 4 → "đ"); "aa", "ab"… past "y"."""
    if index < 0:
        raise ValueError("Point indexes start at 0.")
    count = len(POINT_LETTERS)
    if index < count:
        return POINT_LETTERS[index]
    return POINT_LETTERS[index // count - 1] + POINT_LETTERS[index % count]


# --- lists and endings ---------------------------------------------------------------------


def strip_end(text: str) -> str:
    return _nfc(text).rstrip(" ;,.:")


def capitalize_first(text: str) -> str:
    """ "Các cơ quan…" for "các cơ quan…"; the rest unchanged."""
    text = _nfc(text)
    return text[:1].upper() + text[1:]


def listed(items: Iterable[str], *, last: str = ".") -> list[str]:
    """Items as a dashed list: "- A;", "- B;", … the last one ending with `last`."""
    names = [strip_end(item) for item in items if strip_end(item)]
    return [f"- {name}{last if i == len(names) - 1 else ';'}" for i, name in enumerate(names)]


def end_of_text(text: str) -> str:
    """The closing mark of an administrative text: "…theo quy định./."."""
    text = _nfc(text)
    if text.endswith("./."):
        return text
    return strip_end(text) + "./."


def recipients_list(recipients: Sequence[str], *, archive: str = "Lưu: VT.") -> list[str]:
    """The "Nơi nhận" lines: "- Sở Tài chính;" …, then "- Lưu: VT."."""
    seen: set[str] = set()
    lines = []
    for recipient in recipients:
        name = capitalize_first(strip_end(recipient))
        key = name.lower()
        if name and key not in seen:
            seen.add(key)
            lines.append(f"- {name};")
    lines.append(f"- {archive}")
    return lines


# --- signature -----------------------------------------------------------------------------


def signature_lines(kind: str, issuer_name: str = "") -> tuple[str, ...]:
    """Authority and title lines by the kind of issuing body (agencies.AgencyKind values).

    A People's Committee signs collectively, usually by a vice-chair for the chair; a
    department (Sở) by its director. For other bodies the title is left BLANK.
    """
    name = _nfc(issuer_name).lower()
    if kind == "peoples_committee":
        return ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    if kind == "department" and name.startswith("sở "):
        return ("GIÁM ĐỐC",)
    return (BLANK,)


# --- filenames -----------------------------------------------------------------------------


def ascii_fold(text: str) -> str:
    text = _nfc(text).replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch) and ord(ch) < 128)


def document_filename(
    type_abbreviation: str,
    number: str,
    doc_symbol: str,
    day: date | None,
    *,
    fallback: str = "",
) -> str:
    """ "KH-262-SLĐTBXH-2019.docx": type, number, issuer part of the symbol, year.

    Without a number: "KH-du-thao-<fallback>.docx" (a draft). The name may hold
    Vietnamese letters; `ascii_filename` gives the plain form for old clients.
    """
    issuer_part = doc_symbol.split("-", 1)[1] if "-" in doc_symbol else doc_symbol
    if number:
        parts = [type_abbreviation, padded_number(number), issuer_part]
        if day is not None:
            parts.append(str(day.year))
    else:
        parts = [type_abbreviation, "dự-thảo", fallback]
    name = "-".join(p for p in parts if p and p != BLANK)
    name = re.sub(r"[^\w-]+", "-", name).strip("-")
    return f"{name}.docx"


def ascii_filename(filename: str) -> str:
    """The same name in plain ASCII: "KH-262-SLDTBXH-2019.docx"."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    folded = re.sub(r"[^A-Za-z0-9-]+", "-", ascii_fold(stem)).strip("-") or "document"
    return f"{folded}.{ext}" if ext else folded


def attachment_note(
    type_name: str,
    number: str | int | None,
    doc_symbol: str,
    day: date | None,
    issuer: str = "",
) -> str:
    """The italic line under an appendix title.

    "(Kèm theo Báo cáo số 12/BC-UBND ngày 05 tháng 3 năm 2022 của Ủy ban nhân dân …)";
    the parts not yet known are BLANK, as the decree's own model shows.
    """
    padded = padded_number(number) or BLANK
    when = long_date(day) if day else f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
    issuer = _nfc(issuer)
    by = f" của {issuer}" if issuer else ""
    return f"(Kèm theo {_nfc(type_name)} số {padded}/{doc_symbol or BLANK} {when}{by})"
