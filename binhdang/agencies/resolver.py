"""Turn an agency phrase from a plan into registry agencies, with a confidence.

`resolve_agency_phrase("Sở LĐ-TB&XH", unit=can_tho_before_2025, on_date=date(2019, 1, 28))`
reads the phrase the way a person does:

1. tidy it: Unicode form, dashes, spaces; a leading "Đề nghị" (a courtesy to mass
   organisations), list bullets and the final period go; abbreviations that are words of
   their own ("UBND", "TP", "MTTQ", "PTTH", "TNCS"…) are written out;
2. peel off, from the end, what qualifies the name rather than names the body: "liên quan",
   "khác", "trên địa bàn", the place name ("Hải Phòng", "HP"), and the level word
   ("thành phố", "tỉnh", "Huyện", "Huyện ủy"), which says whether a provincial, district
   or commune body is meant — trying to match after each step, so "Đoàn TNCS Hồ Chí Minh"
   never loses its "Hồ Chí Minh";
3. match: a catch-all ("các tổ chức có liên quan"), a named group ("các cơ quan thông tin
   đại chúng"), a composed group ("các sở, ban, ngành, đoàn thể", "Ủy ban nhân dân các
   quận, huyện"), a catalogue name, alias or abbreviation; then the registry's own names
   and aliases (agencies administrators added); then a close spelling (fuzzy);
4. find the agency in the registry: in the plan's unit as it was on `on_date` (a 2019 plan
   of Cần Thơ → the old city of Cần Thơ), following successions when the body had ended
   by then — the gender-equality function first, so "Sở Lao động - Thương binh và Xã hội"
   on 1/1/2026 is Sở Nội vụ of the new Cần Thơ, and the resolution says so.

Without a unit the resolver works on the catalogue alone and returns catalogue codes.
It never guesses silently: every step is in `Resolution.steps`, and a phrase it cannot
place gets a message saying so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from functools import cache

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from binhdang.agencies import catalogue as cat
from binhdang.agencies.catalogue import Group, GroupLevel, Level
from binhdang.agencies.keys import compact_key, initials, place_name
from binhdang.agencies.models import Agency
from binhdang.core.text import canonical, clean
from binhdang.geo.choices import Generation, UnitLevel
from binhdang.geo.models import AdministrativeUnit, UnitSuccession


class Method:
    EXACT = "exact"
    ALIAS = "alias"
    ABBREVIATION = "abbreviation"
    PATTERN = "pattern"
    GROUP = "group"
    CATCH_ALL = "catch_all"
    REGISTRY = "registry"
    FUZZY = "fuzzy"
    NONE = "none"


METHOD_LABELS = {
    Method.EXACT: _lazy("official name"),
    Method.ALIAS: _lazy("another name"),
    Method.ABBREVIATION: _lazy("abbreviation"),
    Method.PATTERN: _lazy("name pattern"),
    Method.GROUP: _lazy("group phrase"),
    Method.CATCH_ALL: _lazy("catch-all phrase"),
    Method.REGISTRY: _lazy("registry name"),
    Method.FUZZY: _lazy("close spelling"),
    Method.NONE: _lazy("not found"),
}

CONFIDENCE = {
    Method.EXACT: 1.0,
    Method.ALIAS: 0.95,
    Method.ABBREVIATION: 0.9,
    Method.PATTERN: 0.8,
    Method.GROUP: 0.9,
    Method.REGISTRY: 0.9,
    Method.CATCH_ALL: 0.3,
}
FUZZY_CUTOFF = 0.86


@dataclass
class Resolution:
    """What a phrase names.

    `agencies` are registry agencies (empty without a unit); `catalogue_codes` the
    catalogue kinds (for a group: the kinds of its members). `confidence` is 0 when
    nothing was found. `steps` explain, in the user's language, how the answer was reached.
    """

    phrase: str
    agencies: list[Agency] = field(default_factory=list)
    catalogue_codes: list[str] = field(default_factory=list)
    is_group: bool = False
    group_code: str = ""
    confidence: float = 0.0
    method: str = Method.NONE
    message: str = ""
    level: str = ""
    is_catch_all: bool = False
    steps: list[str] = field(default_factory=list)
    named: list[Agency] = field(default_factory=list)  # ended agencies the phrase named

    @property
    def method_label(self) -> str:
        return str(METHOD_LABELS.get(self.method, self.method))

    @property
    def resolved(self) -> bool:
        """True when the phrase was tied to agencies or catalogue kinds."""
        return bool(self.agencies or self.catalogue_codes)

    @property
    def recognised(self) -> bool:
        """Resolved, or known to name no particular agency (a catch-all)."""
        return self.resolved or self.is_catch_all


# ---------------------------------------------------------------------------------------
# Tokens and the words the resolver peels off
# ---------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)
_SEPARATORS = {",", ";", "/", "&"}


def _d(day: date | None) -> str:
    """Dates as Vietnamese documents write them: 28/02/2025."""
    return day.strftime("%d/%m/%Y") if day else "…"


def _k(text: str) -> tuple[str, ...]:
    return tuple(canonical(w) for w in _TOKEN.findall(clean(text)) if w[0].isalnum())


AND = canonical("và")
CAC = (canonical("các"), canonical("những"))

# Abbreviations that stand for words, written out before matching (whole tokens only).
_EXPANSIONS: tuple[tuple[str, str], ...] = (
    ("UBMTTQVN", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc"),
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("MTTQVN", "Mặt trận Tổ quốc Việt Nam"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("T.P.", "thành phố"),
    ("TP.", "thành phố"),
    ("TP", "thành phố"),
    ("Tp.", "thành phố"),
    ("Tp", "thành phố"),
    ("TNCS", "Thanh niên Cộng sản"),
    ("HCM", "Hồ Chí Minh"),
    ("LHPN", "Liên hiệp Phụ nữ"),
    ("PT-TH", "Phát thanh và Truyền hình"),
    ("PT&TH", "Phát thanh và Truyền hình"),
    ("PTTH", "Phát thanh và Truyền hình"),
    ("TTĐT", "Thông tin điện tử"),
    ("CTXH", "Công tác xã hội"),
    ("BĐG", "Bình đẳng giới"),
    ("BDG", "Bình đẳng giới"),
)
_EXPANSION_RE = [
    (re.compile(rf"(?<![\w.&-]){re.escape(short)}(?![\w&]|-\w)"), long)
    for short, long in _EXPANSIONS
]

_COURTESY = tuple(_k(w) for w in ("đề nghị", "kính gửi", "kính đề nghị", "giao", "phối hợp với"))
_RELATED = tuple(
    (_k(w), flag)
    for w, flag in (
        ("có liên quan khác", "related"),
        ("liên quan khác", "related"),
        ("có liên quan", "related"),
        ("liên quan", "related"),
        ("chức năng có liên quan", "related"),
        ("chức năng liên quan", "related"),
        ("chức năng", "area"),
        ("khác", "other"),
        ("trên địa bàn", "area"),
        ("trực thuộc", "area"),
    )
)
# Level words written after a name, and the level they point at. "thành phố" is the level
# of a centrally-run city (Hải Phòng, Cần Thơ); the Party committees qualify Party boards.
_LEVEL_WORDS: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    (_k(w), level)
    for w, level in (
        ("thành phố", Level.PROVINCE),
        ("tỉnh", Level.PROVINCE),
        ("tỉnh ủy", Level.PROVINCE),
        ("thành ủy", Level.PROVINCE),
        ("TU", Level.PROVINCE),
        ("huyện ủy", Level.DISTRICT),
        ("quận ủy", Level.DISTRICT),
        ("thị ủy", Level.DISTRICT),
        ("HU", Level.DISTRICT),
        ("huyện", Level.DISTRICT),
        ("quận", Level.DISTRICT),
        ("thị xã", Level.DISTRICT),
        ("xã", Level.COMMUNE),
        ("phường", Level.COMMUNE),
        ("thị trấn", Level.COMMUNE),
        ("đặc khu", Level.COMMUNE),
    )
)
_DISTRICT_WORDS = frozenset(_k(w) for w in cat.DISTRICT_WORDS)
_COMMUNE_WORDS = frozenset(_k(w) for w in cat.COMMUNE_WORDS)
_GROUP_WORDS = {_k(w): w for w in cat.GROUP_WORDS}
_LEVEL_LIST_WORDS = sorted(_DISTRICT_WORDS | _COMMUNE_WORDS, key=len, reverse=True)
_PC = _k("Ủy ban nhân dân")
# First words of an agency's name: where a new agency starts in a list.
_HEADS = frozenset(
    _k(w)[0]
    for w in (
        "Sở", "Ban", "Phòng", "Hội", "Ủy", "Đoàn", "Đài", "Báo", "Liên", "Trung", "Cục",
        "Chi", "Tổng", "Bộ", "Vụ", "Viện", "Tòa", "Công", "Cổng", "Quỹ", "Văn", "Thanh",
        "Các", "Những", "Mặt", "Bảo", "Ngân", "Kho", "Trường", "Bệnh", "Tạp", "Nhà", "Hội",
        "Uỷ", "Cơ", "Đơn", "Tổ",
    )
)  # fmt: skip
_HEAD_PAIRS = frozenset(
    _k(w) for w in ("tỉnh đoàn", "thành đoàn", "huyện đoàn", "tỉnh ủy", "thành ủy", "huyện ủy")
)


@dataclass
class _State:
    """What the peeling found so far."""

    level: str = ""
    related: bool = False
    other: bool = False
    place: AdministrativeUnit | None = None
    place_text: str = ""
    plural: bool = False
    expanded: bool = False  # abbreviations were written out ("UBND" → "Ủy ban nhân dân")
    steps: list[str] = field(default_factory=list)


@dataclass
class _Match:
    codes: list[str]
    method: str
    confidence: float
    group: Group | None = None
    group_code: str = ""
    group_label: str = ""
    tags: tuple[str, ...] = ()
    group_level: str = GroupLevel.SAME
    catch_all: bool = False
    vague: bool = False
    registry: list[Agency] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# The catalogue index: compact key → (code, method)
# ---------------------------------------------------------------------------------------


def _method_for_alias(alias: str) -> str:
    return Method.ABBREVIATION if re.search(r"[A-ZĐ]{2,}", alias) else Method.ALIAS


@cache
def _catalogue_index() -> dict[str, list[tuple[str, str]]]:
    index: dict[str, list[tuple[str, str]]] = {}

    def put(text: str, code: str, method: str) -> None:
        key = compact_key(text)
        if not key:
            return
        rows = index.setdefault(key, [])
        if all(c != code for c, _m in rows):
            rows.append((code, method))

    level_words = ("tỉnh", "thành phố", "huyện", "quận", "xã", "phường")
    for entry in cat.ENTRIES:
        names = {compact_key(n) for n in entry.all_names()}
        qualified = {n + compact_key(w) for n in names for w in level_words}
        for name in entry.all_names():
            if entry.has_place:
                put(name.replace("{place}", "").strip(), entry.code, Method.ALIAS)
            else:
                put(name, entry.code, Method.EXACT)
        for alias in entry.aliases:
            # "Công an tỉnh" is the name with its level word, not another name.
            method = Method.EXACT if compact_key(alias) in qualified else _method_for_alias(alias)
            put(alias, entry.code, method)
    return index


@cache
def _place_prefixes() -> tuple[tuple[str, str], ...]:
    """(compact prefix, code) of the entries named after their province ("báo", …)."""
    return tuple(
        (compact_key(e.name.split("{place}")[0]), e.code) for e in cat.ENTRIES if e.has_place
    )


@cache
def _group_phrases() -> dict[str, Group]:
    result: dict[str, Group] = {}
    for group in cat.GROUPS:
        for phrase in group.phrases:
            result[compact_key(phrase)] = group
    return result


# ---------------------------------------------------------------------------------------
# Context: the plan's unit, its date, the place names to recognise
# ---------------------------------------------------------------------------------------


_LEVELS: dict[str, str] = {
    UnitLevel.PROVINCE: Level.PROVINCE,
    UnitLevel.DISTRICT: Level.DISTRICT,
    UnitLevel.COMMUNE: Level.COMMUNE,
}


class _Context:
    def __init__(self, unit: AdministrativeUnit | None, on_date: date | None):
        self.unit = unit
        self.on_date = on_date
        self.day = on_date or timezone.localdate()
        self.province = _province_of(unit) if unit is not None else None
        self._places: list[tuple[tuple[str, ...], AdministrativeUnit | None]] | None = None
        self._registry: dict[str, list[Agency]] | None = None

    @property
    def unit_level(self) -> str:
        return _LEVELS.get(self.unit.level, "") if self.unit is not None else ""

    def registry_names(self) -> dict[str, list[Agency]]:
        """Compact names and aliases of the agencies in force in the plan's unit(s)."""
        if self._registry is None:
            self._registry = {}
            if self.unit is not None:
                units = {self.unit.pk}
                if self.province is not None:
                    units |= {u.pk for u in _provinces_at(self.province, self.day)}
                rows = (
                    Agency.objects.filter(unit__in=units)
                    .select_related("unit")
                    .prefetch_related("aliases")
                )
                for agency in rows:
                    if not _in_force(agency, self.day):
                        continue
                    names = [
                        agency.name,
                        agency.full_name,
                        *(a.alias for a in agency.aliases.all()),
                    ]
                    for key in {compact_key(n) for n in names}:
                        self._registry.setdefault(key, []).append(agency)
        return self._registry

    def places(self) -> list[tuple[tuple[str, ...], AdministrativeUnit | None]]:
        """Place names that may end a phrase, longest first, with the province they name."""
        if self._places is None:
            rows: list[tuple[tuple[str, ...], AdministrativeUnit | None]] = []
            mine = [u for u in (self.unit, self.province) if u is not None]
            for unit in mine:
                name = place_name(unit)
                rows.append((_k(name), unit))
                rows.append((_k(initials(name)), unit))
            for unit in AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE).only(
                "id", "name", "code", "generation", "level", "province_id", "division_type"
            ):
                rows.append((_k(place_name(unit)), unit))
            seen: set[tuple[str, ...]] = set()
            unique: list[tuple[tuple[str, ...], AdministrativeUnit | None]] = []
            for words, place in rows:
                if words and words not in seen:
                    seen.add(words)
                    unique.append((words, place))
            unique.sort(key=lambda r: -len(r[0]))
            self._places = unique
        return unique if self._places is None else self._places


def _province_of(unit: AdministrativeUnit) -> AdministrativeUnit:
    province = unit
    while province.level != UnitLevel.PROVINCE:
        parent = province.parent
        if parent is None:
            break
        province = parent
    return province


# ---------------------------------------------------------------------------------------
# Reading the phrase
# ---------------------------------------------------------------------------------------


def _tidy(phrase: str) -> str:
    text = clean(phrase)
    text = re.sub(r"^[\s\-+•*·.]+", "", text)
    text = re.sub(r"[\s.;:,/]+$", "", text)
    words = text.split()
    keys = tuple(canonical(w) for w in words)
    for courtesy in _COURTESY:
        n = len(courtesy)
        if keys[:n] == courtesy and len(words) > n:
            words = words[n:]
            break
    return " ".join(words).strip()


def _expand(text: str) -> str:
    for pattern, long in _EXPANSION_RE:
        text = pattern.sub(long, text)
    return text


class _Tokens:
    """A phrase as tokens (words and punctuation), with their canonical keys."""

    def __init__(self, text: str):
        self.tokens = _TOKEN.findall(text)
        self.keys = [canonical(t) for t in self.tokens]

    @property
    def text(self) -> str:
        out = ""
        for token in self.tokens:
            if not out or token in ",;:)" or out.endswith("("):
                out += token
            else:
                out += " " + token
        return out

    def strip_trailing_punct(self) -> None:
        while self.tokens and not self.keys[-1][:1].isalnum():
            self.tokens.pop()
            self.keys.pop()

    def ends_with(self, words: tuple[str, ...]) -> bool:
        """The last words are `words` and the word before them is a word (not a comma)."""
        n = len(words)
        if n == 0 or len(self.keys) <= n:
            return False
        if tuple(self.keys[-n:]) != words:
            return False
        return self.keys[-n - 1][:1].isalnum()

    def drop_last(self, n: int) -> None:
        del self.tokens[-n:]
        del self.keys[-n:]
        self.strip_trailing_punct()

    def strip_leading_plural(self) -> bool:
        found = False
        while self.keys and self.keys[0] in CAC:
            self.tokens.pop(0)
            self.keys.pop(0)
            found = True
        return found

    def pieces(self) -> list[tuple[str, ...]]:
        """Word keys split at commas, slashes, semicolons, "&" and "và"."""
        result: list[list[str]] = [[]]
        for key in self.keys:
            if key in _SEPARATORS or key == AND:
                result.append([])
            elif key[:1].isalnum():
                result[-1].append(key)
        return [tuple(p) for p in result if p]

    def copy(self) -> _Tokens:
        other = _Tokens("")
        other.tokens = list(self.tokens)
        other.keys = list(self.keys)
        return other


def _peel_once(tokens: _Tokens, state: _State, ctx: _Context) -> bool:
    """Remove one qualifier from the end; False when there is none left."""
    parent = _trailing_parent(tokens)
    if parent:
        state.steps.append(_("“%(parent)s” names the body it belongs to.") % {"parent": parent})
        return True
    for words, flag in _RELATED:
        if tokens.ends_with(words):
            tokens.drop_last(len(words))
            if flag == "related":
                state.related = True
            elif flag == "other":
                state.other = True
            return True
    # A plural level list: "… quận, huyện" (the same body in every district).
    plural_words = _trailing_level_list(tokens)
    if plural_words:
        count, level = plural_words
        tokens.drop_last(count)
        state.level = state.level or level
        state.plural = True
        state.steps.append(_("“%(words)s”: one body in each unit of that level.") % {
            "words": _level_label(level)
        })  # fmt: skip
        return True
    for words, unit in ctx.places():
        if tokens.ends_with(words):
            tokens.drop_last(len(words))
            state.place_text = " ".join(words)
            if unit is not None and state.place is None:
                state.place = unit
            return True
    for words, level in _LEVEL_WORDS:
        if tokens.ends_with(words):
            tokens.drop_last(len(words))
            if not state.level:
                state.level = level
                state.steps.append(
                    _("Level from the qualifier at the end: %(level)s.")
                    % {"level": _level_label(level)}
                )
            return True
    return False


def _trailing_parent(tokens: _Tokens) -> str:
    """ "Vụ Bình đẳng giới - Bộ LĐTBXH": drop ", <ministry>" or "- <ministry>" at the end."""
    for i in range(len(tokens.keys) - 1, 0, -1):
        if tokens.keys[i] not in ("-", ","):
            continue
        tail = _Tokens("")
        tail.tokens, tail.keys = tokens.tokens[i + 1 :], tokens.keys[i + 1 :]
        rows = _catalogue_index().get(compact_key(tail.text), ())
        if any(Level.CENTRAL in cat.entries_by_code()[code].levels for code, _m in rows):
            text = tail.text
            tokens.drop_last(len(tokens.keys) - i)
            return text
    return ""


def _trailing_level_list(tokens: _Tokens) -> tuple[int, str] | None:
    """ "quận, huyện" at the end after a name: (number of tokens, level)."""
    i = len(tokens.keys)
    seen_levels = []
    count = 0
    while i > 0:
        matched = False
        for words in _LEVEL_LIST_WORDS:
            n = len(words)
            if i - n >= 0 and tuple(tokens.keys[i - n : i]) == words:
                seen_levels.append(Level.DISTRICT if words in _DISTRICT_WORDS else Level.COMMUNE)
                i -= n
                count += n
                matched = True
                break
        if not matched:
            break
        if i > 0 and (tokens.keys[i - 1] in _SEPARATORS or tokens.keys[i - 1] == AND):
            i -= 1
            count += 1
        else:
            break
    if len(seen_levels) < 2 or i == 0 or not tokens.keys[i - 1][:1].isalnum():
        return None
    if tokens.keys[i - 1] in CAC:
        count += 1
    levels = set(seen_levels)
    return count, (Level.DISTRICT if Level.DISTRICT in levels else Level.COMMUNE)


def _level_label(level: str) -> str:
    return {
        Level.CENTRAL: _("central"),
        Level.PROVINCE: _("province"),
        Level.DISTRICT: _("district"),
        Level.COMMUNE: _("commune"),
    }.get(level, level)


def _compose(tokens: _Tokens) -> _Match | None:
    """Composed group phrases: "các sở, ban, ngành, đoàn thể", "UBND các quận, huyện"."""
    work = tokens.copy()
    pc = False
    if tuple(work.keys[: len(_PC)]) == _PC:
        pc = True
        del work.tokens[: len(_PC)]
        del work.keys[: len(_PC)]
    plural = work.strip_leading_plural()
    pieces = []
    for piece in work.pieces():
        while piece and piece[0] in CAC:
            piece = piece[1:]
        if piece:
            pieces.append(piece)
    if not pieces:
        return None
    districts = [p for p in pieces if p in _DISTRICT_WORDS]
    communes = [p for p in pieces if p in _COMMUNE_WORDS]
    if pc:
        if len(districts) + len(communes) != len(pieces):
            return None
        if not plural and len(pieces) < 2:
            return None  # "Ủy ban nhân dân thành phố": one committee, not a group
        return _pc_group(districts, communes)
    if not plural and len(pieces) < 2:
        return None
    words = [p for p in pieces if p in _GROUP_WORDS]
    if len(words) + len(districts) + len(communes) != len(pieces):
        return None
    if not words:
        if len(pieces) < 2 and not plural:
            return None
        return _pc_group(districts, communes)
    names = [_GROUP_WORDS[p] for p in words]
    if districts or communes:
        names.append("địa phương")
    tags: list[str] = []
    for name in names:
        for tag in cat.GROUP_WORDS[name]:
            if tag not in tags:
                tags.append(tag)
    meaningful = [n for n in cat.GROUP_WORD_ORDER if n in names]
    if not meaningful:
        return _Match(
            [], Method.CATCH_ALL, CONFIDENCE[Method.CATCH_ALL], group_code="lien-quan",
            group_label=cat.groups_by_code()["lien-quan"].label, catch_all=True,
        )  # fmt: skip
    code = "-".join(cat.GROUP_WORD_SLUGS[n] for n in meaningful)
    vague = len(meaningful) < len(set(names))
    return _Match(
        [], Method.GROUP, CONFIDENCE[Method.GROUP], group_code=code,
        group_label=", ".join(meaningful), tags=tuple(tags), vague=vague,
    )  # fmt: skip


def _pc_group(districts, communes) -> _Match | None:
    if districts and not communes:
        group = cat.groups_by_code()["ubnd-cap-huyen"]
    elif communes and not districts:
        group = cat.groups_by_code()["ubnd-cap-xa"]
    elif districts and communes:
        return _Match(
            [], Method.GROUP, CONFIDENCE[Method.GROUP], group_code="ubnd-cap-huyen-xa",
            group_label="Ủy ban nhân dân cấp huyện và cấp xã",
            tags=("district_pc", "commune_pc"), group_level=GroupLevel.LOCAL,
        )  # fmt: skip
    else:
        return None
    return _Match(
        [], Method.GROUP, CONFIDENCE[Method.GROUP], group=group, group_code=group.code,
        group_label=group.label, tags=group.tags, group_level=group.level,
    )  # fmt: skip


def _named_group(tokens: _Tokens) -> _Match | None:
    work = tokens.copy()
    work.strip_leading_plural()
    key = compact_key(work.text)
    group = _group_phrases().get(key)
    if group is None:
        return None
    if group.catch_all:
        return _Match(
            [], Method.CATCH_ALL, CONFIDENCE[Method.CATCH_ALL], group=group,
            group_code=group.code, group_label=group.label, catch_all=True,
        )  # fmt: skip
    return _Match(
        [], Method.GROUP, CONFIDENCE[Method.GROUP], group=group, group_code=group.code,
        group_label=group.label, tags=group.tags, group_level=group.level,
        vague=canonical("khác") in work.keys,
    )  # fmt: skip


def _catalogue_match(tokens: _Tokens, state: _State, ctx: _Context) -> _Match | None:
    work = tokens.copy()
    plural = work.strip_leading_plural()
    key = compact_key(work.text)
    if not key:
        return None
    rows = _catalogue_index().get(key)
    if rows:
        state.plural = state.plural or plural
        codes = [code for code, _m in rows]
        chosen = _choose_level(codes, state, ctx)
        method = next(m for c, m in rows if c == chosen)
        if method == Method.EXACT and state.expanded:
            method = Method.ABBREVIATION
        return _Match([chosen], method, CONFIDENCE[method])
    return None


def _pattern_match(tokens: _Tokens, ctx: _Context) -> _Match | None:
    """Bodies named after their province ("Báo <place>") when the place names are unknown."""
    if ctx.places() or any(k in _SEPARATORS for k in tokens.keys):
        return None
    key = compact_key(tokens.text)
    for prefix, code in _place_prefixes():
        if key.startswith(prefix) and len(key) > len(prefix):
            return _Match([code], Method.PATTERN, CONFIDENCE[Method.PATTERN])
    return None


def _choose_level(codes: list[str], state: _State, ctx: _Context) -> str:
    entries = [cat.entries_by_code()[c] for c in codes]
    wanted = state.level or ctx.unit_level
    if wanted:
        for entry in entries:
            if wanted in entry.levels:
                return entry.code
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE, Level.CENTRAL):
        for entry in entries:
            if level in entry.levels:
                return entry.code
    return codes[0]


def _match(tokens: _Tokens, state: _State, ctx: _Context) -> _Match | None:
    return (
        _named_group(tokens)
        or _compose(tokens)
        or _catalogue_match(tokens, state, ctx)
        or _registry_match(tokens, ctx)
    )


def _read(phrase: str, ctx: _Context, *, fuzzy: bool = True) -> tuple[_Match | None, _State]:
    tidy = _tidy(phrase)
    state = _State()
    if not tidy:
        return None, state
    for text in dict.fromkeys((_expand(tidy), tidy)):
        tokens = _Tokens(text)
        tokens.strip_trailing_punct()
        state = _State(expanded=text != tidy)
        for _round in range(8):
            found = _match(tokens, state, ctx)
            if found is not None:
                return found, state
            if not _peel_once(tokens, state, ctx):
                break
        if fuzzy:
            found = _pattern_match(tokens, ctx)
            if found is not None:
                return found, state
    if not fuzzy:
        return None, state
    # A close spelling of a catalogue name ("Công TTĐT", "Hội Liên hiệp phụ nor").
    tokens = _Tokens(_expand(tidy))
    tokens.strip_trailing_punct()
    state = _State()
    for _round in range(8):
        found = _fuzzy(tokens, state, ctx)
        if found is not None:
            return found, state
        if not _peel_once(tokens, state, ctx):
            break
    return None, state


def _fuzzy(tokens: _Tokens, state: _State, ctx: _Context) -> _Match | None:
    work = tokens.copy()
    work.strip_leading_plural()
    key = compact_key(work.text)
    if len(key) < 6:
        return None
    best: tuple[float, str] = (0.0, "")
    for candidate in _catalogue_index():
        if abs(len(candidate) - len(key)) > max(4, len(key) // 4):
            continue
        ratio = SequenceMatcher(None, key, candidate).ratio()
        if ratio > best[0]:
            best = (ratio, candidate)
    if best[0] < FUZZY_CUTOFF:
        return None
    codes = [code for code, _m in _catalogue_index()[best[1]]]
    chosen = _choose_level(codes, state, ctx)
    match = _Match([chosen], Method.FUZZY, round(best[0] * 0.8, 2))
    entry = cat.entry(chosen)
    state.steps.append(
        _("Close spelling of “%(name)s” (similarity %(ratio)d%%).")
        % {"name": entry.name if entry else chosen, "ratio": round(best[0] * 100)}
    )
    return match


# ---------------------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------------------


def _label(agency: Agency) -> str:
    """The agency's full name, marked when it belongs to the map before 1/7/2025."""
    if agency.unit is not None and agency.unit.generation == Generation.LEGACY:
        return f"{agency.full_name} ({_('before 1/7/2025')})"
    return agency.full_name


def _in_force(agency: Agency, day: date) -> bool:
    return (agency.valid_from is None or agency.valid_from <= day) and (
        agency.valid_to is None or agency.valid_to >= day
    )


def _provinces_at(province: AdministrativeUnit, day: date) -> list[AdministrativeUnit]:
    """The province(s) that covered `province`'s territory on `day`, the same code first."""
    if province.generation == Generation.LEGACY:
        if day >= cat.UNITS_REFORM and province.province is not None:
            return [province.province]
        return [province]
    if day >= cat.UNITS_REFORM:
        return [province]
    olds = list(
        AdministrativeUnit.objects.filter(
            generation=Generation.LEGACY, level=UnitLevel.PROVINCE, province=province
        )
    )
    same = [u for u in olds if u.code == province.code]
    return same or olds or [province]


def _related_provinces(province: AdministrativeUnit, day: date) -> list[AdministrativeUnit]:
    """The province(s) in force on `day` first, then the same territory on the other map.

    A plan may name a body that had already ended (or not yet started) on its date: the
    resolver then starts from the body of the other map and follows its successions.
    """
    units = [*_provinces_at(province, day), province]
    if province.generation == Generation.LEGACY:
        if province.province is not None:
            units.append(province.province)
    else:
        olds = AdministrativeUnit.objects.filter(
            generation=Generation.LEGACY, level=UnitLevel.PROVINCE, province=province
        )
        units.extend(sorted(olds, key=lambda u: (u.code != province.code, u.code)))
    return list(dict.fromkeys(units))


def _units_for_level(level: str, ctx: _Context, state: _State) -> list[AdministrativeUnit]:
    """Where a body of `level` named in the plan sits."""
    if level == Level.CENTRAL:
        return []
    unit = ctx.unit
    province = state.place if state.place is not None else ctx.province
    if state.place is not None and state.place.level != UnitLevel.PROVINCE:
        province = _province_of(state.place)
    if level == Level.PROVINCE:
        return _related_provinces(province, ctx.day) if province is not None else []
    if unit is None:
        return []
    if level == Level.DISTRICT and unit.level == UnitLevel.DISTRICT:
        return [unit]
    if level == Level.COMMUNE and unit.level == UnitLevel.COMMUNE:
        if unit.generation == Generation.LEGACY and ctx.day >= cat.UNITS_REFORM:
            successors = list(
                AdministrativeUnit.objects.filter(
                    pk__in=UnitSuccession.objects.filter(predecessor=unit).values("successor")
                )
            )
            return successors or [unit]
        return [unit]
    return []


def _registry_match(tokens: _Tokens, ctx: _Context) -> _Match | None:
    """Agencies administrators added (names and aliases outside the catalogue)."""
    if ctx.unit is None:
        return None
    work = tokens.copy()
    work.strip_leading_plural()
    key = compact_key(work.text)
    if not key:
        return None
    found = ctx.registry_names().get(key, [])
    if not found:
        return None
    codes = sorted({a.catalogue_code for a in found if a.catalogue_code})
    return _Match(codes, Method.REGISTRY, CONFIDENCE[Method.REGISTRY], registry=found)


def _follow(agency: Agency, day: date, steps: list[str]) -> list[Agency]:
    """The agencies that carried on `agency`'s work on `day` (gender equality first)."""
    current = agency
    for _depth in range(6):
        if _in_force(current, day):
            return [current]
        outgoing = list(
            current.successions_out.select_related("successor", "successor__unit").order_by(
                "effective_date", "pk"
            )
        )
        outgoing = [s for s in outgoing if s.effective_date <= day]
        if not outgoing:
            return []
        primary = next(
            (s for s in outgoing if cat.GENDER_EQUALITY in s.functions.lower()),
            None,
        ) or next(
            (s for s in outgoing if s.successor.catalogue_code == current.catalogue_code),
            outgoing[0],
        )
        others = [s for s in outgoing if s is not primary]
        step = _("%(old)s ended on %(date)s; %(functions)s passed to %(new)s.") % {
            "old": _label(current),
            "date": _d(current.valid_to) if current.valid_to else "",
            "functions": primary.functions or _("its functions"),
            "new": _label(primary.successor),
        }
        if others:
            step += " " + _("Other functions went to: %(others)s.") % {
                "others": "; ".join(
                    f"{_label(s.successor)} ({s.functions})" if s.functions else _label(s.successor)
                    for s in others
                )
            }
        steps.append(step)
        current = primary.successor
    return [current] if _in_force(current, day) else []


def _registry_single(
    code: str, level: str, ctx: _Context, state: _State, result: Resolution
) -> list[Agency]:
    if level == Level.CENTRAL:
        candidates = list(Agency.objects.filter(catalogue_code=code, unit__isnull=True))
    else:
        units = _units_for_level(level, ctx, state)
        if not units:
            return []
        order = {u.pk: i for i, u in enumerate(units)}
        candidates = sorted(
            Agency.objects.filter(catalogue_code=code, unit__in=units).select_related("unit"),
            key=lambda a: (order.get(a.unit_id, 99), a.valid_from or date.min),
        )
    if not candidates:
        return []
    day = ctx.day
    in_force = [a for a in candidates if _in_force(a, day)]
    if in_force:
        return in_force[:1]
    ended = [a for a in candidates if a.valid_to is not None and a.valid_to < day]
    if ended:
        rank = {pk: i for i, pk in enumerate(dict.fromkeys(a.unit_id for a in candidates))}
        named = min(ended, key=lambda a: (rank[a.unit_id], -a.valid_to.toordinal()))
        result.named.append(named)
        found = _follow(named, day, result.steps)
        if found:
            result.confidence *= 0.9
            return found
        result.steps.append(
            _("%(old)s ended on %(date)s and no successor is recorded.")
            % {
                "old": _label(named),
                "date": _d(named.valid_to),
            }
        )
        return []
    later = min(candidates, key=lambda a: a.valid_from or date.min)
    result.steps.append(
        _("%(agency)s did not exist yet on %(date)s (it starts on %(start)s).")
        % {
            "agency": _label(later),
            "date": _d(day),
            "start": _d(later.valid_from) if later.valid_from else "…",
        }
    )
    result.confidence *= 0.6
    return [later]


def _group_units(group_level: str, level: str, ctx: _Context, state: _State):
    """The units a group's members sit in (a queryset or a list)."""
    day = ctx.day
    province = state.place if state.place is not None else ctx.province
    if province is None:
        return []
    provinces = _provinces_at(province, day)
    if group_level == GroupLevel.LOCAL:
        group_level = GroupLevel.DISTRICT if day < cat.UNITS_REFORM else GroupLevel.COMMUNE
    if group_level == GroupLevel.DISTRICT:
        if day >= cat.UNITS_REFORM:
            return []
        return AdministrativeUnit.objects.filter(
            parent__in=provinces, level=UnitLevel.DISTRICT, generation=Generation.LEGACY
        )
    if group_level == GroupLevel.COMMUNE:
        if ctx.unit is not None and ctx.unit.level == UnitLevel.DISTRICT:
            return AdministrativeUnit.objects.filter(parent=ctx.unit)
        communes = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE)
        if provinces[0].generation == Generation.CURRENT:
            return communes.filter(parent__in=provinces)
        return communes.filter(parent__parent__in=provinces)
    own = ctx.unit if ctx.unit is not None and _LEVELS.get(ctx.unit.level) == level else None
    if level in (Level.DISTRICT, Level.COMMUNE):
        return [own] if own is not None else []
    return provinces


_LOCAL_TAGS = {"district_pc": Level.DISTRICT, "commune_pc": Level.COMMUNE}
_LOCAL_GROUP_LEVELS: dict[str, str] = {
    "district_pc": GroupLevel.DISTRICT,
    "commune_pc": GroupLevel.COMMUNE,
}


def _group_tags(match: _Match, ctx: _Context, result: Resolution) -> tuple[str, ...]:
    tags = []
    for tag in match.tags:
        if tag == "@local":
            tag = "district_pc" if ctx.day < cat.UNITS_REFORM else "commune_pc"
        if tag not in tags:
            tags.append(tag)
    if "district_pc" in tags and ctx.day >= cat.UNITS_REFORM:
        tags = [t for t in tags if t != "district_pc"] + ["commune_pc"]
        result.steps.append(
            _(
                "Districts ended on 30/06/2025; their tasks passed to the commune People's "
                "Committees, which are proposed instead."
            )
        )
    return tuple(dict.fromkeys(tags))


def _resolve_group(match: _Match, state: _State, ctx: _Context, result: Resolution) -> None:
    """Members of a group: bodies of the plan's own level with the group's tags, plus the
    People's Committees of the districts or communes below when the group names them."""
    result.is_group = True
    result.group_code = match.group_code
    tags = _group_tags(match, ctx, result)
    own_level = state.level or ctx.unit_level or Level.PROVINCE
    parts: list[tuple[tuple[str, ...], str, str]] = []
    own_tags = tuple(t for t in tags if t not in _LOCAL_TAGS)
    if own_tags:
        parts.append((own_tags, own_level, GroupLevel.SAME))
    for tag in tags:
        if tag in _LOCAL_TAGS:
            parts.append(((tag,), _LOCAL_TAGS[tag], _LOCAL_GROUP_LEVELS[tag]))
    if not parts:
        return
    era = cat.era_of(ctx.day)
    codes: list[str] = []
    for part_tags, level, _group_level in parts:
        for entry in cat.entries_with_tags(part_tags, level):
            if era in entry.eras and entry.code not in codes:
                codes.append(entry.code)
    result.catalogue_codes = codes
    result.level = parts[0][1]
    if ctx.unit is None and state.place is None:
        return
    members: list[Agency] = []
    for part_tags, level, group_level in parts:
        units = _group_units(group_level, level, ctx, state)
        if isinstance(units, list) and not units:
            continue
        wanted = set(part_tags)
        rows = Agency.objects.filter(unit__in=units).select_related("unit")
        members.extend(
            a for a in rows.order_by("unit__path", "kind", "name")
            if _in_force(a, ctx.day) and wanted.intersection(a.tags or ())
        )  # fmt: skip
    result.agencies = members
    if members:
        found = sorted({a.catalogue_code for a in members if a.catalogue_code})
        if found:
            result.catalogue_codes = found
    else:
        result.steps.append(
            _("The registry has no member of this group in force on %(date)s.")
            % {"date": _d(ctx.day)}
        )


# ---------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------


def _catalogue_on_date(code: str, day: date | None, steps: list[str]) -> list[str]:
    """Catalogue-level succession: the code that carried on `code`'s work on `day`."""
    if day is None:
        return [code]
    current = code
    for _depth in range(4):
        entry = cat.entry(current)
        if entry is None:
            return [current]
        era = cat.era_of(day, central=Level.CENTRAL in entry.levels)
        if era in entry.eras:
            return [current]
        if cat.Era.BEFORE in entry.eras and era != cat.Era.BEFORE:
            moves = [t for t in cat.transitions_from(current) if t.successors[0] != current]
            if not moves:
                return [current]
            primary = next((t for t in moves if cat.GENDER_EQUALITY in t.functions), moves[0])
            successor = cat.entry(primary.successors[0])
            steps.append(
                _("%(old)s ended on %(date)s; %(functions)s passed to %(new)s.")
                % {
                    "old": entry.name,
                    "date": _d(cat.LAST_DAY_BEFORE_DEPARTMENTS_REFORM),
                    "functions": primary.functions,
                    "new": successor.name if successor else primary.successors[0],
                }
            )
            current = primary.successors[0]
            continue
        steps.append(
            _("%(name)s did not exist yet on %(date)s.") % {"name": entry.name, "date": _d(day)}
        )
        return [current]
    return [current]


def _entry_name(code: str) -> str:
    entry = cat.entry(code)
    return entry.name if entry is not None else code


def resolve_agency_phrase(
    phrase: str, *, unit: AdministrativeUnit | None = None, on_date: date | None = None
) -> Resolution:
    """What `phrase` names in a plan of `unit` dated `on_date` (see the module docstring)."""
    ctx = _Context(unit, on_date)
    result = Resolution(phrase=phrase)
    match, state = _read(phrase, ctx)
    result.steps.extend(state.steps)
    if _tidy(phrase) != clean(phrase) and _tidy(phrase):
        result.steps.insert(0, _("Read as “%(text)s”.") % {"text": _tidy(phrase)})
    if match is None:
        result.message = _(
            "Could not identify the agency: “%(phrase)s”. Check the spelling, or add the "
            "phrase as another name of the right agency."
        ) % {"phrase": clean(phrase)}
        return result
    result.method = match.method
    result.confidence = match.confidence
    if state.related or state.other or match.vague:
        result.confidence = round(result.confidence * 0.7, 2)

    if match.catch_all:
        result.is_group = True
        result.is_catch_all = True
        result.group_code = match.group_code
        result.message = _(
            "“%(phrase)s” names no particular agency (a catch-all): choose the agencies by hand."
        ) % {"phrase": clean(phrase)}
        return result

    if match.group_code:
        _resolve_group(match, state, ctx, result)
        label = match.group_label or match.group_code
        if result.agencies:
            result.message = _("A group: %(group)s, %(count)d agencies.") % {
                "group": label,
                "count": len(result.agencies),
            }
        else:
            result.message = _("A group: %(group)s.") % {"group": label}
        if state.related or state.other or match.vague:
            result.message += " " + _(
                "The plan says “the relevant” or “other” ones: every member is proposed; "
                "remove those that do not apply."
            )
        result.confidence = round(result.confidence, 2)
        return result

    if match.registry:
        result.agencies = match.registry
        result.catalogue_codes = match.codes
        result.level = ctx.unit_level
        result.message = _("Found in the registry: %(agency)s.") % {
            "agency": ", ".join(_label(a) for a in match.registry)
        }
        return result

    code = match.codes[0]
    entry = cat.entry(code)
    assert entry is not None
    level = state.level if state.level in entry.levels else ""
    if not level:
        level = ctx.unit_level if ctx.unit_level in entry.levels else entry.levels[0]
    result.level = level
    if state.plural:
        result.is_group = True
        result.group_code = code
    if ctx.unit is None and state.place is None and level != Level.CENTRAL:
        result.catalogue_codes = _catalogue_on_date(code, on_date, result.steps)
        if result.catalogue_codes != [code]:
            result.confidence = round(result.confidence * 0.9, 2)
        names = [_entry_name(c) for c in result.catalogue_codes]
        result.message = _("Catalogue kind: %(names)s (no unit given).") % {
            "names": ", ".join(names)
        }
        return result
    result.catalogue_codes = [code]
    if state.plural and level in (Level.DISTRICT, Level.COMMUNE):
        units = _group_units(level, level, ctx, state)
        rows = Agency.objects.filter(catalogue_code=code, unit__in=units)
        result.agencies = [a for a in rows if _in_force(a, ctx.day)]
        result.message = _("%(name)s of every %(level)s.") % {
            "name": entry.name,
            "level": _level_label(level),
        }
        return result
    agencies = _registry_single(code, level, ctx, state, result)
    result.agencies = agencies
    result.confidence = round(result.confidence, 2)
    if agencies:
        if result.named:
            result.message = _(
                "%(named)s no longer existed on %(date)s: resolved to its successor %(agency)s."
            ) % {
                "named": _label(result.named[0]),
                "date": _d(ctx.day),
                "agency": ", ".join(_label(a) for a in agencies),
            }
        else:
            result.message = _("Resolved to %(agency)s.") % {
                "agency": ", ".join(_label(a) for a in agencies)
            }
        result.catalogue_codes = sorted({a.catalogue_code for a in agencies if a.catalogue_code})
        return result
    where = ctx.unit.name if ctx.unit is not None else (state.place.name if state.place else "")
    if level in (Level.DISTRICT, Level.COMMUNE) and (
        ctx.unit is None or ctx.unit.level == UnitLevel.PROVINCE
    ):
        result.message = _(
            "%(name)s is a %(level)s body: the plan's unit (%(unit)s) does not say which one."
        ) % {"name": entry.name, "level": _level_label(level), "unit": where}
    else:
        result.message = _(
            "%(name)s is a known kind of agency, but the registry has none in %(unit)s on %(date)s."
        ) % {
            "name": entry.name,
            "unit": where or _("the central level"),
            "date": _d(ctx.day),
        }
    result.confidence = round(result.confidence * 0.7, 2)
    return result


def split_agency_list(text: str, *, unit: AdministrativeUnit | None = None) -> list[str]:
    """Split a line of agencies into phrases, keeping names that contain commas or "và".

    "Sở Y tế, Hội Liên hiệp phụ nữ thành phố và Ủy ban nhân dân các quận, huyện" → three
    phrases; "Sở Văn hóa, Thể thao và Du lịch" and "Sở Lao động - Thương binh và Xã hội"
    stay whole. The longest run of pieces that the catalogue, a group phrase or the
    registry recognises wins; an unknown piece takes the following pieces that do not start
    a new agency ("Sở", "Hội", "Ủy ban", "các" … start one).
    """
    tidy = _tidy(text)
    if not tidy:
        return []
    parts = re.split(r"(\s*[,;]\s*|\s+và\s+|\s+Và\s+)", tidy)
    pieces = parts[0::2]
    seps = parts[1::2]
    ctx = _Context(unit, None)
    result: list[str] = []
    i = 0
    n = len(pieces)

    def joined(a: int, b: int) -> str:
        out = pieces[a]
        for k in range(a, b):
            out += seps[k] + pieces[k + 1]
        return out.strip()

    while i < n:
        if not pieces[i].strip():
            i += 1
            continue
        taken = None
        for j in range(n - 1, i - 1, -1):
            candidate = joined(i, j)
            match, _state = _read(candidate, ctx, fuzzy=False)
            if match is not None:
                taken = j
                break
        if taken is None:
            taken = i
            while taken + 1 < n and not _starts_agency(pieces[taken + 1]):
                taken += 1
        phrase = re.sub(r"[\s.;:,]+$", "", joined(i, taken))
        if phrase:
            result.append(phrase)
        i = taken + 1
    return result


def _starts_agency(piece: str) -> bool:
    keys = _k(piece)
    if not keys:
        return False
    if keys[:2] in _HEAD_PAIRS:
        return True
    return keys[0] in _HEADS
