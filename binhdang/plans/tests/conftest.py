"""Fixtures for plan tests: the seed map with its agencies, people, and seed texts."""

from pathlib import Path

import pytest

from binhdang.accounts.choices import Role
from binhdang.accounts.services import user_create

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


def seed_text(number: str) -> str:
    """The text of seed NNN ("000" … "004")."""
    return next(SEEDS.glob(f"{number}_*.txt")).read_text("utf-8")


@pytest.fixture
def seed_map(roles):
    """The provinces of the seed plans (before and after 2025) with the agency catalogue
    (agencies/tests/conftest.py), so that agency names resolve as in production."""
    from binhdang.agencies.services import catalogue_load
    from binhdang.agencies.tests.conftest import build_map

    m = build_map()
    catalogue_load()
    return m


@pytest.fixture
def hp(seed_map):
    return seed_map.current["31"]


def _agency(unit, code):
    from binhdang.agencies.models import Agency

    return Agency.objects.current().get(unit=unit, catalogue_code=code)


@pytest.fixture
def focal(seed_map, hp):
    """The focal officer of Hải Phòng: Sở Nội vụ, plan manager."""
    return user_create(
        username="hp.focal", password="pw-123456", agency=_agency(hp, "so-noi-vu"),
        roles=[Role.PLAN_MANAGER, Role.REVIEWER],
    )  # fmt: skip


@pytest.fixture
def focal_ct(seed_map):
    return user_create(
        username="ct.focal", password="pw-123456",
        agency=_agency(seed_map.current["92"], "so-noi-vu"), roles=[Role.PLAN_MANAGER],
    )  # fmt: skip


@pytest.fixture
def superuser(seed_map):
    from binhdang.accounts.models import User

    return User.objects.create_superuser(username="root", password="pw-123456")


@pytest.fixture
def yte_reporter(seed_map, hp):
    """A reporter of Sở Y tế Hải Phòng."""
    return user_create(
        username="hp.yte", password="pw-123456", agency=_agency(hp, "so-y-te"),
        roles=[Role.REPORTER],
    )  # fmt: skip


@pytest.fixture
def seed_000_plan(focal, hp):
    """Seed 000 imported and saved as a plan of Hải Phòng by the focal officer."""
    from binhdang.plans.services import plan_import_commit, plan_import_start

    plan_import = plan_import_start(actor=focal, text=seed_text("000"), unit=hp)
    return plan_import_commit(plan_import_id=plan_import.pk, actor=focal)
