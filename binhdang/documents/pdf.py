"""PDF (and page pictures) from DOCX through LibreOffice, headless.

LibreOffice lays out the DOCX itself, so the PDF shows what Word users will see, in the
Decree 30 layout the builders wrote; Times New Roman is replaced by the metric-compatible
Liberation Serif where Microsoft's fonts are not installed (Debian: fonts-liberation).

Each conversion runs in its own temporary directory with its own LibreOffice profile
(`-env:UserInstallation`), so conversions can run side by side and never touch the
user's profile.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

DEFAULT_TIMEOUT = 180


class ConversionError(RuntimeError):
    """The conversion failed; the message says why."""


class LibreOfficeMissing(ConversionError):
    """Neither `soffice` nor `libreoffice` is on PATH."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx_bytes: bytes, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The PDF of a DOCX document.

    Raises LibreOfficeMissing when LibreOffice is not installed and ConversionError when
    it fails or gives no PDF.
    """
    soffice = soffice_path()
    if soffice is None:
        raise LibreOfficeMissing(
            _(
                "LibreOffice is not installed, so no PDF can be made. Install it "
                "(Debian: apt-get install libreoffice-writer-nogui fonts-liberation)."
            )
        )
    with tempfile.TemporaryDirectory(prefix="binhdang-pdf-") as tmp:
        work = Path(tmp)
        source = work / "document.docx"
        source.write_bytes(docx_bytes)
        profile = (work / "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        env = {**os.environ, "HOME": str(work)}
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, env=env, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(
                _("LibreOffice did not finish the PDF within %(s)d seconds.") % {"s": timeout}
            ) from exc
        target = work / "document.pdf"
        if result.returncode != 0 or not target.is_file():
            detail = (result.stderr or result.stdout or "").strip()[-500:]
            raise ConversionError(
                _("LibreOffice could not convert the document to PDF: %(detail)s")
                % {"detail": detail or result.returncode}
            )
        return target.read_bytes()


def pdf_page_png(pdf_bytes: bytes, *, page: int = 1, dpi: int = 100) -> bytes:
    """One page of a PDF as a PNG picture (poppler's pdftoppm)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise ConversionError(
            _("pdftoppm is not installed (Debian: apt-get install poppler-utils).")
        )
    with tempfile.TemporaryDirectory(prefix="binhdang-png-") as tmp:
        work = Path(tmp)
        source = work / "document.pdf"
        source.write_bytes(pdf_bytes)
        command = [
            pdftoppm,
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(source),
            str(work / "page"),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        target = work / "page.png"
        if result.returncode != 0 or not target.is_file():
            raise ConversionError(
                _("pdftoppm could not draw page %(page)d: %(detail)s")
                % {"page": page, "detail": result.stderr.strip()[-300:]}
            )
        return target.read_bytes()
