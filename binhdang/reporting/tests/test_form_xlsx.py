"""The report form's Excel round-trip: download, fill offline, upload (form_xlsx)."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.urls import include, path, reverse
from django.utils import translation

import config.urls
from binhdang.core.models import AuditEntry
from binhdang.reporting import form_xlsx_urls
from binhdang.reporting import urls as reporting_urls
from binhdang.reporting.choices import ItemStatus, SubmissionStatus, ValueKind, WorkflowAction
from binhdang.reporting.form_xlsx import (
    FIGURES,
    INFO,
    ITEMS,
    SUMMARY,
    StaleWorkbook,
    content_from_workbook,
    form_upload,
    form_workbook,
)
from binhdang.reporting.models import DataValue, Submission, SubmissionEvent, TargetElement
from binhdang.reporting.reportform import build_form_spec
from binhdang.reporting.services import element_ids, submission_save

S = SubmissionStatus


# The lead includes form_xlsx_urls in "reporting"; this module's URLconf does the same so
# the tests do not depend on it, with a stand-in for the online form page.
def _online_form(request, pk):
    return HttpResponse("online form")


_reporting = [
    path("submissions/", include(form_xlsx_urls.urlpatterns)),
    path("submissions/<int:pk>/edit/", _online_form, name="submission_edit"),
    *reporting_urls.urlpatterns,
]
urlpatterns = [
    *(p for p in config.urls.urlpatterns if str(p.pattern) != "reports/"),
    path("reports/", include((_reporting, "reporting"))),
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture(autouse=True)
def english(client, settings):
    """Messages are asserted in English (the msgids), whatever the catalogue holds."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def sub(world, sub_a):
    """Phường Thành Đông's report, asking also for officials trained by sex."""
    target = world.plan_hp.targets.first()
    TargetElement.objects.create(target=target, element_id=element_ids()["officials.trained"])
    return sub_a


@pytest.fixture
def other_reporter(world):
    from binhdang.accounts.choices import Role
    from binhdang.accounts.services import user_create

    return user_create(
        username="rep.b", password="pw-123456", agency=world.ubnd_hp_b, roles=[Role.REPORTER]
    )


# ---- helpers ---------------------------------------------------------------------------

_KEYS: dict[str, str] = {}


@pytest.fixture(autouse=True)
def _activity_key(world):
    """The form key of the plan's one activity ("a<id>": ids differ between databases)."""
    from binhdang.plans.models import Activity

    _KEYS["a"] = f"a{Activity.objects.get(task__plan=world.plan_hp).pk}"


def AKEY() -> str:  # noqa: N802
    return _KEYS["a"]


def _book(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def _sheet(wb, mark: str):
    return next(ws for ws in wb.worksheets if ws["A1"].value == mark)


def _row(ws, key: str, cell: str | None = None) -> int:
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 1).value == key and (cell is None or ws.cell(row, 2).value == cell):
            return row
    raise AssertionError(f"no row {key} {cell}")


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _fill(data: bytes, *, status="Done", total=12, men=5, women=6, media=(10, 4, 3)) -> bytes:
    wb = _book(data)
    items = _sheet(wb, ITEMS)
    r = _row(items, AKEY())
    items.cell(r, 5, status)
    items.cell(r, 6, "Tổ chức 2 hội nghị tuyên truyền")
    items.cell(r, 7, "150 người tham dự")
    figures = _sheet(wb, FIGURES)
    codes = ("media.agencies_total", "media.pilot", "media.official")
    for code, value in zip(codes, media, strict=True):
        figures.cell(_row(figures, code), 5, value)
    for cell, value in (("total", total), ("male", men), ("female", women)):
        figures.cell(_row(figures, "officials.trained", cell), 5, value)
    figures.cell(_row(figures, "officials.trained", "total"), 7, "Theo danh sách lớp")
    summary = _sheet(wb, SUMMARY)
    summary.cell(_row(summary, "gen-difficulties"), 3, "Thiếu kinh phí")
    return _save(wb)


def _upload(client, sub, data: bytes, submit=False, follow=False):
    url = reverse("reporting:submission_xlsx_upload", args=[sub.pk])
    payload = {"file": io.BytesIO(data)}
    payload["file"].name = "bao-cao.xlsx"
    if submit:
        payload["submit"] = "on"
    return client.post(url, payload, follow=follow)


# ---- download --------------------------------------------------------------------------


def test_download_holds_the_items_figures_and_keys(client, world, sub):
    client.force_login(world.reporter_hp_a)
    response = client.get(reverse("reporting:submission_xlsx", args=[sub.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    disposition = response["Content-Disposition"]
    assert 'filename="bao-cao-2025-uy-ban-nhan-dan-phuong-thanh-dong.xlsx"' in disposition
    wb = _book(response.content)
    assert {ws["A1"].value for ws in wb.worksheets} >= {INFO, ITEMS, FIGURES, SUMMARY}

    info = _sheet(wb, INFO)
    keys = {info.cell(r, 1).value: info.cell(r, 3).value for r in range(1, info.max_row + 1)}
    assert keys["submission"] == sub.pk
    assert keys["version"] == sub.version
    assert keys["agency"] == world.ubnd_hp_a.full_name
    assert "15/12/2024" in keys["window"] and "14/12/2025" in keys["window"]
    assert info.column_dimensions["A"].hidden
    assert info.row_dimensions[_row(info, "version")].hidden
    assert info.protection.sheet

    items = _sheet(wb, ITEMS)
    r = _row(items, AKEY())
    assert items.cell(r, 3).value.startswith("Tổ chức Tháng hành động.")
    assert items.column_dimensions["A"].hidden
    assert items.protection.sheet
    assert not items.cell(r, 5).protection.locked  # status: typed in
    assert items.cell(r, 3).protection.locked  # the activity: a label
    assert any("E2" in str(dv.sqref) for dv in items.data_validations.dataValidation)

    figures = _sheet(wb, FIGURES)
    rows = {
        (figures.cell(r, 1).value, figures.cell(r, 2).value) for r in range(2, figures.max_row + 1)
    }
    assert rows == {
        ("media.agencies_total", "total"),
        ("media.pilot", "total"),
        ("media.official", "total"),
        ("officials.trained", "total"),
        ("officials.trained", "male"),
        ("officials.trained", "female"),
    }
    # The kind defaults to the round's default (final after the cut-off).
    kind = figures.cell(_row(figures, "media.pilot"), 6).value
    assert kind == dict(build_form_spec(sub).kinds)["final"]


def test_download_is_prefilled_from_the_saved_content(world, sub):
    spec = build_form_spec(sub)
    content = {
        "items": {AKEY(): {"status": "in_progress", "done": "Đã họp", "results": "",
                         "difficulties": "", "proposals": ""}},
        "figures": {"officials.trained": {"kind": "estimate", "comment": "ước",
                                          "values": {"": "1.234", "male": "600", "female": ""}}},
        "general": {"summary": "Tốt", "difficulties": "", "proposals": ""},
    }  # fmt: skip
    sub = submission_save(submission=sub, content=content, version=1, actor=world.reporter_hp_a)
    wb = _book(form_workbook(sub.submission, spec=spec))
    items = _sheet(wb, ITEMS)
    r = _row(items, AKEY())
    assert items.cell(r, 5).value == str(ItemStatus.IN_PROGRESS.label)
    assert items.cell(r, 6).value == "Đã họp"
    figures = _sheet(wb, FIGURES)
    assert figures.cell(_row(figures, "officials.trained", "total"), 5).value == 1234
    assert figures.cell(_row(figures, "officials.trained", "male"), 5).value == 600
    assert figures.cell(_row(figures, "officials.trained", "female"), 5).value is None
    total = _row(figures, "officials.trained", "total")
    assert figures.cell(total, 6).value == str(ValueKind.ESTIMATE.label)
    assert figures.cell(total, 7).value == "ước"
    summary = _sheet(wb, SUMMARY)
    assert summary.cell(_row(summary, "gen-summary"), 3).value == "Tốt"


# ---- reading ---------------------------------------------------------------------------


def test_labels_are_read_in_either_language_and_without_diacritics(sub):
    spec = build_form_spec(sub)
    wb = _book(form_workbook(sub, spec=spec))
    items = _sheet(wb, ITEMS)
    figures = _sheet(wb, FIGURES)
    cases = [("ĐÃ HOÀN THÀNH", "done"), ("dang thuc hien", "in_progress"),
             ("Not done", "not_done"), ("done", "done"), ("xyz", "xyz")]  # fmt: skip
    for text, code in cases:
        items.cell(_row(items, AKEY()), 5, text)
        content, problems, sub_id, version = content_from_workbook(_save(wb), spec)
        assert content["items"][AKEY()]["status"] == code, text
        assert (problems, sub_id, version) == ([], sub.pk, 1)
    row = _row(figures, "officials.trained", "total")
    for text, code in (("Ước tính", "estimate"), ("ACTUAL TO DATE", "actual"), ("final", "final")):
        figures.cell(row, 6, text)
        content, *_rest = content_from_workbook(_save(wb), spec)
        assert content["figures"]["officials.trained"]["kind"] == code, text


def test_round_trip_in_vietnamese(sub):
    with translation.override("vi"):
        spec = build_form_spec(sub)
        wb = _book(form_workbook(sub, spec=spec))
        items = _sheet(wb, ITEMS)
        items.cell(_row(items, AKEY()), 5, str(ItemStatus.NOT_DONE.label))
        figures = _sheet(wb, FIGURES)
        figures.cell(_row(figures, "media.pilot"), 6, str(ValueKind.ACTUAL.label))
        content, problems, *_rest = content_from_workbook(_save(wb), spec)
    assert problems == []
    assert content["items"][AKEY()]["status"] == "not_done"
    assert content["figures"]["media.pilot"]["kind"] == "actual"
    assert content["figures"]["media.official"]["kind"] == "final"  # as downloaded


def test_numbers_as_numbers_or_as_text(sub):
    spec = build_form_spec(sub)
    wb = _book(form_workbook(sub, spec=spec))
    figures = _sheet(wb, FIGURES)
    figures.cell(_row(figures, "officials.trained", "total"), 5, 12.0)
    figures.cell(_row(figures, "officials.trained", "male"), 5, "1.234")
    figures.cell(_row(figures, "officials.trained", "female"), 5, 1.5)
    figures.cell(_row(figures, "media.pilot"), 5, 1.234)  # a real number, not thousands
    content, problems, *_rest = content_from_workbook(_save(wb), spec)
    values = content["figures"]["officials.trained"]["values"]
    assert values == {"": "12", "male": "1.234", "female": "1.5"}
    assert content["figures"]["media.pilot"]["values"][""] == "1.2340"
    assert problems == []


def test_not_a_workbook_and_a_foreign_workbook(sub):
    spec = build_form_spec(sub)
    content, problems, sub_id, version = content_from_workbook(b"PK\x03\x04 broken", spec)
    assert problems and "not an Excel workbook" in problems[0]
    assert (sub_id, version) == (None, None)
    foreign = openpyxl.Workbook()
    foreign.active["A1"] = "Tên"
    _content, problems, sub_id, _v = content_from_workbook(_save(foreign), spec)
    assert problems and "not a report form" in problems[0]
    assert sub_id is None


def test_unknown_and_missing_rows_are_reported(world, sub):
    spec = build_form_spec(sub)
    wb = _book(_fill(form_workbook(sub, spec=spec)))
    items = _sheet(wb, ITEMS)
    items.cell(_row(items, AKEY()), 1, "a999")  # an activity removed from the plan since
    figures = _sheet(wb, FIGURES)
    figures.cell(_row(figures, "media.official"), 1, "")  # a row without its key
    content, problems, *_rest = content_from_workbook(_save(wb), spec)
    text = "\n".join(problems)
    assert "no longer in this report's form" in text
    assert "no hidden key" in text
    assert "Tổ chức Tháng hành động" in text  # a1 itself is missing from the file
    assert content["items"][AKEY()]["status"] == ""


# ---- upload ----------------------------------------------------------------------------


def test_fill_and_upload_saves_the_draft(client, world, sub):
    client.force_login(world.reporter_hp_a)
    data = client.get(reverse("reporting:submission_xlsx", args=[sub.pk])).content
    response = _upload(client, sub, _fill(data, status="hoàn thành"))
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:submission_edit", args=[sub.pk])
    sub.refresh_from_db()
    assert sub.version == 2
    assert sub.status == S.DRAFT
    assert sub.content["items"][AKEY()]["status"] == "done"
    assert sub.content["items"][AKEY()]["done"] == "Tổ chức 2 hội nghị tuyên truyền"
    trained = sub.content["figures"]["officials.trained"]
    assert trained["values"] == {"": "12", "male": "5", "female": "6"}
    assert trained["kind"] == "final"
    assert trained["comment"] == "Theo danh sách lớp"
    assert sub.content["figures"]["media.agencies_total"]["values"] == {"": "10"}
    assert sub.content["general"]["difficulties"] == "Thiếu kinh phí"
    entry = AuditEntry.objects.get(action="reporting.submission.uploaded")
    assert entry.object_id == str(sub.pk)
    assert entry.data["changed"] is True and entry.data["version"] == 2
    assert SubmissionEvent.objects.filter(submission=sub, action=WorkflowAction.UPLOAD).exists()
    assert not DataValue.objects.filter(submission=sub).exists()


def test_bad_values_are_listed_with_row_and_column_and_kept(client, world, sub):
    client.force_login(world.reporter_hp_a)
    wb = _book(_fill(form_workbook(sub), total=10, men=6, women=7))
    figures = _sheet(wb, FIGURES)
    pilot_row = _row(figures, "media.pilot")
    official_row = _row(figures, "media.official")
    total_row = _row(figures, "officials.trained", "total")
    figures.cell(pilot_row, 5, -3)
    figures.cell(official_row, 5, "ba mươi")
    response = _upload(client, sub, _save(wb))
    assert response.status_code == 200
    errors = response.context["outcome"].errors
    by_cell = {e.cell: e for e in errors}
    assert by_cell[f"E{pilot_row}"].message == "A figure cannot be negative."
    assert "is not a number" in by_cell[f"E{official_row}"].message
    assert "Men and women together" in by_cell[f"E{total_row}"].message
    assert by_cell[f"E{total_row}"].row == total_row
    assert by_cell[f"E{total_row}"].column.startswith("E")
    assert by_cell[f"E{total_row}"].sheet == _sheet(wb, FIGURES).title
    html = response.content.decode()
    assert 'data-testid="upload-errors"' in html and "ba mươi" in html
    # Nothing lost: the draft holds what the workbook said, errors and all.
    sub.refresh_from_db()
    assert sub.version == 2 and sub.status == S.DRAFT
    assert sub.content["figures"]["media.pilot"]["values"][""] == "-3"
    assert sub.content["figures"]["media.official"]["values"][""] == "ba mươi"
    assert sub.content["figures"]["officials.trained"]["values"]["female"] == "7"


def test_a_workbook_older_than_an_online_save_is_refused(client, world, sub):
    client.force_login(world.reporter_hp_a)
    data = form_workbook(sub)  # version 1
    online = {"general": {"summary": "Đã nhập trên web", "difficulties": "", "proposals": ""}}
    submission_save(submission=sub, content=online, version=1, actor=world.reporter_hp_a)
    response = _upload(client, sub, _fill(data))
    assert response.status_code == 200
    text = response.content.decode()
    assert "version 1" in text and "download the workbook again" in text
    sub.refresh_from_db()
    assert sub.version == 2
    assert sub.content == online
    assert not AuditEntry.objects.filter(action="reporting.submission.uploaded").exists()
    with pytest.raises(StaleWorkbook):
        form_upload(submission=sub, data=_fill(data), actor=world.reporter_hp_a, submit=False)


def test_an_old_workbook_with_nothing_new_is_accepted(world, sub):
    first = _fill(form_workbook(sub))
    outcome = form_upload(submission=sub, data=first, actor=world.reporter_hp_a, submit=False)
    assert outcome.changed and outcome.result.submission.version == 2
    again = form_upload(submission=sub, data=first, actor=world.reporter_hp_a, submit=False)
    assert not again.changed and again.ok
    sub.refresh_from_db()
    assert sub.version == 2


def test_the_workbook_of_another_report_is_refused(client, world, sub, rnd):
    client.force_login(world.reporter_hp_a)
    other = Submission.objects.get(round=rnd, agency=world.yte_hp)
    response = _upload(client, sub, _fill(form_workbook(other)))
    assert response.status_code == 200
    assert "the form of another report" in response.content.decode()
    sub.refresh_from_db()
    assert sub.version == 1 and sub.content == {}
    with pytest.raises(ValidationError):
        form_upload(submission=sub, data=b"not a zip", actor=world.reporter_hp_a, submit=False)


def test_only_the_agencys_reporters_upload(client, world, sub, other_reporter, reviewer_hp):
    data = _fill(form_workbook(sub))
    download = reverse("reporting:submission_xlsx", args=[sub.pk])
    upload = reverse("reporting:submission_xlsx_upload", args=[sub.pk])
    # Another commune's reporter does not see the report at all.
    client.force_login(other_reporter)
    assert client.get(download).status_code == 404
    assert client.get(upload).status_code == 404
    assert _upload(client, sub, data).status_code == 404
    # The province's reviewer sees it and may download it, not fill it in.
    client.force_login(reviewer_hp)
    assert client.get(download).status_code == 200
    assert client.get(upload).status_code == 403
    assert _upload(client, sub, data).status_code == 403
    with pytest.raises(PermissionDenied):
        form_upload(submission=sub, data=data, actor=other_reporter, submit=False)
    client.logout()
    assert client.get(upload).status_code == 302
    sub.refresh_from_db()
    assert sub.version == 1
    # The reporter's own upload page.
    client.force_login(world.reporter_hp_a)
    page = client.get(upload)
    assert page.status_code == 200 and 'data-testid="xlsx-upload-form"' in page.content.decode()


def test_upload_and_send(client, world, sub):
    client.force_login(world.reporter_hp_a)
    response = _upload(client, sub, _fill(form_workbook(sub)), submit=True)
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.status == S.SUBMITTED
    values = {(v.element.code, v.sex): v.value for v in DataValue.objects.filter(submission=sub)}
    assert values[("officials.trained", "")] == Decimal(12)
    assert values[("officials.trained", "female")] == Decimal(6)
    assert values[("media.agencies_total", "")] == Decimal(10)
    assert sub.items.get(key=AKEY()).status == "done"
    # Sending the same workbook again changes nothing; a changed one is refused.
    again = form_upload(
        submission=sub, data=_fill(form_workbook(sub)), actor=world.reporter_hp_a, submit=True
    )
    assert again.submitted and not again.changed
    with pytest.raises(ValidationError):
        form_upload(
            submission=sub,
            data=_fill(form_workbook(sub), total=20),
            actor=world.reporter_hp_a,
            submit=True,
        )


def test_send_with_errors_keeps_a_draft(client, world, sub):
    client.force_login(world.reporter_hp_a)
    response = _upload(client, sub, _fill(form_workbook(sub), status=""), submit=True)
    assert response.status_code == 200
    errors = response.context["outcome"].errors
    assert [e.field for e in errors] == [f"item-{AKEY()}-status"]
    assert errors[0].row == 2 and errors[0].cell == "E2"
    sub.refresh_from_db()
    assert sub.status == S.DRAFT
    assert sub.content["figures"]["officials.trained"]["values"][""] == "12"
    assert not DataValue.objects.filter(submission=sub).exists()
