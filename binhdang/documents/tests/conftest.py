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
