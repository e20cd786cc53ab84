"""The workbook: the template's headers and lists, the import (all or nothing, errors by
row and column), the view."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from binhdang.core.models import AuditEntry
from binhdang.media.models import MediaAgency
from binhdang.media.workbook import media_import, media_template_xlsx

from .conftest import EDIT, VIEW, grant, make_media

pytestmark = pytest.mark.django_db

HEADERS = ["Tên cơ quan truyền thông", "Loại hình", "Tỉnh hoặc xã", "Cơ quan chủ quản",
           "Đang hoạt động", "Ghi chú"]  # fmt: skip


def _xlsx(rows, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Cơ quan truyền thông"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def admin(world):
    return grant(world.admin_hp, VIEW, *EDIT)


GOOD = [
    ["Báo Hải Phòng", "Báo", "31", "Thành ủy Hải Phòng", "có", ""],
    ["Đài Phát thanh và Truyền hình Hải Phòng", "Đài PTTH", "31 - Thành phố Hải Phòng", "", "", ""],
    ["Trung tâm VHTT&TT phường Thành Đông", "local_centre", "Thành Đông", "UBND phường", "x", "ghi chú"],
    ["Đài truyền thanh Cẩm Thượng cũ", "Đài truyền thanh", "L30/288/10528", "", "không", ""],
]  # fmt: skip


def test_template_has_vietnamese_headers_and_the_area_units(world, admin):
    book = load_workbook(io.BytesIO(media_template_xlsx(actor=admin)))
    assert book.sheetnames == ["Cơ quan truyền thông", "Hướng dẫn", "Danh mục"]
    headers = [c.value for c in book["Cơ quan truyền thông"][1]]
    assert headers == HEADERS
    picks = [r[7] for r in book["Danh mục"].iter_rows(min_row=3, values_only=True) if r[7]]
    assert "31 - Thành phố Hải Phòng" in picks
    assert "10510 - Phường Thành Đông" in picks
    assert not any("Cần Thơ" in p for p in picks)


def test_a_good_file_is_saved_whole(world, admin):
    result = media_import(actor=admin, data=_xlsx(GOOD))
    assert result.ok, result.errors
    assert result.created == 4
    rows = {m.name: m for m in MediaAgency.objects.select_related("unit")}
    assert rows["Báo Hải Phòng"].kind == "newspaper"
    assert rows["Đài Phát thanh và Truyền hình Hải Phòng"].kind == "radio_tv"
    assert rows["Trung tâm VHTT&TT phường Thành Đông"].unit == world.hp_a
    old = rows["Đài truyền thanh Cẩm Thượng cũ"]
    assert (old.unit, old.is_active, old.kind) == (world.old_commune, False, "local_centre")
    entry = AuditEntry.objects.get(action="media.agencies.imported")
    assert entry.data["created"] == 4


def test_one_bad_row_saves_nothing_and_every_error_is_listed(world, admin):
    make_media("Báo Hải Phòng", world.hp)
    rows = [
        *GOOD[1:],                                               # rows 2–4: fine
        ["Báo Hải Phòng", "Báo", "31", "", "", ""],              # 5: already in the registry
        ["", "Báo", "31", "", "", ""],                           # 6: no name
        ["Báo Cần Thơ", "Báo", "92", "", "", ""],                # 7: outside the area
        ["Tạp chí X", "Blog", "31", "", "", ""],                 # 8: unknown kind
        ["Tạp chí Y", "Tạp chí", "31", "", "có lẽ", ""],         # 9: yes or no?
        ["Đài PTTH Hải Phòng", "Đài PTTH", "31", "", "", ""],    # 10: fine
        ["đài ptth hải phòng", "Đài PTTH", "31", "", "", ""],    # 11: same as row 10
        ["Tạp chí Z", "Tạp chí", "", "", "", ""],                # 12: no unit
    ]  # fmt: skip
    result = media_import(actor=admin, data=_xlsx(rows))
    assert not result.ok
    assert MediaAgency.objects.count() == 1
    name, kind, unit, _body, active, _note = HEADERS
    assert [(e.row, e.column) for e in result.errors] == [
        (5, name), (6, name), (7, unit), (8, kind), (9, active), (11, name), (12, unit),
    ]  # fmt: skip
    assert {e.row for e in result.errors} == {5, 6, 7, 8, 9, 11, 12}
    assert result.rows == 11 and result.rows_with_errors == 7
    messages = {e.row: e.message for e in result.errors}
    assert "10" in messages[11]  # the row it repeats
    assert not AuditEntry.objects.filter(action="media.agencies.imported").exists()


def test_files_that_cannot_be_read(world, admin):
    result = media_import(actor=admin, data=b"not a workbook")
    assert not result.ok and result.problem
    with translation.override("en"):
        result = media_import(actor=admin, data=_xlsx([["a", "b"]], headers=["Foo", "Bar"]))
    assert not result.ok and "headers" in result.problem
    result = media_import(actor=admin, data=_xlsx([]))
    assert not result.ok and result.problem


def test_english_headers_are_recognised(world, admin):
    headers = ["Name of the media agency", "Kind", "Province or commune"]
    result = media_import(actor=admin, data=_xlsx([["Báo HP", "Newspaper", "31"]], headers))
    assert result.ok and result.created == 1


def test_import_page(client, world, admin):
    client.cookies["django_language"] = "en"
    client.force_login(admin)
    url = reverse("media:agency_import")
    assert client.get(url).status_code == 200
    bad = SimpleUploadedFile("co-quan.xlsx", _xlsx([["", "Báo", "31", "", "", ""]]))
    response = client.post(url, {"file": bad})
    assert response.status_code == 200
    assert b'data-testid="import-errors"' in response.content
    good = SimpleUploadedFile("co-quan.xlsx", _xlsx(GOOD))
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    assert MediaAgency.objects.count() == 4
    template = client.get(reverse("media:agency_template"))
    assert template.status_code == 200
    assert template["Content-Disposition"].endswith('.xlsx"')


def test_import_needs_the_permission(client, world):
    client.force_login(grant(world.viewer_hp, VIEW))
    response = client.post(
        reverse("media:agency_import"), {"file": SimpleUploadedFile("a.xlsx", _xlsx(GOOD))}
    )
    assert response.status_code == 403
    assert not MediaAgency.objects.exists()
