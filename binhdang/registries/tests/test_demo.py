"""The demo loader: seed 004's model sites in Cần Thơ's communes before 2025 (found by
code, or by name and district), Hải Phòng's, what is missing skipped, loaded once."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from binhdang.registries.demo import GBV_HARM, demo_registries_load
from binhdang.registries.models import Award, Inspection, ModelSite
from binhdang.registries.selectors import award_counts, inspection_counts, model_site_counts
from tests.world import make_agency, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_can_tho(world):
    """A few of Cần Thơ's pre-2025 communes: the plan's names, the official codes (one
    with a wrong code, found by its name and district instead)."""
    old = make_unit(
        "92", "Thành phố Cần Thơ", "Cần Thơ", "province", generation="legacy", province=world.ct
    )
    ninh_kieu = make_unit(
        "916", "Quận Ninh Kiều", "Ninh Kiều", "district", parent=old, generation="legacy"
    )
    co_do = make_unit("925", "Huyện Cờ Đỏ", "Cờ Đỏ", "district", parent=old, generation="legacy")
    binh_thuy = make_unit(
        "918", "Quận Bình Thuỷ", "Bình Thuỷ", "district", parent=old, generation="legacy"
    )
    for code, name, short, parent in (
        ("31135", "Phường Tân An", "Tân An", ninh_kieu),
        ("31255", "Xã Trung Hưng", "Trung Hưng", co_do),
        ("31276", "Xã Thới Đông", "Thới Đông", co_do),
        ("31171", "Phường Trà Nóc", "Trà Nóc", binh_thuy),
        ("99168", "Phường Bình Thủy", "Bình Thủy", binh_thuy),  # not the seed's code
    ):
        make_unit(code, name, short, "commune", parent=parent, generation="legacy")
    make_agency(old, "Sở Lao động - Thương binh và Xã hội", "so-ldtbxh")
    make_agency(old, "Ủy ban Mặt trận Tổ quốc Việt Nam", "ubmttq", "mass_org")
    return old  # fmt: skip


def test_demo_loads_what_it_finds_and_only_once(world, old_can_tho):
    first = demo_registries_load()
    assert first == {
        "model_sites": {"created": 7, "existing": 0, "skipped": 10},
        "inspections": {"created": 1, "existing": 0, "skipped": 1},
        "awards": {"created": 4, "existing": 0, "skipped": 1},
    }
    second = demo_registries_load()
    assert second == {
        "model_sites": {"created": 0, "existing": 7, "skipped": 10},
        "inspections": {"created": 0, "existing": 1, "skipped": 1},
        "awards": {"created": 0, "existing": 4, "skipped": 1},
    }
    assert ModelSite.objects.count() == 7
    assert Inspection.objects.count() == 1
    assert Award.objects.count() == 4


def test_demo_sites_sit_in_the_old_communes_and_count_in_todays_city(world, old_can_tho):
    demo_registries_load()
    thoi_dong = ModelSite.objects.get(unit__name="Xã Thới Đông")
    assert (thoi_dong.name, thoi_dong.mode, thoi_dong.start_year) == (GBV_HARM, "maintain", 2018)
    assert thoi_dong.unit.generation == "legacy"
    assert thoi_dong.lead_agency.catalogue_code == "so-ldtbxh"
    binh_thuy = ModelSite.objects.get(unit__name="Phường Bình Thủy")
    assert binh_thuy.unit.code == "99168"
    assert ModelSite.objects.get(unit__name="Phường Trà Nóc").model_type == "club"
    # Tân An, Bình Thủy, Trung Hưng, Thới Đông maintained since 2018, Trà Nóc new in 2019.
    assert model_site_counts(year=2019, unit=world.ct) == {
        "active": 5,
        "maintained": 4,
        "replicated": 0,
    }
    assert model_site_counts(year=2018, unit=world.ct)["active"] == 4
    assert inspection_counts(year=2025, unit=world.hp) == {
        "inspections": 1,
        "with_violations": 1,
        "follow_up_open": 1,
    }
    assert award_counts(review="midterm", unit=world.hp) == {
        "collectives": 2,
        "individuals": 2,
        "female": 1,
        "male": 1,
    }


def test_demo_is_refused_unless_allowed(world, settings):
    settings.BINHDANG_ALLOW_DEMO_DATA = False
    with pytest.raises(ImproperlyConfigured):
        demo_registries_load()
