"""Tasks (nhiệm vụ, giải pháp, nội dung) and their activities.

A task is an item of a tasks section; its title is the item's text without its number
("1. ", "2.1. "), plus the unnumbered paragraphs that continue it when the item is a
sentence rather than a heading (a PDF's hard wraps can leave them apart). Its activities
are the items of the next level: "a) Hoạt động 1: …" blocks, numbered sub-items ("2.1."),
lettered items or "-" bullets. Lead, partners and timing come only from labelled lines —
"Cơ quan chủ trì:", "Cơ quan phối hợp:", "Thời gian thực hiện:" and their variants —
either as bullets under the activity or inline in its text.
"""

from __future__ import annotations

import re

from .agency_lists import split_agency_list
from .normalize import ends_sentence, flat
from .outline import LABELLED, Node, heading_text
from .timing import parse_timing
from .types import Activity, Task

# Labels (matched on folded text) → field.
_LABELS: tuple[tuple[str, str], ...] = (
    ("lead", r"(?:co quan|don vi)\s+chu tri(?:\s+thuc hien)?|chu tri thuc hien|chu tri"
     r"|(?:co quan|don vi)\s+thuc hien(?:\s+chinh)?|(?:co quan|don vi)\s+chiu trach nhiem"),
    ("partners", r"(?:co quan|don vi)\s+phoi hop(?:\s+thuc hien)?|phoi hop thuc hien|phoi hop"),
    ("timing", r"thoi gian\s+(?:thuc hien|hoan thanh|trien khai)|thoi gian|thoi han(?:\s+hoan thanh)?"
     r"|tien do(?:\s+thuc hien)?"),
    ("ignore", r"san pham(?:\s+dau ra)?|ket qua(?:\s+dau ra)?|kinh phi(?:\s+thuc hien)?|nguon kinh phi"),
)  # fmt: skip
_ALTERNATION = "|".join(f"(?P<{name}>{pattern})" for name, pattern in _LABELS)
_LABEL_AT_START = re.compile(rf"^(?:{_ALTERNATION})\s*:")
_LABEL_ANY = re.compile(rf"(?:^|(?<=[.;(])\s*|\s+-\s+)(?:{_ALTERNATION})\s*:")


def _name(m: re.Match[str]) -> str:
    return next(k for k, v in m.groupdict().items() if v is not None)


def read_label(text: str) -> str | None:
    """The label a line starts with ("lead", "partners", "timing", "ignore"), else None."""
    m = _LABEL_AT_START.match(flat(text))
    return _name(m) if m else None


def labels_in(text: str) -> tuple[str, list[tuple[str, str]]]:
    """ "Tập huấn … (Chủ trì: Sở Nội vụ; Thời gian: Quý II)" → ("Tập huấn …", [(label, value)…])."""
    hits = list(_LABEL_ANY.finditer(flat(text)))
    if not hits:
        return text, []
    title = text[: hits[0].start()].rstrip(" -(").strip()
    labels = []
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        value = text[m.end() : end].strip().rstrip(";,.)(").strip()
        labels.append((_name(m), value))
    return title, labels


def _apply(activity: Activity, name: str, value: str) -> None:
    if name == "lead":
        activity.lead.extend(split_agency_list(value))
    elif name == "partners":
        activity.partners.extend(split_agency_list(value))
    elif name == "timing":
        value = re.sub(r"[\s.;,]+$", "", value)
        activity.timing = value or None
        activity.timing_parsed = parse_timing(value)


def _activity_title(node: Node) -> str:
    text = node.text
    if node.kind == "labelled" or LABELLED.match(text):
        text = LABELLED.sub("", text, count=1)
    return text.strip()


def _collect_labels(node: Node, activity: Activity) -> None:
    for child in node.walk():
        if read_label(child.text):
            for name, value in labels_in(child.text)[1]:
                _apply(activity, name, value)


def _activities(task_node: Node, task: Task) -> None:
    items = task_node.items()
    pending: Activity | None = None
    if not items and any(read_label(p.text) for p in task_node.paras()):
        # A task that is itself the activity (a flat table row): its labels are its own.
        activity = Activity(title=task.title)
        _collect_labels(task_node, activity)
        task.activities.append(activity)
        return
    for item in items:
        if read_label(item.text):  # label bullets straight under the task: the item before
            if pending is None:
                pending = Activity(title=task.title)
                task.activities.append(pending)
            for name, value in labels_in(item.text)[1]:
                _apply(pending, name, value)
            continue
        title, inline = labels_in(_activity_title(item))
        activity = Activity(title=title)
        for name, value in inline:
            _apply(activity, name, value)
        _collect_labels(item, activity)
        task.activities.append(activity)
        pending = activity


def task_title(node: Node) -> str:
    title = node.text.strip()
    if ends_sentence(title):
        for child in node.children:
            if child.marked:
                break
            if read_label(child.text):
                break
            title = f"{title} {child.text.strip()}"
    return title


def tasks_from(section: Node) -> list[Task]:
    items = section.items()
    if not items:
        # Numbering lost (a Word file's automatic numbers): each paragraph is a task.
        paras = [p for p in section.paras() if not p.text.rstrip().endswith(":")]
        return [Task(title=p.text.strip()) for p in paras]
    tasks = []
    for item in items:
        task = Task(title=task_title(item))
        _activities(item, task)
        tasks.append(task)
    _, inline = heading_text(section)
    if not tasks and inline:
        tasks.append(Task(title=inline))
    return tasks


_PROSE_INTRO = re.compile(r"(?:nhiem vu|giai phap)[^:]{0,80}:\s*(?=\S)")
_SENTENCE_END = re.compile(r"(?<=[.…!?])\s+(?=[A-ZĐÀ-Ỹ])")
_ABBREVIATION = re.compile(r"(?:^|\s)[A-ZĐ][A-Za-zđĐ]{0,3}\.$")


def split_sentences(text: str) -> list[str]:
    out: list[str] = []
    for part in _SENTENCE_END.split(text):
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return [p.strip() for p in out if p.strip()]


def tasks_from_prose(paragraphs: list[Node]) -> list[Task]:
    """A page without headings: "… những nhiệm vụ, giải pháp cơ bản: A. B. C." or a list."""
    for i, node in enumerate(paragraphs):
        if node.marked:
            continue
        key = flat(node.text)
        m = _PROSE_INTRO.search(key)
        if m and len(key) - m.end() > 40:
            return [Task(title=s) for s in split_sentences(node.text[m.end() :].strip())]
        if key.rstrip().endswith(":") and re.search(r"nhiem vu|giai phap", key):
            items = []
            for item in paragraphs[i + 1 :]:
                if not item.marked:
                    break
                items.append(Task(title=item.text.strip()))
            if items:
                return items
    return []
