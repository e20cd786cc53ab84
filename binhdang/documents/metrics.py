"""Approximate printed width of Times New Roman text, to size rules and wrap header lines.

Decree 30 wants rules as long as the motto and 1/3–1/2 of the issuer's name and of the
summary line, and long issuer names on balanced lines. Word processors draw those from
the real font; a generated document has to know the width in advance. The advance widths
below are the Adobe core-font metrics of Times Roman and Times Bold (1/1000 em), which
Times New Roman and its metric twin Liberation Serif follow closely. Vietnamese letters
are measured by their base letter (tone and vowel marks sit above or below it).
"""

from __future__ import annotations

import unicodedata
from itertools import combinations

_REGULAR = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (
            444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500,
            500, 333, 389, 278, 500, 500, 722, 500, 500, 444,
            722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556,
            722, 667, 556, 611, 722, 722, 944, 722, 722, 611,
        ),
        strict=True,
    )
)  # fmt: skip
_BOLD = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (
            500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556,
            556, 444, 389, 333, 556, 500, 722, 500, 500, 444,
            722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611,
            778, 722, 556, 667, 722, 722, 1000, 722, 722, 667,
        ),
        strict=True,
    )
)  # fmt: skip
_PUNCTUATION = {
    " ": 250, "\u00a0": 250, "-": 333, ".": 250, ",": 250, ":": 278, ";": 278, "/": 278,
    "(": 333, ")": 333, "%": 833, "…": 1000, "_": 500, "&": 778,
}  # fmt: skip
_DEFAULT = 500


def _base(ch: str) -> str:
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    decomposed = unicodedata.normalize("NFD", ch)
    return decomposed[0] if decomposed else ch


def text_width_pt(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The printed width of `text` in points."""
    table = _BOLD if bold else _REGULAR
    units = 0
    for ch in unicodedata.normalize("NFC", text):
        base = _base(ch)
        if base in table:
            units += table[base]
        elif base.isdigit():
            units += 500
        else:
            units += _PUNCTUATION.get(base, _DEFAULT)
    return units * size_pt / 1000


# Words a wrapped line reads well starting with; a break after a dash reads well too.
_GOOD_STARTS = frozenset(
    {"và", "về", "của", "cho", "trên", "tại", "đến", "trong", "giai", "thực"}
    | {"thành", "tỉnh", "phường", "xã", "huyện", "quận"}
)
_MAX_BRUTE_WORDS = 24


def _break_cost(before: list[str], after: list[str]) -> int:
    if after[0] in ("-", "–"):
        return 2  # a line should not start with the dash
    if before[-1] in ("-", "–") or after[0].lower() in _GOOD_STARTS:
        return 0
    return 1


def balanced_lines(
    text: str, max_width_pt: float, size_pt: float, *, bold: bool = False
) -> list[str]:
    """`text` on as few lines as fit `max_width_pt`, broken where it reads well.

    Among the ways to split into the fewest lines that fit, the one with the fewest
    awkward breaks wins (breaks before "và", "về", "trên"… or after a dash are natural),
    then the most even one: "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" in a narrow column
    becomes "SỞ LAO ĐỘNG - THƯƠNG BINH" / "VÀ XÃ HỘI". A single word wider than the
    column stays on its own line.
    """
    words = text.split()
    if not words:
        return []
    joined = " ".join(words)
    if text_width_pt(joined, size_pt, bold=bold) <= max_width_pt:
        return [joined]
    n = len(words)
    if n > _MAX_BRUTE_WORDS:
        return _greedy(words, max_width_pt, size_pt, bold=bold)
    for count in range(2, min(n, 5) + 1):
        best: tuple[int, float, list[str]] | None = None
        for cuts in combinations(range(1, n), count - 1):
            bounds = (0, *cuts, n)
            parts = [words[bounds[i] : bounds[i + 1]] for i in range(count)]
            widest = max(text_width_pt(" ".join(p), size_pt, bold=bold) for p in parts)
            if widest > max_width_pt:
                continue
            cost = sum(_break_cost(parts[i], parts[i + 1]) for i in range(count - 1))
            if best is None or (cost, widest) < best[:2]:
                best = (cost, widest, [" ".join(p) for p in parts])
        if best is not None:
            return best[2]
    return _greedy(words, max_width_pt, size_pt, bold=bold)


def _greedy(words: list[str], max_width_pt: float, size_pt: float, *, bold: bool) -> list[str]:
    lines: list[str] = []
    current: list[str] = []
    for word in words:
        trial = " ".join([*current, word])
        if current and text_width_pt(trial, size_pt, bold=bold) > max_width_pt:
            lines.append(" ".join(current))
            current = [word]
        else:
            current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines
