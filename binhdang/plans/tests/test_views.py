"""Plan pages: permissions and scope, import → review → save, list, plan page, matrix,
my assignments, tree, edit, derive. (tests/test_scope_urls.py checks GET of every page
with an id; here: the pages without one, the POSTs, and what the pages do.)"""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from binhdang.accounts.choices import Role
from binhdang.accounts.services import user_create
from binhdang.plans.models import Activity, Plan, PlanImport, PlanVersion
from binhdang.plans.review import review_rows
from binhdang.plans.services import plan_derive
from binhdang.plans.tests.conftest import seed_text
from binhdang.plans.tests.test_review import _post_of

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _form_of(plan_import_or_content) -> dict[str, str]:
    """The review form as a browser posts it, for an import or a content dict."""
    content = getattr(plan_import_or_content, "content", plan_import_or_content)
    html = render_to_string("plans/includes/plan_form.html", {"rows": review_rows(content)})
    return {k: v for k, v in _post_of(html).items()}


# ---------------------------------------------------------------------------------------
# Permissions and scope
# ---------------------------------------------------------------------------------------

PAGES = ["plans:plan_list", "plans:plan_tree", "plans:my_assignments", "plans:unit_choices"]


@pytest.mark.parametrize("name", [*PAGES, "plans:import_start"])
def test_pages_send_anonymous_to_login(client, world, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("name", [*PAGES, "plans:import_start"])
def test_pages_forbid_users_without_a_role(client, world, name):
    client.force_login(world.nobody)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_pages_open_for_every_role(client, world, name):
    client.force_login(world.reporter_hp_a)
    assert client.get(reverse(name)).status_code == 200


def test_import_is_for_plan_managers_only(client, world):
    client.force_login(world.viewer_hp)
    assert client.get(reverse("plans:import_start")).status_code == 403
    client.force_login(world.manager_hp)
    assert client.get(reverse("plans:import_start")).status_code == 200


WRITES = [
    ("plans:import_review", "import_hp", "import_other", {"action": "save", "title": "x"}),
    ("plans:import_abandon", "import_hp", "import_other", {}),
    ("plans:plan_edit", "plan_hp", "plan_ct", {"title": "x"}),
    ("plans:plan_derive", "plan_hp", "plan_ct", {"year": "2026"}),
]


@pytest.mark.parametrize(("name", "inside", "outside", "data"), WRITES)
def test_writes_obey_permission_and_scope(client, world, name, inside, outside, data):
    """Anonymous → login; no permission → 403; out of scope (another person's import, a
    plan of another province) → 404; and in none of these cases anything changes."""
    before = (Plan.objects.count(), PlanVersion.objects.count(), PlanImport.objects.count())
    url_in = reverse(name, args=[getattr(world, inside).pk])
    url_out = reverse(name, args=[getattr(world, outside).pk])
    assert client.post(url_in, data).status_code == 302  # to the login page
    client.force_login(world.viewer_hp)
    assert client.post(url_in, data).status_code == 403
    client.force_login(world.admin_hp)
    assert client.post(url_out, data).status_code == 404
    after = (Plan.objects.count(), PlanVersion.objects.count(), PlanImport.objects.count())
    assert after == before
    world.import_other.refresh_from_db()
    assert world.import_other.edited is None


# ---------------------------------------------------------------------------------------
# Plan list
# ---------------------------------------------------------------------------------------


def test_plan_list_shows_plans_in_scope_only(client, world):
    client.force_login(world.reporter_hp_a)
    response = client.get(reverse("plans:plan_list"))
    html = response.content.decode()
    assert world.plan_hp.title in html
    assert world.plan_ct.title not in html
    assert 'data-testid="plan-import-link"' not in html  # a reporter does not import


def test_plan_list_filters_and_htmx_partial(client, world):
    client.force_login(world.admin_hp)
    url = reverse("plans:plan_list")
    html = client.get(url, {"q": "ke hoach truyen thong hai phong"}).content.decode()
    assert world.plan_hp.title in html
    html = client.get(url, {"q": "không có kế hoạch này"}).content.decode()
    assert world.plan_hp.title not in html
    assert client.get(url, {"year": "2025"}).context["paginator"].count == 1
    assert client.get(url, {"year": "2031"}).context["paginator"].count == 0
    assert client.get(url, {"kind": "yearly"}).context["paginator"].count == 0
    assert client.get(url, {"province": world.hp.pk}).context["paginator"].count == 1
    partial = client.get(url, {"q": "truyen thong"}, **HTMX)
    assert b"<html" not in partial.content
    assert b'id="plan-table"' in partial.content
    assert 'data-testid="plan-import-link"' in client.get(url).content.decode()


def test_plan_list_query_count_does_not_grow_with_plans(
    client, world, django_assert_max_num_queries
):
    for year in range(2023, 2033):
        plan_derive(
            source_plan_id=world.plan_hp.pk,
            actor=world.admin_hp,
            unit=world.hp,
            period=(year, year),
        )
    client.force_login(world.admin_hp)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("plans:plan_list"))
    assert response.context["paginator"].count == 11


def test_tree_and_assignment_pages_query_caps(client, world, django_assert_max_num_queries):
    for year in range(2023, 2030):
        plan_derive(
            source_plan_id=world.plan_hp.pk,
            actor=world.admin_hp,
            unit=world.hp,
            period=(year, year),
        )
    client.force_login(world.viewer_hp)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("plans:plan_tree")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("plans:my_assignments")).status_code == 200


# ---------------------------------------------------------------------------------------
# Plan page, version, matrix, tree, my assignments
# ---------------------------------------------------------------------------------------


def test_plan_page_shows_the_plan(client, world, django_assert_max_num_queries):
    client.force_login(world.reporter_hp_a)
    with django_assert_max_num_queries(30):
        response = client.get(world.plan_hp.get_absolute_url())
    html = response.content.decode()
    assert world.plan_hp.title in html
    assert 'data-testid="plan-target-count">1<' in html
    assert "≥ 80%" in html
    assert "Sở Y tế" in html
    # The lead resolved to the registry agency, linked (the reporter may see it).
    assert world.yte_hp.get_absolute_url() in html
    assert "1790/QĐ-TTg" in html
    assert reverse("plans:plan_version", args=[world.plan_hp.pk, 1]) in html
    assert 'data-testid="plan-edit-link"' not in html  # a reporter does not edit
    assert 'data-testid="plan-docx-link"' in html  # documents:plan_docx exists


def test_plan_version_page_shows_the_old_content(client, world):
    content = {**world.version_hp.content, "title": "Tên mới của kế hoạch"}
    from binhdang.plans.services import plan_update_content

    plan_update_content(plan_id=world.plan_hp.pk, content=content, actor=world.admin_hp)
    client.force_login(world.reporter_hp_a)
    old = client.get(reverse("plans:plan_version", args=[world.plan_hp.pk, 1]))
    assert world.plan_hp.title in old.content.decode()
    assert old.context["is_current"] is False
    new = client.get(reverse("plans:plan_version", args=[world.plan_hp.pk, 2]))
    assert "Tên mới của kế hoạch" in new.content.decode()
    missing = client.get(reverse("plans:plan_version", args=[world.plan_hp.pk, 9]))
    assert missing.status_code == 404


def test_matrix_marks_leads_and_partners(client, world):
    client.force_login(world.reporter_hp_a)
    response = client.get(reverse("plans:plan_matrix", args=[world.plan_hp.pk]))
    matrix = response.context["matrix"]
    assert [c.code for c in matrix.columns] == ["1.1"]
    rows = {r.label: r for r in matrix.rows}
    assert rows[world.yte_hp.full_name].cells == {"1.1": "L"}
    # A commune People's Committee named in a city plan is not resolved: shown as written.
    assert rows["Ủy ban nhân dân phường Thành Đông"].cells == {"1.1": "P"}
    assert rows["Ủy ban nhân dân phường Thành Đông"].resolved is False
    assert rows[world.noivu_hp.full_name].responsibility is True
    html = response.content.decode()
    assert 'class="mx-mark is-lead"' in html and 'class="mx-mark is-partner"' in html


def test_my_assignments_lists_the_agency_activities(client, world):
    client.force_login(world.viewer_hp)  # Sở Y tế Hải Phòng: lead
    response = client.get(reverse("plans:my_assignments"))
    groups = response.context["groups"]
    assert [g.plan for g in groups] == [world.plan_hp]
    assert [(a.code, a.role) for a in groups[0].activities] == [("1.1", "lead")]
    assert "Tổ chức Tháng hành động." in response.content.decode()

    # A commune's own plan, derived from the city's: its People's Committee leads.
    child = plan_derive(source_plan_id=world.plan_hp.pk, actor=world.admin_hp, unit=world.hp_a)
    client.force_login(world.reporter_hp_a)  # UBND phường Thành Đông
    groups = client.get(reverse("plans:my_assignments")).context["groups"]
    assert [g.plan for g in groups] == [child]
    assert [(a.code, a.role) for a in groups[0].activities] == [("1.1", "lead")]

    client.force_login(world.admin_hp)  # Sở Nội vụ: duties only
    groups = client.get(reverse("plans:my_assignments")).context["groups"]
    assert groups[0].activities == []
    assert groups[0].responsibilities[0].duties == ["Chủ trì, theo dõi, tổng hợp."]


def test_my_assignments_empty_state_explains(client, world):
    other = user_create(
        username="rep.b", password="pw-123456", agency=world.ubnd_hp_b, roles=[Role.REPORTER]
    )
    client.force_login(other)
    response = client.get(reverse("plans:my_assignments"))
    assert response.context["groups"] == []
    assert b'data-testid="assignments-empty"' in response.content


def test_tree_nests_derived_plans(client, world):
    child = plan_derive(source_plan_id=world.plan_hp.pk, actor=world.admin_hp, unit=world.hp_a)
    client.force_login(world.admin_hp)
    roots = client.get(reverse("plans:plan_tree")).context["roots"]
    assert [r.programme.number for r in roots] == ["1790/QĐ-TTg"]
    top = roots[0].plans
    assert [n.plan for n in top] == [world.plan_hp]
    assert [n.plan for n in top[0].children] == [child]


# ---------------------------------------------------------------------------------------
# Import → review → save
# ---------------------------------------------------------------------------------------


def test_import_start_defaults_to_the_users_unit(client, world):
    client.force_login(world.admin_hp)
    response = client.get(reverse("plans:import_start"))
    assert response.context["selected_unit_id"] == world.hp.pk
    assert f'<option value="{world.hp.pk}" selected>' in response.content.decode()
    assert world.import_hp.filename in response.content.decode()  # in progress
    assert world.import_other.filename not in response.content.decode()


def test_import_start_with_pasted_text_opens_the_review(client, world):
    client.force_login(world.admin_hp)
    response = client.post(
        reverse("plans:import_start"), {"text": seed_text("002"), "unit": world.hp.pk}
    )
    plan_import = PlanImport.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:import_review", args=[plan_import.pk])
    assert plan_import.created_by == world.admin_hp
    assert plan_import.unit == world.hp
    assert len(plan_import.content["tasks"]) == 6


def test_import_start_errors_keep_the_text_and_save_nothing(client, world):
    client.force_login(world.admin_hp)
    before = PlanImport.objects.count()
    text = "Biên bản họp chi bộ\nNội dung: bàn về công tác tháng sau."
    response = client.post(reverse("plans:import_start"), {"text": text, "unit": world.hp.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["text"]
    assert "Biên bản họp chi bộ" in response.content.decode()  # what was pasted is kept
    assert PlanImport.objects.count() == before

    response = client.post(reverse("plans:import_start"), {"text": "", "unit": world.hp.pk})
    assert response.context["form"].non_field_errors()

    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("ke-hoach.docx", b"this is not a zip file")
    response = client.post(reverse("plans:import_start"), {"file": bad, "unit": world.hp.pk})
    assert response.context["form"].errors["file"]
    assert PlanImport.objects.count() == before


def test_import_start_refuses_an_area_outside_scope(client, world):
    client.force_login(world.admin_hp)
    response = client.post(
        reverse("plans:import_start"), {"text": seed_text("002"), "unit": world.ct.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert seed_text("002")[:20] in response.content.decode()


def test_unit_search_stays_in_scope(client, world):
    client.force_login(world.admin_hp)
    html = client.get(reverse("plans:unit_choices"), {"unit_q": "thanh dong"}, **HTMX)
    assert "Phường Thành Đông" in html.content.decode()
    html = client.get(reverse("plans:unit_choices"), {"unit_q": "ninh kieu"}, **HTMX)
    assert "Ninh Kiều" not in html.content.decode()


def test_review_page_shows_the_source_beside_the_form(client, world):
    client.force_login(world.admin_hp)
    response = client.get(reverse("plans:import_review", args=[world.import_hp.pk]))
    html = response.content.decode()
    assert 'data-testid="source-text"' in html
    assert "Tuyên truyền về bình đẳng giới." in html
    assert 'name="targets-0-m-0-value" value="90"' in html
    assert 'hx-trigger="change delay:800ms' in html


def test_autosave_keeps_invalid_input(client, world):
    """The htmx autosave stores exactly what is on screen, errors included."""
    client.force_login(world.admin_hp)
    url = reverse("plans:import_review", args=[world.import_hp.pk])
    data = _form_of(world.import_hp)
    data.update(
        {
            "unit": world.hp.pk,
            "kind": "yearly",
            "title": "",
            "period_start": "hai nghìn",
            "targets-0-m-0-value": "chín mươi",
            "report_deadline": "45/99",
        }
    )
    response = client.post(url, {**data, "action": "autosave"}, **HTMX)
    assert response.status_code == 200
    assert b'id="autosave-status"' in response.content
    assert b"<html" not in response.content
    world.import_hp.refresh_from_db()
    edited = world.import_hp.edited
    assert edited["title"] == ""
    assert edited["period"][0] == "hai nghìn"
    assert edited["targets"][0]["milestones"][0]["value"] == "chín mươi"
    assert edited["report_deadline"] == "45/99"
    assert world.import_hp.kind == "yearly"
    assert Plan.objects.count() == 2  # nothing saved as a plan

    # The page shows it again after the tab was closed.
    html = client.get(url).content.decode()
    assert 'value="hai nghìn"' in html and 'value="chín mươi"' in html


def test_failed_commit_rerenders_with_errors_and_keeps_everything(client, world):
    client.force_login(world.admin_hp)
    url = reverse("plans:import_review", args=[world.import_hp.pk])
    data = _form_of(world.import_hp)
    data.update({"unit": world.hp.pk, "title": "", "targets-0-m-0-value": "chín mươi"})
    data["tasks-0-a-0-title"] = "Một hoạt động mới gõ vào"
    before = (Plan.objects.count(), PlanVersion.objects.count())
    response = client.post(url, {**data, "action": "commit"})
    assert response.status_code == 200
    assert response.context["commit_failed"] is True
    html = response.content.decode()
    assert 'data-testid="commit-errors"' in html
    assert 'id="f-title"' in html and "is-invalid" in html
    assert 'value="chín mươi"' in html
    assert "Một hoạt động mới gõ vào" in html
    assert (Plan.objects.count(), PlanVersion.objects.count()) == before
    world.import_hp.refresh_from_db()
    assert world.import_hp.status == "review"
    assert (
        world.import_hp.edited["tasks"][0]["activities"][0]["title"] == "Một hoạt động mới gõ vào"
    )


def test_save_draft_comes_back_to_the_review(client, world):
    client.force_login(world.admin_hp)
    url = reverse("plans:import_review", args=[world.import_hp.pk])
    data = _form_of(world.import_hp)
    data.update({"unit": world.hp.pk, "targets-1-text": "Một chỉ tiêu thêm"})
    response = client.post(url, {**data, "action": "save"})
    assert response.status_code == 302 and response["Location"] == url
    world.import_hp.refresh_from_db()
    assert [t["text"] for t in world.import_hp.edited["targets"]][-1] == "Một chỉ tiêu thêm"


def test_review_commit_happy_path(client, focal, hp):
    """Seed 000 pasted, reviewed as read, saved: the plan page shows 5 targets, 7 tasks
    and 21 activities, and the import leads to the plan from then on."""
    client.force_login(focal)
    client.post(reverse("plans:import_start"), {"text": seed_text("000"), "unit": hp.pk})
    plan_import = PlanImport.objects.get()
    url = reverse("plans:import_review", args=[plan_import.pk])
    review = client.get(url)
    assert review.context["rows"]["unresolved"] == []
    data = _form_of(plan_import)
    data.update({"unit": hp.pk, "kind": ""})
    response = client.post(url, {**data, "action": "commit"})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.targets.count() == 5
    assert plan.tasks.count() == 7
    assert Activity.objects.filter(task__plan=plan).count() == 21
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="plan-target-count">5<' in page
    assert client.get(url)["Location"] == plan.get_absolute_url()


def test_abandon_asks_then_deletes_the_import_only(client, world):
    client.force_login(world.admin_hp)
    url = reverse("plans:import_abandon", args=[world.import_hp.pk])
    assert b'data-testid="abandon-form"' in client.get(url).content
    before = (Plan.objects.count(), PlanVersion.objects.count())
    response = client.post(url)
    assert response.status_code == 302
    assert not PlanImport.objects.filter(pk=world.import_hp.pk).exists()
    assert PlanImport.objects.filter(pk=world.import_other.pk).exists()
    assert (Plan.objects.count(), PlanVersion.objects.count()) == before


# ---------------------------------------------------------------------------------------
# Edit and derive
# ---------------------------------------------------------------------------------------


def test_edit_saves_a_new_version(client, world):
    client.force_login(world.admin_hp)
    url = reverse("plans:plan_edit", args=[world.plan_hp.pk])
    page = client.get(url)
    assert world.plan_hp.title in page.content.decode()
    data = _form_of(world.version_hp.content)
    data.update(
        {"unit": world.hp.pk, "kind": "programme", "title": "Tên đã sửa", "note": "Sửa tên"}
    )
    response = client.post(url, data)
    assert response.status_code == 302
    world.plan_hp.refresh_from_db()
    assert world.plan_hp.version == 2
    assert world.plan_hp.title == "Tên đã sửa"
    assert world.plan_hp.versions.get(number=2).note == "Sửa tên"


def test_failed_edit_keeps_what_was_typed(client, world):
    client.force_login(world.admin_hp)
    url = reverse("plans:plan_edit", args=[world.plan_hp.pk])
    data = _form_of(world.version_hp.content)
    data.update({"unit": world.hp.pk, "period_start": "2030", "period_end": "2020", "note": "thử"})
    data["tasks-0-a-0-lead"] = "Sở Y tế\nSở Tư pháp"
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["save_failed"] is True
    html = response.content.decode()
    assert "Sở Tư pháp" in html and 'value="2020"' in html and 'value="thử"' in html
    world.plan_hp.refresh_from_db()
    assert world.plan_hp.version == 1


def test_derive_makes_a_draft_and_opens_its_edit_page(client, world):
    client.force_login(world.admin_hp)
    url = reverse("plans:plan_derive", args=[world.plan_hp.pk])
    page = client.get(url)
    communes = list(page.context["form"].fields["unit"].queryset)
    assert world.hp_a in communes and world.ct_a not in communes
    response = client.post(url, {"unit": world.hp_a.pk})
    child = Plan.objects.get(parent=world.plan_hp)
    assert response["Location"] == reverse("plans:plan_edit", args=[child.pk])
    assert child.status == "draft" and child.unit == world.hp_a
    response = client.post(url, {})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
