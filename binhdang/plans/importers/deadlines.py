"""The report deadline ("trước ngày 10/12") and the Action Month window (15/11–15/12)."""

from __future__ import annotations

import re

from .normalize import flat
from .timing import day_month, find_window

_BEFORE = re.compile(r"trước\s+ngày\s+(\d{1,2})\s*(?:/|-|tháng)\s*(\d{1,2})(?!\d)", re.I)
_REPORT = re.compile(r"bao cao|gui ve|gui ket qua|tong hop")


def report_deadline(paragraphs: list[str], preferred: list[str]) -> str | None:
    """The first "trước ngày D/M" in a sentence about reporting (reporting section first)."""
    for group in (preferred, paragraphs):
        for para in group:
            for sentence in re.split(r"(?<=[.;])\s+", para):
                if not _REPORT.search(flat(sentence)):
                    continue
                m = _BEFORE.search(sentence)
                if m:
                    value = day_month(m[1], m[2])
                    if value:
                        return value
    return None


def action_month(paragraphs: list[str], title: str | None = None) -> list[str] | None:
    """The window the text gives the Action Month ("từ 15/11 đến 15/12 hằng năm").

    In a plan for the Action Month itself (its title says so), the first window the text
    gives ("Thời gian: Từ ngày 15/11/2023 đến ngày 15/12/2023") is the month's.
    """
    if title and "thang hanh dong" in flat(title):
        for para in paragraphs:
            window = find_window(para)
            if window:
                return window[0]
    for para in paragraphs:
        key = flat(para)
        pos = key.find("thang hanh dong")
        while pos >= 0:
            segment = para[pos : pos + 400]
            end = re.search(r"[.;]\s", segment)
            window = find_window(segment[: end.start()] if end else segment)
            if window:
                return window[0]
            pos = key.find("thang hanh dong", pos + 1)
    return None
