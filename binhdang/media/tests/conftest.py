"""Media fixtures: a hand-built registry on the two provinces of tests/world.py."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.models import Permission

from binhdang.media.models import MediaAgency

ALL_AREAS = ["A1", "A2", "A3", "A4", "A5", "B1", "B2"]


def grant(user, *codenames: str):
    """Give a user media permissions directly (roles get them later)."""
    for codename in codenames:
        app, name = codename.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=name)
        )
    # Django caches permissions on the instance.
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
    return user


VIEW = "media.view_mediaagency"
EDIT = ("media.add_mediaagency", "media.change_mediaagency")
ASSESS = ("media.add_assessment", "media.change_assessment")


@dataclass
class Registry:
    """2025 (known answers in test_selectors.py):

    bao_hp      Hải Phòng     recorded official (decision)
    dai_hp      Hải Phòng     recorded pilot
    ttvh_a      Thành Đông    no record, assessment A1+B1            → derived pilot
    old_radio   Cẩm Thượng (pre-2025, merged into Thành Đông)
                              assessment all seven + decision        → derived official
    ttvh_b      Hải Dương     recorded none, beats an assessment all seven + decision
    closed_b    Hải Dương     inactive, recorded official            → never counted
    bao_ct      Cần Thơ       recorded official                      → outside Hải Phòng
    late_a      Thành Đông    assessment in 2024 only                → 2024 pilot, 2025 none
    no_decision Hải Phòng     assessment all seven, no decision      → derived pilot
    """

    bao_hp: MediaAgency
    dai_hp: MediaAgency
    ttvh_a: MediaAgency
    old_radio: MediaAgency
    ttvh_b: MediaAgency
    closed_b: MediaAgency
    bao_ct: MediaAgency
    late_a: MediaAgency
    no_decision: MediaAgency


def make_media(name, unit, kind="newspaper", **kw):
    from binhdang.media.services import media_agency_create

    return media_agency_create(actor=None, name=name, kind=kind, unit=unit, **kw)


@pytest.fixture
def registry(world):
    from binhdang.media.services import adoption_set, assessment_create

    r = Registry(
        bao_hp=make_media("Báo Hải Phòng", world.hp),
        dai_hp=make_media("Đài Phát thanh và Truyền hình Hải Phòng", world.hp, "radio_tv"),
        ttvh_a=make_media("Trung tâm Văn hóa Thành Đông", world.hp_a, "local_centre"),
        old_radio=make_media("Đài Truyền thanh Cẩm Thượng", world.old_commune, "local_centre"),
        ttvh_b=make_media("Trung tâm Văn hóa Hải Dương", world.hp_b, "local_centre"),
        closed_b=make_media("Tạp chí đã đóng", world.hp_b, "magazine", is_active=False),
        bao_ct=make_media("Báo Cần Thơ", world.ct),
        late_a=make_media("Bản tin Thành Đông", world.hp_a, "online"),
        no_decision=make_media("Tạp chí Hải Phòng", world.hp, "magazine"),
    )
    y = 2025
    adoption_set(
        actor=None,
        media_agency=r.bao_hp,
        year=y,
        status="official",
        decided_on=date(2025, 3, 1),
        decision_ref="12/QĐ-BHP",
    )
    adoption_set(actor=None, media_agency=r.dai_hp, year=y, status="pilot")
    assessment_create(actor=None, media_agency=r.ttvh_a, year=y, areas=["A1", "B1"])
    assessment_create(
        actor=None, media_agency=r.old_radio, year=y, areas=ALL_AREAS, decision_ref="5/QĐ-ĐTT"
    )
    adoption_set(actor=None, media_agency=r.ttvh_b, year=y, status="none")
    assessment_create(
        actor=None, media_agency=r.ttvh_b, year=y, areas=ALL_AREAS, decision_ref="7/QĐ"
    )
    adoption_set(
        actor=None, media_agency=r.closed_b, year=y, status="official", decision_ref="1/QĐ"
    )
    adoption_set(
        actor=None, media_agency=r.bao_ct, year=y, status="official", decision_ref="9/QĐ-BCT"
    )
    assessment_create(actor=None, media_agency=r.late_a, year=2024, areas=["B1"])
    assessment_create(actor=None, media_agency=r.no_decision, year=y, areas=ALL_AREAS)
    return r  # fmt: skip
