"""Read an activity's timing text into a structure, keeping the text as written.

"Hằng năm"/"Hàng năm"/"Mỗi năm" → yearly; "Năm 2025, 2030" → those years; "từ 15/11 đến
15/12 hằng năm" → a yearly window; "Quý II/2026", "Tháng 6/2026", "31/12/2026" → once (in
that year); "2026 - 2030" → yearly over that span. Anything else → kind None.
"""

from __future__ import annotations

import re

from binhdang.core.text import clean

from .normalize import flat
from .types import Timing

_DAY_MONTH = r"(?<![\d/])(\d{1,2})\s*(?:/|-|tháng)\s*(\d{1,2})(?:\s*(?:/|năm)\s*(\d{4}))?"
WINDOW = re.compile(
    rf"(?:từ\s+)?(?:ngày\s+)?{_DAY_MONTH}\s*(?:đến|tới|-)\s*(?:ngày\s+)?{_DAY_MONTH}", re.I
)
_YEARLY = re.compile(r"\b(?:hang nam|moi nam|thuong nien|ca nam)\b")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_SPAN = re.compile(r"(?<![\d/])((?:19|20)\d{2})\s*(?:-|đến|tới)\s*((?:19|20)\d{2})(?![\d/])")
_ONCE = re.compile(
    r"\b(?:quy\s+[ivx\d]+|thang\s+\d{1,2}|ngay\s+\d{1,2}|truoc ngay|\d{1,2}/\d{1,2}/\d{4})"
)


def day_month(day: str | int, month: str | int) -> str | None:
    d, m = int(day), int(month)
    if 1 <= d <= 31 and 1 <= m <= 12:
        return f"{d:02d}/{m:02d}"
    return None


def find_window(text: str) -> tuple[list[str], list[int]] | None:
    """The first "từ D/M đến D/M" window in `text`, with the years it names."""
    for m in WINDOW.finditer(text):
        start = day_month(m[1], m[2])
        end = day_month(m[4], m[5])
        if start and end:
            years = sorted({int(y) for y in (m[3], m[6]) if y})
            return [start, end], years
    return None


def parse_timing(text: str | None) -> Timing | None:
    if not text or not text.strip():
        return None
    text = clean(text)
    key = flat(text)
    window = find_window(text)
    if window:
        return Timing(kind="window", years=window[1], window=window[0])
    span = _SPAN.search(text)
    if span:
        a, b = int(span[1]), int(span[2])
        if a <= b <= a + 30:
            return Timing(kind="yearly", years=list(range(a, b + 1)))
    years = sorted({int(y) for y in _YEAR.findall(text)})
    if _YEARLY.search(key):
        return Timing(kind="yearly", years=years)
    if years and _ONCE.search(key):
        return Timing(kind="once", years=years)
    if len(years) > 1:
        return Timing(kind="years", years=years)
    if len(years) == 1:
        return Timing(kind="years" if key.startswith("nam") else "once", years=years)
    return Timing(kind=None)
