"""The printed plan through LibreOffice: a real multi-page PDF with the decree's texts.

The first page is kept as a picture for people to look at:
artifacts/documents/plan_000_page1.png.
"""

import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from binhdang.documents import pdf
from binhdang.documents.builders.plan_docx import build_plan_docx
from binhdang.documents.selectors import plan_doc_data

ARTIFACTS = Path(settings.BASE_DIR) / "artifacts" / "documents"

needs_libreoffice = pytest.mark.skipif(
    pdf.soffice_path() is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui "
    "fonts-liberation poppler-utils",
)


def page_text(page) -> str:
    text = unicodedata.normalize("NFC", page.extract_text() or "")
    return re.sub(r"[ \t\u00a0]+", " ", text)


def test_missing_libreoffice_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(pdf.LibreOfficeMissing, match="Chưa cài LibreOffice"):
        pdf.docx_to_pdf(b"PK")


def test_a_failed_conversion_gives_libreoffice_s_message(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: "/usr/bin/soffice")
    monkeypatch.setattr(
        pdf.subprocess,
        "run",
        lambda command, **kw: subprocess.CompletedProcess(command, 1, "", "Error: source file"),
    )
    with pytest.raises(pdf.ConversionError, match="không chuyển được.*Error: source file"):
        pdf.docx_to_pdf(b"PK")


def test_a_conversion_that_hangs_is_stopped(monkeypatch):
    def hang(command, **kw):
        raise subprocess.TimeoutExpired(command, kw["timeout"])

    monkeypatch.setattr(pdf.shutil, "which", lambda name: "/usr/bin/soffice")
    monkeypatch.setattr(pdf.subprocess, "run", hang)
    with pytest.raises(pdf.ConversionError, match="trong 5 giây"):
        pdf.docx_to_pdf(b"PK", timeout=5)


@needs_libreoffice
@pytest.mark.django_db
def test_plan_as_pdf_and_picture(plan_hp, content_hp):
    data = plan_doc_data(plan_hp)
    document = pdf.docx_to_pdf(build_plan_docx(data))
    assert document.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(document))
    assert len(reader.pages) > 1

    first = page_text(reader.pages[0])
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ HẢI PHÒNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",  # on one line: the column holds it
        "Độc lập - Tự do - Hạnh phúc",
        "/KH-UBND",
        "Hải Phòng, ngày",
        "KẾ HOẠCH",
        "I. MỤC TIÊU",
    ):
        assert expected in first, expected
    assert not first.lstrip().startswith("1\n")  # no page number on page 1
    assert page_text(reader.pages[1]).lstrip().startswith("2")  # centred on top from page 2

    everything = "\n".join(page_text(p) for p in reader.pages)
    last = page_text(reader.pages[-1])
    assert "Nơi nhận:" in last and "- Lưu: VT." in last
    assert "TM. ỦY BAN NHÂN DÂN" in last and "PHÓ CHỦ TỊCH" in last
    assert "trước ngày 10/12 hằng năm./." in everything.replace("\n", " ")
    assert everything.count("Cơ quan chủ trì:") == sum(
        len(t["activities"]) for t in content_hp["tasks"]
    )

    # Times New Roman, or its metric twin where Microsoft's fonts are not installed
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts
    assert all(("Times" in f or "LiberationSerif" in f) for f in fonts), fonts

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: no picture kept")
    picture = pdf.pdf_page_png(document, page=1, dpi=100)
    assert picture.startswith(b"\x89PNG")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "plan_000_page1.png").write_bytes(picture)
    (ARTIFACTS / "plan_000.pdf").write_bytes(document)
