"""The count selectors on the records of conftest.py: year boundaries, areas (with the
pre-2025 units merged into a commune) and what lies outside the area."""

import pytest

from binhdang.registries.selectors import (
    award_counts,
    award_list,
    inspection_counts,
    model_site_counts,
    model_site_list,
    record_history,
    registry_summary,
)
from binhdang.registries.tests.conftest import grant

pytestmark = pytest.mark.django_db


def sites(active, maintained, replicated):
    return {"active": active, "maintained": maintained, "replicated": replicated}


@pytest.mark.parametrize(
    ("year", "area", "expected"),
    [
        # Everywhere: s_a, s_b (ended 2024), s_old (suspended, ran to 2024), s_ct.
        (2024, None, sites(4, 3, 1)),
        # s_b and s_old stopped in 2024; s_planned is only planned; s_new starts.
        (2025, None, sites(3, 2, 0)),
        (2025, "hp", sites(2, 1, 0)),
        (2023, "hp", sites(3, 2, 1)),
        # The old commune merged into Thành Đông counts there, not in Hải Dương.
        (2024, "hp_a", sites(2, 2, 0)),
        (2024, "hp_b", sites(1, 0, 1)),
        (2024, "ct", sites(1, 1, 0)),
        (2019, None, sites(2, 2, 0)),  # s_old (from 2018) and s_ct (from 2019)
        (2018, None, sites(1, 1, 0)),
        (2017, None, sites(0, 0, 0)),
        (2030, "hp", sites(2, 1, 0)),  # no end year: still running
    ],
)
def test_model_site_counts(world, records, year, area, expected):
    unit = getattr(world, area) if area else None
    assert model_site_counts(year=year, unit=unit) == expected


def test_model_site_counts_of_a_legacy_province_area(world, records):
    """Hải Dương province before 2025 holds the old commune only."""
    assert model_site_counts(year=2020, unit=world.old_hd) == sites(1, 1, 0)


def checks(inspections, with_violations, follow_up_open):
    return {
        "inspections": inspections,
        "with_violations": with_violations,
        "follow_up_open": follow_up_open,
    }


@pytest.mark.parametrize(
    ("year", "area", "expected"),
    [
        # i1 (1 Jan is i4, 31 Dec is i2), in progress counts as outstanding.
        (2025, "hp", checks(3, 1, 2)),
        (2025, None, checks(4, 2, 3)),
        (2024, "hp", checks(1, 1, 0)),  # i3 on 31/12/2024, follow-up done
        (2025, "hp_a", checks(2, 1, 1)),  # i1 and i4 (the old commune's agency)
        (2025, "hp_b", checks(1, 0, 1)),
        (2025, "ct", checks(1, 1, 1)),
        (2026, None, checks(0, 0, 0)),
    ],
)
def test_inspection_counts(world, records, year, area, expected):
    unit = getattr(world, area) if area else None
    assert inspection_counts(year=year, unit=unit) == expected


def awards(collectives, individuals, female, male):
    return {"collectives": collectives, "individuals": individuals, "female": female, "male": male}


@pytest.mark.parametrize(
    ("review", "year", "area", "expected"),
    [
        ("midterm", None, "hp", awards(1, 2, 1, 1)),
        ("midterm", None, None, awards(2, 2, 1, 1)),
        ("midterm", 2025, "hp_a", awards(1, 1, 0, 1)),  # a1 and a3 (old commune)
        ("midterm", 2024, None, awards(0, 0, 0, 0)),
        (None, 2024, None, awards(0, 1, 1, 0)),
        (None, None, "hp", awards(1, 4, 3, 1)),
        ("final", 2030, "hp", awards(0, 1, 1, 0)),
        (None, None, "ct", awards(1, 0, 0, 0)),
        ("annual", None, "hp_a", awards(0, 0, 0, 0)),
    ],
)
def test_award_counts(world, records, review, year, area, expected):
    unit = getattr(world, area) if area else None
    assert award_counts(review=review, year=year, unit=unit) == expected


def test_lists_start_from_the_users_scope(world, records):
    reporter = world.reporter_hp_a
    names = set(model_site_list(user=reporter).values_list("name", flat=True))
    assert names == {records.s_a.name, records.s_new.name, records.s_old.name}
    assert list(model_site_list(user=records.ct_user)) == [records.s_ct]
    admin = world.admin_hp
    assert records.s_ct not in model_site_list(user=admin)
    assert set(model_site_list(user=admin, filters={"year": "2025"})) == {
        records.s_a,
        records.s_new,
    }
    found = model_site_list(user=admin, filters={"q": "cau lac bo cam thuong"})
    assert list(found) == [records.s_old]
    assert set(award_list(user=admin, filters={"review": "midterm"})) == {
        records.a1,
        records.a2,
        records.a3,
    }


def test_summary_for_a_province_and_for_someone_without_scope(world, records):
    admin = grant(world.admin_hp)
    summary = registry_summary(user=admin, year=2025)
    assert summary.unit == world.hp
    assert summary.site_counts == sites(2, 1, 0)
    assert summary.inspection_counts == checks(3, 1, 2)
    assert summary.award_counts == awards(1, 2, 1, 1)
    assert summary.model_sites == 5  # everything in Hải Phòng, not Cần Thơ's
    viewer = world.nobody  # in scope, but no permission: nothing is counted
    assert registry_summary(user=viewer, year=2025).model_sites is None


def test_record_history_lists_the_audit_entries(world, records):
    from binhdang.registries.services import model_site_update

    model_site_update(actor=None, site=records.s_a, members_female=25)
    history = record_history(obj=records.s_a)
    assert [h.data.get("members_female") for h in history] == [[20, 25], 20]
