"""The unit pages: permission matrix, scope, htmx partial, bad codes, query caps."""

import pytest
from django.urls import reverse

from binhdang.accounts.choices import Role
from binhdang.accounts.services import roles_sync, user_create
from binhdang.agencies.models import Agency
from binhdang.core.text import canonical
from binhdang.geo.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

LIST = reverse("geo:unit_list")


def detail_url(path: str) -> str:
    return reverse("geo:unit_detail", args=[AdministrativeUnit.objects.get(path=path).pk])


def make_user(username: str, unit_path: str | None, roles=(Role.VIEWER,)):
    agency = None
    if unit_path is not None:
        unit = AdministrativeUnit.objects.get(path=unit_path)
        name = f"Ủy ban nhân dân {unit.name}"
        agency = Agency.objects.create(
            unit=unit,
            kind="peoples_committee",
            name=name,
            full_name=name,
            search_key=canonical(name),
        )
    return user_create(username=username, password="pw-123456", agency=agency, roles=list(roles))


@pytest.fixture
def people(units):
    roles_sync()
    return {
        "hp": make_user("viewer.hp", "31"),
        "thanh_dong": make_user("reporter.td", "31/10510", roles=(Role.REPORTER,)),
        "norole": make_user("norole.hp", "31", roles=()),
    }


def as_user(client, user):
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_the_login_page(client, units):
    for url in (LIST, detail_url("31")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_signed_in_without_the_permission_is_forbidden(client, people):
    as_user(client, people["norole"])
    assert client.get(LIST).status_code == 403
    assert client.get(detail_url("31")).status_code == 403


def test_in_scope_pages_open(client, people):
    as_user(client, people["hp"])
    assert client.get(LIST).status_code == 200
    for path in ("31", "31/10510", "L30", "L30/288", "L30/288/10507"):
        assert client.get(detail_url(path)).status_code == 200, path


def test_out_of_scope_detail_is_not_found(client, people):
    as_user(client, people["hp"])
    for path in ("92", "L92", "01/00070"):
        assert client.get(detail_url(path)).status_code == 404, path


def test_commune_people_see_the_old_communes_merged_into_theirs_not_the_old_district(
    client, people
):
    as_user(client, people["thanh_dong"])
    assert client.get(detail_url("31/10510")).status_code == 200
    assert client.get(detail_url("L30/288/10507")).status_code == 200  # Cẩm Thượng
    assert client.get(detail_url("L30/288")).status_code == 404
    assert client.get(detail_url("31/10525")).status_code == 404  # a neighbouring commune
    page = client.get(detail_url("L30/288/10507")).content.decode()
    assert f'href="{detail_url("L30/288")}"' not in page  # shown, not linked


def test_list_only_shows_units_in_scope(client, people):
    as_user(client, people["hp"])
    response = client.get(LIST, {"q": "Ninh Kiều"})  # a ward of Cần Thơ
    assert response.context["paginator"].count == 0
    response = client.get(LIST, {"q": "Hải Dương"})
    names = {u.name for u in response.context["object_list"]}
    assert {"Tỉnh Hải Dương", "Phường Hải Dương"} <= names


def test_list_search_and_filters(client, people):
    as_user(client, people["hp"])
    response = client.get(LIST, {"q": "TP. Hải Phòng"})
    assert [u.path for u in response.context["object_list"]][:2] == ["31", "L31"]
    response = client.get(LIST, {"generation": "legacy", "level": "district"})
    assert response.context["paginator"].count == 27
    assert "Quận Hồng Bàng" in response.content.decode()


def test_htmx_request_renders_the_table_only(client, people):
    as_user(client, people["hp"])
    response = client.get(LIST, {"q": "hai phong"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="unit-table"' in body
    assert "<html" not in body and 'name="q"' not in body
    assert "Thành phố Hải Phòng" in body
    assert "HX-Request" in response["Vary"]
    full = client.get(LIST, {"q": "hai phong"}).content.decode()
    assert "<html" in full and 'id="unit-table"' in full


def test_code_lookup_jumps_to_the_unit(client, people):
    as_user(client, people["hp"])
    response = client.get(LIST, {"code": "10510"})
    assert response.status_code == 302
    assert response["Location"] == detail_url("31/10510")


def test_bad_code_shows_a_vietnamese_message_and_keeps_what_was_typed(client, people):
    as_user(client, people["hp"])
    response = client.get(LIST, {"code": "99999"}, HTTP_ACCEPT_LANGUAGE="vi")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Không có đơn vị hành chính nào có mã “99999”." in body
    assert 'value="99999"' in body
    # Out of scope is "not found" too, with no hint that the unit exists.
    response = client.get(LIST, {"code": "92"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert "Không có đơn vị hành chính nào có mã “92”." in response.content.decode()


def test_bad_code_in_english_when_asked(client, people):
    as_user(client, people["hp"])
    client.cookies["django_language"] = "en"
    body = client.get(LIST, {"code": "abc"}).content.decode()
    assert "“abc” is not a unit code" in body


def test_detail_page_shows_succession_both_ways(client, people):
    as_user(client, people["hp"])
    body = client.get(detail_url("31/10510")).content.decode()
    assert "Trước ngày 1/7/2025, đơn vị này là…" in body  # Vietnamese by default
    assert "Phường Cẩm Thượng" in body and "1669/NQ-UBTVQH15" in body
    client.cookies["django_language"] = "en"
    body = client.get(detail_url("L30/288/10507")).content.decode()
    assert "Since 1/7/2025 this is part of…" in body
    assert "Phường Thành Đông" in body
    unit = AdministrativeUnit.objects.get(path="L30/288/10507")
    assert f"{reverse('agencies:agency_list')}?unit={unit.pk}" in body


def test_province_page_paginates_its_communes(client, people):
    as_user(client, people["hp"])
    response = client.get(detail_url("31"))
    page = response.context["children_page"]
    assert page.paginator.count == 114 and len(page.object_list) == 50
    assert client.get(detail_url("31"), {"page": 3}).context["children_page"].number == 3


def test_list_query_count_is_capped(client, people, django_assert_max_num_queries):
    as_user(client, people["hp"])
    client.get(LIST)  # warm the content-type cache
    # session, user, permissions (2), agency, scope unit, count, page, filter provinces,
    # successors (one prefetch for the whole page): no query per row.
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"generation": "legacy", "q": "a"})
    assert len(response.context["object_list"]) == 50


def test_detail_query_count_is_capped(client, people, django_assert_max_num_queries):
    as_user(client, people["hp"])
    client.get(detail_url("31"))
    with django_assert_max_num_queries(14):
        client.get(detail_url("31"))
    with django_assert_max_num_queries(14):
        client.get(detail_url("L30/288/10507"))
