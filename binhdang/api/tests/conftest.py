"""The scope World (tests/world.py, with registries) plus a few figures per province."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Throttle counters live in the cache: each test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def add_figures(world) -> None:
    """Figures in the Hải Phòng ward's and the Cần Thơ department's reports (total, by sex,
    by target group; actual and estimate)."""
    from binhdang.reporting.models import DataElement, DataValue
    from binhdang.reporting.services import element_ids

    ids = element_ids()
    rows = [
        ("conventions.total", "", "", "actual", "12"),
        ("reach.participants", "male", "", "actual", "40"),
        ("reach.participants", "female", "", "actual", "55.5"),
        ("reach.by_group", "", "youth", "estimate", "7"),
    ]
    for sub in (world.submission_hp_a, world.submission_ct):
        for code, sex, group, kind, value in rows:
            DataValue.objects.create(
                element_id=ids[code], period=sub.round.period, agency_id=sub.agency_id,
                unit_id=sub.unit_id, sex=sex, target_group=group, kind=kind,
                value=Decimal(value), submission=sub,
                comment="ghi chú" if code == "conventions.total" else "",
            )  # fmt: skip
    world.value_hp = DataValue.objects.filter(submission=world.submission_hp_a).first()
    world.value_ct = DataValue.objects.filter(submission=world.submission_ct).first()
    assert DataElement.objects.exists()


@pytest.fixture
def api_world(roles):
    from tests.world import build_world

    world = build_world(registries=True)
    add_figures(world)
    return world


@pytest.fixture
def api():
    return APIClient()
