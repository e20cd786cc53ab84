"""Reporting fixtures: a 2025 annual round on the Hải Phòng plan of tests/world.py."""

from datetime import date

import pytest
from django.utils import timezone


@pytest.fixture
def rnd(world):
    from binhdang.plans.models import Assignment
    from binhdang.reporting.services import round_open

    # The plan names "Ủy ban nhân dân phường Thành Đông" as partner; the small test world
    # has no aliases for the resolver, so link it as the review screen would.
    partner = Assignment.objects.get(activity__task__plan=world.plan_hp, role="partner")
    partner.agencies.add(world.ubnd_hp_a)
    return round_open(
        plan=world.plan_hp,
        actor=world.manager_hp,
        year=2025,
        opens_on=date(2025, 11, 1),
        deadline=date(2025, 12, 10),
    )


@pytest.fixture
def sub_a(world, rnd):
    """Phường Thành Đông's report (partner of the plan's one activity)."""
    from binhdang.reporting.models import Submission

    return Submission.objects.get(round=rnd, agency=world.ubnd_hp_a)


@pytest.fixture
def reviewer_hp(world):
    from binhdang.accounts.choices import Role
    from binhdang.accounts.services import user_create

    return user_create(
        username="rev.hp", password="pw-123456", agency=world.noivu_hp, roles=[Role.REVIEWER]
    )


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
