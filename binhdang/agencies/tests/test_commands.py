"""`binhdang load_agencies` and `binhdang resolve_agency`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from binhdang.agencies.models import Agency

pytestmark = pytest.mark.django_db


def _run(*args, **kwargs) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


def test_load_agencies_prints_the_counts_and_can_run_twice(small_map):
    first = _run("load_agencies")
    count = Agency.objects.count()
    assert count > 300 and str(count) in first
    second = _run("load_agencies")
    assert Agency.objects.count() == count
    assert str(count) in second  # "already there: N"


def test_resolve_agency_uses_the_map_of_the_date(loaded):
    out = _run("resolve_agency", "Sở LĐTBXH", unit="92", date="2019-01-28")
    assert "→ Sở Lao động - Thương binh và Xã hội thành phố Cần Thơ" in out
    assert "abbreviation" in out
    out = _run("resolve_agency", "Sở LĐTBXH", unit="92", date="2026-01-01")
    assert "→ Sở Nội vụ thành phố Cần Thơ" in out


def test_resolve_agency_splits_a_list(loaded):
    out = _run(
        "resolve_agency",
        "Sở Y tế, Hội Liên hiệp phụ nữ thành phố và Ủy ban nhân dân các quận, huyện",
        unit="L31",
        date="2022-03-14",
        split=True,
    )
    assert out.count("“") == 3
    assert "→ Ủy ban nhân dân quận Hồng Bàng" in out


def test_resolve_agency_reports_bad_input(loaded):
    with pytest.raises(CommandError):
        _run("resolve_agency", "Sở Y tế", date="28/01/2019")
    with pytest.raises(CommandError):
        _run("resolve_agency", "Sở Y tế", unit="99")
