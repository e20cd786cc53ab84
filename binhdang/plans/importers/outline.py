"""The outline of a plan: numbered headings, lettered items and bullets as a tree.

Vietnamese administrative documents (Decree 30/2020/NĐ-CP) number their parts "I.",
"1.", "1.1.", "a)" and then use "-", "+" bullets. `build_tree()` turns the paragraphs into
a tree by the rank of each marker; an unmarked paragraph is the content of the item
before it. Bullet symbols rank in the order they first appear (a page that starts its
bullets with "+" has "+" on top). `section_of()` names what a top heading is about.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from binhdang.core.text import fold

from .normalize import ends_sentence, is_all_caps

ROMAN = re.compile(r"^(?P<m>X{0,3}(?:IX|IV|V?I{1,3}|V|X))\s*[.)]\s*(?=\S)")
MULTI = re.compile(r"^(?P<m>\d{1,2}(?:\.\d{1,2})+)\s*[.)]?\s*(?=[^\d\s.])")
NUMBER = re.compile(r"^(?P<m>\d{1,2})\s*[.)](?!\d)\s*(?=\S)")
LETTER = re.compile(r"^(?P<m>[a-zđ])\s*\)\s*(?=\S)|^(?P<m2>[a-zđ])\.\s+(?=\S)")
LABELLED = re.compile(
    r"^(?P<m>(?:Hoạt động|HOẠT ĐỘNG|Nhiệm vụ|NHIỆM VỤ)\s+\d{1,2})\s*[:.)\-]\s*(?=\S)"
)
BULLET = re.compile(r"^(?P<m>[-+•*●○▪■◦·–—]|\.(?=\s))\s*(?=\S)")

RANK_ROMAN = 10
RANK_NUMBER = 20
RANK_LETTER = 50
RANK_BULLET = 60


@dataclass
class Node:
    text: str  # the paragraph without its marker
    kind: str  # root | roman | caps | number | multi | letter | labelled | bullet | para
    marker: str = ""
    rank: int = 0
    index: int = -1  # position in the paragraph list
    children: list[Node] = field(default_factory=list)

    @property
    def marked(self) -> bool:
        return self.kind not in ("para", "root")

    def items(self) -> list[Node]:
        """The marked children of the highest rank (the list directly under this node)."""
        marked = [c for c in self.children if c.marked]
        if not marked:
            return []
        top = min(c.rank for c in marked)
        return [c for c in marked if c.rank == top]

    def paras(self) -> list[Node]:
        return [c for c in self.children if not c.marked]

    def walk(self) -> Iterator[Node]:
        for child in self.children:
            yield child
            yield from child.walk()


def read_marker(text: str, bullet_ranks: dict[str, int]) -> tuple[str, str, int, str]:
    """(kind, marker, rank, text without marker); kind "para" when unmarked."""
    m = ROMAN.match(text)
    if m and text[m.end() :][:1].isupper():
        return "roman", m["m"], RANK_ROMAN, text[m.end() :]
    m = MULTI.match(text)
    if m:
        depth = m["m"].count(".")
        return "multi", m["m"], RANK_NUMBER + 10 * depth, text[m.end() :]
    m = NUMBER.match(text)
    if m:
        return "number", m["m"], RANK_NUMBER, text[m.end() :]
    m = LETTER.match(text)
    if m:
        return "letter", m["m"] or m["m2"], RANK_LETTER, text[m.end() :]
    m = LABELLED.match(text)
    if m:
        return "labelled", m["m"], RANK_LETTER, text
    m = BULLET.match(text)
    if m:
        symbol = {"–": "-", "—": "-", "●": "•", "▪": "•", "■": "•", "◦": "○"}.get(m["m"], m["m"])
        if symbol not in bullet_ranks:
            bullet_ranks[symbol] = RANK_BULLET + 10 * len(bullet_ranks)
        return "bullet", symbol, bullet_ranks[symbol], text[m.end() :]
    return "para", "", 0, text


def is_caps_heading(text: str) -> bool:
    return is_all_caps(text) and len(text.split()) <= 15 and not text.rstrip().endswith(".")


def build_tree(paragraphs: list[str], start: int = 0) -> Node:
    root = Node(text="", kind="root", rank=0)
    stack = [root]
    bullet_ranks: dict[str, int] = {}
    for index in range(start, len(paragraphs)):
        text = paragraphs[index]
        kind, marker, rank, rest = read_marker(text, bullet_ranks)
        if kind == "para" and is_caps_heading(text):
            kind, rank = "caps", RANK_ROMAN
        if kind == "para":
            stack[-1].children.append(Node(text=rest, kind="para", index=index))
            continue
        node = Node(text=rest, kind=kind, marker=marker, rank=rank, index=index)
        while len(stack) > 1 and stack[-1].rank >= rank:
            stack.pop()
        stack[-1].children.append(node)
        stack.append(node)
    return root


# ---------------------------------------------------------------------------------------
# What a heading is about
# ---------------------------------------------------------------------------------------

_SECTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("responsibilities", re.compile(r"to chuc thuc hien|phan cong|trach nhiem (?:cua|thuc hien)")),
    ("budget", re.compile(r"kinh phi|nguon luc thuc hien|nguon von")),
    ("reporting", re.compile(r"bao cao|thu thap so lieu|theo doi, danh gia|kiem tra, giam sat")),
    ("targets", re.compile(r"chi tieu|muc tieu cu the")),
    ("objectives", re.compile(r"muc dich|yeu cau|muc tieu chung|muc tieu tong quat|quan diem")),
    ("goals", re.compile(r"muc tieu")),
    ("tasks", re.compile(r"nhiem vu|giai phap|noi dung|hoat dong")),
    ("other", re.compile(r"doi tuong|pham vi|thoi gian|can cu|co so")),
)


def heading_text(node: Node) -> tuple[str, str]:
    """(heading, inline body): "KINH PHÍ: Thực hiện theo quy định." → both parts."""
    head, sep, rest = node.text.partition(":")
    if sep and len(head.split()) <= 12:
        return head.strip(), rest.strip()
    return node.text.strip(), ""


def is_heading_like(node: Node) -> bool:
    head, _inline = heading_text(node)
    words = len(head.split())
    if words > 16:
        return False
    return is_all_caps(head) or not ends_sentence(head) or words <= 8


def section_of(node: Node) -> str | None:
    """What a heading introduces, or None when it is not a heading."""
    if not is_heading_like(node):
        return None
    key = fold(heading_text(node)[0])
    for name, pattern in _SECTIONS:
        if pattern.search(key):
            return name
    return None
