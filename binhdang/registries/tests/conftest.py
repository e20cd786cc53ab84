"""Registry fixtures: records with known answers on the two provinces of tests/world.py."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.models import Permission

from binhdang.registries.models import Award, Inspection, ModelSite

ALL_PERMS = tuple(
    f"registries.{action}_{model}"
    for model in ("modelsite", "inspection", "award")
    for action in ("view", "add", "change")
)


def grant(user, *codenames: str):
    """Give a user registry permissions directly (roles get them later)."""
    for codename in codenames or ALL_PERMS:
        app, name = codename.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=name)
        )
    # Django caches permissions on the instance.
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
    return user


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English (the msgids); Vietnamese is the site's default."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    client.cookies["django_language"] = "en"  # match the English msgids
    return client


@dataclass
class Records:
    """Known answers (test_selectors.py).

    Model sites      unit                     mode       years      status
      s_a            Thành Đông (hp_a)        maintain   2020–      active
      s_b            Hải Dương (hp_b)         replicate  2023–2024  ended
      s_old          Cẩm Thượng (pre-2025,    maintain   2018–2024  suspended
                     merged into Thành Đông)
      s_new          Thành Đông               new        2025–      active
      s_planned      Hải Dương                replicate  2025–      planned
      s_ct           Ninh Kiều (Cần Thơ)      maintain   2019–      active

    Inspections      date        inspected (unit)            violations  follow-up
      i1             10/03/2025  UBND Thành Đông (hp_a)      2           open
      i2             31/12/2025  UBND Hải Dương (hp_b)       0           in progress
      i3             31/12/2024  Sở Y tế HP (hp)             1           done
      i4             01/01/2025  UBND Cẩm Thượng (old)       0           —
      i5             01/06/2025  Sở Y tế CT (ct)             1           open

    Awards           recipient                 unit          review    year
      a1             collective                hp_a          midterm   2025
      a2             individual, female        hp            midterm   2025
      a3             individual, male          old_commune   midterm   2025
      a4             individual, female        hp_b          annual    2024
      a5             collective                ct            midterm   2025
      a6             individual, female        hp_a          final     2030
    """

    s_a: ModelSite
    s_b: ModelSite
    s_old: ModelSite
    s_new: ModelSite
    s_planned: ModelSite
    s_ct: ModelSite
    i1: Inspection
    i2: Inspection
    i3: Inspection
    i4: Inspection
    i5: Inspection
    a1: Award
    a2: Award
    a3: Award
    a4: Award
    a5: Award
    a6: Award
    old_agency: object
    ct_user: object


def site(unit, name, mode, start, end=None, status="active", **kw):
    from binhdang.registries.services import model_site_create

    fields = {"model_type": "club", "mode": mode, "start_year": start, "end_year": end, **kw}
    return model_site_create(actor=None, name=name, unit=unit, status=status, **fields)


def inspection(day, inspecting, inspected, violations=0, status="", **kw):
    from binhdang.registries.services import inspection_create

    fields = {
        "kind": "inspection",
        "date": day,
        "inspecting_agency": inspecting,
        "inspected_agency": inspected,
        "subject": "Kiểm tra việc thực hiện kế hoạch bình đẳng giới",
        "violations_count": violations,
        "violations": "Chưa báo cáo số liệu tách biệt giới" if violations else "",
        "recommendations": "Khắc phục trong năm" if status else "",
        "follow_up_status": status,
    }
    return inspection_create(actor=None, **{**fields, **kw})


def award(kind, name, unit, review, year, sex="", **kw):
    from binhdang.registries.services import award_create

    fields = {"award_form": "certificate_of_merit", "review": review, "year": year, **kw}
    return award_create(
        actor=None, recipient_kind=kind, recipient_name=name, unit=unit, sex=sex, **fields
    )


@pytest.fixture
def records(world):
    from binhdang.accounts.choices import Role
    from binhdang.accounts.services import user_create
    from tests.world import make_agency

    w = world
    old_agency = make_agency(
        w.old_commune, "Ủy ban nhân dân phường Cẩm Thượng", "ubnd-xa", "peoples_committee"
    )
    ct_user = user_create(
        username="ct.reg", password="pw-123456", agency=w.yte_ct, roles=[Role.VIEWER]
    )
    return Records(
        s_a=site(w.hp_a, "Câu lạc bộ Gia đình hạnh phúc", "maintain", 2020, members_female=20,
                 members_male=5),
        s_b=site(w.hp_b, "Câu lạc bộ Phụ nữ với pháp luật", "replicate", 2023, 2024, "ended"),
        s_old=site(w.old_commune, "Câu lạc bộ Cẩm Thượng", "maintain", 2018, 2024, "suspended"),
        s_new=site(w.hp_a, "Địa chỉ tin cậy Thành Đông", "new", 2025, model_type="trusted_address"),
        s_planned=site(w.hp_b, "Nhóm phòng chống bạo lực giới", "replicate", 2025,
                       status="planned"),
        s_ct=site(w.ct_a, "Câu lạc bộ Ninh Kiều", "maintain", 2019),
        i1=inspection(date(2025, 3, 10), w.noivu_hp, w.ubnd_hp_a, 2, "open"),
        i2=inspection(date(2025, 12, 31), w.noivu_hp, w.ubnd_hp_b, 0, "in_progress"),
        i3=inspection(date(2024, 12, 31), w.noivu_hp, w.yte_hp, 1, "done"),
        i4=inspection(date(2025, 1, 1), w.noivu_hp, old_agency, 0, ""),
        i5=inspection(date(2025, 6, 1), w.yte_ct, w.yte_ct, 1, "open"),
        a1=award("collective", "Ủy ban nhân dân phường Thành Đông", w.hp_a, "midterm", 2025),
        a2=award("individual", "Nguyễn Thị Lan", w.hp, "midterm", 2025, "female",
                 recipient_agency=w.noivu_hp),
        a3=award("individual", "Trần Văn Nam", w.old_commune, "midterm", 2025, "male"),
        a4=award("individual", "Lê Thị Hoa", w.hp_b, "annual", 2024, "female"),
        a5=award("collective", "Sở Y tế thành phố Cần Thơ", w.ct, "midterm", 2025),
        a6=award("individual", "Phạm Thị Mai", w.hp_a, "final", 2030, "female"),
        old_agency=old_agency,
        ct_user=ct_user,
    )  # fmt: skip
