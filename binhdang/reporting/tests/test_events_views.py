"""Communication-event pages: permissions and scope, record and edit (nothing typed is
lost on an error), delete, import (errors by row, nothing saved), template, export, list."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from binhdang.reporting.event_import import COLUMNS
from binhdang.reporting.models import CommEvent, EventImport

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def client(client):
    client.cookies["django_language"] = "en"  # match the English msgids
    return client


def _event(agency, unit, title, **fields):
    fields = {"date": date(2025, 11, 20), "event_type": "talk", "channel": "in_person", **fields}
    return CommEvent.objects.create(agency=agency, unit=unit, title=title, **fields)


@pytest.fixture
def events(world):
    """One event of each kind of neighbour of the commune's reporter."""
    return {
        "own": _event(world.ubnd_hp_a, world.hp_a, "Sinh hoạt CLB Thành Đông",
                      participants_male=7, participants_female=13, participants_total=20),
        "province": _event(world.yte_hp, world.hp, "Hội nghị của Sở Y tế"),
        "neighbour": _event(world.ubnd_hp_b, world.hp_b, "Buổi nói chuyện ở Hải Dương"),
        "far": _event(world.yte_ct, world.ct_a, "Sự kiện ở Ninh Kiều"),
    }  # fmt: skip


def _form(**changes) -> dict:
    data = {
        "date": "2025-11-18",
        "event_type": "conference",
        "channel": "",
        "title": "Hội nghị triển khai Tháng hành động",
        "unit": "",
        "target_groups": ["women_girls", "youth"],
        "participants_male": "40",
        "participants_female": "60",
        "participants_total": "",
        "product": "",
        "quantity": "",
        "cost": "",
        "budget_source": "",
        "activity": "",
        "note": "Ghi chú dài, giữ nguyên",
    }
    data.update(changes)
    return data


# ---------------------------------------------------------------------------------------
# Permissions and scope
# ---------------------------------------------------------------------------------------

PAGES = ["reporting:event_list", "reporting:event_export"]
WRITE_PAGES = ["reporting:event_create", "reporting:event_import"]


def _url(name: str) -> str:
    return reverse(name)


@pytest.mark.parametrize("name", [*PAGES, *WRITE_PAGES])
def test_anonymous_is_sent_to_login(client, world, name):
    response = client.get(_url(name))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("name", [*PAGES, *WRITE_PAGES])
def test_users_without_a_role_are_forbidden(client, world, name):
    client.force_login(world.nobody)
    assert client.get(_url(name)).status_code == 403


def test_viewers_see_the_list_but_cannot_record(client, world, events):
    client.force_login(world.viewer_hp)
    assert client.get(_url("reporting:event_list")).status_code == 200
    for name in WRITE_PAGES:
        assert client.get(_url(name)).status_code == 403
    url = reverse("reporting:event_template", kwargs={"fmt": "xlsx"})
    assert client.get(url).status_code == 403
    before = CommEvent.objects.count()
    assert client.post(_url("reporting:event_create"), _form()).status_code == 403
    update = reverse("reporting:event_update", args=[events["province"].pk])
    assert client.post(update, _form()).status_code == 403
    delete = reverse("reporting:event_delete", args=[events["province"].pk])
    assert client.post(delete).status_code == 403
    assert CommEvent.objects.count() == before


def test_edit_and_delete_obey_scope_and_organiser(client, world, events):
    """Own agency's event → 200; another province's or another commune's → 404 (not in
    scope); the province's event the commune sees for context → 403 (not its organiser)."""
    client.force_login(world.reporter_hp_a)
    for name in ("reporting:event_update", "reporting:event_delete"):
        assert client.get(reverse(name, args=[events["own"].pk])).status_code == 200
        for key in ("far", "neighbour"):
            response = client.get(reverse(name, args=[events[key].pk]))
            assert response.status_code == 404
            assert events[key].title.encode() not in response.content
        assert client.get(reverse(name, args=[events["province"].pk])).status_code == 403
    assert (
        client.post(reverse("reporting:event_delete", args=[events["far"].pk])).status_code == 404
    )
    assert CommEvent.objects.filter(pk=events["far"].pk).exists()


# ---------------------------------------------------------------------------------------
# Record, edit, delete
# ---------------------------------------------------------------------------------------


def test_record_an_event(client, world):
    client.force_login(world.reporter_hp_a)
    assert client.get(_url("reporting:event_create")).status_code == 200
    response = client.post(_url("reporting:event_create"), _form())
    assert response.status_code == 302
    assert response["Location"] == _url("reporting:event_list")
    event = CommEvent.objects.get(title="Hội nghị triển khai Tháng hành động")
    assert (event.agency, event.unit, event.channel) == (world.ubnd_hp_a, world.hp_a, "in_person")
    assert (event.participants_total, event.note) == (100, "Ghi chú dài, giữ nguyên")
    response = client.post(_url("reporting:event_create"), _form(another="1"))
    assert response["Location"] == _url("reporting:event_create")


def test_a_rejected_form_keeps_everything_typed(client, world):
    client.force_login(world.reporter_hp_a)
    before = CommEvent.objects.count()
    response = client.post(
        _url("reporting:event_create"),
        _form(participants_total="50", cost="3000000", product="Tờ rơi gấp ba"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Men and women together are more than the participants in all." in html
    assert "Choose the budget source: the event has a cost." in html
    assert 'value="Hội nghị triển khai Tháng hành động"' in html
    assert 'value="Tờ rơi gấp ba"' in html
    assert 'value="3000000"' in html and 'value="50"' in html
    assert "Ghi chú dài, giữ nguyên" in html
    form = response.context["form"]
    assert form["target_groups"].value() == ["women_girls", "youth"]
    assert CommEvent.objects.count() == before


def test_a_place_outside_the_area_is_refused_on_the_form(client, world):
    client.force_login(world.reporter_hp_a)
    response = client.post(_url("reporting:event_create"), _form(unit=str(world.ct_a.pk)))
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert not CommEvent.objects.filter(title="Hội nghị triển khai Tháng hành động").exists()


def test_edit_an_event(client, world, events):
    client.force_login(world.reporter_hp_a)
    url = reverse("reporting:event_update", args=[events["own"].pk])
    page = client.get(url)
    assert page.context["form"]["title"].value() == "Sinh hoạt CLB Thành Đông"
    response = client.post(url, _form(title="Sinh hoạt CLB (sửa)", event_type="club_meeting"))
    assert response.status_code == 302
    events["own"].refresh_from_db()
    assert (events["own"].title, events["own"].event_type) == (
        "Sinh hoạt CLB (sửa)",
        "club_meeting",
    )


def test_delete_an_event(client, world, events):
    client.force_login(world.reporter_hp_a)
    url = reverse("reporting:event_delete", args=[events["own"].pk])
    assert b"Sinh ho" in client.get(url).content
    assert client.post(url).status_code == 302
    assert not CommEvent.objects.filter(pk=events["own"].pk).exists()


# ---------------------------------------------------------------------------------------
# Import, template, export
# ---------------------------------------------------------------------------------------


def _upload(name: str, *lines: str) -> SimpleUploadedFile:
    with translation.override("en"):
        headers = ",".join(f'"{c.header}"' for c in COLUMNS)
    text = "\ufeff" + "\n".join([headers, *lines]) + "\n"
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_import_with_errors_lists_them_and_saves_nothing(client, world):
    client.force_login(world.reporter_hp_a)
    before = (CommEvent.objects.count(), EventImport.objects.count())
    good = "20/11/2025,talk,,Nói chuyện,,,,,,,,,,,,"
    bad = "20/11/2031,talk,,Tương lai,,,,,,,,,,,,"
    response = client.post(
        _url("reporting:event_import"), {"file": _upload("su-kien.csv", good, good, bad)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved." in html
    assert "su-kien.csv: 1 row of 3 has errors." in html
    errors = response.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(4, "Date")]
    assert "record events once they have happened" in html
    assert (CommEvent.objects.count(), EventImport.objects.count()) == before


def test_import_success_shows_the_imported_events(client, world):
    client.force_login(world.reporter_hp_a)
    lines = [f"20/11/2025,talk,,Buổi nói chuyện số {i},,,,,,,,,,,," for i in range(3)]
    response = client.post(_url("reporting:event_import"), {"file": _upload("ok.csv", *lines)})
    assert response.status_code == 302
    batch = EventImport.objects.get()
    assert response["Location"] == _url("reporting:event_list") + f"?batch={batch.pk}"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "3 events imported from ok.csv." in html
    assert [e.title for e in page.context["object_list"]] == [
        "Buổi nói chuyện số 2", "Buổi nói chuyện số 1", "Buổi nói chuyện số 0",
    ]  # fmt: skip


def test_import_refuses_other_files(client, world):
    client.force_login(world.reporter_hp_a)
    upload = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4")
    response = client.post(_url("reporting:event_import"), {"file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["Choose an .xlsx or .csv file."]


def test_templates_download(client, world):
    client.force_login(world.reporter_hp_a)
    response = client.get(reverse("reporting:event_template", kwargs={"fmt": "xlsx"}))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Communication events", "Instructions", "Code lists"]
    response = client.get(reverse("reporting:event_template", kwargs={"fmt": "csv"}))
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Type"].startswith("text/csv")


def test_export_holds_the_filtered_events_in_scope(client, world, events):
    client.force_login(world.reporter_hp_a)
    response = client.get(_url("reporting:event_export"), {"q": "CLB"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    titles = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["Sinh hoạt CLB Thành Đông"]
    everything = client.get(_url("reporting:event_export"))
    sheet = load_workbook(io.BytesIO(everything.content)).active
    titles = {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert events["far"].title not in titles and events["neighbour"].title not in titles


# ---------------------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------------------


def test_list_without_filters_shows_this_year(client, world, events, monkeypatch):
    from django.utils import timezone

    client.force_login(world.reporter_hp_a)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 3, 1))
    assert not client.get(_url("reporting:event_list")).context["object_list"]
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2025, 3, 1))
    assert events["own"] in client.get(_url("reporting:event_list")).context["object_list"]


def test_list_shows_scope_totals_and_buttons(client, world, events):
    client.force_login(world.reporter_hp_a)
    response = client.get(_url("reporting:event_list"), {"year": "2025"})
    html = response.content.decode()
    listed = set(response.context["object_list"])
    assert {events["own"], events["province"]} <= listed
    assert events["far"] not in listed and events["neighbour"] not in listed
    assert "Ninh Kiều" not in html
    for button in ("Record an event", "Import from Excel", "Download the template"):
        assert button in html
    assert 'data-testid="event-totals"' in html
    totals = response.context["totals"]
    assert totals.events == len(listed)
    assert totals.participants_total >= 20


def test_list_filters_render_only_the_table_for_htmx(client, world, events):
    client.force_login(world.manager_hp)
    response = client.get(_url("reporting:event_list"), {"q": "CLB"}, **HTMX)
    html = response.content.decode()
    assert 'id="event-table"' in html and "<html" not in html
    assert list(response.context["object_list"]) == [events["own"]]
    assert response["Vary"].count("HX-Request") == 1


def test_viewer_has_no_record_buttons(client, world, events):
    client.force_login(world.viewer_hp)
    html = client.get(_url("reporting:event_list")).content.decode()
    assert "Record an event" not in html
    assert reverse("reporting:event_update", args=[events["province"].pk]) not in html


def test_list_queries_do_not_grow_with_the_page(client, world, django_assert_max_num_queries):
    for i in range(40):
        _event(world.ubnd_hp_a, world.hp_a, f"Buổi {i}")
    client.force_login(world.reporter_hp_a)
    client.get(_url("reporting:event_list"))  # warm the user's caches
    with django_assert_max_num_queries(20):
        assert client.get(_url("reporting:event_list")).status_code == 200
