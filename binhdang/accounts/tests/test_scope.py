"""The scope rule: a unit and everything below it, plus the old units now inside it."""

import pytest

from binhdang.accounts.scope import scope_for
from binhdang.agencies.models import Agency
from binhdang.geo.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def visible_units(user):
    return set(AdministrativeUnit.objects.visible_to(user).values_list("pk", flat=True))


def test_commune_reporter_sees_own_commune_its_predecessors_and_parents_only(world):
    seen = visible_units(world.reporter_hp_a)
    assert world.hp_a.pk in seen
    assert world.old_commune.pk in seen  # merged into Thành Đông on 1/7/2025
    assert world.hp.pk in seen  # the province, for context
    assert world.hp_b.pk not in seen  # a sibling commune
    assert world.ct.pk not in seen and world.ct_a.pk not in seen
    assert world.old_hd.pk not in seen


def test_provincial_user_sees_the_province_and_the_old_units_now_inside_it(world):
    seen = visible_units(world.viewer_hp)
    assert {
        world.hp.pk,
        world.hp_a.pk,
        world.hp_b.pk,
        world.old_hd.pk,
        world.old_commune.pk,
    } <= seen
    assert world.ct.pk not in seen and world.ct_a.pk not in seen


def test_user_without_agency_sees_nothing_superuser_everything(world, django_user_model):
    lost = django_user_model.objects.create_user("lost", password="x")
    assert visible_units(lost) == set()
    root = django_user_model.objects.create_superuser("root", password="x")
    assert visible_units(root) == set(AdministrativeUnit.objects.values_list("pk", flat=True))


def test_anonymous_scope_is_empty():
    from django.contrib.auth.models import AnonymousUser

    assert scope_for(AnonymousUser()).nothing is True


def test_agencies_follow_the_unit_scope(world):
    seen = set(Agency.objects.visible_to(world.reporter_hp_a).values_list("pk", flat=True))
    assert world.ubnd_hp_a.pk in seen
    assert world.yte_hp.pk in seen  # the province's departments: its parent unit
    assert world.ubnd_hp_b.pk not in seen
    assert world.yte_ct.pk not in seen


def test_visible_to_has_no_duplicates(world):
    qs = AdministrativeUnit.objects.visible_to(world.reporter_hp_a)
    assert qs.count() == len(set(qs.values_list("pk", flat=True)))
