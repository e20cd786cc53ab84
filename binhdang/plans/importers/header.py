"""The document's identity: number, place and date, issuer, area, title and period.

Decree 30/2020/NĐ-CP lays out the head of an administrative document: the issuing body
(in capitals, under its parent), "Số: 262/KH-SLĐTBXH", "Cần Thơ, ngày 28 tháng 01 năm
2019", then "KẾ HOẠCH" and the title (trích yếu). Pasted texts and news items lose
parts of it, so each field also has a second source: the preamble sentence "Ủy ban nhân
dân thành phố Hải Phòng ban hành Kế hoạch …", a news sentence "Ngày 13/3/2022, UBND tỉnh
ban hành Kế hoạch số 183/KH-UBND …", the names of the provincial newspaper and radio
("Báo Hải Phòng"). `issuer` is written "Ủy ban nhân dân <level> <name>" or "<body>
<level> <name>"; `place` is the area with its level word, or None when no name is given.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from binhdang.core.text import canonical, clean

from .agency_lists import KNOWN_NAMES, split_agency_list, starts_agency
from .normalize import flat, is_all_caps
from .references import NUMBER, tidy_number

LEVELS = ("thành phố", "tỉnh", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu")
# "xã hội" (in "Lao động - Thương binh và Xã hội") is not the level word "xã".
_LEVEL = r"(?i:thành phố|tỉnh|huyện|quận|thị xã|xã(?![ ]+hội)|phường|thị trấn|đặc khu|tp\.?)"
_UPPER = "A-ZĐÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸ"
_NAME = rf"[{_UPPER}]\w*(?:[ ]+(?:-[ ]+)?[{_UPPER}]\w*)*"
_NOT_PLACES = {"việt nam", "nhân dân", "lao động", "phụ nữ", "thanh niên", "tuổi trẻ", "tiền phong"}
_DATE_LINE = re.compile(
    rf"^(?:Số\s*[:.]?\s*\S+\s+)?(?P<place>[{_UPPER}][^,\d;:]{{1,40}}?)\s*,\s*ngày\s+(?P<d>\d{{1,2}})\s*(?:tháng|/|-|\.)\s*"
    r"(?P<m>\d{1,2})\s*(?:năm|/|-|\.)\s*(?P<y>\d{4})"
)
_DOC_NUMBER = re.compile(r"(?:^|\s)Số\s*[:.]?\s*(?P<n>\d[^\s,;]*/[^\s,;]+)")
_NEWS = re.compile(
    r"(?:Ngày|ngày)\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}),?\s+(?P<who>[^.;]{2,120}?)\s+"
    r"(?:đã\s+)?ban hành\s+(?:bản\s+)?Kế hoạch\s+số\s+(?P<n>\S+)"
)
_ISSUES = re.compile(
    r"\s(?:đã\s+)?(?:ban hành|xây dựng và ban hành|xây dựng|triển khai xây dựng)\s+(?:bản\s+)?"
    r"(?:Kế hoạch|kế hoạch)\b"
)
_PC = re.compile(r"^(?:uy ban nhan dan|ubnd)\b\s*", re.I)
_NATIONAL = re.compile(r"^(?:cong hoa xa hoi|doc lap|so\s*[:.]|v/v|ve viec)")


@dataclass
class Head:
    title: str | None
    body_start: int
    header: list[str]


def _is_plan_word(text: str) -> bool:
    key = flat(text).strip()
    return key.startswith("ke hoach") and (is_all_caps(text) or len(text.split()) <= 2)


def locate(paragraphs: list[str]) -> Head:
    """Where the title is and where the body (preamble onwards) starts."""
    for i, para in enumerate(paragraphs[:30]):
        if not _is_plan_word(para):
            continue
        rest = re.sub(r"^\S+\s+\S+\s*[:\-]?\s*", "", para).strip()
        if rest:
            return Head(title=rest, body_start=i + 1, header=paragraphs[:i])
        if i + 1 < len(paragraphs) and not _starts_preamble(paragraphs[i + 1]):
            title = re.sub(r"^(?:V/v|Về việc)\s*", "", paragraphs[i + 1], flags=re.I)
            return Head(title=title, body_start=i + 2, header=paragraphs[:i])
        return Head(title=None, body_start=i + 1, header=paragraphs[:i])
    if (
        paragraphs
        and flat(paragraphs[0]).startswith("ke hoach")
        and len(paragraphs[0].split()) <= 50
    ):
        return Head(title=paragraphs[0], body_start=1, header=[])
    start = 0
    while start < min(len(paragraphs), 12) and _is_header_line(paragraphs[start]):
        start += 1
    return Head(title=None, body_start=start, header=paragraphs[:start])


def _starts_preamble(text: str) -> bool:
    return bool(re.match(r"^(?:can cu|thuc hien|theo|so\s*:)\b", flat(text))) and bool(
        NUMBER.search(text)
    )


def _is_header_line(text: str) -> bool:
    return is_all_caps(text) or bool(_DATE_LINE.search(text)) or bool(_DOC_NUMBER.search(text))


def _iso(d: str, m: str, y: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


@dataclass
class Identity:
    doc_number: str | None = None
    issued_date: str | None = None
    date_place: str | None = None  # the place of the place-date line ("Cần Thơ")


def identity(header: list[str], preamble: list[str], tail: list[str]) -> Identity:
    out = Identity()
    for para in header + preamble[:3]:
        m = _DOC_NUMBER.search(para)
        if m and out.doc_number is None:
            out.doc_number = tidy_number(m["n"])
    for para in header + preamble[:3] + tail:
        m = _DATE_LINE.search(para) if len(para.split()) <= 16 else None
        if m and out.issued_date is None:
            out.issued_date = _iso(m["d"], m["m"], m["y"])
            out.date_place = re.sub(
                r"^(?:TP\.|Tp\.|Thành phố|thành phố)\s*", "", m["place"]
            ).strip()
    for para in preamble:
        m = _NEWS.search(para)
        if m:
            out.doc_number = out.doc_number or tidy_number(m["n"])
            out.issued_date = out.issued_date or _iso(m["d"], m["m"], m["y"])
    return out


# ---------------------------------------------------------------------------------------
# Issuer and place
# ---------------------------------------------------------------------------------------


@dataclass
class Issuer:
    body: str  # "Ủy ban nhân dân", "Sở Nội vụ"
    level: str | None = None
    name: str | None = None

    @property
    def is_pc(self) -> bool:
        return self.body == "Ủy ban nhân dân"


def _known_casing(text: str) -> str | None:
    key = canonical(text)
    for name in KNOWN_NAMES:
        if canonical(name) == key:
            return name
    return None


def _known_prefix(phrase: str) -> tuple[str, str] | None:
    """("Sở Lao động - Thương binh và Xã hội", rest) when the phrase starts with a known name."""
    words = clean(phrase).split()
    for end in range(len(words), 1, -1):
        known = _known_casing(" ".join(words[:end]))
        if known:
            return known, " ".join(words[end:])
    return None


def _body_case(text: str) -> str:
    """ "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" → "Sở Lao động - Thương binh và Xã hội"."""
    text = clean(text)
    known = _known_casing(text)
    if known:
        return known
    words = text.lower().split()
    out = []
    capital_next = True
    for i, word in enumerate(words):
        if word in ("và", "-", ","):
            out.append(word)
            capital_next = True
            continue
        if capital_next or i == 1:
            word = word[:1].upper() + word[1:]
            capital_next = False
        if word.endswith(","):
            capital_next = True
        out.append(word)
    return " ".join(out)


def _place_case(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() if w != "-" else w for w in name.split())


def _split_level(rest: str) -> tuple[str | None, str | None]:
    """ "thành phố Hải Phòng" → ("thành phố", "Hải Phòng"); "Huyện" → ("huyện", None)."""
    rest = clean(rest)
    m = re.match(rf"^({_LEVEL})(?:\s+(.*))?$", rest)
    if not m:
        return None, None
    level = m[1].lower()
    level = "thành phố" if level.startswith("tp") else level
    name = (m[2] or "").strip(" .,")
    if name and is_all_caps(name):
        name = _place_case(name)
    if not name or not name[0].isupper() or canonical(name) in {canonical(x) for x in _NOT_PLACES}:
        return level, None
    return level, name


def parse_issuer_phrase(phrase: str) -> Issuer | None:
    phrase = clean(phrase).strip(" ,.;:")
    if not phrase:
        return None
    m = _PC.match(flat(phrase))
    if m:
        level, name = _split_level(phrase[m.end() :])
        return Issuer(body="Ủy ban nhân dân", level=level, name=name)
    if not starts_agency(phrase):
        return None
    known = _known_prefix(phrase)
    if known:
        level, name = _split_level(known[1]) if known[1] else (None, None)
        return Issuer(body=known[0], level=level, name=name)
    m = re.search(rf"\s({_LEVEL})([ ]+{_NAME})?$", phrase)
    if m and not is_all_caps(phrase):
        level, name = _split_level(phrase[m.start() :])
        return Issuer(body=_body_case(phrase[: m.start()]), level=level, name=name)
    m = re.search(rf"\s({_LEVEL})(\s+.+)?$", phrase)
    if m and is_all_caps(phrase):
        level, name = _split_level(phrase[m.start() :])
        return Issuer(body=_body_case(phrase[: m.start()]), level=level, name=name)
    return Issuer(body=_body_case(phrase))


def issuer_from_header(header: list[str]) -> Issuer | None:
    """The capitals block: "ỦY BAN NHÂN DÂN / TỈNH BẮC NINH" or "UBND TỈNH X / SỞ NỘI VỤ"."""
    lines = [h for h in header if is_all_caps(h) and not _NATIONAL.match(flat(h))]
    bodies: list[str] = []
    for line in lines:
        line = line.strip(" -_")
        continues = re.match(rf"^{_LEVEL}(?!\w)", line) or not starts_agency(line)
        if bodies and continues:  # "TỈNH BẮC NINH", "VÀ XÃ HỘI": the line above goes on
            bodies[-1] = f"{bodies[-1]} {line}"
        else:
            bodies.append(line)
    parsed = [p for p in (parse_issuer_phrase(b) for b in bodies) if p]
    if not parsed:
        return None
    issuer = parsed[-1]
    parent = next((p for p in parsed[:-1] if p.level), None)
    if parent and not issuer.level:
        issuer.level, issuer.name = parent.level, parent.name
    return issuer


def issuer_from_preamble(preamble: list[str]) -> Issuer | None:
    for para in preamble:
        for m in _ISSUES.finditer(para):
            before = para[: m.start()]
            before = re.split(r"(?<=[.:])\s+(?=[A-ZĐ])", before)[-1]
            pieces = [p for p in split_agency_list(before) if starts_agency(p)]
            if not pieces:
                continue
            subject = re.split(r",\s+(?=[a-zđà-ỹ])", pieces[-1])[0]
            issuer = parse_issuer_phrase(subject)
            if issuer:
                return issuer
        for news in re.finditer(
            r"(?P<who>(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+\S+)\s+ban hành", para
        ):
            issuer = parse_issuer_phrase(news["who"])
            if issuer:
                return issuer
    return None


def find_place_name(text: str, level: str, hint: str | None) -> str | None:
    """The name of the area at `level` the text gives (hint: the place-date line's place)."""
    if hint and re.search(rf"(?i:{level})[ ]+{re.escape(hint)}\b", text):
        return hint
    for pattern in (rf"trên địa bàn[ ]+{level}[ ]+({_NAME})", rf"(?<!\w){level}[ ]+({_NAME})"):
        names = Counter(
            m[1] for m in re.finditer(pattern, text) if canonical(m[1]) not in _not_places()
        )
        if names:
            return names.most_common(1)[0][0]
    if level in ("tỉnh", "thành phố"):
        media = Counter(
            m[1]
            for m in re.finditer(
                rf"(?:Báo|Đài Phát thanh và Truyền hình|Đài Phát thanh - Truyền hình)\s+({_NAME})",
                text,
            )
            if canonical(m[1]) not in _not_places()
        )
        if media:
            return media.most_common(1)[0][0]
    return None


def _not_places() -> set[str]:
    return {canonical(x) for x in _NOT_PLACES}


def find_level_for(text: str, name: str) -> str | None:
    m = re.search(rf"(?<!\w)({_LEVEL})[ ]+{re.escape(name)}\b", text)
    if not m:
        return None
    level = m[1].lower()
    return "thành phố" if level.startswith("tp") else level


def resolve_issuer(
    header: list[str], preamble: list[str], tail: list[str], text: str, hint: str | None
) -> tuple[str | None, str | None]:
    """(issuer, place) written out."""
    issuer = issuer_from_header(header) or issuer_from_preamble(preamble)
    if issuer is None and any(re.search(r"\bTM\.?\s*ỦY BAN NHÂN DÂN", t) for t in tail):
        issuer = Issuer(body="Ủy ban nhân dân")
    if issuer is None:
        return None, None
    if issuer.level is None and not issuer.is_pc and hint:
        issuer.level = find_level_for(text, hint)
    if issuer.level and not issuer.name:
        issuer.name = find_place_name(text, issuer.level, hint)
    place = f"{issuer.level} {issuer.name}" if issuer.level and issuer.name else None
    if issuer.is_pc:
        written = " ".join(x for x in ("Ủy ban nhân dân", issuer.level, issuer.name) if x)
    else:
        written = f"{issuer.body} {place}" if place else issuer.body
    return written, place


# ---------------------------------------------------------------------------------------
# Period
# ---------------------------------------------------------------------------------------

_PHASE = re.compile(r"giai đoạn\s+((?:19|20)\d{2})\s*-\s*((?:19|20)\d{2})", re.I)
_UNTIL = re.compile(r"(?:đến|tới)\s+(?:hết\s+)?năm\s+((?:19|20)\d{2})", re.I)
_YEAR = re.compile(r"(?<!đến )(?<!tới )(?<!hết )năm\s+((?:19|20)\d{2})(?![\d/])", re.I)
_OWN_PHASE = re.compile(
    r"(?:Kế hoạch|kế hoạch)\s+giai đoạn\s+((?:19|20)\d{2})\s*-\s*((?:19|20)\d{2})"
)


def period(title: str | None, body: str, issued_year: int | None) -> list[int | None] | None:
    """[start, end] from the title's phase or year, or issue year (or own phase) → "đến năm"."""
    title = title or ""
    m = _PHASE.search(title)
    if m:
        return [int(m[1]), int(m[2])]
    until = _UNTIL.search(title)
    if until:
        end = int(until[1])
        starts = [int(x[1]) for x in _OWN_PHASE.finditer(body)]
        start = issued_year if issued_year else (min(starts) if starts else None)
        if start is not None and start > end:
            start = None
        return [start, end]
    years = [int(y) for y in _YEAR.findall(title)]
    if years:
        return [min(years), max(years)]
    return None
