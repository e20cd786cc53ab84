"""The events workbook: template → fill in → import, row-level errors, all or nothing."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from openpyxl import load_workbook

from binhdang.core.models import AuditEntry
from binhdang.plans.models import Activity
from binhdang.reporting.event_import import (
    COLUMNS,
    MAX_ERRORS_SHOWN,
    event_template_csv,
    event_template_xlsx,
    events_import,
    events_import_rows,
    events_xlsx,
)
from binhdang.reporting.groups import GROUP_BITS
from binhdang.reporting.models import CommEvent, EventImport

pytestmark = pytest.mark.django_db


def _headers() -> list[str]:
    """The column headers in the active language (English in these tests)."""
    return [str(c.header) for c in COLUMNS]


@pytest.fixture
def world(world):
    """The shared world without the events it records: the counts here start from none."""
    CommEvent.objects.all().delete()
    return world


@pytest.fixture(autouse=True)
def english():
    """Messages are matched in English (the msgids); Vietnamese is the catalogue's job."""
    with translation.override("en"):
        yield


def _csv(*rows: str, header: str | None = None) -> bytes:
    head = header if header is not None else ",".join(f'"{h}"' for h in _headers())
    return ("\ufeff" + "\n".join([head, *rows]) + "\n").encode("utf-8")


def _row(**cells) -> dict:
    base = {"date": "20/11/2025", "event_type": "talk", "title": "Nói chuyện chuyên đề"}
    base.update(cells)
    return base


def _import_rows(world, rows, actor=None, agency=None):
    return events_import_rows(
        actor=actor or world.reporter_hp_a, agency=agency or world.ubnd_hp_a, rows=rows
    )


def _nothing_saved():
    assert not CommEvent.objects.exists()
    assert not EventImport.objects.exists()
    assert not AuditEntry.objects.filter(action="reporting.events.imported").exists()


# ---------------------------------------------------------------------------------------
# The template
# ---------------------------------------------------------------------------------------


def test_template_has_data_instructions_and_code_lists(world):
    book = load_workbook(io.BytesIO(event_template_xlsx(agency=world.ubnd_hp_a)))
    assert book.sheetnames == ["Communication events", "Instructions", "Code lists"]
    data = book["Communication events"]
    assert [c.value for c in data[1]] == _headers()
    assert data.freeze_panes == "A2"
    assert data.column_dimensions["D"].width == 50  # the title
    validated = {
        str(v.sqref).split(":")[0]: v.formula1 for v in data.data_validations.dataValidation
    }
    # Type, channel, place, budget source, yes/no (and the plan activity when there is one).
    assert {"B2", "C2", "E2", "M2", "O2"} <= set(validated)
    assert validated["B2"].startswith("'Code lists'!$B$3:$B$")
    codes = book["Code lists"]
    values = [str(c) for row in codes.iter_rows(values_only=True) for c in row if c is not None]
    assert "Launch ceremony" in values and "launch" in values
    assert "women_girls" in values and "Central budget" in values
    assert "10510 - Phường Thành Đông" in values  # the agency's commune, to pick
    assert "10525 - Phường Hải Dương" not in values  # another commune's
    assert any("Cẩm Thượng" in v for v in values)  # the old commune merged into it

    # Sở Y tế Hải Phòng leads an activity of the Hải Phòng plan: it is listed to pick.
    book_yte = load_workbook(io.BytesIO(event_template_xlsx(agency=world.yte_hp)))
    validations = book_yte["Communication events"].data_validations.dataValidation
    assert "N2" in {str(v.sqref).split(":")[0] for v in validations}
    picks = [str(c) for row in book_yte["Code lists"].iter_rows(values_only=True) for c in row if c]
    activity = Activity.objects.get(task__plan=world.plan_hp)
    assert f"{activity.pk} - Tổ chức Tháng hành động." in picks
    other = Activity.objects.get(task__plan=world.plan_ct)
    assert not any(p.startswith(f"{other.pk} - ") for p in picks)
    assert "10525 - Phường Hải Dương" in picks  # a provincial body: every commune
    guide = [c for row in book["Instructions"].iter_rows(values_only=True) for c in row if c]
    assert any("nothing is saved" in str(text) for text in guide)


def test_csv_template_is_utf8_with_bom_and_the_same_columns():
    data = event_template_csv()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").strip() == ",".join(_headers())


def test_round_trip_template_fill_import(world):
    book = load_workbook(io.BytesIO(event_template_xlsx(agency=world.ubnd_hp_a)))
    sheet = book["Communication events"]
    activity = Activity.objects.get(task__plan=world.plan_hp)
    title = " ".join(activity.title.split())
    sheet.append(
        [
            datetime(2025, 11, 15),  # noqa: DTZ001 - a date cell holds a naive datetime
            "Launch ceremony",
            "",
            "Lễ phát động Tháng hành động",
            "10510 - Phường Thành Đông",
            "1; 4",
            120,
            180,
            None,
            "Băng rôn",
            10,
            5000000,
            "Local budget",
            f"{activity.pk} - {title}",
            "no",
            "Có lãnh đạo phường dự",
        ]
    )
    sheet.append(
        [
            "16/11/2025",
            "Bài đăng mạng xã hội",
            "",
            "Bài đăng trên Zalo phường",
            None,
            "thanh nien",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ]
    )
    sheet.append([None] * len(_headers()))  # an empty row is skipped
    sheet.append(
        [
            "2025-11-20",
            "news_item",
            "Phát thanh",
            "Tin về bình đẳng giới trên loa phường",
            10528,
            "women_girls",
            None,
            None,
            None,
            "Tin",
            3,
            "1.500.000 đ",
            "Ngân sách địa phương",
            None,
            "x",
            None,
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)

    result = events_import(
        actor=world.reporter_hp_a, agency=world.ubnd_hp_a, file_name="mau.xlsx",
        data=buffer.getvalue(),
    )  # fmt: skip

    assert result.ok, result.errors or result.problem
    assert (result.rows, result.created) == (3, 3)
    launch, post, news = CommEvent.objects.order_by("date")
    assert launch.date == date(2025, 11, 15)
    assert (launch.event_type, launch.channel) == ("launch", "in_person")
    assert launch.unit == world.hp_a
    assert launch.target_groups == GROUP_BITS["general"] | GROUP_BITS["women_girls"]
    assert (launch.participants_male, launch.participants_female) == (120, 180)
    assert launch.participants_total == 300
    assert (launch.product, launch.quantity) == ("Băng rôn", 10)
    assert (launch.cost, launch.budget_source) == (Decimal(5_000_000), "local")
    assert launch.activity == activity
    assert launch.is_digital is False
    assert launch.note == "Có lãnh đạo phường dự"
    assert (post.event_type, post.channel, post.is_digital) == ("social_media", "social", True)
    assert post.unit == world.hp_a  # empty: the agency's commune
    assert post.target_groups == GROUP_BITS["youth"]
    assert post.participants_total is None
    assert (news.channel, news.unit, news.is_digital) == ("radio", world.old_commune, True)
    assert news.cost == Decimal(1_500_000)
    batch = EventImport.objects.get()
    assert (batch.rows, batch.created, batch.filename) == (3, 3, "mau.xlsx")
    assert {e.batch_id for e in (launch, post, news)} == {batch.pk}
    assert {e.created_by for e in (launch, post, news)} == {world.reporter_hp_a}
    entry = AuditEntry.objects.get(action="reporting.events.imported")
    assert entry.data == {"file": "mau.xlsx", "rows": 3, "created": 3}


# ---------------------------------------------------------------------------------------
# Errors: by row and column, and nothing saved
# ---------------------------------------------------------------------------------------


def test_one_bad_row_saves_nothing(world):
    rows = [",".join(["20/11/2025", "talk", "", f"Buổi {i}"] + [""] * 12) for i in range(5)]
    rows[3] = rows[3].replace("20/11/2025", "20/11/2014")
    result = events_import(
        actor=world.reporter_hp_a, agency=world.ubnd_hp_a, file_name="a.csv", data=_csv(*rows)
    )
    assert not result.ok
    assert [(e.row, e.column, e.message, e.value) for e in result.errors] == [
        (5, "Date", "The date must not be before 2015.", "20/11/2014")
    ]
    assert (result.rows, result.rows_with_errors, result.error_count) == (5, 1, 1)
    _nothing_saved()


def test_every_row_is_checked_and_errors_name_row_and_column(world):
    plan_ct_activity = Activity.objects.get(task__plan=world.plan_ct)
    lines = [
        "20/11/2025,dance,,Nhảy,,,,,,,,,,,,",  # row 2
        "31/02/2025,talk,,Ngày không có,,,,,,,,,,,,",  # row 3
        "20/11/2025,talk,,Quá đông,10525,,20,15,30,,,,,,,",  # row 4
        "20/11/2025,broadcast,,Chương trình,,aliens; youth,,,,,,2000000,,,maybe,",  # row 5
        f"20/11/2025,talk,,Khác tỉnh,,,,,,,,,,{plan_ct_activity.pk},,",  # row 6
        "20/11/2025,talk,,,Nơi nào đó,,-3,,,,1.5,,,,,",  # row 7
    ]
    result = events_import(
        actor=world.reporter_hp_a, agency=world.ubnd_hp_a, file_name="b.csv", data=_csv(*lines)
    )
    assert not result.ok
    found = {(e.row, e.column): e.message for e in result.errors}
    assert found == {
        (2, "Type of event"): "Unknown type of event: choose one from the list.",
        (3, "Date"): "This date does not exist.",
        (4, "Where"): "No commune with this code in the organiser's area.",
        (4, "Participants in all"): "Men and women together are more than the participants in all.",
        (5, "Channel"): "Choose the channel: this type of event can use several.",
        (5, "Target groups"): "Unknown target group “aliens”: see the list of groups.",
        (5, "Budget source"): "Choose the budget source: the event has a cost.",
        (5, "Digital"): "Write yes or no.",
        (6, "Plan activity"): "No activity with this number in the plans you can see.",
        (7, "Title"): "Enter what the event was.",
        (7, "Where"): "No commune or ward with this name in the organiser's area.",
        (7, "Men"): "Enter a number of zero or more.",
        (7, "Quantity"): "Enter a whole number.",
    }
    assert [e.row for e in result.errors] == sorted(e.row for e in result.errors)
    assert result.rows_with_errors == 6
    _nothing_saved()


def test_error_list_is_capped_but_every_error_counted(world):
    rows = [_row(date="1/1/2000", title="") for _ in range(300)]
    result = _import_rows(world, rows)
    assert len(result.errors) == MAX_ERRORS_SHOWN
    assert result.error_count == 600
    assert result.more_errors == 400
    assert result.errors[-1].row == 101  # 100 rows × 2 errors, rows counted from 2
    _nothing_saved()


def test_a_file_without_the_headers_is_refused(world):
    result = events_import(
        actor=world.reporter_hp_a, agency=world.ubnd_hp_a, file_name="x.csv",
        data=b"a,b,c\n1,2,3\n",
    )  # fmt: skip
    assert not result.ok
    assert "not the template's headers" in result.problem
    missing = events_import(
        actor=world.reporter_hp_a, agency=world.ubnd_hp_a, file_name="x.csv",
        data=_csv("talk,Nói chuyện,Phường", header="Type of event,Title,Where"),
    )  # fmt: skip
    assert missing.problem == (
        "The file lacks the columns “Date”. Download the template and fill it in."
    )
    broken = events_import(
        actor=world.reporter_hp_a, agency=world.ubnd_hp_a, file_name="x.xlsx", data=b"PK junk"
    )
    assert broken.problem == "This file cannot be read as an Excel workbook (.xlsx)."
    empty = events_import(
        actor=world.reporter_hp_a, agency=world.ubnd_hp_a, file_name="x.csv", data=_csv()
    )
    assert empty.problem == "The file has no events: fill in rows under the headers."
    _nothing_saved()


# ---------------------------------------------------------------------------------------
# What is accepted
# ---------------------------------------------------------------------------------------


def test_labels_codes_and_names_without_diacritics_are_accepted(world):
    rows = [
        _row(event_type="hoi nghi, hoi thao", channel="TRỰC TIẾP", date="2025-11-03",
             unit="thanh dong", target_groups="phu nu va tre em gai; 2, Men and boys",
             cost="1,500,000", budget_source="ngan sach dia phuong", is_digital="Không"),
        _row(event_type="Radio or TV broadcast", channel="radio", unit="10510",
             target_groups="Trẻ em, học sinh", participants_male="1.200", is_digital="yes"),
        _row(event_type="Tập huấn", unit="L30/288/10528 - Phường Cẩm Thượng",
             date=date(2025, 1, 2)),
    ]  # fmt: skip
    result = _import_rows(world, rows)
    assert result.ok, result.errors
    first, second, third = CommEvent.objects.order_by("pk")
    assert (first.event_type, first.channel, first.date) == (
        "conference",
        "in_person",
        date(2025, 11, 3),
    )
    assert first.unit == world.hp_a
    assert first.target_groups == (
        GROUP_BITS["women_girls"] | GROUP_BITS["youth"] | GROUP_BITS["men_boys"]
    )
    assert (first.cost, first.budget_source, first.is_digital) == (1_500_000, "local", False)
    assert (second.event_type, second.channel, second.is_digital) == ("broadcast", "radio", True)
    assert second.target_groups == GROUP_BITS["children"]  # a name with a comma in it
    assert (second.participants_male, second.participants_total) == (1200, 1200)
    assert (third.event_type, third.unit) == ("training", world.old_commune)


def test_vietnamese_headers_and_semicolons_are_read_in_any_language(world):
    header = ";".join(c.vi for c in COLUMNS)
    line = ";".join(["20/11/2025", "Nói chuyện chuyên đề", "", "Nói chuyện", "", "1, 4"]
                    + [""] * 10)  # fmt: skip
    result = events_import(
        actor=world.reporter_hp_a, agency=world.ubnd_hp_a, file_name="vi.csv",
        data=_csv(line, header=header),
    )  # fmt: skip
    assert result.ok, (result.problem, result.errors)
    event = CommEvent.objects.get()
    assert event.event_type == "talk"
    assert event.target_groups == GROUP_BITS["general"] | GROUP_BITS["women_girls"]


def test_rows_keyed_by_header_and_many_batches(world):
    """Dicts keyed by the headers work too; 12,001 rows go in three batches."""
    rows = (
        {"Date": date(2025, 3, 1), "Type of event": "talk", "Title": f"Buổi {i}", "Men": i % 7}
        for i in range(12_001)
    )
    result = _import_rows(world, rows)
    assert result.ok
    assert result.created == CommEvent.objects.count() == 12_001
    assert CommEvent.objects.filter(participants_total=6).count() == 12_001 // 7
    assert EventImport.objects.get().created == 12_001


def test_a_province_department_imports_for_any_commune_of_the_province(world):
    rows = [_row(unit="10525"), _row(unit="Tỉnh Hải Dương"), _row()]
    result = _import_rows(world, rows, world.manager_hp, world.noivu_hp)
    assert result.ok, result.errors
    assert [e.unit for e in CommEvent.objects.order_by("pk")] == [
        world.hp_b, world.old_hd, world.hp,
    ]  # fmt: skip
    rows = [_row(unit="31150")]  # Ninh Kiều, Cần Thơ
    assert not _import_rows(world, rows, world.manager_hp, world.noivu_hp).ok


def test_ambiguous_names_ask_for_the_code(world):
    # "Hải Dương": a ward of today's Hải Phòng and, before 2025, a province and a city.
    result = _import_rows(world, [_row(unit="Hải Dương")], world.manager_hp, world.noivu_hp)
    assert result.ok  # today's ward wins over the old units of the same name
    assert CommEvent.objects.get().unit == world.hp_b


def test_only_reporters_of_the_agency_may_import(world):
    with pytest.raises(PermissionDenied):
        _import_rows(world, [_row()], world.viewer_hp, world.yte_hp)
    with pytest.raises(PermissionDenied):
        _import_rows(world, [_row()], world.reporter_hp_a, world.ubnd_hp_b)
    _nothing_saved()


def test_export_can_be_imported_again(world):
    assert _import_rows(world, [_row(target_groups="1;4", cost="200000", budget_source="local",
                                     participants_male=3)]).ok  # fmt: skip
    data = events_xlsx(events=CommEvent.objects.all())
    sheet = load_workbook(io.BytesIO(data))["Communication events"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][: len(_headers())] == tuple(_headers())
    assert rows[1][3] == "Nói chuyện chuyên đề"
    assert rows[1][4] == "10510 - Phường Thành Đông"
    CommEvent.objects.all().delete()
    EventImport.objects.all().delete()
    again = events_import(
        actor=world.reporter_hp_a, agency=world.ubnd_hp_a, file_name="x.xlsx", data=data
    )
    assert again.ok, again.errors
    event = CommEvent.objects.get()
    assert event.target_groups == GROUP_BITS["general"] | GROUP_BITS["women_girls"]
    assert (event.cost, event.participants_total) == (200_000, 3)
