"""From raw text to paragraphs: Unicode, web-page chrome, page breaks and hard wraps.

Real documents arrive as pasted web pages (view counters, menus before and after the
article), PDF text layers (every line hard-wrapped, page numbers, a sentence cut by a
page break) and word-processor text (one paragraph per line). `paragraphs()` returns one
string per logical paragraph:

* every line is cleaned (`core.text.clean`: NFC, one kind of dash, single spaces) and
  stripped of Markdown bold markers and zero-width characters;
* lines of web-page chrome are dropped and the text after the end mark ("./.") or the
  recipients list ("Nơi nhận:") is set aside as the `tail` (signature block);
* a line is joined to the previous one when that one does not end a sentence and the
  new line does not start a structural item ("1.", "a)", "-", "+", "I."), and either
  starts in lower case (a sentence cut by a page break or a wrap) or — in a hard-wrapped
  text — follows a line that filled the wrap width.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from binhdang.core.text import clean

_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BOLD = re.compile(r"\*\*")
_DECORATION = re.compile(r"^[\s_=~*.·•\-]{3,}$")
_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–]?\s*\d{1,3}\s*(?:/\s*\d{1,3})?\s*[-–]?$", re.I)
_TERMINAL = (".", ":", ";", "!", "?", "…", "./.")

# A structural marker at the start of a line (see outline.py for their meaning).
MARKER = re.compile(
    r"^(?:"
    r"(?:X{0,3}(?:IX|IV|V?I{1,3}|V|X))\s*[.)]\s*\S"  # I. II) …
    r"|\d{1,2}(?:\.\d{1,2})*\s*[.)]\s*(?!\d)\S"  # 1. 2) 2.1.
    r"|\d{1,2}(?:\.\d{1,2})+\s+\S"  # 2.1 Title
    r"|[a-zđ]\s*\)\s*\S|[a-zđ]\.\s+\S"  # a) b.
    r"|[-+•*●○▪■◦·–—]\s*\S|\.\s+\S"  # bullets
    r"|(?:Hoạt động|HOẠT ĐỘNG|Chỉ tiêu|CHỈ TIÊU|Nhiệm vụ|NHIỆM VỤ)\s+\d{1,2}\s*[:.)]"
    r")"
)

# Lines of web-page chrome (matched on the folded, accent-free lower-case line).
_CHROME = re.compile(
    r"^(?:"
    r"luot xem|so luot xem|che do ban dem|co chu|doc bai viet|nghe bai viet|"
    r"trung binh \(\d+ binh chon\)|binh chon|danh gia bai viet|"
    r"video gioi thieu|khong tim thay video|thu vien anh|thu vien video|"
    r"thong ke truy cap|dang truy cap|dang online|tong so (?:truy cap|trong ngay|trong tuan|"
    r"trong thang|trong nam)|truy cap hom nay|"
    r"trang chu|so do (?:trang|site)|lien he|dang nhap|dang ky|tim kiem|"
    r"chia se|in bai|ban in|gui bai|gui email|luu bai|"
    r"tin lien quan|tin khac|cac tin khac|bai viet lien quan|tin cung chuyen muc|"
    r"ban quyen|copyright|ghi ro nguon|"
    r"facebook|zalo|twitter|youtube|email|tweet|"
    r"tu khoa|tags?|"
    r"ngay dang|ngay cap nhat|cap nhat luc|dang luc|"
    r"quay lai|ve dau trang|len dau trang|xem them|xem tiep|doc tiep"
    r")\b"
)
_CHROME_EXACT = re.compile(r"^(?:a-? ?a ?a\+|off|on|\||\W*)$")


@cache
def _flat_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[:1].lower()
    return base if len(base) == 1 else ch


def flat(text: str) -> str:
    """Lower case without any diacritics, "đ" → "d", one character per character.

    Unlike `core.text.fold` it keeps punctuation and length, so a match in the flat text
    is at the same position in the original.
    """
    return "".join(_flat_char(ch) for ch in text)


def clean_line(line: str) -> str:
    line = _ZERO_WIDTH.sub("", line)
    line = _BOLD.sub("", line)
    return clean(line)


def is_chrome(line: str) -> bool:
    """A line of web-page furniture, never part of a plan."""
    key = flat(line).strip()
    words = line.split()
    if _CHROME_EXACT.match(key) or (len(words) <= 8 and _CHROME.match(key)):
        return True
    half = len(words) // 2
    # "Liên kết Liên kết", "Video Giới thiệu Video Giới thiệu": a widget title doubled.
    return bool(half and len(words) % 2 == 0 and words[:half] == words[half:] and half <= 4)


def is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL)


@dataclass
class Normalized:
    paragraphs: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)  # after "./." or "Nơi nhận:": signature
    hard_wrapped: bool = False


def _wrap_width(lines: list[str]) -> tuple[bool, int]:
    lengths = sorted(len(x) for x in lines)
    if len(lengths) < 12:
        return False, 0
    width = lengths[int(len(lengths) * 0.9)]
    if width > 110:
        return False, width
    long_open = sum(1 for x in lines if len(x) >= 0.7 * width and not ends_sentence(x))
    return long_open >= 0.3 * len(lines), width


def _joins(prev: str, last_len: int, nxt: str, wrapped: bool, width: int) -> bool:
    if MARKER.match(nxt) or ends_sentence(prev):
        return False
    if is_all_caps(nxt) or is_all_caps(prev):
        return False
    first = nxt[0]
    if first.islower() or first in "(,;–-" or (first.isdigit() and not MARKER.match(nxt)):
        return True
    return wrapped and last_len >= 0.7 * width


def paragraphs(text: str, *, cut_tail: bool = True) -> Normalized:
    """Logical paragraphs of `text` (see the module docstring)."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    lines: list[str | None] = []  # None: a hard break (decoration or removed chrome)
    for raw in raw_lines:
        line = clean_line(raw)
        if not line:
            continue
        if _DECORATION.match(line) or is_chrome(line) or _PAGE_NUMBER.match(line):
            lines.append(None)
            continue
        lines.append(line)
    kept = [x for x in lines if x]
    wrapped, width = _wrap_width(kept)

    out = Normalized(hard_wrapped=wrapped)
    current = ""
    last_len = 0
    for entry in lines:
        if entry is None:
            if current:
                out.paragraphs.append(current)
            current = ""
            continue
        line = entry
        if current and _joins(current, last_len, line, wrapped, width):
            current = f"{current} {line}"
        else:
            if current:
                out.paragraphs.append(current)
            current = line
        last_len = len(line)
    if current:
        out.paragraphs.append(current)
    if cut_tail:
        _cut_tail(out)
    return out


_RECIPIENTS = re.compile(r"^noi nhan\b")


def _cut_tail(out: Normalized) -> None:
    """Set aside what follows the end of the text: recipients, signature, page chrome."""
    paras = out.paragraphs
    cut = None
    for i, p in enumerate(paras):
        if _RECIPIENTS.match(flat(p)) and i > len(paras) // 3:
            cut = i
            break
    end_mark = None
    for i in range(len(paras) - 1, len(paras) // 3, -1):
        if paras[i].rstrip().endswith("/.") or paras[i].rstrip().endswith("./"):
            end_mark = i + 1
            break
    if end_mark is not None and (cut is None or end_mark < cut):
        cut = end_mark
    if cut is not None:
        out.tail = paras[cut:]
        out.paragraphs = paras[:cut]
