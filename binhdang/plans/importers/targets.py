"""Targets (chỉ tiêu) and their milestones.

A target is one item of the "Mục tiêu cụ thể" / "Chỉ tiêu" list (or of a "MỤC TIÊU"
section that has no sub-headings), its text without the list marker. Its milestones are
the figures it names with a unit — "95%", "02 cuộc", "04 tin, bài, phóng sự" — each with
the year it is due ("Đến năm 2025 đạt 95% và đến năm 2030 đạt 100%"), a range and a
baseline ("tăng từ 10 - 15% so với năm 2025" → 10, up to 15, baseline 2025) and the
comparison the words make ("ít nhất", "từ" → ">="). Recurring targets ("hằng năm",
"mỗi quý") and targets with no year of their own have year None.
"""

from __future__ import annotations

import re

from binhdang.core.text import fold

from .normalize import flat
from .outline import Node, heading_text, section_of
from .types import Milestone, Target

_UNITS = (
    "tin, bài, phóng sự", "tin, bài", "tin bài", "bài viết", "phóng sự", "chuyên mục",
    "chuyên đề", "chuyên trang", "lượt người", "lượt", "cuộc thi", "cuộc", "lần", "buổi",
    "lớp", "hội nghị", "hội thảo", "tọa đàm", "toạ đàm", "chương trình", "mô hình",
    "câu lạc bộ", "sản phẩm", "ấn phẩm", "tờ rơi", "tờ gấp", "pano", "áp phích", "bản tin",
    "người", "học viên", "cán bộ", "đại biểu", "hộ", "gia đình", "xã", "phường", "đơn vị",
    "cơ quan", "doanh nghiệp", "trường", "video", "clip", "phim", "đợt", "chiến dịch",
    "sự kiện", "hoạt động", "điểm", "nhóm", "tin", "bài",
)  # fmt: skip
_UNIT = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_NUM = r"\d+(?:[.,]\d+)?"
VALUE = re.compile(
    rf"(?<![\d/.,])(?P<v>{_NUM})(?:\s*(?:-|đến|tới)\s*(?P<v2>{_NUM}))?\s*"
    rf"(?P<unit>%|(?:{_UNIT})(?!\w))",
    re.I,
)
YEAR = re.compile(r"(?<![\d/])(?P<y>(?:19|20)\d{2})(?![\d/%])")
BASELINE = re.compile(r"so với\s+(?:cùng kỳ\s+)?(?:năm\s+)?(?P<y>(?:19|20)\d{2})", re.I)
_YEAR_WORDS = re.compile(r"(?:năm|đến|tới|trong|vào|hết|cuối)\s*$", re.I)
_COMPARE = (
    (re.compile(r"(?:ít nhất|tối thiểu|không dưới|không ít hơn)\s*$", re.I), ">="),
    (re.compile(r"(?:trên|hơn|vượt)\s*$", re.I), ">"),
    (re.compile(r"(?:không quá|tối đa|dưới|không vượt quá)\s*$", re.I), "<="),
    (re.compile(r"\btừ\s*$", re.I), ">="),
)
_CHANGE = re.compile(r"\b(?P<w>tăng|giảm)\b(?:\s+\w+){0,3}\s*$", re.I)
_LABEL = re.compile(r"^(?:Chỉ tiêu|CHỈ TIÊU)\s*\d{1,2}\s*[:.)\-]\s*")


def _number(text: str) -> float | int:
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() else value


def milestones(text: str) -> list[Milestone]:
    """Every figure with a unit in a target's text, with its year, range and baseline."""
    baselines = [(m.start(), m.end(), int(m["y"])) for m in BASELINE.finditer(text)]
    years = []
    for m in YEAR.finditer(text):
        if any(a <= m.start() < b for a, b, _y in baselines):
            continue
        if not _YEAR_WORDS.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        years.append((m.start(), int(m["y"])))
    values = [m for m in VALUE.finditer(text) if not _is_year_value(m)]
    out: list[Milestone] = []
    year_after = bool(values) and not any(pos < values[0].start() for pos, _y in years)
    for i, m in enumerate(values):
        before = [y for pos, y in years if pos < m.start()]
        nxt = values[i + 1].start() if i + 1 < len(values) else len(text)
        after = [y for pos, y in years if m.end() <= pos < nxt]
        year = (after[0] if after else None) if year_after else (before[-1] if before else None)
        baseline = next((y for a, _b, y in baselines if m.end() <= a < nxt), None)
        prefix = text[max(0, m.start() - 40) : m.start()]
        comparison = None
        change = _CHANGE.search(prefix)
        if change and baseline is not None:
            comparison = "increase" if fold(change["w"]) == "tang" else "decrease"
        else:
            for pattern, sign in _COMPARE:
                if pattern.search(prefix):
                    comparison = sign
                    break
        unit = m["unit"]
        out.append(
            Milestone(
                year=year,
                value=_number(m["v"]),
                unit="%" if unit == "%" else unit,
                value_max=_number(m["v2"]) if m["v2"] else None,
                baseline_year=baseline,
                comparison=comparison,
            )
        )
    return out


def _is_year_value(m: re.Match[str]) -> bool:
    return m["unit"] != "%" and len(m["v"]) == 4 and m["v"].startswith(("19", "20"))


def target_text(node: Node) -> str:
    return _LABEL.sub("", node.text).strip()


def _target_items(node: Node) -> list[Node]:
    items = node.items()
    if items:
        return items
    # An unnumbered list: "Chỉ tiêu 1: …" paragraphs, or plain paragraphs after an intro.
    return [p for p in node.paras() if not p.text.rstrip().endswith(":")]


def find_target_lists(section: Node, name: str) -> list[Node]:
    """The nodes whose items are targets inside a goals/objectives/targets section."""
    if name == "targets":
        return [section]
    found = []
    for child in section.children:
        if child.marked and section_of(child) == "targets":
            found.append(child)
        elif child.marked and section_of(child) in ("goals",) and child.children:
            found.extend(find_target_lists(child, "goals"))
    if found or name != "goals":
        return found
    # "II. MỤC TIÊU" straight followed by its list (no "chung"/"cụ thể" sub-headings)
    subsections = [c for c in section.items() if section_of(c) in ("objectives", "goals")]
    if not subsections:
        return [section]
    return []


def targets_from(list_nodes: list[Node]) -> list[Target]:
    out = []
    for list_node in list_nodes:
        _head, inline = heading_text(list_node)
        for item in _target_items(list_node):
            text = target_text(item)
            if text:
                out.append(Target(text=text, milestones=milestones(text)))
        if not out and inline:
            out.append(Target(text=inline, milestones=milestones(inline)))
    return out


_INTRO = re.compile(r"(?:muc tieu|chi tieu)[^:]{0,80}:\s*$")


def targets_from_prose(paragraphs: list[Node]) -> list[Target]:
    """A page without headings: "Mục tiêu cụ thể của Kế hoạch:" followed by bullets."""
    out: list[Target] = []
    for i, node in enumerate(paragraphs):
        if node.marked or not _INTRO.search(flat(node.text)):
            continue
        for item in paragraphs[i + 1 :]:
            if not item.marked:
                break
            text = target_text(item)
            out.append(Target(text=text, milestones=milestones(text)))
        if out:
            break
    return out
