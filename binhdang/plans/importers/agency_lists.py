"""Split a line of agencies into names, the way a reader of Vietnamese plans does.

"Sở Y tế, Hội Liên hiệp phụ nữ thành phố và Ủy ban nhân dân các quận, huyện" names three
bodies, while "Sở Văn hóa, Thể thao và Du lịch" and "Các sở, ban, ngành, đoàn thể thành
phố" are one each. The rules:

1. known names that contain a comma or "và" are protected first (the list below, plus
   the agency catalogue's names when that app is installed);
2. the rest is cut at ", ", ";" and " và ";
3. a piece that does not start a new body is glued back to the one before: it must start
   with an agency head word ("Sở", "Hội", "Ủy ban", "Đài", "Báo", "Công an"… capitalised)
   or a plural group word ("các", "những"); a bare category or level word ("ban",
   "ngành", "đoàn thể thành phố", "huyện", "thị trấn") continues a group phrase.

The rules are about the genre, not about one document: nothing here names a province.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from binhdang.core.text import canonical, clean

# Names whose own text contains ", " or " và " (so a naive split would cut them).
KNOWN_NAMES: tuple[str, ...] = (
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Văn hóa - Thể thao và Du lịch",
    "Sở Văn hóa, Thông tin, Thể thao và Du lịch",
    "Sở Văn hóa và Thể thao",
    "Sở Văn hóa, Thể thao",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Lao động, Thương binh và Xã hội",
    "Sở Thông tin và Truyền thông",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Nông nghiệp và Môi trường",
    "Sở Tài nguyên và Môi trường",
    "Sở Kế hoạch và Đầu tư",
    "Sở Giáo dục và Đào tạo",
    "Sở Khoa học và Công nghệ",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Dân tộc và Tôn giáo",
    "Đài Phát thanh và Truyền hình",
    "Đài Phát thanh - Truyền hình",
    "Đài Phát thanh, Truyền hình",
    "Báo và Phát thanh, Truyền hình",
    "Phòng Văn hóa và Thông tin",
    "Phòng Văn hóa, Khoa học và Thông tin",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Kinh tế, Hạ tầng và Đô thị",
    "Phòng Văn hóa - Xã hội",
    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
    "Văn phòng HĐND và UBND",
    "Ban Dân tộc và Tôn giáo",
    "Phòng Thương mại và Công nghiệp Việt Nam",
    "Liên hiệp các tổ chức hữu nghị",
    "Ban Vì sự tiến bộ của phụ nữ",
    "Trung tâm Văn hóa, Thông tin và Thể thao",
    "Trung tâm Văn hóa - Thể thao và Truyền thanh",
    "Trung tâm Văn hóa, Thể thao và Truyền thanh",
    "Bộ Lao động - Thương binh và Xã hội",
    "Bộ Văn hóa, Thể thao và Du lịch",
    # group phrases
    "các sở, ban, ngành, đoàn thể",
    "các sở, ban, ngành",
    "các sở, ngành, đoàn thể",
    "các cơ quan, đơn vị",
    "các cơ quan, tổ chức",
    "Ủy ban nhân dân các quận, huyện",
    "Ủy ban nhân dân các huyện, thị xã, thành phố",
    "Ủy ban nhân dân các huyện, thành phố",
    "Ủy ban nhân dân các xã, phường, thị trấn",
    "Ủy ban nhân dân các xã, phường, đặc khu",
    "Ủy ban nhân dân các xã, phường",
    "Ủy ban nhân dân quận, huyện",
    "Ủy ban nhân dân xã, thị trấn",
)

# Words that start the name of a body (compared on `canonical`, first letter capitalised).
HEAD_WORDS: tuple[str, ...] = (
    "sở", "ban", "hội", "ủy ban", "uỷ ban", "ubnd", "ubmttq", "mttq", "hđnd", "hội đồng",
    "phòng", "đoàn", "liên đoàn", "liên hiệp", "liên minh", "đài", "báo", "cổng", "công an",
    "cục", "chi cục", "trung tâm", "bộ", "tòa án", "toà án", "viện", "văn phòng", "thanh tra",
    "bảo hiểm", "ngân hàng", "kho bạc", "bệnh viện", "trường", "tỉnh đoàn", "thành đoàn",
    "huyện đoàn", "quận đoàn", "mặt trận", "chi nhánh", "công ty", "tổng công ty", "hiệp hội",
    "câu lạc bộ", "tạp chí", "nhà văn hóa", "nhà văn hoá", "huyện ủy", "huyện uỷ", "tỉnh ủy",
    "tỉnh uỷ", "thành ủy", "thành uỷ", "đảng ủy", "đảng uỷ", "cơ quan", "trạm", "bưu điện",
    "quỹ", "học viện", "đại học", "đồn", "bộ chỉ huy", "bộ đội", "cảnh sát", "chi hội",
    "thông tấn", "hạt", "đội", "tổ chức", "văn phòng điều phối",
)  # fmt: skip
# Heads that are whole names on their own ("Tỉnh đoàn", "UBND").
STANDALONE: tuple[str, ...] = (
    "tỉnh đoàn", "thành đoàn", "huyện đoàn", "quận đoàn", "tỉnh ủy", "tỉnh uỷ", "thành ủy",
    "thành uỷ", "huyện ủy", "huyện uỷ", "đảng ủy", "đảng uỷ", "ubnd", "hđnd", "mttq", "ubmttq",
)  # fmt: skip
GROUP_STARTS: tuple[str, ...] = ("các", "những", "tất cả", "toàn thể", "mọi")

# Bare category and level words that continue a group phrase ("các sở, ban, ngành").
CATEGORY_WORDS: tuple[str, ...] = (
    "sở", "ban", "ngành", "đoàn thể", "đơn vị", "địa phương", "cơ quan", "tổ chức",
    "doanh nghiệp", "hội", "đoàn", "quận", "huyện", "thị xã", "thành phố", "tỉnh", "xã",
    "phường", "thị trấn", "đặc khu", "khóm", "ấp", "thôn", "bản", "tổ dân phố", "khu phố",
    "trường học", "cá nhân", "hộ gia đình", "gia đình", "cộng đồng", "lực lượng vũ trang",
    "hội quần chúng", "tổ chức chính trị - xã hội", "tổ chức xã hội",
)  # fmt: skip
QUALIFIER_WORDS: tuple[str, ...] = (
    "thành phố", "tỉnh", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu",
    "liên quan", "có liên quan", "trên địa bàn", "cấp tỉnh", "cấp huyện", "cấp xã", "các cấp",
    "trực thuộc",
)  # fmt: skip

_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
_SEPARATOR = re.compile(r"\s*[,;]\s*|\s+và\s+|\s+Và\s+")
_LEADING = re.compile(r"^(?:[-+•*]\s*)?(?:(?:đề nghị|giao cho|giao|và|cùng)\s+)+", re.I)


def _skeleton(text: str) -> str:
    """Lower case without tone marks, one output character per input character."""
    out = []
    for ch in text:
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if c not in _TONES)
        base = unicodedata.normalize("NFC", base).lower()
        out.append(base if len(base) == 1 else ch.lower()[:1] or ch)
    return "".join(out)


def _name_pattern(name: str) -> str:
    parts = []
    for token in re.split(r"(\s*-\s*|\s*,\s*|\s+)", _skeleton(clean(name))):
        if not token:
            continue
        if token.strip() == "-":
            parts.append(r"\s*-\s*")
        elif token.strip() == ",":
            parts.append(r"\s*,\s*")
        elif not token.strip():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(token))
    return "".join(parts)


def _catalogue_names() -> list[str]:
    """Names from the agency catalogue, when that app is there (it may not be yet)."""
    try:
        from binhdang.agencies import catalogue
    except Exception:  # ImportError, or Django not configured: the local list suffices
        return []
    names: list[str] = []
    for entry in getattr(catalogue, "ENTRIES", ()):
        for name in getattr(entry, "all_names", lambda: ())():
            if "{place}" in name:
                name = name.replace("{place}", "").strip()
            if "," in name or " và " in name:
                names.append(name)
    return names


@cache
def _protected() -> re.Pattern[str]:
    names = {clean(n) for n in (*KNOWN_NAMES, *_catalogue_names()) if n}
    ordered = sorted(names, key=len, reverse=True)
    body = "|".join(_name_pattern(n) for n in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


@cache
def _group_starts() -> frozenset[str]:
    return frozenset(canonical(w) for w in GROUP_STARTS)


@cache
def _standalone() -> frozenset[str]:
    return frozenset(canonical(w) for w in STANDALONE)


@cache
def _heads() -> tuple[tuple[str, ...], ...]:
    heads = {tuple(canonical(h).split()) for h in HEAD_WORDS}
    return tuple(sorted(heads, key=len, reverse=True))


@cache
def _categories() -> tuple[tuple[str, ...], ...]:
    return tuple(
        sorted({tuple(canonical(w).split()) for w in CATEGORY_WORDS}, key=len, reverse=True)
    )


@cache
def _qualifiers() -> tuple[tuple[str, ...], ...]:
    return tuple(
        sorted({tuple(canonical(w).split()) for w in QUALIFIER_WORDS}, key=len, reverse=True)
    )


def _strip_prefix(words: list[str], options: tuple[tuple[str, ...], ...]) -> list[str] | None:
    for option in options:
        if tuple(words[: len(option)]) == option:
            return words[len(option) :]
    return None


def is_category_piece(piece: str) -> bool:
    """ "ban", "ngành", "đoàn thể thành phố", "huyện": a word that continues a group."""
    words = canonical(piece).split()
    rest = _strip_prefix(words, _categories())
    if rest is None:
        return False
    while rest:
        nxt = _strip_prefix(rest, _qualifiers())
        if nxt is None:
            return False
        rest = nxt
    return True


def starts_agency(piece: str) -> bool:
    """Does this piece begin the name of a body (or a group of bodies)?"""
    piece = piece.strip()
    if not piece:
        return False
    words = canonical(piece).split()
    if words[0] in _group_starts() or " ".join(words[:2]) in _group_starts():
        return True
    if not piece[0].isupper():
        return False
    if is_category_piece(piece):
        return False
    rest = _strip_prefix(words, _heads())
    return rest is not None and (len(rest) > 0 or " ".join(words) in _standalone())


def tidy_name(text: str) -> str:
    text = clean(text)
    text = _LEADING.sub("", text)
    text = re.sub(r"[\s.;:,]+$", "", text)
    return text.strip()


def split_agency_list(text: str) -> list[str]:
    """The bodies a list names, each as written (final period and "Đề nghị" removed)."""
    text = tidy_name(text)
    if not text:
        return []
    # 1. protect known names by masking their separators
    masked = list(text)
    for m in _protected().finditer(_skeleton(text)):
        for i in range(m.start(), m.end()):
            if masked[i] in ",;":
                masked[i] = "\x00"
        span = "".join(masked[m.start() : m.end()])
        span = re.sub(r"(?<=\s)(và|Và)(?=\s)", lambda w: "\x01" * len(w.group(0)), span)
        masked[m.start() : m.end()] = list(span)
    masked_text = "".join(masked)
    # 2. cut
    pieces: list[str] = []
    seps: list[str] = []
    pos = 0
    for m in _SEPARATOR.finditer(masked_text):
        pieces.append(text[pos : m.start()])
        seps.append(text[m.start() : m.end()])
        pos = m.end()
    pieces.append(text[pos:])
    # 3. glue what does not start a new body
    names: list[str] = []
    for i, piece in enumerate(pieces):
        if names and not starts_agency(piece):
            names[-1] = names[-1] + seps[i - 1] + piece
        else:
            names.append(piece)
    return [n for n in (tidy_name(x) for x in names) if n]


_OPEN_ENDED = re.compile(r"\b(?:liên quan|khác)\b")


def is_open_ended(name: str) -> bool:
    """ "các tổ chức liên quan khác", "các cơ quan liên quan": unnamed related bodies."""
    words = canonical(name).split()
    return (
        bool(words)
        and words[0] in _group_starts()
        and bool(_OPEN_ENDED.search(clean(name).lower()))
    )
