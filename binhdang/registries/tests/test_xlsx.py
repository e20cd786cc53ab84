"""The registry workbooks: export (and the template), the all-or-nothing import with its
errors by row and column, changes through the record number, and the pages."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from binhdang.core.models import AuditEntry
from binhdang.registries.models import Award, Inspection, ModelSite
from binhdang.registries.tests.conftest import grant
from binhdang.registries.workbooks import (
    AWARD_WORKBOOK,
    INSPECTION_WORKBOOK,
    MODEL_SITE_WORKBOOK,
)
from binhdang.registries.xlsx import export_xlsx, import_xlsx

pytestmark = pytest.mark.django_db

SITE_HEADERS = [
    "Type of model", "Name of the model", "Commune or ward", "Mode", "Start year", "End year",
    "Status", "Women members", "Note",
]  # fmt: skip


def workbook(headers, rows, title="Model sites") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read(data: bytes, sheet=None):
    book = load_workbook(io.BytesIO(data))
    ws = book[sheet] if sheet else book.worksheets[0]
    return [list(row) for row in ws.iter_rows(values_only=True)]


# ---- Export -----------------------------------------------------------------------


def test_export_writes_labels_units_and_record_numbers(world, records):
    data = export_xlsx(spec=MODEL_SITE_WORKBOOK, objects=[records.s_a, records.s_old])
    rows = read(data)
    header = rows[0]
    assert header[:3] == ["Type of model", "Other type", "Name of the model"]
    assert header[-1] == "Record number"
    first = dict(zip(header, rows[1], strict=True))
    assert first["Type of model"] == "Club"
    assert first["Commune or ward"] == "10510 - Phường Thành Đông"
    assert first["Mode"] == "Maintained"
    assert first["Women members"] == 20
    assert first["Record number"] == records.s_a.pk
    second = dict(zip(header, rows[2], strict=True))
    assert second["Commune or ward"] == "L30/288/10528 - Phường Cẩm Thượng"  # before 2025
    assert second["End year"] == 2024
    codes = read(data, "Code lists")
    assert ["Maintained", "maintain"] in [row[3:5] for row in codes]


def test_export_of_inspections_writes_dates_and_agencies(world, records):
    rows = read(export_xlsx(spec=INSPECTION_WORKBOOK, objects=[records.i1]))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Date"].date() == date(2025, 3, 10)  # a date cell
    assert row["Inspected agency"] == f"{world.ubnd_hp_a.pk} - {world.ubnd_hp_a.full_name}"
    assert row["Follow-up status"] == "Open"


def test_the_template_is_an_empty_export_with_instructions(world):
    data = export_xlsx(spec=AWARD_WORKBOOK, objects=[])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Awards", "Instructions", "Code lists"]
    assert book["Awards"].max_row == 1
    assert "Recipient's name" in [c.value for c in book["Awards"][1]]


# ---- Import -----------------------------------------------------------------------


def test_import_creates_every_row_with_an_audit_entry(world):
    admin = grant(world.admin_hp)
    data = workbook(
        SITE_HEADERS,
        [
            ["Câu lạc bộ", "CLB Gia đình hạnh phúc", "10510", "duy trì", 2020, None, "active", 25],
            ["club", "CLB Cẩm Thượng", "L30/288/10528 - Phường Cẩm Thượng", "Maintained",
             "2018", "2024", "Ended", None, "Đã giải thể"],
            ["trusted address", "Địa chỉ tin cậy", "Phường Hải Dương", "new", 2025.0, None,
             "Hoạt động", "1.200"],
            [None, None, None, None, None],  # blank rows are skipped
        ],
    )  # fmt: skip
    result = import_xlsx(spec=MODEL_SITE_WORKBOOK, actor=admin, data=data, file_name="a.xlsx")
    assert result.ok, result.errors
    assert (result.rows, result.created, result.updated) == (3, 3, 0)
    old = ModelSite.objects.get(name="CLB Cẩm Thượng")
    assert (old.unit, old.status, old.end_year) == (world.old_commune, "ended", 2024)
    new = ModelSite.objects.get(name="Địa chỉ tin cậy")
    assert (new.unit, new.model_type, new.members_female) == (world.hp_b, "trusted_address", 1200)
    entry = AuditEntry.objects.get(action="registries.modelsites.imported")
    assert entry.data == {"file": "a.xlsx", "created": 3, "updated": 0}
    assert AuditEntry.objects.filter(action="registries.modelsite.created").count() == 3


def test_one_bad_row_saves_nothing_and_every_error_is_listed(world):
    reporter = grant(world.reporter_hp_a)
    data = workbook(
        SITE_HEADERS,
        [
            ["club", "Đúng", "10510", "maintain", 2020, None, "active"],
            ["bowling", "Sai loại", "10510", "maintain", "năm ngoái", None, "active"],
            ["other", "Sai năm", "10510", "new", 2025, 2024, "active"],
            ["club", "", "10525", "new", 2025, None, "active", -3],
        ],
    )
    result = import_xlsx(spec=MODEL_SITE_WORKBOOK, actor=reporter, data=data)
    assert not result.ok
    assert not ModelSite.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="registries.").exists()
    assert (result.rows, result.rows_with_errors, result.created) == (4, 3, 0)
    assert result.error_count == 7
    found = {(e.row, e.column): e.message for e in result.errors}
    assert found[(3, "Type of model")] == "Not in the list (sheet “Code lists”)."
    assert found[(3, "Start year")] == "Enter a year such as 2025."
    # Row 4 is read fine and refused by the services: both problems at once.
    assert found[(4, "Other type")] == "Say what kind of model it is."
    assert found[(4, "End year")] == "The end year must not be before the start year."
    assert found[(5, "Name of the model")] == "This column is required."
    # Hải Dương is not in the commune's sight: it cannot even be named.
    assert found[(5, "Commune or ward")] == "No unit with this code or name in your area."
    assert found[(5, "Women members")] == "Enter a number of zero or more."
    assert next(e for e in result.errors if e.row == 3 and e.column == "Start year").value == (
        "năm ngoái"
    )


def test_a_record_number_changes_that_record_and_an_unchanged_row_changes_nothing(world, records):
    admin = grant(world.admin_hp)
    exported = export_xlsx(spec=MODEL_SITE_WORKBOOK, objects=[records.s_a, records.s_b])
    rows = read(exported)
    header = rows[0]
    rows[1][header.index("Women members")] = 40
    data = workbook(header, rows[1:])
    result = import_xlsx(spec=MODEL_SITE_WORKBOOK, actor=admin, data=data)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 2)
    records.s_a.refresh_from_db()
    assert records.s_a.members_female == 40
    changes = AuditEntry.objects.filter(action="registries.modelsite.changed")
    assert [e.data for e in changes] == [{"members_female": [20, 40]}]


def test_a_record_number_outside_the_area_is_an_error(world, records):
    reporter = grant(world.reporter_hp_a)
    rows = read(export_xlsx(spec=MODEL_SITE_WORKBOOK, objects=[records.s_a, records.s_ct]))
    result = import_xlsx(spec=MODEL_SITE_WORKBOOK, actor=reporter, data=workbook(rows[0], rows[1:]))
    assert not result.ok
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "Commune or ward", "No unit with this code or name in your area."),
        (3, "Record number", "No record with this number in your area."),
    ]


def test_vietnamese_headers_and_sheet_are_read_in_any_language(world):
    admin = grant(world.admin_hp)
    headers = ["Hình thức", "Ngày", "Cơ quan kiểm tra", "Cơ quan được kiểm tra", "Nội dung",
               "Số vi phạm", "Nội dung vi phạm", "Tình trạng khắc phục"]  # fmt: skip
    rows = [
        ["Kiểm tra", "15/10/2025", world.noivu_hp.full_name, str(world.ubnd_hp_a.pk),
         "Kiểm tra Tháng hành động", 1, "Chưa có kế hoạch", "đang thực hiện"],
        ["giam sat", date(2025, 11, 2), "Sở Nội vụ", "Sở Y tế Thành phố Hải Phòng",
         "Giám sát báo cáo", None, None, None],
    ]  # fmt: skip
    data = workbook(headers, rows, title="Kiểm tra, giám sát")
    result = import_xlsx(spec=INSPECTION_WORKBOOK, actor=admin, data=data)
    assert result.ok, result.errors
    first, second = Inspection.objects.order_by("date")
    assert (first.kind, first.inspected_agency, first.unit) == (
        "inspection",
        world.ubnd_hp_a,
        world.hp_a,
    )
    assert (first.violations_count, first.follow_up_status) == (1, "in_progress")
    assert (second.kind, second.inspecting_agency, second.violations_count) == (
        "supervision",
        world.noivu_hp,
        0,
    )


def test_awards_import_fills_the_unit_and_the_year(world):
    admin = grant(world.admin_hp)
    headers = ["Recipient", "Recipient's name", "Recipient's agency", "Sex", "Form of award",
               "Review", "Decision number"]  # fmt: skip
    rows = [
        ["Tập thể", "UBND phường Thành Đông", world.ubnd_hp_a.pk, None, "Bằng khen", "sơ kết",
         "1/QĐ"],
        ["Cá nhân", "Nguyễn Văn A", world.yte_hp.full_name, "Nam", "Giấy khen",
         "Mid-term review 2025", "1/QĐ"],
        ["Cá nhân", "Nguyễn Thị B", None, None, "Cờ thi đua", "final", "1/QĐ"],
    ]  # fmt: skip
    result = import_xlsx(spec=AWARD_WORKBOOK, actor=admin, data=workbook(headers, rows))
    assert not result.ok
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert messages == {
        (4, "Sex"): "Choose the person's sex.",
        (4, "Administrative unit"): "Choose the unit, or the recipient's agency.",
    }
    rows[2][2] = world.noivu_hp.full_name
    rows[2][3] = "nữ"
    result = import_xlsx(spec=AWARD_WORKBOOK, actor=admin, data=workbook(headers, rows))
    assert result.ok, result.errors
    awards = {a.recipient_name: a for a in Award.objects.all()}
    assert (awards["UBND phường Thành Đông"].unit, awards["Nguyễn Văn A"].sex) == (
        world.hp_a,
        "male",
    )
    assert awards["Nguyễn Thị B"].year == 2030


def test_a_file_that_is_not_the_template_is_refused_whole(world):
    admin = grant(world.admin_hp)
    result = import_xlsx(spec=MODEL_SITE_WORKBOOK, actor=admin, data=b"not a workbook")
    assert (result.ok, result.problem) == (False, "This is not an Excel workbook (.xlsx).")
    result = import_xlsx(
        spec=MODEL_SITE_WORKBOOK, actor=admin, data=workbook(["Name of the model"], [["x"]])
    )
    assert result.problem.startswith("The first row lacks these columns of the template:")
    assert "Type of model" in result.problem
    result = import_xlsx(spec=MODEL_SITE_WORKBOOK, actor=admin, data=workbook(SITE_HEADERS, []))
    assert result.problem == "The workbook has no rows to import."


# ---- Pages ------------------------------------------------------------------------


def test_import_page_lists_errors_then_saves(client, world):
    client.force_login(grant(world.admin_hp))
    url = reverse("registries:modelsite_import")
    bad = workbook(SITE_HEADERS, [["club", "CLB", "10510", "maintain", 1990, None, "active"]])
    upload = SimpleUploadedFile("mo-hinh.xlsx", bad)
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="import-errors"' in content
    assert "Start year" in content
    assert not ModelSite.objects.exists()
    good = workbook(SITE_HEADERS, [["club", "CLB", "10510", "maintain", 2021, None, "active"]])
    response = client.post(url, {"file": SimpleUploadedFile("mo-hinh.xlsx", good)})
    assert response.status_code == 302
    assert ModelSite.objects.get().name == "CLB"
    response = client.post(url, {"file": SimpleUploadedFile("mo-hinh.csv", b"a,b")})
    assert "Upload an Excel workbook (.xlsx)." in response.content.decode()


def test_export_page_follows_the_filters_and_the_scope(client, world, records):
    client.force_login(grant(world.reporter_hp_a))
    response = client.get(reverse("registries:modelsite_export"), {"year": "2025"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="mo-hinh-')
    names = [row[2] for row in read(response.content)[1:]]
    assert sorted(names) == sorted([records.s_a.name, records.s_new.name])
    response = client.get(reverse("registries:award_template"))
    assert read(response.content) == [read(response.content)[0]]


def test_a_vietnamese_export_is_imported_by_someone_reading_english(world, records):
    admin = grant(world.admin_hp)
    with translation.override("vi"):
        data = export_xlsx(spec=MODEL_SITE_WORKBOOK, objects=[records.s_a])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Mô hình", "Hướng dẫn", "Danh mục"]
    rows = read(data)
    assert rows[0][:4] == ["Loại mô hình", "Loại khác", "Tên mô hình", "Xã, phường"]
    assert rows[0][-1] == "Số hiệu bản ghi"
    assert rows[1][0] == "Câu lạc bộ"
    result = import_xlsx(spec=MODEL_SITE_WORKBOOK, actor=admin, data=data)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 1)
