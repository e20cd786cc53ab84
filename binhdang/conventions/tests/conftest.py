"""Helpers of the conventions tests: permissions given directly, conventions made by the
system (no permission needed), the demo text."""

from datetime import date

import pytest

from binhdang.conventions.choices import ConventionKind, VillageKind

ALL_PERMS = ("view_convention", "add_convention", "change_convention")


@pytest.fixture
def world(world):
    """The shared world without any convention it may hold: these tests count their own."""
    from binhdang.conventions.models import Convention

    Convention.objects.all().delete()
    return world


@pytest.fixture
def grant():
    """grant(user, "view_convention", …) → the user, reloaded so no cache is stale."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    def _grant(user, *codenames):
        codenames = codenames or ALL_PERMS
        perms = Permission.objects.filter(
            content_type__app_label="conventions", codename__in=codenames
        )
        assert perms.count() == len(set(codenames))
        user.user_permissions.add(*perms)
        return get_user_model().objects.get(pk=user.pk)

    return _grant


@pytest.fixture
def make():
    """make(unit, **fields) → a convention registered by the system."""
    from binhdang.conventions.services import convention_create

    counter = {"n": 0}

    def _make(unit, **fields):
        counter["n"] += 1
        values = {
            "kind": ConventionKind.VILLAGE_CHARTER,
            "village_kind": VillageKind.THON,
            "village_name": f"Thôn {counter['n']}",
            "adopted_on": date(2020, 1, 1),
        }
        values.update(fields)
        return convention_create(actor=None, unit=unit, **values)

    return _make


DISCRIMINATORY_TEXT = """HƯƠNG ƯỚC THÔN ĐÔNG THÁI
Điều 1. Mọi người dân trong thôn có trách nhiệm thực hiện hương ước này.
Điều 2. Cưới hỏi
1. Nam nữ tự nguyện kết hôn theo quy định của pháp luật.
2. Khi cưới, nhà trai phải nộp cho nhà gái 3 con trâu và tiền thách cưới.
Điều 3. Thừa kế
Đất hương hỏa chỉ để lại cho con trai trưởng.
"""
