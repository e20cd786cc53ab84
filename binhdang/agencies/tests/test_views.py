"""Agency pages: the permission matrix, forms that keep what was typed, htmx, query caps."""

from datetime import date

import pytest
from django.urls import reverse

from binhdang.accounts.choices import Role
from binhdang.accounts.services import user_create
from binhdang.agencies.models import Agency, AgencyAlias
from binhdang.core.models import AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "pw-123456"


@pytest.fixture
def people(loaded, roles):
    def agency(unit, code):
        return Agency.objects.current().get(unit=unit, catalogue_code=code)

    hp, ct = loaded.current["31"], loaded.current["92"]
    return {
        "map": loaded,
        "admin": user_create(
            username="adm.hp", password=PASSWORD, agency=agency(hp, "so-noi-vu"),
            roles=[Role.ADMINISTRATOR],
        ),
        "viewer": user_create(
            username="view.hp", password=PASSWORD, agency=agency(hp, "so-y-te"),
            roles=[Role.VIEWER],
        ),
        "nobody": user_create(
            username="nobody", password=PASSWORD, agency=agency(hp, "so-y-te"), roles=[]
        ),
        "inside": Agency.objects.get(unit=loaded.legacy["30"], catalogue_code="so-ldtbxh"),
        "outside": agency(ct, "so-y-te"),
        "central": Agency.objects.get(catalogue_code="bo-noi-vu"),
    }  # fmt: skip


def _urls(people):
    inside, outside = people["inside"], people["outside"]
    return {
        "list": (reverse("agencies:agency_list"), None),
        "resolve": (reverse("agencies:resolve"), None),
        "detail": (
            reverse("agencies:agency_detail", args=[inside.pk]),
            reverse("agencies:agency_detail", args=[outside.pk]),
        ),
        "create": (reverse("agencies:agency_create"), None),
        "update": (
            reverse("agencies:agency_update", args=[inside.pk]),
            reverse("agencies:agency_update", args=[outside.pk]),
        ),
        "alias_add": (
            reverse("agencies:alias_add", args=[inside.pk]),
            reverse("agencies:alias_add", args=[outside.pk]),
        ),
    }


# page → user allowed in scope (viewer for reading pages, admin for writing ones)
PAGES = {
    "list": "viewer",
    "resolve": "viewer",
    "detail": "viewer",
    "create": "admin",
    "update": "admin",
    "alias_add": "admin",
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_anonymous_is_sent_to_login(client, people, page):
    url, _outside = _urls(people)[page]
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_without_permission_is_forbidden(client, people, page):
    client.force_login(people["nobody"])
    url, _outside = _urls(people)[page]
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("page", ["create", "update", "alias_add"])
def test_viewers_may_not_write(client, people, page):
    client.force_login(people["viewer"])
    url, _outside = _urls(people)[page]
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("page", sorted(PAGES))
def test_in_scope_opens_out_of_scope_is_not_found(client, people, page):
    client.force_login(people[PAGES[page]])
    url, outside = _urls(people)[page]
    assert client.get(url).status_code == 200
    if outside:
        response = client.get(outside)
        assert response.status_code == 404
        assert people["outside"].full_name.encode() not in response.content


def test_central_bodies_are_visible_to_everyone_signed_in(client, people):
    client.force_login(people["viewer"])
    url = reverse("agencies:agency_detail", args=[people["central"].pk])
    assert client.get(url).status_code == 200


# --- the list ------------------------------------------------------------------------


def test_list_is_scoped_filtered_and_paginated(client, people):
    client.force_login(people["viewer"])
    url = reverse("agencies:agency_list")
    response = client.get(url, {"status": "all"})
    names = {a.full_name for a in response.context["object_list"]}
    assert response.context["paginator"].count > 50  # paginated
    assert not any("Cần Thơ" in n for n in names)
    response = client.get(url, {"q": "Sở LĐTBXH", "status": "all"})
    found = {a.catalogue_code for a in response.context["object_list"]}
    assert found == {"so-ldtbxh"}
    assert len(response.context["object_list"]) == 2  # Hải Phòng and Hải Dương before 2025
    response = client.get(url, {"status": "ended", "tag": "media"})
    assert {a.catalogue_code for a in response.context["object_list"]} == {"dai-ptth", "bao"}
    response = client.get(url, {"kind": "peoples_committee", "unit": people["map"].legacy["31"].pk,
                                "status": "all"})  # fmt: skip
    assert {a.unit.level for a in response.context["object_list"]} == {"province", "district"}


def test_list_htmx_returns_only_the_table(client, people):
    client.force_login(people["viewer"])
    response = client.get(reverse("agencies:agency_list"), {"q": "Y tế"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="agency-table"' in body and "<html" not in body
    assert "Sở Y tế thành phố Hải Phòng" in body


def test_list_query_count_does_not_grow_with_the_rows(
    client, people, django_assert_max_num_queries
):
    client.force_login(people["admin"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("agencies:agency_list"), {"status": "all"})
    assert len(response.context["object_list"]) == 50


# --- detail --------------------------------------------------------------------------


def test_detail_shows_facts_successions_history_and_users(client, people):
    client.force_login(people["viewer"])
    home = Agency.objects.current().get(
        unit=people["map"].current["31"], catalogue_code="so-noi-vu"
    )
    response = client.get(reverse("agencies:agency_detail", args=[home.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nghị quyết 202/2025/QH15" in body  # successions with their legal basis
    assert "tỉnh Hải Dương" in body  # a predecessor
    assert 'data-testid="agency-user-count">1<' in body  # the admin works there
    assert "hệ thống" in body  # created by the loader
    assert "Lịch sử thay đổi" in body


# --- forms ---------------------------------------------------------------------------


def test_create_an_agency(client, people):
    client.force_login(people["admin"])
    response = client.post(
        reverse("agencies:agency_create"),
        {"unit": "31", "kind": "public_service", "name": "Trung tâm Dịch vụ việc làm",
         "tags": ["public_service"]},
    )  # fmt: skip
    assert response.status_code == 302
    agency = Agency.objects.get(name="Trung tâm Dịch vụ việc làm")
    assert agency.full_name == "Trung tâm Dịch vụ việc làm thành phố Hải Phòng"
    assert response["Location"] == agency.get_absolute_url()
    assert agency.history.get().history_user == people["admin"]
    assert AuditEntry.objects.get(action="agencies.agency.created").actor == people["admin"]


def test_a_duplicate_keeps_what_was_typed_and_says_why_in_vietnamese(client, people):
    client.force_login(people["admin"])
    count = Agency.objects.count()
    response = client.post(
        reverse("agencies:agency_create"),
        {"unit": "31", "kind": "department", "name": "Sở  y tế", "abbreviation": "SYT2",
         "note": "ghi chú đã gõ"},
    )  # fmt: skip
    assert response.status_code == 200
    body = response.content.decode()
    assert "đã có tại Thành phố Hải Phòng" in body
    assert 'value="Sở  y tế"' in body and 'value="SYT2"' in body and "ghi chú đã gõ" in body
    assert Agency.objects.count() == count


def test_a_unit_outside_the_scope_is_refused(client, people):
    client.force_login(people["admin"])
    count = Agency.objects.count()
    response = client.post(
        reverse("agencies:agency_create"), {"unit": "92", "kind": "other", "name": "X"}
    )
    assert response.status_code == 200
    assert "Không có đơn vị nào mang mã này trong phạm vi của bạn" in response.content.decode()
    assert Agency.objects.count() == count


def test_update_an_agency(client, people):
    client.force_login(people["admin"])
    agency = people["inside"]
    url = reverse("agencies:agency_update", args=[agency.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["unit"] = agency.unit.path
    data["abbreviation"] = "SLĐ-HD"
    data["valid_to"] = "2025-02-28"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    agency.refresh_from_db()
    assert agency.abbreviation == "SLĐ-HD"
    entry = AuditEntry.objects.get(action="agencies.agency.updated")
    assert set(entry.data["changes"]) == {"abbreviation"}


def test_update_with_bad_dates_keeps_the_form(client, people):
    client.force_login(people["admin"])
    agency = people["inside"]
    url = reverse("agencies:agency_update", args=[agency.pk])
    response = client.post(
        url,
        {"unit": agency.unit.path, "kind": agency.kind, "name": "Sở Lao động mới",
         "valid_from": "2025-01-01", "valid_to": "2024-01-01"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Ngày kết thúc không được trước ngày bắt đầu" in response.content.decode()
    agency.refresh_from_db()
    assert agency.name == "Sở Lao động - Thương binh và Xã hội"


def test_aliases_added_refused_and_removed(client, people):
    client.force_login(people["admin"])
    agency = people["inside"]
    url = reverse("agencies:alias_add", args=[agency.pk])
    response = client.post(url, {"alias": "Sở LĐTBXH Hải Dương", "kind": "short"})
    assert response.status_code == 302
    row = AgencyAlias.objects.get(agency=agency, alias="Sở LĐTBXH Hải Dương")
    response = client.post(url, {"alias": "Sở LĐ-TB&XH", "kind": "abbreviation"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cơ quan này đã có tên gọi khác" in body and 'value="Sở LĐ-TB&amp;XH"' in body
    response = client.post(url, {"remove": str(row.pk)})
    assert response.status_code == 302
    assert not AgencyAlias.objects.filter(pk=row.pk).exists()
    assert AuditEntry.objects.filter(action="agencies.alias.removed").count() == 1


# --- resolve page ----------------------------------------------------------------------


def test_resolve_page_explains_each_phrase(client, people):
    client.force_login(people["viewer"])
    legacy_hp = people["map"].legacy["31"]
    response = client.get(
        reverse("agencies:resolve"),
        {"phrase": "Sở LĐ-TB&XH, Hội LHPN thành phố và các tổ chức có liên quan",
         "unit": legacy_hp.pk, "on_date": "2022-03-14"},
    )  # fmt: skip
    assert response.status_code == 200
    results = response.context["results"]
    assert [r.method for r in results] == ["abbreviation", "abbreviation", "catch_all"]
    body = response.content.decode()
    assert "Sở Lao động - Thương binh và Xã hội thành phố Hải Phòng" in body
    assert "không chỉ cơ quan cụ thể" in body
    assert "Độ tin cậy" in body


def test_resolve_page_does_not_show_agencies_outside_the_scope(client, people):
    client.force_login(people["viewer"])
    response = client.get(reverse("agencies:resolve"), {"phrase": "Báo Cần Thơ"})
    [result] = response.context["results"]
    assert result.agencies == []
    response = client.get(
        reverse("agencies:resolve"),
        {"phrase": "Sở Y tế", "unit": people["map"].current["92"].pk},
    )
    assert response.context["results"] is None  # Cần Thơ is not a choice for this user
    assert response.context["form"].errors["unit"]


def test_ended_successions_are_shown_with_their_date(client, people):
    client.force_login(people["viewer"])
    labour = people["inside"]
    body = client.get(reverse("agencies:agency_detail", args=[labour.pk])).content.decode()
    assert date(2025, 3, 1).strftime("%d/%m/%Y") in body
    assert "bình đẳng giới" in body
