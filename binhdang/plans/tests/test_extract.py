"""Extraction from files: .txt encodings, .docx (numbering, tables), .pdf, .html; bad input."""

from __future__ import annotations

import io
import os
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from binhdang.plans.importers import PlanImportError, extract_text, parse_plan_file
from binhdang.plans.importers import extract as extract_module
from binhdang.plans.tests.corpus import FIXTURES, seeds

SEED_003 = seeds()[3].path
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Windows-1258 writes a base letter (â, ơ, ư…) followed by a combining tone mark."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + "".join(c for c in parts if c in _TONES))
    return "".join(out).encode("cp1258")


# ---------------------------------------------------------------------------------------
# .txt
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with BOM
        lambda t: t.encode("utf-16-le"),  # without BOM
        _cp1258,  # the Vietnamese Windows code page (tones as combining marks)
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16le-nobom", "cp1258"],
)
def test_text_encodings(encode: Callable[[str], bytes]) -> None:
    text = SEED_003.read_text("utf-8")
    expected = parse_plan_file(SEED_003).to_dict()
    data = encode(text)
    assert parse_plan_file(data, "ke-hoach.txt").to_dict() == expected


def test_file_object_and_path_inputs(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(SEED_003.read_bytes())
    expected = parse_plan_file(path).to_dict()
    assert parse_plan_file(str(path)).to_dict() == expected
    with path.open("rb") as handle:
        assert parse_plan_file(handle, "plan.txt").to_dict() == expected


# ---------------------------------------------------------------------------------------
# .docx
# ---------------------------------------------------------------------------------------


def _docx() -> bytes:
    from docx import Document

    doc = Document()
    header = doc.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 88/KH-UBND"
    header.cell(
        0, 1
    ).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nQuảng Trị, ngày 10 tháng 02 năm 2026"
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Thực hiện công tác bình đẳng giới năm 2026")
    doc.add_paragraph(
        "Căn cứ Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ; Ủy ban nhân dân tỉnh "
        "ban hành Kế hoạch như sau:"
    )
    doc.add_paragraph("MỤC TIÊU")  # a heading without its number (Word numbering lost)
    doc.add_paragraph(
        "Đến năm 2026 đạt 100% sở, ngành có kế hoạch bình đẳng giới.", style="List Bullet"
    )
    doc.add_paragraph("Mỗi xã tổ chức ít nhất 02 buổi truyền thông.", style="List Bullet")
    doc.add_paragraph("NHIỆM VỤ VÀ GIẢI PHÁP")
    doc.add_paragraph("Tuyên truyền về bình đẳng giới.", style="List Number")
    doc.add_paragraph("Kiểm tra việc thực hiện pháp luật về bình đẳng giới.", style="List Number")
    doc.add_paragraph("HOẠT ĐỘNG CỤ THỂ")
    table = doc.add_table(rows=4, cols=5)
    rows = [
        ("STT", "Nội dung hoạt động", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"),
        ("I", "Truyền thông", "", "", ""),
        ("1", "Tổ chức mít tinh Tháng hành động", "Sở Nội vụ", "Hội Liên hiệp Phụ nữ tỉnh, Tỉnh đoàn",
         "Từ 15/11 đến 15/12 hằng năm"),
        ("2", "Phát hành tờ rơi", "Sở Văn hóa, Thể thao và Du lịch", "", "Quý III/2026"),
    ]  # fmt: skip
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    doc.add_paragraph("TỔ CHỨC THỰC HIỆN")
    doc.add_paragraph("Sở Nội vụ chủ trì, theo dõi việc thực hiện Kế hoạch.", style="List Number 2")
    doc.add_paragraph("Sở Tài chính bố trí kinh phí thực hiện.", style="List Number 2")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_tables_and_lost_numbering() -> None:
    data = _docx()
    text = extract_text(data, "ke-hoach.docx")
    assert "Cơ quan chủ trì: Sở Nội vụ" in text
    plan = parse_plan_file(data, "ke-hoach.docx")
    assert plan.doc_number == "88/KH-UBND"
    assert plan.issued_date == "2026-02-10"
    assert plan.issuer == "Ủy ban nhân dân tỉnh Quảng Trị"
    assert plan.place == "tỉnh Quảng Trị"
    assert plan.period == [2026, 2026]
    assert [b.number for b in plan.legal_bases] == ["28/NQ-CP"]
    assert [m.to_dict() for t in plan.targets for m in t.milestones] == [
        {"year": 2026, "value": 100, "unit": "%"},
        {"year": None, "value": 2, "unit": "buổi", "comparison": ">="},
    ]
    titles = [t.title for t in plan.tasks]
    assert titles == [
        "Tuyên truyền về bình đẳng giới.",
        "Kiểm tra việc thực hiện pháp luật về bình đẳng giới.",
        "Truyền thông",
    ]
    activities = plan.tasks[2].activities
    assert [a.title for a in activities] == ["Tổ chức mít tinh Tháng hành động", "Phát hành tờ rơi"]
    assert activities[0].lead == ["Sở Nội vụ"]
    assert activities[0].partners == ["Hội Liên hiệp Phụ nữ tỉnh", "Tỉnh đoàn"]
    assert activities[0].timing_parsed is not None
    assert activities[0].timing_parsed.window == ["15/11", "15/12"]
    assert activities[1].lead == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert [r.agency for r in plan.responsibilities] == ["Sở Nội vụ", "Sở Tài chính"]


def test_docx_that_is_not_a_zip() -> None:
    with pytest.raises(PlanImportError) as err:
        extract_text(b"PK? not really a zip file", "ke-hoach.docx")
    assert err.value.code == "bad_docx"


def test_zip_that_is_not_a_docx() -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(PlanImportError) as err:
        extract_text(buffer.getvalue(), "ke-hoach.docx")
    assert err.value.code == "bad_docx"


# ---------------------------------------------------------------------------------------
# .pdf (written by hand: a Type0 font whose codes are Unicode code points, with ToUnicode)
# ---------------------------------------------------------------------------------------


def _pdf(lines: list[str]) -> bytes:
    chars = sorted({ch for line in lines for ch in line})
    content = (
        "BT /F1 11 Tf 50 800 Td 14 TL\n"
        + "".join("<" + "".join(f"{ord(ch):04X}" for ch in line) + "> Tj T*\n" for line in lines)
        + "ET"
    )
    bfchar = []
    for start in range(0, len(chars), 100):
        block = chars[start : start + 100]
        bfchar.append(f"{len(block)} beginbfchar\n")
        bfchar.extend(f"<{ord(c):04X}> <{ord(c):04X}>\n" for c in block)
        bfchar.append("endbfchar\n")
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        + "".join(bfchar)
        + "endcmap CMapName currentdict /CMap defineresource pop end end"
    )

    def stream(body: str) -> str:
        data = body.encode("latin-1")
        return f"<< /Length {len(data)} >>\nstream\n{body}\nendstream"

    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(content),
        "<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H "
        "/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial /CIDSystemInfo "
        "<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>",
        stream(cmap),
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


PDF_LINES = [
    "KẾ HOẠCH",
    "Thực hiện Chương trình truyền thông về bình đẳng giới đến năm 2030",
    "Thực hiện Kế hoạch số 34/KH-UBND ngày 28/02/2022 của Uỷ ban nhân dân Tỉnh,",
    "Uỷ ban nhân dân Huyện xây dựng Kế hoạch như sau:",
    "I. MỤC TIÊU",
    "- Đến năm 2025 có 95% và đến năm 2030 đạt 100% quy ước khóm, ấp đã",
    "được thông qua không có sự phân biệt đối xử về giới.",
    "II. NHIỆM VỤ VÀ GIẢI PHÁP",
    "1. Kiểm tra, giám sát công tác tuyên truyền.",
    "1",
]


def test_pdf_text_layer() -> None:
    data = _pdf(PDF_LINES)
    text = extract_text(data, "ke-hoach.pdf")
    assert "quy ước khóm, ấp" in text
    plan = parse_plan_file(data, "KE-HOACH.PDF")
    assert plan.issuer == "Ủy ban nhân dân huyện"
    assert plan.legal_bases[0].number == "34/KH-UBND"
    assert plan.targets[0].text == (
        "Đến năm 2025 có 95% và đến năm 2030 đạt 100% quy ước khóm, ấp đã được thông qua "
        "không có sự phân biệt đối xử về giới."
    )
    assert [t.title for t in plan.tasks] == ["Kiểm tra, giám sát công tác tuyên truyền."]


def test_scanned_pdf_without_text_is_refused() -> None:
    data = _pdf([])
    with pytest.raises(PlanImportError) as err:
        extract_text(data, "scan.pdf")
    assert err.value.code == "scanned_pdf"
    assert "OCR" in err.value.message


def test_damaged_pdf() -> None:
    with pytest.raises(PlanImportError) as err:
        extract_text(b"%PDF-1.4\nthis is not a pdf at all", "broken.pdf")
    assert err.value.code in ("unreadable", "scanned_pdf")


# ---------------------------------------------------------------------------------------
# .html
# ---------------------------------------------------------------------------------------


def test_html_page_without_its_chrome() -> None:
    path = FIXTURES / "unseen" / "u3_danang_2027.html"
    text = extract_text(path)
    for chrome in ("Trang chủ", "Lượt xem", "Đang truy cập", "Bản quyền", "views", "Liên kết"):
        assert chrome not in text
    assert text.splitlines()[:2] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ ĐÀ NẴNG"]
    assert "- Xây dựng kế hoạch thực hiện tại địa phương." in text


def test_html_without_containers_uses_the_body() -> None:
    page = (
        "<html><body><script>x=1</script><h1>Kế hoạch triển khai bình đẳng giới</h1>"
        "<p>I. NHIỆM VỤ</p><ol><li>Tuyên truyền.</li><li>Kiểm tra.</li></ol></body></html>"
    ).encode()
    plan = parse_plan_file(page, "page.htm")
    assert [t.title for t in plan.tasks] == ["Tuyên truyền.", "Kiểm tra."]


# ---------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", "\ufeff".encode()])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(PlanImportError) as err:
        parse_plan_file(data, "empty.txt")
    assert err.value.code == "empty"


def test_unknown_extension() -> None:
    with pytest.raises(PlanImportError) as err:
        parse_plan_file(b"data", "ke-hoach.doc")
    assert err.value.code == "unknown_extension"
    assert ".doc" in str(err.value)


def test_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(extract_module.MAX_BYTES + 1)  # sparse: nothing is written or read
    with pytest.raises(PlanImportError) as err:
        parse_plan_file(big)
    assert err.value.code == "too_large"


def test_bytes_and_uploads_over_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "MAX_BYTES", 10)
    with pytest.raises(PlanImportError) as err:
        parse_plan_file(b"x" * 11, "plan.txt")
    assert err.value.code == "too_large"

    class Upload(io.BytesIO):
        size = 11

        def read(self, size: int | None = -1, /) -> bytes:
            raise AssertionError("must not read a file that is too large")

    with pytest.raises(PlanImportError):
        parse_plan_file(Upload(b""), "plan.txt")


def test_missing_file() -> None:
    with pytest.raises(PlanImportError) as err:
        parse_plan_file(os.path.join("no", "such", "plan.txt"))
    assert err.value.code == "unreadable"


def test_a_text_file_that_is_not_a_plan() -> None:
    with pytest.raises(PlanImportError) as err:
        parse_plan_file("Danh sách khách mời dự tiệc cưới.\nÔng A, bà B.".encode(), "list.txt")
    assert err.value.code == "not_a_plan"
