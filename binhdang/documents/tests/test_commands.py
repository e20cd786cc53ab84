"""`binhdang print-plan PLAN_ID -o FILE.docx [--pdf]`. Messages are Vietnamese (the default)."""

import io

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from binhdang.documents import pdf

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("print_plan", *args, stdout=out)
    return out.getvalue()


def test_writes_the_docx(plan_ct, tmp_path):
    target = tmp_path / "out" / "ke-hoach.docx"
    text = run(str(plan_ct.pk), "-o", str(target))
    assert str(target) in text
    doc = docx.Document(str(target))
    assert doc.tables[0].cell(1, 1).text == "Cần Thơ, ngày 28 tháng 01 năm 2019"


def test_adds_the_docx_suffix(plan_ct, tmp_path):
    run(str(plan_ct.pk), "-o", str(tmp_path / "ke-hoach"))
    assert (tmp_path / "ke-hoach.docx").is_file()


def test_unknown_plan(db, tmp_path):
    with pytest.raises(CommandError, match="Không có kế hoạch 4242"):
        run("4242", "-o", str(tmp_path / "x.docx"))


def test_pdf_without_libreoffice_says_so(plan_ct, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match="Chưa cài LibreOffice"):
        run(str(plan_ct.pk), "-o", str(tmp_path / "x.docx"), "--pdf")
    assert (tmp_path / "x.docx").is_file()  # the DOCX is written all the same


@pytest.mark.skipif(
    pdf.soffice_path() is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
)
def test_writes_the_pdf(plan_ct, tmp_path):
    run(str(plan_ct.pk), "-o", str(tmp_path / "x.docx"), "--pdf")
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")
