"""Registry pages: the permission matrix (anonymous, no permission, in scope, out of
scope), record and edit through the forms, the list with its filters, the index."""

import pytest
from django.urls import reverse

from binhdang.core.models import AuditEntry
from binhdang.registries.models import Award, Inspection, ModelSite
from binhdang.registries.tests.conftest import grant

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
KEYS = ("modelsite", "inspection", "award")
LIST_PAGES = ("list", "create", "import", "export", "template")

# url name → (in-scope record of reporter_hp_a, out-of-scope records)
OBJECT_URLS = {
    "modelsite": ("s_a", ("s_b", "s_ct")),
    "inspection": ("i1", ("i2", "i5")),
    "award": ("a1", ("a4", "a5")),
}


def _url(key, page, obj=None):
    name = f"registries:{key}_{page}"
    return reverse(name, args=[obj.pk]) if obj is not None else reverse(name)


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("page", [*LIST_PAGES, "detail", "update"])
def test_anonymous_is_sent_to_login(client, records, key, page):
    obj = getattr(records, OBJECT_URLS[key][0]) if page in ("detail", "update") else None
    response = client.get(_url(key, page, obj))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("page", [*LIST_PAGES, "detail", "update"])
def test_without_permission_is_forbidden(client, world, records, key, page):
    client.force_login(world.nobody)  # in scope (Sở Y tế Hải Phòng), no permission
    obj = getattr(records, OBJECT_URLS[key][0]) if page in ("detail", "update") else None
    assert client.get(_url(key, page, obj)).status_code == 403


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("page", ["detail", "update"])
def test_in_scope_opens_and_out_of_scope_is_not_found(client, world, records, key, page):
    client.force_login(grant(world.reporter_hp_a))
    inside, outside = OBJECT_URLS[key]
    response = client.get(_url(key, page, getattr(records, inside)))
    assert response.status_code == 200
    for attr in outside:
        obj = getattr(records, attr)
        response = client.get(_url(key, page, obj))
        assert response.status_code == 404, f"{key}_{page} leaked {attr}"
        assert str(obj).encode() not in response.content


@pytest.mark.parametrize("key", KEYS)
def test_list_pages_open_with_the_permission(client, world, records, key):
    client.force_login(grant(world.admin_hp))
    for page in LIST_PAGES:
        assert client.get(_url(key, page)).status_code == 200, page


def test_a_parent_units_record_is_seen_but_not_edited_by_a_commune(client, world, records):
    """The Hải Phòng award is shown to the commune (parent unit, for context); editing
    it is the province's job."""
    client.force_login(grant(world.reporter_hp_a))
    response = client.get(_url("award", "detail", records.a2))
    assert response.status_code == 200
    assert b'data-testid="registry-edit"' not in response.content
    assert client.get(_url("award", "update", records.a2)).status_code == 403
    response = client.post(_url("award", "update", records.a2), {"recipient_name": "X"})
    assert response.status_code == 403
    assert Award.objects.get(pk=records.a2.pk).recipient_name == "Nguyễn Thị Lan"


def test_the_list_shows_the_scope_and_filters(client, world, records):
    client.force_login(grant(world.reporter_hp_a))
    response = client.get(_url("modelsite", "list"))
    content = response.content.decode()
    assert records.s_a.name in content
    assert records.s_old.name in content  # the old commune merged into Thành Đông
    assert records.s_b.name not in content
    assert records.s_ct.name not in content
    response = client.get(_url("modelsite", "list"), {"q": "dia chi tin cay"}, **HTMX)
    content = response.content.decode()
    assert "<html" not in content  # the table partial only
    assert records.s_new.name in content
    assert records.s_a.name not in content


def test_list_queries_do_not_grow_with_the_records(
    client, world, records, django_assert_max_num_queries
):
    from binhdang.registries.tests.conftest import site

    admin = grant(world.admin_hp)
    client.force_login(admin)
    for n in range(20):
        site(world.hp_b, f"Câu lạc bộ số {n}", "new", 2025)
    for key in KEYS:
        with django_assert_max_num_queries(14):
            assert client.get(_url(key, "list")).status_code == 200


def _site_form(world, **changes):
    data = {
        "model_type": "club",
        "type_other": "",
        "name": "Câu lạc bộ Phụ nữ khởi nghiệp",
        "unit": str(world.hp_a.pk),
        "lead_agency": "",
        "plan": "",
        "activity": "",
        "mode": "new",
        "start_year": "2025",
        "end_year": "",
        "status": "active",
        "members_female": "30",
        "members_male": "",
        "note": "",
    }
    return {**data, **changes}


def test_record_a_site_through_the_form(client, world):
    reporter = grant(world.reporter_hp_a)
    client.force_login(reporter)
    response = client.post(_url("modelsite", "create"), _site_form(world))
    site = ModelSite.objects.get()
    assert response.status_code == 302
    assert response["Location"] == site.get_absolute_url()
    assert site.members_female == 30 and site.created_by == reporter
    response = client.get(response["Location"])
    assert "Câu lạc bộ Phụ nữ khởi nghiệp" in response.content.decode()
    assert "Model site recorded" in response.content.decode()  # the history


def test_a_rejected_form_keeps_what_was_typed(client, world):
    client.force_login(grant(world.reporter_hp_a))
    data = _site_form(world, unit=str(world.hp_b.pk), end_year="2020", note="Ghi chú giữ lại")
    response = client.post(_url("modelsite", "create"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ghi chú giữ lại" in content
    assert "The end year must not be before the start year." in content
    # Hải Dương is not a choice of a Thành Đông user.
    assert "Select a valid choice" in content
    assert not ModelSite.objects.exists()


def test_edit_a_record_through_the_form(client, world, records):
    client.force_login(grant(world.admin_hp))
    data = _site_form(world, name=records.s_a.name, mode="maintain", start_year="2020")
    data["members_female"] = "22"
    response = client.post(_url("modelsite", "update", records.s_a), data)
    assert response.status_code == 302
    records.s_a.refresh_from_db()
    assert records.s_a.members_female == 22
    entry = AuditEntry.objects.get(action="registries.modelsite.changed")
    assert entry.data["members_female"] == [20, 22]
    assert "status" not in entry.data  # unchanged fields are not in the entry


def test_record_an_inspection_and_an_award_through_the_forms(client, world):
    client.force_login(grant(world.admin_hp))
    response = client.post(
        _url("inspection", "create"),
        {
            "kind": "inspection",
            "date": "15/10/2025",
            "inspecting_agency": str(world.noivu_hp.pk),
            "inspected_agency": str(world.ubnd_hp_b.pk),
            "subject": "Kiểm tra công tác bình đẳng giới",
            "violations_count": "0",
            "recommendations": "Bổ sung số liệu",
            "follow_up_status": "open",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Inspection.objects.get().unit == world.hp_b
    response = client.post(
        _url("award", "create"),
        {
            "recipient_kind": "individual",
            "recipient_name": "Vũ Thị Mai",
            "recipient_agency": str(world.ubnd_hp_a.pk),
            "unit": "",
            "sex": "female",
            "award_form": "certificate_of_merit",
            "review": "midterm",
            "year": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    award = Award.objects.get()
    assert (award.unit, award.year) == (world.hp_a, 2025)


def test_index_links_the_registries_with_their_counts(client, world, records):
    client.force_login(world.nobody)
    assert client.get(reverse("registries:index")).status_code == 403
    # Sở Y tế's user without a role, allowed to see model sites only (not awards).
    client.force_login(grant(world.nobody, "registries.view_modelsite"))
    response = client.get(reverse("registries:index"), {"year": "2025"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="registry-modelsite"' in content
    assert 'data-testid="registry-award"' not in content  # no permission for awards
    assert reverse("registries:modelsite_list") in content
    assert response.context["summary"].site_counts == {
        "active": 2,
        "maintained": 1,
        "replicated": 0,
    }
