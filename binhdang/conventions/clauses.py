"""Split the text of a village convention into clauses. Pure Python, no ORM.

Conventions are written like legal documents: "Chương I" (or "Phần", "Mục", "I.") holds
"Điều 1.", "Điều 2:" …, an article holds numbered paragraphs ("1.", "2)") and those hold
lettered points ("a)", "b)"). Short conventions skip articles and are numbered lists.

* Each leaf of that outline is a clause: an article without paragraphs, a paragraph
  without points, a point. Its `number` says where it is ("Điều 5, khoản 2, điểm a").
* What leads a clause is kept as its `heading`: the article's title ("Điều 7. Những việc
  phụ nữ không được làm") and a lead-in ending in ":" ("Nghiêm cấm các hành vi sau:"). A
  lead that is a sentence of its own is a clause of its own.
* A marker counts only where a numbering can continue: "Điều 6" after "Điều 5", "b)"
  after "a)", a "1." that starts a list. A line that merely begins with "Điều 5 của …" or
  "2019." (a sentence broken across lines) stays in the sentence.
* Lines broken inside a sentence are joined again: a line that does not end a sentence
  is continued by the next one when that starts in lower case or with a digit, or when
  it is long (a wrapped line, not a title).
* Text before the first marker (title, legal bases) is the preamble (number "").
* Without any marker, paragraphs (blank lines) are the clauses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_CHAPTER = re.compile(
    r"^(?P<word>chương|chuong|phần|phan|mục|muc)\s+(?P<num>[IVXLCDM]+|\d{1,3}|thứ\s+\w+)\b"
    r"\s*[.:\-–—]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_ROMAN = re.compile(r"^(?P<num>[IVXL]{1,6})\s*[.)]\s+(?P<rest>\S.*)$")
_ARTICLE = re.compile(
    r"^(?P<word>điều|dieu)\s+(?P<num>\d{1,3})(?P<suffix>[a-zđ])?"
    r"(?:\s*(?P<sep>[.:\-–—)])\s*|\s+|$)(?P<rest>.*)$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(?P<num>\d{1,2})\s*[.)]\s+(?P<rest>\S.*)$")
_LETTERED = re.compile(r"^(?P<num>[a-zđ])\s*\)\s*(?P<rest>\S.*)$")
_SENTENCE_END = re.compile(r"[.:;!?…\"”)]\s*$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_VI_LETTERS = "abcdđeghiklmnopqrstuvxy"
# A line at least this long that does not end a sentence was probably wrapped.
WRAP_MIN = 50
TITLE_MAX = 150


def _roman(value: str) -> int:
    total = 0
    previous = 0
    for ch in reversed(value.upper()):
        n = _ROMAN_VALUES.get(ch, 0)
        total = total - n if n < previous else total + n
        previous = max(previous, n)
    return total


def _next_letters(letter: str) -> set[str]:
    """The letters that may follow `letter` (Vietnamese order "a, b, c, d, đ, e, g…" or
    the Latin one)."""
    following = set()
    if letter in _VI_LETTERS:
        i = _VI_LETTERS.index(letter)
        if i + 1 < len(_VI_LETTERS):
            following.add(_VI_LETTERS[i + 1])
    if "a" <= letter < "z":
        following.add(chr(ord(letter) + 1))
    return following


@dataclass(frozen=True)
class SplitClause:
    number: str
    heading: str
    text: str


@dataclass
class _Node:
    kind: str  # root, chapter, article, item, point
    label: str = ""
    title: str = ""
    lines: list[str] = field(default_factory=list)  # body before the first child
    children: list[_Node] = field(default_factory=list)


def _normalise(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("\t", " ").replace("\u200b", "")
    return [re.sub(r"[ ]{2,}", " ", line).strip() for line in text.split("\n")]


def _starts_lower(line: str) -> bool:
    first = line[:1]
    return first.isalpha() and first.islower()


def _join(lines: list[str]) -> str:
    """Lines as text: a sentence broken across lines is one line again; paragraphs and
    list lines keep their line breaks."""
    out: list[str] = []
    for line in lines:
        if not line:
            if out and out[-1] != "":
                out.append("")
            continue
        previous = out[-1] if out else ""
        wrapped = _starts_lower(line) or line[:1].isdigit() or len(previous) >= WRAP_MIN
        if previous and not _SENTENCE_END.search(previous) and wrapped:
            out[-1] = f"{previous} {line}"
        else:
            out.append(line)
    while out and out[-1] == "":
        out.pop()
    text = "\n".join(out)
    return re.sub(r"\n{2,}", "\n", text).strip()


class _Splitter:
    def __init__(self) -> None:
        self.root = _Node("root")
        self.chapter: _Node | None = None
        self.article: _Node | None = None
        self.item: _Node | None = None
        self.point: _Node | None = None
        self.last_article = 0
        self.last_roman = 0
        self.last_item = 0
        self.last_point = ""
        self.awaiting_title: _Node | None = None  # a chapter whose title is on the next line

    # The node new text goes to.
    def current(self) -> _Node:
        return self.point or self.item or self.article or self.chapter or self.root

    def container(self) -> _Node:
        """Where a numbered item goes: the article, else the chapter, else the root."""
        return self.article or self.chapter or self.root

    def open_chapter(self, label: str, title: str, number: int | None = None) -> None:
        node = _Node("chapter", label=label, title=title)
        self.root.children.append(node)
        self.chapter, self.article, self.item, self.point = node, None, None, None
        self.last_item, self.last_point = 0, ""
        self.awaiting_title = None if title else node

    def feed(self, line: str, previous: str, previous_marker: bool) -> bool:
        """Take one line; True when it opened a chapter, article, paragraph or point."""
        if not line:
            self.current().lines.append("")
            return False
        # The line may go on with a sentence broken across lines (long, unfinished, not a
        # title): then a "2019." or "b)" at its start is not a marker.
        continues = (
            bool(previous)
            and not previous_marker
            and len(previous) >= WRAP_MIN
            and not _SENTENCE_END.search(previous)
        )

        if self.awaiting_title is not None:
            node = self.awaiting_title
            self.awaiting_title = None
            if not _is_marker(line) and (line.isupper() or len(line) < 120):
                node.title = line
                return True

        match = _CHAPTER.match(line)
        if match and not continues and not _starts_lower(match.group("rest") or "X"):
            word = match.group("word")
            label = f"{word[:1].upper()}{word[1:].lower()} {match.group('num')}"
            self.open_chapter(label, match.group("rest").strip(" .:-–—"))
            return True

        match = _ROMAN.match(line)
        if match and not continues:
            value = _roman(match.group("num"))
            if value == self.last_roman + 1:
                self.last_roman = value
                self.open_chapter(match.group("num"), match.group("rest").strip(" .:-–—"))
                return True

        match = _ARTICLE.match(line)
        if match:
            number = int(match.group("num"))
            rest = match.group("rest").strip()
            bare = match.group("sep") is None
            sequential = self.last_article == 0 or number in (self.last_article + 1, 1)
            if sequential and not (bare and rest and _starts_lower(rest)) and not continues:
                self.last_article = number
                suffix = match.group("suffix") or ""
                node = _Node("article", label=f"Điều {number}{suffix}")
                if rest:
                    node.lines.append(rest)
                (self.chapter or self.root).children.append(node)
                self.article, self.item, self.point = node, None, None
                self.last_item, self.last_point = 0, ""
                return True

        match = _NUMBERED.match(line)
        if match and not continues:
            number = int(match.group("num"))
            if number == self.last_item + 1 or (number == 1 and self.item is None):
                self.last_item = number
                node = _Node("item", label=str(number))
                node.lines.append(match.group("rest"))
                self.container().children.append(node)
                self.item, self.point = node, None
                self.last_point = ""
                return True

        match = _LETTERED.match(line)
        if match and not continues:
            letter = match.group("num")
            expected = _next_letters(self.last_point) if self.last_point else {"a"}
            if letter in expected:
                self.last_point = letter
                node = _Node("point", label=letter)
                node.lines.append(match.group("rest"))
                (self.item or self.article or self.chapter or self.root).children.append(node)
                self.point = node
                return True

        self.current().lines.append(line)
        return False


def _is_marker(line: str) -> bool:
    return bool(
        _CHAPTER.match(line)
        or _ARTICLE.match(line)
        or _NUMBERED.match(line)
        or _LETTERED.match(line)
    )


def _label(node: _Node, parents: list[_Node]) -> str:
    """ "Điều 5, khoản 2, điểm a"; without articles "Chương II, 3, a)"."""
    parts: list[str] = []
    chain = [*parents, node]
    has_article = any(n.kind == "article" for n in chain)
    for n in chain:
        if n.kind == "chapter" and not has_article or n.kind == "article":
            parts.append(n.label)
        elif n.kind == "item":
            parts.append(f"khoản {n.label}" if has_article else f"{n.label}.")
        elif n.kind == "point":
            parts.append(f"điểm {n.label}" if has_article else f"{n.label})")
    return ", ".join(parts)


def _article_title(node: _Node) -> tuple[str, str]:
    """An article's first line is its title when more follows (lines or paragraphs) and
    it reads like one: short, not a finished sentence. Returns (title, body)."""
    text = _join(node.lines)
    first, _sep, rest = text.partition("\n")
    more = bool(rest.strip()) or bool(node.children)
    if more and len(first) <= TITLE_MAX and not re.search(r"[.;!?…]$", first):
        return first.strip(), rest.strip()
    return "", text


def _emit(node: _Node, parents: list[_Node], heading: list[str], out: list[SplitClause]) -> None:
    if node.kind == "article":
        title, body = _article_title(node)
    else:
        title, body = node.title.strip(), _join(node.lines)
    if node.kind == "chapter":
        # A chapter's title is context, not a clause; its own lines (no articles) are one.
        if body:
            out.append(SplitClause(_label(node, parents), title, body))
        for child in node.children:
            _emit(child, [*parents, node], [], out)
        return
    if node.kind == "article" and not node.children:
        if body:
            out.append(SplitClause(_label(node, parents), title, body))
        return
    if not node.children:
        if body:
            out.append(SplitClause(_label(node, parents), "\n".join(heading), body))
        return
    # A node with children: its title and a ":" lead-in lead them; a lead that is a
    # sentence of its own is a clause of its own.
    lead = heading + ([title] if title else [])
    if body.endswith(":"):
        child_heading = [*lead, body]
    else:
        if body:
            out.append(SplitClause(_label(node, parents), "\n".join(lead), body))
        child_heading = lead
    for child in node.children:
        _emit(child, [*parents, node], child_heading, out)


def split_clauses(text: str) -> list[SplitClause]:
    """The clauses of a convention's text, in order (see the module docstring)."""
    lines = _normalise(text)
    splitter = _Splitter()
    previous = ""
    previous_marker = False
    for line in lines:
        opened = splitter.feed(line, previous, previous_marker)
        if line:
            previous, previous_marker = line, opened
    root = splitter.root
    out: list[SplitClause] = []
    preamble = _join(root.lines)
    if not root.children:
        return [SplitClause("", "", paragraph) for paragraph in _paragraphs(lines)]
    if preamble:
        out.append(SplitClause("", "", preamble))
    for child in root.children:
        _emit(child, [], [], out)
    return out


def _paragraphs(lines: list[str]) -> list[str]:
    """Text without markers: its paragraphs (blank lines between), or else its lines that
    end a sentence."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    paragraphs = [_join(block) for block in blocks if block]
    if len(paragraphs) == 1:
        paragraphs = [p for p in paragraphs[0].split("\n") if p.strip()]
    return paragraphs


__all__ = ["SplitClause", "split_clauses"]
