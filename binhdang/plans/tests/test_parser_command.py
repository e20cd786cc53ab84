"""`binhdang parse-plan FILE [--json] [--pretty]`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from binhdang.plans.tests.corpus import seeds


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("parse_plan", *args, stdout=out)
    return out.getvalue()


def test_json_output_is_the_interchange_format() -> None:
    data = json.loads(_run(str(seeds()[4].path), "--json"))
    assert data["doc_number"] == "262/KH-SLĐTBXH"
    assert data["issued_date"] == "2019-01-28"
    assert data["legal_bases"] == ["1696/QĐ-TTg", "142/KH-UBND", "346/UBND-KGVX"]
    assert len(data["responsibilities"]) == 18


def test_pretty_json_is_indented() -> None:
    text = _run(str(seeds()[1].path), "--json", "--pretty")
    assert text.startswith("{\n  ")
    assert json.loads(text)["doc_number"] == "183/KH-UBND"


def test_summary_without_json() -> None:
    text = _run(str(seeds()[0].path))
    assert "Ủy ban nhân dân thành phố Hải Phòng" in text
    assert "2025: 80 %" in text
    assert "Sở Tài chính (1)" in text


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(seeds()[3].path.read_text("utf-8")))
    data = json.loads(_run("-", "--json"))
    assert data["legal_bases"] == ["34/KH-UBND"]


def test_errors_give_the_message(tmp_path: Path) -> None:
    bad = tmp_path / "ke-hoach.docx"
    bad.write_bytes(b"not a zip")
    with translation.override("en"):
        with pytest.raises(CommandError, match="not a Word document"):
            _run(str(bad), "--json")
        with pytest.raises(CommandError, match="cannot be read"):
            _run(str(tmp_path / "x.odt"))
    # Vietnamese by default (binhdang/plans/locale).
    with pytest.raises(CommandError, match="không phải văn bản Word"):
        _run(str(bad), "--json")
