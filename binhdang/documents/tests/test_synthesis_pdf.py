"""A generated synthesis report through LibreOffice: PDF pages and pictures of them.

Skipped, with the reason, where LibreOffice is not installed (CI installs it). The first
page and the first appendix page are kept as PNG in var/artefacts/ (git-ignored) for
people to look at.
"""

import io
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from binhdang.documents import pdf

ARTEFACTS = Path(settings.BASE_DIR) / "var" / "artefacts"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        pdf.soffice_path() is None,
        reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui "
        "fonts-liberation poppler-utils",
    ),
]


def _text(page) -> str:
    text = unicodedata.normalize("NFC", page.extract_text() or "")
    return re.sub(r"[ \t\u00a0]+", " ", text)


def test_synthesis_report_as_pdf_and_pictures(
    synthesis_world, focal_hp, settings, django_capture_on_commit_callbacks
):
    from binhdang.documents.services import report_request

    settings.BINHDANG_SYNTHESIS_PDF = True  # the fixture switches it off for speed
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            actor=focal_hp, kind="annual", year=2025, plan=synthesis_world.plan_hp
        )
    version = report.latest
    assert version.status == "done", version.error
    assert version.pdf, version.pdf_note
    document = version.pdf.read()
    reader = PdfReader(io.BytesIO(document))
    # body (3 portrait pages with the two charts) + 3 landscape appendices
    assert 5 <= len(reader.pages) <= 8, len(reader.pages)
    first = _text(reader.pages[0])
    for expected in ("SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "BÁO CÁO", "Kính gửi:", "I. KẾT QUẢ THỰC HIỆN"):  # fmt: skip
        assert expected in first, expected
    everything = "\n".join(_text(p) for p in reader.pages)
    assert "Nơi nhận:" in everything and "GIÁM ĐỐC" in everything
    assert "Phụ lục III" in everything and "KẾT QUẢ THEO CƠ QUAN, ĐƠN VỊ BÁO CÁO" in everything
    landscape = [p for p in reader.pages if p.mediabox.width > p.mediabox.height]
    assert len(landscape) >= 3  # the appendices
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: no picture kept")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    first_png = pdf.pdf_page_png(document, page=1, dpi=80)
    assert first_png.startswith(b"\x89PNG")
    (ARTEFACTS / "synthesis_page1.png").write_bytes(first_png)
    appendix_page = len(reader.pages) - len(landscape) + 1
    (ARTEFACTS / "synthesis_appendix.png").write_bytes(
        pdf.pdf_page_png(document, page=appendix_page, dpi=80)
    )
    (ARTEFACTS / "synthesis.pdf").write_bytes(document)
