"""The demo conventions of Hải Phòng."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from binhdang.conventions.choices import ReviewResult
from binhdang.conventions.demo import DEMO_CONVENTIONS, demo_conventions_load
from binhdang.conventions.models import Convention
from binhdang.conventions.selectors import convention_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes(world):
    from tests.world import make_unit

    make_unit("11755", "Xã Tiên Lãng", "Tiên Lãng", "commune", parent=world.hp)
    make_unit("11824", "Xã Vĩnh Bảo", "Vĩnh Bảo", "commune", parent=world.hp)
    return world


def test_demo_is_loaded_once(communes):
    assert demo_conventions_load() == {"created": 5, "existing": 0, "skipped": 0}
    assert demo_conventions_load() == {"created": 0, "existing": 5, "skipped": 0}
    assert Convention.objects.count() == len(DEMO_CONVENTIONS) == 5
    dong_thai = Convention.objects.get(village_name="Đông Thái", status="in_force")
    assert dong_thai.flagged_count == dong_thai.discriminatory_found == 5
    assert dong_thai.clauses.filter(verdict="yes").count() == 5
    assert dong_thai.review_result == ReviewResult.DISCRIMINATION_FOUND
    reviewed = Convention.objects.exclude(review_result=ReviewResult.NOT_REVIEWED)
    assert {c.reviewed_on.year for c in reviewed} <= {2024, 2025, 2026}
    assert convention_counts(year=2026, unit=communes.hp) == {
        "total": 4,
        "reviewed": 3,
        "non_discriminatory": 2,
    }


def test_missing_communes_are_skipped(world):
    assert demo_conventions_load() == {"created": 2, "existing": 0, "skipped": 3}


def test_demo_needs_the_setting(world, settings):
    settings.BINHDANG_ALLOW_DEMO_DATA = False
    with pytest.raises(ImproperlyConfigured):
        demo_conventions_load()
