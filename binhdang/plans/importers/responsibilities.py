"""Responsibilities: what each agency must do, from "Tổ chức thực hiện".

One entry per numbered paragraph of the section; a paragraph that names several bodies
("Đề nghị Hội Liên hiệp Phụ nữ thành phố, Liên đoàn Lao động thành phố…") gives one entry
per body, each with the paragraph's duties, and drops an open-ended tail that names no
body ("và các tổ chức liên quan khác"). The agency is read from

* a heading on its own line ("1. Sở Lao động - Thương binh và Xã hội"),
* the text before a colon ("3. Phòng Giáo dục và Đào tạo: Tập huấn…"), or
* the start of the sentence, up to its first verb ("2. Sở Tài chính chủ trì, …").

`duties_count` is the number of "-" bullets or a), b)… items under the paragraph, or 1.
"""

from __future__ import annotations

import re

from binhdang.core.text import clean

from .agency_lists import is_open_ended, split_agency_list, starts_agency, tidy_name
from .normalize import flat
from .outline import Node
from .types import Responsibility

# Words that start the predicate after an agency list (matched on the original text, so
# only in lower case: "Ban Quản lý Khu Kinh tế" is a name, "… quản lý …" a verb).
_PREDICATES = (
    "chủ trì", "phối hợp", "có trách nhiệm", "chịu trách nhiệm", "là cơ quan", "thẩm định",
    "bố trí", "tăng cường", "tăng", "căn cứ", "trong phạm vi", "theo chức năng", "xây dựng",
    "tổ chức", "hướng dẫn", "thực hiện", "tham mưu", "triển khai", "chỉ đạo", "theo dõi",
    "đẩy mạnh", "tiếp tục", "nghiên cứu", "rà soát", "kiểm tra", "phổ biến", "tuyên truyền",
    "lồng ghép", "bảo đảm", "đảm bảo", "cung cấp", "quan tâm", "tham gia", "vận động",
    "hỗ trợ", "giám sát", "đề xuất", "ban hành", "biên tập", "nâng cao", "duy trì",
    "phụ trách", "được giao", "cập nhật", "thu thập", "báo cáo", "lập dự toán", "dành",
    "đưa", "phát huy", "xử lý", "thanh tra", "ưu tiên", "định kỳ", "hằng năm", "hàng năm",
    "cần", "sẽ", "cử", "chuẩn bị", "thường xuyên", "chủ động", "quản lý", "làm đầu mối",
    "là đầu mối", "giúp", "trình", "sớm", "khẩn trương", "nghiêm túc",
)  # fmt: skip
_PREDICATE = re.compile(
    r"(?<![\w])(?<!các )(?<!những )(?:"
    + "|".join(re.escape(p) for p in sorted(_PREDICATES, key=len, reverse=True))
    + r")(?!\w)"
)
_CLOSING = re.compile(
    r"^(?:trong qua trinh|tren day la|de nghi cac|yeu cau cac|noi nhan|ke hoach nay|"
    r"cac co quan, don vi can cu|giao .{0,40}theo doi, don doc)"
)


def agency_part(text: str) -> tuple[str, str]:
    """(agency list, duty text) of a responsibility paragraph."""
    text = clean(text)
    head, sep, rest = text.partition(":")
    if sep and len(head.split()) <= 30 and starts_agency(tidy_name(head)):
        before_verb = _before_predicate(head)
        if before_verb == head.strip() or not before_verb:
            return head.strip(), rest.strip()
    agencies = _before_predicate(text)
    if agencies:
        return agencies, text[len(agencies) :].strip(" ,;:")
    return text, ""


def _before_predicate(text: str) -> str:
    for m in _PREDICATE.finditer(text):
        candidate = text[: m.start()].rstrip(" ,;")
        if len(candidate.split()) >= 2:
            return candidate
    return text.strip()


def _is_closing(node: Node) -> bool:
    if _CLOSING.match(flat(node.text)):
        return True
    return not node.marked and node.text.rstrip().endswith("/.")


def _duties(node: Node, own: str) -> list[str]:
    items = [c for c in node.items() if not _is_closing(c)]
    if items:
        duties = []
        for item in items:
            text = item.text.strip()
            for para in item.paras():
                if _is_closing(para):
                    break
                text = f"{text} {para.text.strip()}"
            duties.append(text)
        return duties
    if own:
        return [own]
    paras = []
    for para in node.paras():
        if _is_closing(para):
            break
        paras.append(para.text.strip())
    return [" ".join(paras)] if paras else []


def _entry_nodes(section: Node) -> list[Node]:
    items = section.items()
    if items:
        return items
    # Numbering lost: the paragraphs that start with an agency (or "Đề nghị …").
    return [p for p in section.paras() if starts_agency(tidy_name(p.text)) and not _is_closing(p)]


def responsibilities_from(section: Node) -> list[Responsibility]:
    out: list[Responsibility] = []
    for node in _entry_nodes(section):
        agencies_text, own = agency_part(node.text)
        duties = _duties(node, own)
        count = len(duties) if node.items() else 1
        names = split_agency_list(agencies_text)
        named = [n for n in names if not is_open_ended(n)]
        names = named if named and len(named) < len(names) else names
        for name in names:
            out.append(Responsibility(agency=name, duties=list(duties), duties_count=count))
    return out


_ASSIGN = re.compile(
    r"\bgiao\s+(?:cho\s+)?(?P<agency>.+?)\s+(?:là|làm)\s+(?:cơ quan|đơn vị)\s+"
    r"(?:chủ trì|thường trực|đầu mối)[^:]*:?\s*(?P<duty>.*)$"
)


def responsibilities_from_prose(paragraphs: list[Node]) -> list[Responsibility]:
    """A page without headings: "UBND tỉnh giao Sở … là cơ quan chủ trì thực hiện: …"."""
    out: list[Responsibility] = []
    for node in paragraphs:
        m = _ASSIGN.search(clean(node.text))
        if not m:
            continue
        duty = m["duty"].strip()
        for name in split_agency_list(m["agency"]):
            out.append(Responsibility(agency=name, duties=[duty] if duty else [], duties_count=1))
    return out
