"""Pages: permission matrix, scope (another province's agency → 404), the list and its
counts, the detail page's figures, the forms (nothing typed is lost on an error), the
evidence download, the export. Query caps on the list."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from binhdang.media.models import Adoption, Assessment, MediaAgency
from binhdang.media.services import adoption_set, assessment_create

from .conftest import ALL_AREAS, ASSESS, EDIT, VIEW, grant, make_media

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def client(client):
    client.cookies["django_language"] = "en"  # match the English msgids
    return client


@pytest.fixture
def editor(world):
    """Hải Phòng's administrator with every media permission."""
    return grant(world.admin_hp, VIEW, *EDIT, *ASSESS)


@pytest.fixture
def viewer(world):
    return grant(world.viewer_hp, VIEW)


@pytest.fixture
def media(world):
    bao = make_media("Báo Hải Phòng", world.hp)
    far = make_media("Báo Cần Thơ", world.ct)
    adoption_set(actor=None, media_agency=bao, year=2025, status="pilot")
    a = assessment_create(
        actor=None, media_agency=bao, year=2025, areas=["A1", "B1"],
        leaders_female=2, leaders_male=6, items_reviewed=40, items_gender_topic=10,
        files=[SimpleUploadedFile("bao-cao-2025.pdf", b"%PDF-1.4 bao")],
    )  # fmt: skip
    b = assessment_create(
        actor=None, media_agency=far, year=2025, areas=ALL_AREAS, decision_ref="9/QĐ",
        files=[SimpleUploadedFile("bao-cao-ct.pdf", b"%PDF-1.4 ct")],
    )  # fmt: skip
    return {"bao": bao, "far": far, "assessment": a, "far_assessment": b}


def _object_urls(m) -> dict[str, tuple[str, str]]:
    """url name → (in-scope url, out-of-scope url)."""
    bao, far = m["bao"], m["far"]
    ev_in = m["assessment"].evidence_files.get()
    ev_out = m["far_assessment"].evidence_files.get()

    def pair(name, inside, outside):
        return reverse(name, args=[inside.pk]), reverse(name, args=[outside.pk])

    return {
        "media:agency_detail": pair("media:agency_detail", bao, far),
        "media:agency_update": pair("media:agency_update", bao, far),
        "media:adoption_set": pair("media:adoption_set", bao, far),
        "media:assessment_create": pair("media:assessment_create", bao, far),
        "media:assessment_update": pair(
            "media:assessment_update", m["assessment"], m["far_assessment"]
        ),
        "media:evidence_download": pair("media:evidence_download", ev_in, ev_out),
    }


LIST_PAGES = [
    "media:agency_list",
    "media:agency_create",
    "media:agency_import",
    "media:agency_template",
    "media:agency_export",
]


# ---------------------------------------------------------------------------------------
# Permissions and scope
# ---------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, world, media):
    urls = [reverse(n) for n in LIST_PAGES] + [u for u, _o in _object_urls(media).values()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("accounts:login") in response["Location"]


def test_without_permission_is_forbidden(client, world, media):
    client.force_login(world.nobody)
    urls = [reverse(n) for n in LIST_PAGES] + [u for u, _o in _object_urls(media).values()]
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_in_scope_opens_out_of_scope_is_not_found(client, world, media, editor):
    client.force_login(editor)
    for name, (inside, outside) in _object_urls(media).items():
        assert client.get(inside).status_code == 200, name
        response = client.get(outside)
        assert response.status_code == 404, name
        assert b"C\xe1\xba\xa7n Th\xc6\xa1" not in response.content  # "Cần Thơ"
    for url in (reverse("media:agency_detail", args=[media["far"].pk]),):
        assert client.post(url).status_code in (404, 405)
    assert client.post(_object_urls(media)["media:agency_update"][1], {}).status_code == 404


def test_viewer_sees_but_cannot_write(client, world, media, viewer):
    client.force_login(viewer)
    assert client.get(reverse("media:agency_list")).status_code == 200
    detail = client.get(media["bao"].get_absolute_url())
    assert detail.status_code == 200
    assert b'data-testid="media-edit"' not in detail.content
    for name in ("media:agency_update", "media:adoption_set", "media:assessment_create"):
        assert client.get(reverse(name, args=[media["bao"].pk])).status_code == 403
    assert client.post(reverse("media:agency_create"), {"name": "X"}).status_code == 403
    url = reverse("media:assessment_update", args=[media["assessment"].pk])
    assert client.post(url, {"year": 2025}).status_code == 403


def test_commune_people_see_the_province_agency_but_cannot_change_it(client, world, media):
    """The province's paper is shown to a commune for context (403 on its write pages);
    a neighbouring commune's agency is not shown at all (404)."""
    user = grant(world.reporter_hp_a, VIEW, *EDIT, *ASSESS)
    neighbour = make_media("Trung tâm Hải Dương", world.hp_b, "local_centre")
    client.force_login(user)
    assert client.get(media["bao"].get_absolute_url()).status_code == 200
    for name in ("media:agency_update", "media:adoption_set", "media:assessment_create"):
        assert client.get(reverse(name, args=[media["bao"].pk])).status_code == 403
        assert client.get(reverse(name, args=[neighbour.pk])).status_code == 404
    assert client.get(neighbour.get_absolute_url()).status_code == 404


# ---------------------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------------------


@pytest.fixture
def many(world, registry):
    return registry


def test_list_counts_line_and_status_filter(client, world, editor, many):
    client.force_login(editor)
    response = client.get(reverse("media:agency_list"), {"year": 2025})
    text = response.content.decode()
    assert "5 of 7 piloting, 2 official" in text
    assert "Báo Cần Thơ" not in text
    response = client.get(reverse("media:agency_list"), {"year": 2025, "status": "official"})
    names = [m.name for m in response.context["object_list"]]
    assert sorted(names) == ["Báo Hải Phòng", "Đài Truyền thanh Cẩm Thượng"]
    # The counts ignore the status filter but follow the place.
    assert "5 of 7 piloting, 2 official" in response.content.decode()
    response = client.get(reverse("media:agency_list"), {"year": 2025, "commune": world.hp_a.pk})
    assert "2 of 3 piloting, 1 official" in response.content.decode()
    assert {m.name for m in response.context["object_list"]} == {
        "Trung tâm Văn hóa Thành Đông",
        "Đài Truyền thanh Cẩm Thượng",
        "Bản tin Thành Đông",
    }


def test_list_other_filters(client, world, editor, many):
    client.force_login(editor)
    url = reverse("media:agency_list")

    def names(**params):
        return {m.name for m in client.get(url, params).context["object_list"]}

    assert names(year=2025, kind="magazine") == {"Tạp chí Hải Phòng"}
    assert names(year=2025, kind="magazine", active="all") == {
        "Tạp chí Hải Phòng",
        "Tạp chí đã đóng",
    }
    assert names(year=2025, active="no") == {"Tạp chí đã đóng"}
    assert names(q="truyen thanh cam") == {"Đài Truyền thanh Cẩm Thượng"}
    assert names(year=2025, status="none") == {"Trung tâm Văn hóa Hải Dương", "Bản tin Thành Đông"}
    assert names(year=2024, status="applying") == {"Bản tin Thành Đông"}
    assert names(year="abc", kind="nonsense", status="x") == names()


def test_list_table_alone_for_htmx_and_query_cap(
    client, world, editor, many, django_assert_max_num_queries
):
    client.force_login(editor)
    for i in range(30):
        make_media(f"Bản tin số {i}", world.hp_b, "online")
    with django_assert_max_num_queries(20):
        response = client.get(reverse("media:agency_list"), {"year": 2025}, **HTMX)
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b'data-testid="media-table"' in response.content


def test_a_viewer_of_another_province_sees_only_it(client, world, registry):
    from binhdang.accounts.services import user_create

    user = grant(user_create(username="v.ct", password="pw-123456", agency=world.yte_ct), VIEW)
    client.force_login(user)
    response = client.get(reverse("media:agency_list"), {"year": 2025})
    assert [m.name for m in response.context["object_list"]] == ["Báo Cần Thơ"]
    assert "1 of 1 piloting, 1 official" in response.content.decode()


# ---------------------------------------------------------------------------------------
# Detail and forms
# ---------------------------------------------------------------------------------------


def test_detail_shows_statuses_figures_percentages_and_evidence(client, world, editor, media):
    client.force_login(editor)
    response = client.get(media["bao"].get_absolute_url())
    text = response.content.decode()
    history = {row.year: row for row in response.context["history"]}
    assert history[2025].status == "pilot" and history[2025].source == "recorded"
    assert "25.0%" in text  # 2 women of 8 in decision-making positions
    assert "75.0%" not in text  # the share shown is the women's
    assert "25.0%" in text and "10" in text
    assert "bao-cao-2025.pdf" in text
    assert 'data-testid="media-rules"' in text
    assert "What “pilot” and “official” mean here" in text


def test_evidence_download(client, world, editor, media):
    client.force_login(editor)
    evidence = media["assessment"].evidence_files.get()
    response = client.get(reverse("media:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 bao"
    assert "bao-cao-2025.pdf" in response["Content-Disposition"]


def test_create_agency_and_errors_keep_the_input(client, world, editor):
    client.force_login(editor)
    url = reverse("media:agency_create")
    data = {"name": "Tạp chí Người Hải Phòng", "kind": "magazine", "unit": world.hp.pk,
            "managing_body": "Hội Nhà báo", "is_active": "on", "note": ""}  # fmt: skip
    response = client.post(url, data)
    media = MediaAgency.objects.get(name="Tạp chí Người Hải Phòng")
    assert response.status_code == 302 and response["Location"] == media.get_absolute_url()
    response = client.post(url, {**data, "name": "tạp chí người hải phòng"})
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert "Hội Nhà báo" in response.content.decode()
    # A unit outside the area is not offered.
    response = client.post(url, {**data, "name": "Báo khác", "unit": world.ct.pk})
    assert response.status_code == 200 and "unit" in response.context["form"].errors


def test_update_agency(client, world, editor, media):
    client.force_login(editor)
    url = reverse("media:agency_update", args=[media["bao"].pk])
    assert client.get(url).context["form"].initial["name"] == "Báo Hải Phòng"
    response = client.post(url, {"name": "Báo Hải Phòng", "kind": "newspaper",
                                 "unit": world.hp.pk, "managing_body": "Thành ủy"})  # fmt: skip
    assert response.status_code == 302
    media["bao"].refresh_from_db()
    assert media["bao"].managing_body == "Thành ủy"
    assert media["bao"].is_active is False  # the box was not ticked


def test_set_and_clear_a_year_status(client, world, editor, media):
    client.force_login(editor)
    url = reverse("media:adoption_set", args=[media["bao"].pk])
    response = client.get(url, {"year": 2025})
    assert response.context["form"].initial["status"] == "pilot"
    response = client.post(url, {"year": 2026, "status": "official", "decision_ref": ""})
    assert response.status_code == 200
    assert "decision_ref" in response.context["form"].errors
    response = client.post(url, {"year": 2026, "status": "official", "decision_ref": "3/QĐ",
                                 "decided_on": "2026-01-05"})  # fmt: skip
    assert response.status_code == 302
    assert Adoption.objects.get(media_agency=media["bao"], year=2026).decided_on == date(2026, 1, 5)
    response = client.post(url, {"year": 2025, "status": ""})
    assert response.status_code == 302
    assert not Adoption.objects.filter(media_agency=media["bao"], year=2025).exists()


def test_record_and_edit_an_assessment(client, world, editor, media):
    client.force_login(editor)
    url = reverse("media:assessment_create", args=[media["bao"].pk])
    assert client.get(url).status_code == 200
    data = {"year": 2026, "assessed_on": "", "areas": ["A1", "A2"], "leaders_female": "3",
            "leaders_male": "", "items_reviewed": "", "notes": "Giữ nguyên"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert "leaders_male" in response.context["form"].errors
    assert "Giữ nguyên" in response.content.decode()
    data["leaders_male"] = "5"
    data["evidence"] = [SimpleUploadedFile("a.pdf", b"1"), SimpleUploadedFile("b.xlsx", b"2")]
    response = client.post(url, data)
    assert response.status_code == 302
    a = Assessment.objects.get(media_agency=media["bao"], year=2026)
    assert (a.areas, a.leaders_female, a.leaders_male) == (["A1", "A2"], 3, 5)
    assert a.evidence_files.count() == 2

    edit = reverse("media:assessment_update", args=[a.pk])
    form = client.get(edit).context["form"]
    assert form.initial["areas"] == ["A1", "A2"]
    remove = a.evidence_files.get(name="a.pdf")
    response = client.post(edit, {**data, "evidence": [], "areas": ALL_AREAS,
                                  "remove_files": [remove.pk]})  # fmt: skip
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.areas == ALL_AREAS
    assert list(a.evidence_files.values_list("name", flat=True)) == ["b.xlsx"]


def test_export_lists_the_filtered_agencies_with_the_year_status(client, world, editor, many):
    client.force_login(editor)
    response = client.get(reverse("media:agency_export"), {"year": 2025, "kind": "newspaper"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "Tên cơ quan truyền thông"
    assert rows[0][7] == "Mức áp dụng năm 2025"
    assert [(r[0], r[7], r[8]) for r in rows[1:]] == [
        ("Báo Hải Phòng", "Chính thức", "Đã ghi nhận")
    ]
