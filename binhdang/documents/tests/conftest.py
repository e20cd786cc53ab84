"""Plans made from the seed annotations (interchange format) in the two-province world."""

import json
from pathlib import Path

import pytest

from binhdang.plans import tests as plan_tests

FIXTURES = Path(plan_tests.__file__).resolve().parent / "fixtures"
SEED_HP = "000_9aef4dae133217fd"  # Ủy ban nhân dân thành phố Hải Phòng, 2022–2030, draft
SEED_CT = "004_bdff6ed2e87a2a30"  # Sở LĐTBXH Cần Thơ, 262/KH-SLĐTBXH of 28/01/2019


def seed_content(stem: str) -> dict:
    """The hand annotation of a seed plan plus its supplementary fields (title, budget
    sources, Action Month: fixtures/seed_extras.json), as the parser tests read them."""
    data = json.loads((FIXTURES / f"{stem}.expected.json").read_text("utf-8"))
    extras = json.loads((FIXTURES / "seed_extras.json").read_text("utf-8"))
    data.update(extras.get(stem, {}))
    return data


@pytest.fixture
def programmes(db):
    from binhdang.plans.services import programmes_seed

    programmes_seed()


@pytest.fixture
def content_hp():
    return seed_content(SEED_HP)


@pytest.fixture
def content_ct():
    return seed_content(SEED_CT)


@pytest.fixture
def plan_hp(world, programmes, content_hp):
    from binhdang.plans.services import plan_create

    return plan_create(content=content_hp, unit=world.hp, actor=None)


@pytest.fixture
def plan_ct(world, programmes, content_ct):
    from binhdang.plans.services import plan_create

    return plan_create(content=content_ct, unit=world.ct, actor=None)


# ---- synthesis reports: a hand-built yearly round in Hải Phòng ------------------------------


@pytest.fixture
def synthesis_world(world, settings):
    """The world's 2025 round of Hải Phòng with two reports received (one on time, one
    late), one missing, their figures, item reports, and three logged events.

    The figures the tests expect are worked out by hand from what is written here.
    """
    from datetime import date, datetime
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    from binhdang.plans.models import Activity
    from binhdang.reporting.models import CommEvent, DataValue, ItemReport, Submission
    from binhdang.reporting.services import element_ids

    settings.BINHDANG_SYNTHESIS_PDF = False
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    ids = element_ids()
    activity = Activity.objects.get(task__plan=world.plan_hp)
    yte = world.submission_yte_hp
    ward = world.submission_hp_a
    Submission.objects.filter(pk=yte.pk).update(
        status="submitted",
        first_submitted_at=datetime(2025, 12, 5, 9, 0, tzinfo=tz),
        submitted_at=datetime(2025, 12, 5, 9, 0, tzinfo=tz),
        content={"general": {"summary": "Sở Y tế lồng ghép bình đẳng giới vào khám sức khỏe.",
                             "difficulties": "", "proposals": ""}},
    )  # fmt: skip
    Submission.objects.filter(pk=ward.pk).update(
        status="submitted",
        first_submitted_at=datetime(2025, 12, 12, 15, 0, tzinfo=tz),
        submitted_at=datetime(2025, 12, 12, 15, 0, tzinfo=tz),
    )
    figures = [
        (yte, "events.talk", "", 3), (yte, "events.training", "", 2),
        (yte, "reach.participants", "", 150), (yte, "reach.participants", "male", 60),
        (yte, "reach.participants", "female", 90), (yte, "products.items", "", 500),
        (yte, "budget.spent", "", 12_000_000),
        (ward, "events.talk", "", 1), (ward, "reach.participants", "", 50),
        (ward, "reach.participants", "male", 20), (ward, "reach.participants", "female", 30),
    ]  # fmt: skip
    for sub, code, sex, value in figures:
        DataValue.objects.create(
            element_id=ids[code], period="2025", agency_id=sub.agency_id, unit_id=sub.unit_id,
            sex=sex, kind="estimate", value=Decimal(value), submission_id=sub.pk,
        )  # fmt: skip
    # an actual-to-date figure the estimate supersedes: never counted twice
    DataValue.objects.create(
        element_id=ids["events.talk"], period="2025", agency_id=yte.agency_id,
        unit_id=yte.unit_id, kind="actual", value=Decimal(2), submission_id=yte.pk,
    )  # fmt: skip
    ItemReport.objects.create(
        submission_id=yte.pk, key=f"a{activity.pk}", activity=activity, title=activity.title,
        status="done", results="Tổ chức 3 buổi nói chuyện chuyên đề tại 3 trường học.",
        difficulties="Kinh phí còn hạn chế.", proposals="Đề nghị bổ sung kinh phí truyền thông.",
    )  # fmt: skip
    ItemReport.objects.create(
        submission_id=ward.pk, key=f"a{activity.pk}", activity=activity, title=activity.title,
        status="in_progress", difficulties="Thiếu cán bộ chuyên trách.",
    )  # fmt: skip
    CommEvent.objects.create(
        agency=world.yte_hp, unit=world.hp, date=date(2025, 6, 1), event_type="training",
        channel="in_person", title="Tập huấn", participants_male=15, participants_female=25,
        participants_total=40, cost=Decimal(5_000_000), budget_source="local", activity=activity,
    )  # fmt: skip
    CommEvent.objects.create(
        agency=world.yte_hp, unit=world.hp, date=date(2025, 9, 1), event_type="printed",
        channel="printed", title="Tờ rơi", quantity=500, cost=Decimal(7_000_000),
        budget_source="central",
    )  # fmt: skip
    # outside the data window (after the 14/12 cut-off) and outside the area: not counted
    CommEvent.objects.create(
        agency=world.yte_hp, unit=world.hp, date=date(2025, 12, 20), event_type="talk",
        channel="in_person", title="Sau kỳ", participants_total=99,
    )  # fmt: skip
    return world


@pytest.fixture
def focal_hp(world):
    """Hải Phòng's focal officer (Sở Nội vụ): plan manager and reviewer."""
    from binhdang.accounts.choices import Role
    from binhdang.accounts.services import user_create

    return user_create(
        username="focal.hp", password="pw-123456", agency=world.noivu_hp,
        roles=[Role.PLAN_MANAGER, Role.REVIEWER],
    )  # fmt: skip
