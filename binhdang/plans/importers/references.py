"""Cited documents: "Quyết định số 1790/QĐ-TTg ngày 23/10/2021 của Thủ tướng Chính phủ".

`legal_bases` are the documents the preamble (and the title) cite — "Căn cứ …", "Thực
hiện …", "Theo …" — in order of first appearance, without duplicates and without the
plan's own number; `references` are the other numbered documents the body names.
Numbers are kept as printed ("129/LĐTĐ-BHXH-BĐG", "125/NĐ-CP").
"""

from __future__ import annotations

import re
from datetime import date

from .normalize import flat
from .types import LegalBasis

NUMBER = re.compile(
    r"(?<![\w/])(?P<n>\d{1,5}[a-z]?(?:/\d{4})?/[A-ZĐ][A-Za-zĐđ0-9&]*(?:\s?[-–]\s?[A-Za-zĐđ0-9&]+)*)"
)
_KINDS: tuple[tuple[str, str], ...] = (
    ("quyet dinh", "decision"), ("ke hoach", "plan"), ("cong van", "letter"),
    ("van ban", "letter"), ("nghi quyet", "resolution"), ("nghi dinh", "decree"),
    ("chi thi", "directive"), ("thong tu", "circular"), ("luat", "law"),
    ("huong dan", "guidance"), ("thong bao", "notice"), ("chuong trinh", "programme"),
    ("ke hoach", "plan"),
)  # fmt: skip
_SYMBOL_KINDS = (("QĐ", "decision"), ("KH", "plan"), ("NQ", "resolution"), ("NĐ", "decree"),
                 ("CT", "directive"), ("TT", "circular"), ("QH", "law"), ("HD", "guidance"),
                 ("TB", "notice"))  # fmt: skip
_DATE = re.compile(
    r"^\s*,?\s*(?:ban hành\s+)?ngày\s+(\d{1,2})\s*(?:/|-|\.|tháng)\s*(\d{1,2})\s*(?:/|-|\.|năm)\s*(\d{4})",
    re.I,
)
_ISSUER = re.compile(
    r"^\s*(?:của|do)\s+(?P<i>.+?)(?=\s+(?:về|phê duyệt|ban hành|quy định|hướng dẫn|triển khai|"
    r"thực hiện|v/v|hành động)\b|[;,.:(]|$)"
)


def tidy_number(number: str) -> str:
    number = re.sub(r"\s*[-–]\s*", "-", number.strip())
    return number.rstrip(".-,;")


def _kind(text_before: str, number: str) -> str | None:
    key = flat(text_before[-60:])
    best: tuple[int, str] | None = None
    for word, kind in _KINDS:
        pos = key.rfind(word)
        if pos >= 0 and (best is None or pos > best[0]):
            best = (pos, kind)
    if best is not None:
        return best[1]
    symbol = number.split("/")[-1].upper()
    for prefix, kind in _SYMBOL_KINDS:
        if symbol.startswith(prefix):
            return kind
    return "letter" if "-" in symbol else None


def _iso(day: str, month: str, year: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def find_references(text: str) -> list[LegalBasis]:
    out = []
    for m in NUMBER.finditer(text):
        number = tidy_number(m["n"])
        after = text[m.end() : m.end() + 200]
        issued = None
        d = _DATE.match(after)
        if d:
            issued = _iso(d[1], d[2], d[3])
            after = after[d.end() :]
        issuer = _ISSUER.match(after)
        start = max(0, text.rfind(";", 0, m.start()) + 1, text.rfind(". ", 0, m.start()) + 1)
        out.append(
            LegalBasis(
                number=number,
                kind=_kind(text[: m.start()], number),
                date=issued,
                issuer=issuer["i"].strip() if issuer else None,
                text=text[start : m.end() + (d.end() if d else 0)].strip(),
            )
        )
    return out


def unique(refs: list[LegalBasis], exclude: set[str]) -> list[LegalBasis]:
    seen = set(exclude)
    out = []
    for ref in refs:
        key = ref.number.upper()
        if key in seen:
            continue
        seen.add(key)
        out.append(ref)
    return out
