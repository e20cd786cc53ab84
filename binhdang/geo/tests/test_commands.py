"""`binhdang load_units` and its `--check CODE` look-up."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("load_units", *args, stdout=out)
    return out.getvalue()


def test_load_units_is_idempotent_and_prints_the_figures(units):
    with translation.override("en"):
        output = run()
    assert "14165 units (0 created, 0 updated)" in output
    assert "Commune succession:" in output and "of 3321 communes since 1/7/2025" in output


def test_check_finds_a_unit_by_code(units):
    assert run("--check", "10510").startswith("10510\tPhường Thành Đông")


def test_check_of_an_unknown_code_fails_in_vietnamese_and_loads_nothing(units):
    from binhdang.core.models import AuditEntry

    before = AuditEntry.objects.count()
    with translation.override("vi"), pytest.raises(CommandError, match="Không có đơn vị"):
        run("--check", "00000")
    assert AuditEntry.objects.count() == before
