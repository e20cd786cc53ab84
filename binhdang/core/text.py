"""Vietnamese text normalisation shared by search, the agency resolver and the plan parser.

Real documents mix Unicode forms (composed NFC and decomposed NFD) and two tone-mark
placements ("hoà"/"hòa", "Uỷ"/"Ủy", "thuý"/"thúy"). `canonical()` gives one key for all of
them without losing the tone itself: each word's tone mark is lifted off its vowel and
written after the word ("hoà" and "hòa" both become "hoa\u0300" → "hoa`"), so placement
no longer matters but "hòa" and "hóa" stay different. `fold()` drops every diacritic for
people who type without them ("hai phong").
"""

import re
import unicodedata

# Combining marks for the five tones (huyền, sắc, hỏi, ngã, nặng).
_TONES = {"\u0300": "`", "\u0301": "'", "\u0309": "?", "\u0303": "~", "\u0323": "."}
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)


def clean(text: str) -> str:
    """NFC, one kind of dash, single spaces, trimmed. Keeps case and tone placement."""
    text = unicodedata.normalize("NFC", text or "")
    text = _DASHES.sub("-", text).replace("\u00a0", " ")
    return _SPACES.sub(" ", text).strip()


def _canonical_word(match: re.Match[str]) -> str:
    word = unicodedata.normalize("NFD", match.group(0))
    tone = ""
    kept = []
    for ch in word:
        if ch in _TONES:
            tone = _TONES[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)) + tone


def canonical(text: str) -> str:
    """Lower-case key that ignores Unicode form, tone placement, dashes and spacing."""
    text = clean(text).lower()
    text = _WORD.sub(_canonical_word, text)
    text = re.sub(r"\s*-\s*", " - ", text)
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower-case ASCII key: every diacritic removed, "đ" → "d"."""
    text = clean(text).lower().replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w\s-]", " ", text)
    text = re.sub(r"\s*-\s*", " - ", text)
    return _SPACES.sub(" ", text).strip()
