"""adoption_counts, adoption_status and the list, against a registry with known answers
(tests/conftest.py: `Registry`)."""

import pytest
from django.test import override_settings

from binhdang.media import selectors
from binhdang.media.services import adoption_set

pytestmark = pytest.mark.django_db


def counts(total, pilot, official):
    return {"total": total, "pilot": pilot, "official": official}


def test_counts_for_the_province_roll_up_communes_and_pre_2025_units(world, registry):
    """Hải Phòng: 7 active agencies (the inactive one and Cần Thơ's left out); pilot or
    official: Báo, Đài, the Thành Đông centre, the pre-2025 radio, the magazine without a
    decision; official: Báo (recorded) and the pre-2025 radio (derived)."""
    assert selectors.adoption_counts(year=2025, unit=world.hp) == counts(7, 5, 2)


def test_counts_for_a_commune_include_the_old_commune_merged_into_it(world, registry):
    assert selectors.adoption_counts(year=2025, unit=world.hp_a) == counts(3, 2, 1)


def test_recorded_none_beats_the_assessment_and_inactive_is_not_counted(world, registry):
    assert selectors.adoption_counts(year=2025, unit=world.hp_b) == counts(1, 0, 0)


def test_other_province_and_whole_country(world, registry):
    assert selectors.adoption_counts(year=2025, unit=world.ct) == counts(1, 1, 1)
    assert selectors.adoption_counts(year=2025, unit=world.ct_a) == counts(0, 0, 0)
    assert selectors.adoption_counts(year=2025) == counts(8, 6, 3)


def test_counts_are_per_year(world, registry):
    assert selectors.adoption_counts(year=2024) == counts(8, 1, 0)
    assert selectors.adoption_counts(year=2026, unit=world.hp) == counts(7, 0, 0)


def test_no_media_agency_gives_zeros(world):
    assert selectors.adoption_counts(year=2025, unit=world.hp) == counts(0, 0, 0)
    assert selectors.adoption_counts(year=2025) == counts(0, 0, 0)


def test_adoption_status_explicit_else_derived(registry):
    r = registry
    expected = {
        r.bao_hp: "official",
        r.dai_hp: "pilot",
        r.ttvh_a: "pilot",
        r.old_radio: "official",
        r.ttvh_b: "none",
        r.bao_ct: "official",
        r.late_a: "none",
        r.no_decision: "pilot",
    }
    for media, status in expected.items():
        assert selectors.adoption_status(media, 2025) == status, media.name
    assert selectors.adoption_status(r.late_a, 2024) == "pilot"
    assert selectors.adoption_status(r.bao_hp, 2024) == "none"


def test_python_and_sql_rules_agree(world, registry):
    from binhdang.media.models import MediaAgency

    for year in (2024, 2025):
        rows = selectors.with_status(MediaAgency.objects.all(), year=year)
        for media in rows:
            assert media.year_status == selectors.adoption_status(media, year), media.name


def test_clearing_the_record_falls_back_to_the_assessments(world, registry):
    adoption_set(actor=None, media_agency=registry.ttvh_b, year=2025, status=None)
    assert selectors.adoption_status(registry.ttvh_b, 2025) == "official"
    assert selectors.adoption_counts(year=2025, unit=world.hp_b) == counts(1, 1, 1)


@override_settings(BINHDANG_GSIM_OFFICIAL_REQUIRES_DECISION=False)
def test_official_without_a_decision_when_configured(world, registry):
    assert selectors.adoption_status(registry.no_decision, 2025) == "official"
    assert selectors.adoption_counts(year=2025, unit=world.hp) == counts(7, 5, 3)


@override_settings(BINHDANG_GSIM_PILOT_MIN_INDICATORS=3)
def test_pilot_threshold_is_configurable(world, registry):
    """Two sub-areas are no longer enough for the Thành Đông centre."""
    assert selectors.adoption_status(registry.ttvh_a, 2025) == "none"
    assert selectors.adoption_counts(year=2025, unit=world.hp) == counts(7, 4, 2)


def test_history_of_one_agency(registry):
    from binhdang.media.services import assessment_create

    assessment_create(actor=None, media_agency=registry.late_a, year=2022, areas=["A1"])
    rows = selectors.media_agency_history(media_agency=registry.late_a, until=2025)
    assert [(r.year, r.status, r.source) for r in rows] == [
        (2025, "none", ""),
        (2024, "pilot", "derived"),
        (2023, "none", ""),
        (2022, "pilot", "derived"),
    ]
    rows = selectors.media_agency_history(media_agency=registry.ttvh_b, until=2025)
    assert (rows[0].status, rows[0].source, rows[0].derived) == ("none", "recorded", "official")
