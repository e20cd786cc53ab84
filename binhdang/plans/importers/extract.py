"""Files → plain text with one paragraph per line, ready for `parse_plan_text`.

* .txt (.text, .md): UTF-8 with or without BOM, UTF-16 (with or without BOM), else
  Windows-1258 (the Vietnamese code page, which writes tones as combining marks);
* .docx: python-docx; paragraphs and tables in document order. Word's automatic
  numbering is not in the text, so it is rebuilt from the numbering definitions ("1.",
  "a)", "-"); a table of activities (columns "Nội dung", "Cơ quan chủ trì", "Cơ quan
  phối hợp", "Thời gian") becomes the labelled layout the parser reads;
* .pdf: the text layer (pypdf); page numbers are dropped; a PDF without text (a scan)
  is refused with a message saying so;
* .html (.htm): the article without scripts, menus and page chrome, block elements as
  lines, list items as "-" bullets.

Every failure raises `PlanImportError` with a message for the person importing.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from .errors import PlanImportError
from .normalize import MARKER, flat

MAX_BYTES = 50 * 1024 * 1024
Source = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]


# ---------------------------------------------------------------------------------------
# Reading the bytes (size checked before reading everything)
# ---------------------------------------------------------------------------------------


def _too_large() -> PlanImportError:
    return PlanImportError(
        _("The file is larger than %(limit)d MB. Split it or paste the text of the plan.")
        % {"limit": MAX_BYTES // (1024 * 1024)},
        code="too_large",
    )


def _read_bytes(source: Source) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        if len(source) > MAX_BYTES:
            raise _too_large()
        return bytes(source)
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise PlanImportError(
                _("The file “%(name)s” cannot be opened.") % {"name": path.name}, code="unreadable"
            ) from exc
        if size > MAX_BYTES:
            raise _too_large()
        return path.read_bytes()
    upload_size = getattr(source, "size", None)
    if isinstance(upload_size, int) and upload_size > MAX_BYTES:
        raise _too_large()
    data = source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _too_large()
    return bytes(data)


def _name_of(source: Source, filename: str | None) -> str:
    if filename:
        return filename
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return str(getattr(source, "name", "") or "")


# ---------------------------------------------------------------------------------------
# .txt
# ---------------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if len(data) >= 4 and data.count(b"\x00") >= len(data) // 4:
        odd_zeros = data[1::2].count(0)
        even_zeros = data[0::2].count(0)
        return data.decode(
            "utf-16-le" if odd_zeros >= even_zeros else "utf-16-be", errors="replace"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


# ---------------------------------------------------------------------------------------
# Tables (DOCX and HTML)
# ---------------------------------------------------------------------------------------

_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("number", re.compile(r"^(?:stt|tt|so tt|so thu tu)$")),
    ("lead", re.compile(r"chu tri|don vi thuc hien|co quan thuc hien|chiu trach nhiem")),
    ("partners", re.compile(r"phoi hop")),
    ("timing", re.compile(r"thoi gian|thoi han|tien do")),
    ("content", re.compile(r"noi dung|hoat dong|nhiem vu|ten|cong viec")),
)


def _columns(row: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(row):
        key = flat(cell).strip(" .:")
        for name, pattern in _COLUMNS:
            if name not in found and pattern.search(key):
                found[name] = i
                break
    return found


def table_lines(rows: list[list[str]]) -> list[str]:
    """A table as lines: an activity table in the labelled layout, any other cell by cell."""
    for h, header in enumerate(rows[:3]):
        cols = _columns(header)
        if "content" in cols and ("lead" in cols or "timing" in cols):
            return _activity_table(rows[h + 1 :], cols)
    lines: list[str] = []
    for row in rows:
        for cell in row:
            lines.extend(x for x in cell.split("\n") if x.strip())
    return lines


def _activity_table(rows: list[list[str]], cols: dict[str, int]) -> list[str]:
    def cell(row: list[str], name: str) -> str:
        i = cols.get(name)
        return " ".join(row[i].split()) if i is not None and i < len(row) else ""

    grouped = any(
        cell(r, "content") and not (cell(r, "lead") or cell(r, "partners") or cell(r, "timing"))
        for r in rows
    )
    lines: list[str] = []
    task = 0
    letter = 0
    letters = "abcdeghiklmnopqrstuvxy"
    for row in rows:
        content = cell(row, "content")
        if not content:
            continue
        lead, partners, timing = cell(row, "lead"), cell(row, "partners"), cell(row, "timing")
        if not (lead or partners or timing) or not grouped:
            task += 1
            letter = 0
            lines.append(f"{task}. {content}")
        else:
            lines.append(f"{letters[letter % len(letters)]}) {content}")
            letter += 1
        if lead:
            lines.append(f"Cơ quan chủ trì: {lead}")
        if partners:
            lines.append(f"Cơ quan phối hợp: {partners}")
        if timing:
            lines.append(f"Thời gian thực hiện: {timing}")
    return lines


# ---------------------------------------------------------------------------------------
# .docx
# ---------------------------------------------------------------------------------------


class _Numbering:
    """Word's automatic numbering, rebuilt: numId/ilvl → "1.", "a)", "-"."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self.qn = qn
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.nums: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                fmt = self._val(lvl, "w:numFmt", "decimal")
                text = self._val(lvl, "w:lvlText", "%1.")
                start = int(self._val(lvl, "w:start", "1") or 1)
                levels[ilvl] = (fmt, text, start)
            self.levels[abstract.get(qn("w:abstractNumId"), "")] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.nums[num.get(qn("w:numId"), "")] = ref.get(qn("w:val"), "")

    def _val(self, el: Any, tag: str, default: str) -> str:
        child = el.find(self.qn(tag))
        return child.get(self.qn("w:val"), default) if child is not None else default

    def _num_pr(self, paragraph: Any) -> tuple[str, int] | None:
        for holder in (paragraph._p.pPr, getattr(paragraph.style, "element", None)):
            ppr = holder if holder is None or holder.tag.endswith("pPr") else holder.pPr
            if ppr is None:
                continue
            num_pr = ppr.find(self.qn("w:numPr"))
            if num_pr is None:
                continue
            num_id = self._val(num_pr, "w:numId", "")
            ilvl = int(self._val(num_pr, "w:ilvl", "0") or 0)
            if num_id and num_id != "0":
                return num_id, ilvl
        return None

    def marker(self, paragraph: Any) -> str:
        found = self._num_pr(paragraph)
        if not found:
            return ""
        num_id, ilvl = found
        levels = self.levels.get(self.nums.get(num_id, ""), {})
        fmt, text, start = levels.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
        counts = self.counters.setdefault(num_id, [0] * 9)
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else start
        if fmt == "bullet":
            return "-" if ilvl == 0 else "+"
        if fmt == "none":
            return ""

        def render(m: re.Match[str]) -> str:
            level = int(m[1]) - 1
            lvl_fmt = levels.get(level, ("decimal", "", 1))[0]
            return _format_number(counts[level] or 1, lvl_fmt)

        return re.sub(r"%(\d)", render, text).strip()


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = "abcdefghijklmnopqrstuvwxyz"
        s = letters[(n - 1) % 26]
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.lower() if fmt == "lowerRoman" else s
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def read_docx(data: bytes) -> str:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise PlanImportError(
            _("This .docx file is damaged or is not a Word document (it is not a zip archive)."),
            code="bad_docx",
        )
    try:
        from docx import Document
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds on a broken package
        raise PlanImportError(
            _("This .docx file is damaged or is not a Word document."), code="bad_docx"
        ) from exc
    numbering = _Numbering(document)
    lines: list[str] = []
    for el in document.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(el, document)
            text = paragraph.text.strip()
            marker = numbering.marker(paragraph)
            if text and marker and not MARKER.match(text):
                text = f"{marker} {text}"
            lines.extend(text.split("\n") if text else [""])
        elif tag == "tbl":
            table = Table(el, document)
            rows = []
            for row in table.rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append("\n".join(p.text for p in cell.paragraphs))
                rows.append(cells)
            lines.append("")
            lines.extend(table_lines(rows))
            lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# .pdf
# ---------------------------------------------------------------------------------------

_PAGE_LINE = re.compile(r"^\s*(?:trang\s*)?[-–]?\s*\d{1,3}\s*(?:/\s*\d{1,3})?\s*[-–]?\s*$", re.I)


def read_pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    unreadable = PlanImportError(
        _("This PDF file is damaged or protected and cannot be read."), code="unreadable"
    )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise unreadable
        pages = [page.extract_text() or "" for page in reader.pages]
    except PlanImportError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise unreadable from exc
    out = []
    for page in pages:
        lines = page.split("\n")
        while lines and _PAGE_LINE.match(lines[0]):
            lines.pop(0)
        while lines and _PAGE_LINE.match(lines[-1]):
            lines.pop()
        out.append("\n".join(lines))
    text = "\n".join(out)
    if sum(ch.isalpha() for ch in text) < 20:
        raise PlanImportError(
            _(
                "This PDF has no text layer (it looks like a scanned image). Run text "
                "recognition (OCR) on it, or paste the text of the plan."
            ),
            code="scanned_pdf",
        )
    return text


# ---------------------------------------------------------------------------------------
# .html
# ---------------------------------------------------------------------------------------

_JUNK_TAGS = ("script", "style", "noscript", "nav", "aside", "form", "iframe", "svg", "button",
              "select", "input", "textarea", "template", "menu", "footer")  # fmt: skip
_JUNK_NAMES = re.compile(
    r"(?:^|[-_ ])(?:menu|nav|navbar|footer|sidebar|breadcrumbs?|share|social|comments?|banner|"
    r"advert|ads|related|widget|counter|thongke|thong-ke|lienket|lien-ket|toolbar|pagination|"
    r"cookie|login|search|tags?|rating|vote)(?:$|[-_ ])",
    re.I,
)
_MAIN_NAMES = re.compile(
    r"content|detail|article|main|post|entry|noidung|chitiet|news-body|body", re.I
)
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
           "blockquote", "pre", "ul", "ol", "dd", "dt", "figcaption", "header", "main", "center")  # fmt: skip


def _names(tag: Any) -> str:
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = [classes]
    return " ".join([*classes, str(tag.get("id") or "")])


def read_html(data: bytes) -> str:
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(data, "lxml")
    except Exception:  # lxml missing: the standard library parser reads it too
        soup = BeautifulSoup(data, "html.parser")
    for tag in soup(list(_JUNK_TAGS)):
        tag.decompose()
    for tag in list(soup.find_all(True)):
        if tag.decomposed or tag.name in ("html", "body"):
            continue
        if _JUNK_NAMES.search(_names(tag)) and not tag.find(["h1", "article"]):
            tag.decompose()
    found: list[Any] = [soup.find("article")]
    found += [
        t for t in soup.find_all(["div", "section", "main", "td"]) if _MAIN_NAMES.search(_names(t))
    ]
    candidates = [c for c in found if c is not None]
    main: Any = max(candidates, key=lambda t: len(t.get_text()), default=None) or soup.body or soup
    title = ""
    h1 = soup.find("h1")
    if h1 is not None and main is not soup and h1 not in main.descendants:
        title = h1.get_text(" ", strip=True)
    for br in main.find_all("br"):
        br.replace_with("\n")
    for table in main.find_all("table"):
        if table.find("table"):
            continue
        rows = [
            [c.get_text("\n", strip=True) for c in tr.find_all(["td", "th"])]
            for tr in table.find_all("tr")
        ]
        table.replace_with("\n" + "\n".join(table_lines(rows)) + "\n")
    for li in main.find_all("li"):
        text = li.get_text(" ", strip=True)
        if text and not MARKER.match(text):
            parent = li.find_parent(["ol", "ul"])
            if parent is not None and parent.name == "ol":
                li.insert(0, f"{len(li.find_previous_siblings('li')) + 1}. ")
            else:
                li.insert(0, "- ")
    for tag in main.find_all(list(_BLOCKS)):
        tag.insert_before("\n")
        tag.append("\n")
    text = main.get_text()
    lines = [" ".join(line.split()) for line in text.split("\n")]
    body = "\n".join(line for line in lines if line)
    return f"{title}\n{body}" if title else body


# ---------------------------------------------------------------------------------------
# Dispatch
# ---------------------------------------------------------------------------------------

_READERS: dict[str, Callable[[bytes], str]] = {
    ".txt": decode_text,
    ".text": decode_text,
    ".md": decode_text,
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".html": read_html,
    ".htm": read_html,
}


def extract_text(source: Source, filename: str | None = None) -> str:
    """The text of a plan file (see the module docstring), or PlanImportError."""
    name = _name_of(source, filename)
    ext = Path(name).suffix.lower()
    reader = _READERS.get(ext)
    if reader is None:
        raise PlanImportError(
            _(
                "Files of type “%(ext)s” cannot be read. Use .txt, .docx, .pdf or .html "
                "(save a .doc file as .docx first)."
            )
            % {"ext": ext or name or "?"},
            code="unknown_extension",
        )
    data = _read_bytes(source)
    if not data.strip():
        raise PlanImportError(_("The file is empty."), code="empty")
    text = reader(data)
    if not text.strip():
        raise PlanImportError(_("The file contains no text."), code="empty")
    return text
