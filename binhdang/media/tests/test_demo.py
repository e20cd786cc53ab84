"""The demo loader: Hải Phòng's media agencies, statuses 2023–2026, one assessment; twice
is the same as once."""

import pytest
from django.test import override_settings

from binhdang.media.demo import demo_media_load
from binhdang.media.models import Adoption, Assessment, MediaAgency
from binhdang.media.selectors import adoption_counts, adoption_status

pytestmark = pytest.mark.django_db


def test_demo_loads_once(world):
    from tests.world import make_agency

    bao = make_agency(world.hp, "Báo Hải Phòng", "bao", "media")
    first = demo_media_load()
    assert first == {"agencies": 4, "statuses": 9, "assessments": 1}
    assert demo_media_load() == {"agencies": 0, "statuses": 0, "assessments": 0}
    assert MediaAgency.objects.count() == 4
    paper = MediaAgency.objects.get(name="Báo Hải Phòng")
    assert paper.agency == bao
    station = MediaAgency.objects.get(kind="radio_tv")
    assert adoption_status(station, 2023) == "pilot"
    assert adoption_status(station, 2025) == "official"
    assert adoption_status(paper, 2023) == "none"
    assert adoption_status(paper, 2026) == "official"
    assert Assessment.objects.get().media_agency == station
    centres = MediaAgency.objects.filter(kind="local_centre").order_by("unit__code")
    assert [c.unit for c in centres] == [world.hp_a, world.hp_b]
    assert adoption_counts(year=2025, unit=world.hp) == {"total": 4, "pilot": 3, "official": 1}
    assert Adoption.objects.filter(year__in=[2023, 2024, 2025, 2026]).count() == 9


def test_demo_without_hai_phong_does_nothing(db):
    assert demo_media_load() == {"agencies": 0, "statuses": 0, "assessments": 0}


@override_settings(BINHDANG_ALLOW_DEMO_DATA=False)
def test_demo_is_refused_unless_allowed(db):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        demo_media_load()
