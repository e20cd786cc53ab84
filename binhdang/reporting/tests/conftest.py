"""Reporting fixtures: a 2025 annual round on the Hải Phòng plan of tests/world.py."""

from datetime import date

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def _partner_linked(request):
    """Link the ward to the plan activity it partners, as the import review screen would:
    its report form then lists that activity."""
    if "world" not in request.fixturenames:
        return
    from binhdang.plans.models import Assignment

    world = request.getfixturevalue("world")
    Assignment.objects.get(activity__task__plan=world.plan_hp, role="partner").agencies.add(
        world.ubnd_hp_a
    )


@pytest.fixture
def rnd(world):
    """tests/world.py opens it: 2025, deadline 10/12/2025, with the commune as partner."""
    return world.round_hp


@pytest.fixture
def sub_a(world, rnd):
    """Phường Thành Đông's report (partner of the plan's one activity)."""
    from binhdang.reporting.models import Submission

    return Submission.objects.get(round=rnd, agency=world.ubnd_hp_a)


@pytest.fixture
def reviewer_hp(world):
    return world.reviewer_hp


def filled(spec, **figures) -> dict:
    """A complete form content: every item done, the given figures {code: {cell: value}}."""
    return {
        "items": {
            i.key: {"status": "done", "done": "Đã tổ chức 2 hội nghị.", "results": "120 người dự",
                    "difficulties": "", "proposals": ""}
            for i in spec.items
        },
        "figures": {code: {"kind": "estimate", "values": cells} for code, cells in figures.items()},
        "general": {"summary": "", "difficulties": "Thiếu kinh phí.", "proposals": ""},
        "action_month": {},
    }  # fmt: skip


@pytest.fixture
def frozen_today(monkeypatch):
    """Pin 'today' (timezone.localdate) for deadline rules."""

    def pin(day: date):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    return pin
