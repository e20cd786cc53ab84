"""Keys for agency names and the names of the units they belong to. Pure functions.

`name_key` is the key stored in `Agency.search_key` and `AgencyAlias.key`: `core.text.
canonical` (case, Unicode form, tone placement, dashes) with punctuation turned into
spaces. `compact_key` also drops the spaces and the word "và", so the ways documents write
one name meet: "Sở LĐ-TB&XH" and "Sở LĐTBXH", "Sở Lao động, Thương binh và Xã hội" and
"Sở Lao động - Thương binh và Xã hội", "Sở Giáo dục & Đào tạo" and "Sở Giáo dục và Đào
tạo".
"""

import re

from binhdang.core.text import canonical, clean

_PUNCT = re.compile(r"[&,;:/()\[\]\"“”'‘’.+\-–—_*]")
_AND = canonical("và")

# Level words at the start of a unit's official name, longest first.
_LEVEL_PREFIXES = (
    "thành phố",
    "thị trấn",
    "đặc khu",
    "huyện đảo",
    "thị xã",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "xã",
)


def name_key(text: str) -> str:
    """Canonical words of a name, punctuation removed: "Sở LĐ-TB&XH" → "sở lđ tb xh"."""
    return " ".join(canonical(_PUNCT.sub(" ", clean(text))).split())


def compact_key(text: str) -> str:
    """The name's words without spaces and without "và": the matching key."""
    return "".join(w for w in name_key(text).split() if w != _AND)


def words_key(text: str) -> tuple[str, ...]:
    return tuple(name_key(text).split())


def split_level_word(name: str) -> tuple[str, str]:
    """("thành phố", "Hải Phòng") for "Thành phố Hải Phòng"; ("", name) without one."""
    name = clean(name)
    low = name.lower()
    for word in _LEVEL_PREFIXES:
        if low.startswith(word + " "):
            return word, name[len(word) + 1 :].strip()
    return "", name


def unit_phrase(unit) -> str:
    """How a unit is written after an agency's name: "thành phố Hải Phòng", "quận Ba Đình"."""
    word, rest = split_level_word(unit.name)
    if word:
        return f"{word} {rest}"
    return unit.name


def place_name(unit) -> str:
    """The unit's name without its level word: "Hải Phòng"."""
    _word, rest = split_level_word(unit.name)
    return rest or unit.name


def province_level_word(unit) -> str:
    """ "thành phố" for a centrally-run city, "tỉnh" for a province."""
    word, _rest = split_level_word(unit.name)
    if word == "thành phố" or "thành phố" in (unit.division_type or "").lower():
        return "thành phố"
    return "tỉnh"


def initials(place: str) -> str:
    """ "HP" for "Hải Phòng", as the "Nơi nhận" lists write it ("Đài PTTH HP", "Báo HP")."""
    letters = []
    for word in clean(place).split():
        first = word[0]
        letters.append("Đ" if first in "đĐ" else first.upper())
    return "".join(letters)
