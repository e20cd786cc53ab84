"""Unit names: the level word ("Tỉnh", "Phường"…) and the keys search and matching use.

Pure functions, no database. A unit's `short_name` is its name without the level word
("Thành phố Hải Phòng" → "Hải Phòng"), except where nothing but a number would remain
("Phường 4" stays "Phường 4"). Searches strip the level words people type, including
abbreviations ("TP.", "TX", "TT"), whatever the case, tone placement or Unicode form.
"""

import re
import unicodedata
from dataclasses import dataclass

from binhdang.core.text import canonical, clean, fold

# Level word as written at the start of an official name → division type. Longest first.
LEVEL_WORDS: tuple[tuple[str, str], ...] = (
    ("Thành phố", "thành phố"),
    ("Thị trấn", "thị trấn"),
    ("Đặc khu", "đặc khu"),
    ("Thị xã", "thị xã"),
    ("Phường", "phường"),
    ("Huyện", "huyện"),
    ("Quận", "quận"),
    ("Tỉnh", "tỉnh"),
    ("Xã", "xã"),
)

# What people type before a name in a search box → the division types it points at.
# Dots are dropped before comparing, so "TP." and "TP", "T.P." and "t p" are the same.
_CITY = frozenset({"thành phố trung ương", "thành phố"})
_QUERY_PREFIXES: tuple[tuple[str, frozenset[str]], ...] = (
    ("thành phố", _CITY),
    ("thị trấn", frozenset({"thị trấn"})),
    ("đặc khu", frozenset({"đặc khu"})),
    ("thị xã", frozenset({"thị xã"})),
    ("t p", _CITY),
    ("phường", frozenset({"phường"})),
    ("huyện", frozenset({"huyện"})),
    ("quận", frozenset({"quận"})),
    ("tỉnh", frozenset({"tỉnh"})),
    ("xã", frozenset({"xã"})),
    ("tp", _CITY),
    ("tx", frozenset({"thị xã"})),
    ("tt", frozenset({"thị trấn"})),
    ("q", frozenset({"quận"})),
    ("p", frozenset({"phường"})),
)

# Common shorthands that are not the official name.
_ALIASES = {"hcm": "hồ chí minh", "tphcm": "hồ chí minh", "hn": "hà nội"}

_NUMBER_ONLY = re.compile(r"^\d+$")


def split_level(name: str) -> tuple[str, str]:
    """("phường", "Thành Đông") for "Phường Thành Đông"; ("", name) without a level word."""
    name = clean(name)
    low = name.lower()
    for word, kind in LEVEL_WORDS:
        if low.startswith(word.lower() + " "):
            return kind, name[len(word) + 1 :].strip()
    return "", name


def short_name(name: str) -> str:
    """The name without its level word, unless only a number would remain ("Phường 4")."""
    _kind, rest = split_level(name)
    if not rest or _NUMBER_ONLY.match(rest):
        return clean(name)
    return rest


def match_key(name: str) -> str:
    """Key for matching a name written in a resolution to a unit: no level word, canonical.

    "Phường 4" → "4", "xã Sơn Thuỷ" → the key of "Sơn Thủy".
    """
    _kind, rest = split_level(name)
    return canonical(rest)


def has_diacritics(text: str) -> bool:
    text = unicodedata.normalize("NFD", text)
    return "đ" in text.lower() or any(unicodedata.combining(ch) for ch in text)


@dataclass(frozen=True)
class SearchTerms:
    """A search box entry, normalised: the keys to look for and in which field."""

    keys: tuple[str, ...]  # most specific first: level word stripped, then as typed
    folded: bool  # True: compare with `fold_key` (the user typed no diacritics)
    division_types: frozenset[str]  # the level word typed, if any ("TP." → cities)
    code: str = ""  # digits only: also look the code up


def search_terms(query: str) -> SearchTerms | None:
    """Normalise what a user typed; None when there is nothing to search for.

    The level word typed first is stripped ("TP. Hải Phòng" → "Hải Phòng") but the text
    as typed is kept as a second key, so "Xà Phìn" typed as "xa phin" still finds itself.
    """
    text = clean(query)
    if not text:
        return None
    if text.isdigit():
        return SearchTerms(keys=(text,), folded=True, division_types=frozenset(), code=text)
    folded = not has_diacritics(text)
    key = fold if folded else canonical
    words = [w for w in text.replace(".", " ").split() if w]
    if not words:
        return None
    keyed = [key(w) for w in words]
    kinds: frozenset[str] = frozenset()
    stripped = ""
    for prefix, prefix_kinds in _QUERY_PREFIXES:
        pwords = [key(w) for w in prefix.split()]
        n = len(pwords)
        if len(keyed) > n and keyed[:n] == pwords:
            stripped = key(" ".join(words[n:]))
            kinds = prefix_kinds
            break
    keys: list[str] = []
    for k in (stripped, key(" ".join(words))):
        if k and k not in keys:
            keys.append(k)
    alias = _ALIASES.get(fold(keys[0]).replace(" ", ""))
    if alias:
        keys.insert(0, key(alias))
    return SearchTerms(keys=tuple(keys), folded=folded, division_types=kinds)
