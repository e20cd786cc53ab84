"""Synthesis reports end to end: request → background build → DOCX + XLSX → versions + diff.

The expected figures are worked out here from the rows `synthesis_world` wrote (plain
Python over the events and figures, the rules spelled out), never read from the code
under test.
"""

import io
from datetime import date
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.urls import reverse
from docx.enum.section import WD_ORIENT

from binhdang.documents.builders.synthesis import diff_snapshots, vn_number
from binhdang.documents.models import GeneratedReport, NumberRegister, ReportVersion

pytestmark = pytest.mark.django_db

WINDOW = (date(2024, 12, 15), date(2025, 12, 14))  # Decree 09's yearly window of 2025


def _request(focal, capture, **kw):
    from binhdang.documents.services import report_request

    params = {"kind": "annual", "year": 2025}
    params.update(kw)
    with capture(execute=True):
        report = report_request(actor=focal, **params)
    return report, report.latest


def _docx_text(version) -> tuple[docx.document.Document, str]:
    document = docx.Document(io.BytesIO(version.docx.read()))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return document, "\n".join(parts)


def _expected_events(world):
    """Events in Hải Phòng (the city and its wards) inside the 2025 window, by hand."""
    from binhdang.reporting.models import CommEvent

    hp_units = {world.hp.pk, world.hp_a.pk, world.hp_b.pk}
    rows = [
        e
        for e in CommEvent.objects.all()
        if e.unit_id in hp_units and WINDOW[0] <= e.date <= WINDOW[1]
    ]
    return {
        "events": len(rows),
        "people": sum(e.participants_total or 0 for e in rows),
        "men": sum(e.participants_male or 0 for e in rows),
        "women": sum(e.participants_female or 0 for e in rows),
        "products": sum(e.quantity or 0 for e in rows),
        "local": sum(e.cost or 0 for e in rows if e.budget_source == "local"),
        "central": sum(e.cost or 0 for e in rows if e.budget_source == "central"),
    }


def _best_figures(world):
    """Per (agency, code, cell): the figure of the best kind (estimate over actual)."""
    from binhdang.reporting.models import DataValue

    rank = {"actual": 1, "estimate": 2, "final": 3}
    best: dict = {}
    for v in DataValue.objects.filter(submission__round=world.round_hp).select_related("element"):
        key = (v.agency_id, v.element.code, v.sex)
        if key not in best or rank[v.kind] > rank[best[key].kind]:
            best[key] = v
    totals: dict = {}
    for (_agency_id, code, sex), v in best.items():
        totals[(code, sex)] = totals.get((code, sex), Decimal(0)) + v.value
    per_agency: dict = {}
    for (agency_id, code, sex), v in best.items():
        per_agency[(agency_id, code, sex)] = v.value
    return totals, per_agency


def test_yearly_report_docx_holds_the_right_figures(
    synthesis_world, focal_hp, django_capture_on_commit_callbacks
):
    world = synthesis_world
    report, version = _request(focal_hp, django_capture_on_commit_callbacks, plan=world.plan_hp)
    assert version.status == "done", version.error
    assert version.snapshot_at is not None
    document, text = _docx_text(version)
    ev = _expected_events(world)
    assert ev == {"events": 3, "people": 90, "men": 35, "women": 55, "products": 500,
                  "local": 5_000_000, "central": 7_000_000}  # fmt: skip

    # header (Decree 30 boxes 1–4), title, Kính gửi
    header = document.tables[0]
    assert "SỞ NỘI VỤ" in header.cell(0, 0).text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.cell(0, 1).text
    assert header.cell(1, 0).text.replace("\u00a0", " ").startswith("Số: ")
    assert "/BC-" in header.cell(1, 0).text
    assert "Hải Phòng, ngày" in header.cell(1, 1).text
    assert "BÁO CÁO" in text
    assert "Kết quả thực hiện Kế hoạch truyền thông Hải Phòng năm 2025" in text
    assert "Kính gửi:" in text and "- Bộ Nội vụ;" in text

    # communication: events by type and channel, people by sex, products, budget by source
    assert (
        f"đã tổ chức {ev['events']} hoạt động truyền thông, thu hút {ev['people']} lượt người "
        f"tham dự (nam {ev['men']}, nữ {ev['women']}); phát hành {ev['products']} sản phẩm"
    ) in text
    assert f"Ngân sách địa phương | {vn_number(ev['local'])}" in text
    assert f"Ngân sách trung ương | {vn_number(ev['central'])}" in text
    assert f"Tổng cộng | {vn_number(ev['local'] + ev['central'])}" in text
    assert "Trực tiếp | 2" in text and "Ấn phẩm in | 1" in text
    assert len(document.inline_shapes) == 2  # the two charts, as pictures

    # reporters: 3 expected, Sở Y tế on time, the ward late, Sở Nội vụ missing
    assert "Có 2/3 cơ quan, đơn vị gửi báo cáo, trong đó 1 báo cáo đúng hạn, 1 báo cáo chậm" in text
    assert "Báo cáo chậm (1): Ủy ban nhân dân phường Thành Đông." in text
    assert "Chưa gửi báo cáo (1): Sở Nội vụ Thành phố Hải Phòng." in text

    # narratives, each with the submission it came from
    yte = world.submission_yte_hp.pk
    assert (
        f"Tổ chức 3 buổi nói chuyện chuyên đề tại 3 trường học (Sở Y tế Thành phố Hải Phòng, báo cáo #{yte})."
        in text
    )
    assert f"Kinh phí còn hạn chế (Sở Y tế Thành phố Hải Phòng, báo cáo #{yte})." in text
    assert (
        f"Đề nghị bổ sung kinh phí truyền thông (Sở Y tế Thành phố Hải Phòng, báo cáo #{yte})."
        in text
    )
    # results by task: the activity's two reports, one done, one in progress
    assert "2 cơ quan, đơn vị báo cáo: 1 đã hoàn thành, 1 đang thực hiện, 0 chưa thực hiện" in text
    # targets table
    assert "Đến năm 2025 đạt 80%, đến năm 2030 đạt 90%" in text
    assert "2025: 80%; 2030: 90%" in text

    # appendices: consolidated figures, by unit, by agency, each "(Kèm theo Báo cáo số …)"
    totals, per_agency = _best_figures(world)
    assert totals[("events.talk", "")] == 4  # 3 (estimate, not the actual 2) + 1
    assert "Phụ lục I" in text and "Phụ lục II" in text and "Phụ lục III" in text
    assert text.count("(Kèm theo Báo cáo số") == 3
    people = totals[("reach.participants", "")]
    assert f"Số lượt người được tiếp cận qua các hoạt động | {vn_number(people)} | " \
           f"{vn_number(totals[('reach.participants', 'male')])} | " \
           f"{vn_number(totals[('reach.participants', 'female')])}" in text  # fmt: skip
    yte_events = sum(v for (a, code, sex), v in per_agency.items()
                     if a == world.yte_hp.pk and code.startswith("events.") and not sex)  # fmt: skip
    assert yte_events == 5
    assert (
        f"Sở Y tế Thành phố Hải Phòng | Thành phố Hải Phòng | Đúng hạn | 05/12/2025 | {vn_number(yte_events)} | 150"
        in text
    )
    events_total = sum(v for (a, code, sex), v in per_agency.items()
                       if code.startswith("events.") and not sex)  # fmt: skip
    assert (
        f"Tổng cộng | 3 | 2 | 1 | 1 | 1 | {vn_number(events_total)} | {vn_number(people)}" in text
    )
    # the appendices are landscape sections numbered on their own
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert document.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    assert len(document.sections) == 4
    body_end = "\n".join(p.text for p in document.paragraphs)
    assert "Nơi nhận:" in text and "- Như trên;" in text
    assert "./." in body_end


def test_xlsx_appendix_has_real_totals(
    synthesis_world, focal_hp, django_capture_on_commit_callbacks
):
    world = synthesis_world
    _report, version = _request(focal_hp, django_capture_on_commit_callbacks, plan=world.plan_hp)
    wb = openpyxl.load_workbook(io.BytesIO(version.xlsx.read()))
    assert wb.sheetnames[:3] == ["Số liệu tổng hợp", "Theo đơn vị", "Theo cơ quan"]
    assert {"Chỉ tiêu", "Chậm, chưa báo cáo", "Trích báo cáo"} <= set(wb.sheetnames)
    ws = wb["Theo cơ quan"]
    assert ws["A1"].value.startswith("Phụ lục III: ")
    assert ws["A2"].value.startswith("(Kèm theo Báo cáo số")
    header = [c.value for c in ws[4]]
    assert header[:5] == [
        "Cơ quan, đơn vị",
        "Đơn vị hành chính",
        "Tình trạng",
        "Ngày gửi",
        "Số hoạt động",
    ]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
    body, total = rows[:-1], rows[-1]
    assert len(body) == 3
    assert total[0] == "Tổng cộng"
    assert total[4] == "=SUM(E5:E7)"  # a real formula the office can recompute
    assert total[5] == "=SUM(F5:F7)"
    _totals, per_agency = _best_figures(world)
    events = sum(
        v for (a, code, sex), v in per_agency.items() if code.startswith("events.") and not sex
    )
    assert sum(r[4] for r in body) == events == 6
    assert sum(r[5] for r in body) == 200
    assert sum(r[9] for r in body) == 12_000_000
    assert ws.freeze_panes == "A5"
    units = wb["Theo đơn vị"]
    unit_rows = [[c.value for c in row] for row in units.iter_rows(min_row=5)]
    assert unit_rows[-1][1] == "=SUM(B5:B6)"
    assert sum(r[1] for r in unit_rows[:-1]) == 3
    late = [[c.value for c in row] for row in wb["Chậm, chưa báo cáo"].iter_rows(min_row=5)]
    assert [r[3] for r in late] == ["Báo cáo chậm", "Chưa báo cáo"]
    quotes = [[c.value for c in row] for row in wb["Trích báo cáo"].iter_rows(min_row=5)]
    assert any(r[4] == world.submission_yte_hp.pk for r in quotes)


def test_regenerating_after_a_late_report_shows_what_changed(
    synthesis_world, focal_hp, client, django_capture_on_commit_callbacks
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from binhdang.documents.services import report_regenerate
    from binhdang.reporting.models import DataValue, Submission
    from binhdang.reporting.services import element_ids

    world = synthesis_world
    report, first = _request(focal_hp, django_capture_on_commit_callbacks, plan=world.plan_hp)
    late = Submission.objects.get(round=world.round_hp, agency=world.noivu_hp)
    Submission.objects.filter(pk=late.pk).update(
        status="submitted",
        first_submitted_at=datetime(2025, 12, 16, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    DataValue.objects.create(
        element_id=element_ids()["events.talk"], period="2025", agency_id=late.agency_id,
        unit_id=late.unit_id, kind="estimate", value=Decimal(2), submission_id=late.pk,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        second = report_regenerate(report=report, actor=focal_hp)
    second.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert second.status == "done"
    assert second.snapshot_at >= first.snapshot_at
    from binhdang.documents.synthesis_selectors import version_changes

    previous, changes = version_changes(second)
    assert previous.pk == first.pk
    changed = {c.label: (c.before, c.after) for c in changes}
    assert changed["Báo cáo đã nhận"] == ("2/3", "3/3")
    assert changed["Số liệu: Số buổi nói chuyện chuyên đề đã tổ chức"] == ("4", "6")
    assert changed["Chưa báo cáo"] == ("Sở Nội vụ Thành phố Hải Phòng", "-")
    # and the page shows it
    client.force_login(focal_hp)
    page = client.get(reverse("documents:synthesis_detail", args=[report.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert 'data-testid="diff-table"' in content and "3/3" in content and "2/3" in content


def test_number_register_per_issuer_and_year(
    synthesis_world, focal_hp, django_capture_on_commit_callbacks
):
    from binhdang.documents.services import report_issue_number

    world = synthesis_world
    first, _v = _request(focal_hp, django_capture_on_commit_callbacks, plan=world.plan_hp)
    second, _v = _request(
        focal_hp, django_capture_on_commit_callbacks, plan=world.plan_hp, kind="action_month"
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_issue_number(report=first, actor=focal_hp, issued_on=date(2025, 12, 22))
    report_issue_number(report=second, actor=focal_hp, issued_on=date(2025, 12, 23))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    third, _v = _request(
        focal_hp, django_capture_on_commit_callbacks, plan=world.plan_hp, year=2026
    )
    report_issue_number(report=third, actor=focal_hp, issued_on=date(2026, 1, 5))
    third.refresh_from_db()
    assert third.number == 1  # a new year starts again at 01
    assert NumberRegister.objects.get(issuer=world.noivu_hp, year=2025).last_number == 2
    version = first.latest
    assert version.number == 2 and version.status == "done"
    document, text = _docx_text(version)
    assert document.tables[0].cell(1, 0).text == "Số: 01/BC-…"
    assert document.tables[0].cell(1, 1).text == "Hải Phòng, ngày 22 tháng 12 năm 2025"
    assert "(Kèm theo Báo cáo số 01/BC-… ngày 22 tháng 12 năm 2025" in text
    assert version.docx.name.endswith(".docx") and "BC-01" in version.docx.name
    with pytest.raises(Exception, match="đã được cấp số"):
        report_issue_number(report=first, actor=focal_hp)


@pytest.mark.parametrize(
    ("kind", "title", "headings"),
    [
        ("action_month", "Kết quả tổ chức Tháng hành động vì bình đẳng giới",
         ["I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI", "II. KẾT QUẢ CÁC HOẠT ĐỘNG", "IV. ĐỀ XUẤT, KIẾN NGHỊ"]),
        ("midterm", "Sơ kết giai đoạn 2022–2025 thực hiện Kế hoạch",
         ["Phần thứ nhất", "KẾT QUẢ THỰC HIỆN GIAI ĐOẠN 2022–2025", "Mốc năm 2025",
          "Phần thứ hai", "PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN 2026–2030"]),
        ("final", "Tổng kết giai đoạn 2022–2030 thực hiện Kế hoạch",
         ["Phần thứ nhất", "Mốc năm 2030", "Bài học kinh nghiệm",
          "PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN 2031–2035"]),
    ],
)  # fmt: skip
def test_each_kind_has_its_own_structure(
    synthesis_world, focal_hp, django_capture_on_commit_callbacks, kind, title, headings
):
    year = {"action_month": 2025, "midterm": 2025, "final": 2030}[kind]
    report, version = _request(
        focal_hp,
        django_capture_on_commit_callbacks,
        plan=synthesis_world.plan_hp,
        kind=kind,
        year=year,
    )
    assert version.status == "done", version.error
    _document, text = _docx_text(version)
    assert title in " ".join(text.split())  # the summary line may wrap
    for heading in headings:
        assert heading in text, heading
    if kind == "midterm":
        # 2022–2025: the 2025 events plus nothing before; the by-year table is there
        assert "Kết quả theo năm:" in text
        assert "2025 | 3 | 90" in text


def test_commune_and_agency_scopes(synthesis_world, focal_hp, django_capture_on_commit_callbacks):
    world = synthesis_world
    _r, ward = _request(
        focal_hp, django_capture_on_commit_callbacks, plan=world.plan_hp, unit=world.hp_a
    )
    _doc, text = _docx_text(ward)
    assert "Có 1/1 cơ quan, đơn vị gửi báo cáo" in text
    assert "đã tổ chức 1 hoạt động truyền thông, thu hút 50 lượt người" in text  # the ward's event
    assert "Phụ lục III" not in text  # by agency only: no per-unit table for one commune
    _r, agency = _request(
        focal_hp, django_capture_on_commit_callbacks, plan=world.plan_hp, agency=world.yte_hp
    )
    _doc, text = _docx_text(agency)
    assert "Có 1/1 cơ quan, đơn vị gửi báo cáo" in text
    assert "Số buổi nói chuyện chuyên đề đã tổ chức | 3 |" in text  # its own figure only
    assert "đã tổ chức 2 hoạt động truyền thông, thu hút 40 lượt người" in text


def test_a_failed_build_says_why(
    synthesis_world, focal_hp, django_capture_on_commit_callbacks, monkeypatch
):
    from binhdang.documents.builders import synthesis_docx

    def broken(data, **kw):
        raise RuntimeError("hỏng mẫu")

    monkeypatch.setattr(synthesis_docx, "build_synthesis_docx", broken)
    _report, version = _request(
        focal_hp, django_capture_on_commit_callbacks, plan=synthesis_world.plan_hp
    )
    assert version.status == "failed"
    assert "hỏng mẫu" in version.error
    assert not version.docx


def test_permissions_and_out_of_scope(synthesis_world, focal_hp, client):
    from django.core.exceptions import PermissionDenied

    from binhdang.documents.services import report_request

    world = synthesis_world
    with pytest.raises(PermissionDenied):
        report_request(actor=focal_hp, kind="annual", year=2025, plan=world.plan_ct)
    with pytest.raises(PermissionDenied):
        report_request(actor=world.viewer_hp, kind="annual", year=2025, plan=world.plan_hp)
    # without a plan: every province's programme plan in the officer's own area only
    area_report = report_request(actor=focal_hp, kind="annual", year=2025)
    assert area_report.unit == world.hp and area_report.plan is None
    with pytest.raises(PermissionDenied):  # another province's area
        report_request(actor=focal_hp, kind="annual", year=2025, unit=world.ct)
    client.force_login(world.reporter_hp_a)
    assert client.get(reverse("documents:synthesis_list")).status_code == 200
    response = client.post(reverse("documents:synthesis_create"), {"kind": "annual", "year": 2025})
    assert response.status_code == 403
    client.force_login(world.nobody)
    assert client.get(reverse("documents:synthesis_list")).status_code == 403
    client.force_login(focal_hp)
    bad = client.post(reverse("documents:synthesis_create"), {"kind": "annual", "year": ""})
    assert bad.status_code == 400  # the form again, with what was typed and the error
    assert 'data-testid="synthesis-form"' in bad.content.decode()


def test_page_flow_with_progress_polling(
    synthesis_world, focal_hp, client, django_capture_on_commit_callbacks
):
    world = synthesis_world
    client.force_login(focal_hp)
    page = client.get(reverse("documents:synthesis_list"))
    assert 'data-testid="synthesis-form"' in page.content.decode()
    # without a worker the version waits, and the page polls for it
    response = client.post(
        reverse("documents:synthesis_create"),
        {"kind": "annual", "year": 2025, "plan": world.plan_hp.pk},
    )
    report = GeneratedReport.objects.get(created_by=focal_hp)
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:synthesis_detail", args=[report.pk])
    status_url = reverse("documents:synthesis_status", args=[report.pk])
    detail = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in detail and status_url in detail
    from binhdang.documents.services import report_build

    report_build(version_id=report.latest.pk)
    partial = client.get(status_url + "?was=pending", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert partial["HX-Refresh"] == "true"
    assert "every 1s" not in partial.content.decode()
    for fmt, start in (("docx", b"PK"), ("xlsx", b"PK")):
        download = client.get(reverse("documents:synthesis_file", args=[report.pk, 1, fmt]))
        assert download.status_code == 200
        assert download.content.startswith(start)
        assert download["Content-Disposition"].startswith("attachment; ")
    assert (
        client.get(reverse("documents:synthesis_file", args=[report.pk, 1, "pdf"])).status_code
        == 404
    )
    assert (
        client.get(reverse("documents:synthesis_file", args=[report.pk, 1, "exe"])).status_code
        == 404
    )
    # a second request while one is queued is refused with a message, not a second build
    client.post(reverse("documents:synthesis_regenerate", args=[report.pk]))
    client.post(reverse("documents:synthesis_regenerate", args=[report.pk]))
    assert ReportVersion.objects.filter(report=report).count() == 2
    from binhdang.core.models import AuditEntry

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "documents.report.created",
        "documents.report.generated",
        "documents.report.regenerated",
    } <= actions


def test_vietnamese_numbers_and_diff():
    assert vn_number(1234567) == "1.234.567"
    assert vn_number(Decimal("12.5"), decimals=1) == "12,5"
    assert vn_number(None) == "-"
    changes = diff_snapshots({"a": "1", "b": "2", "gone": "x"}, {"a": "1", "b": "3", "new": "y"})
    assert [(c.label, c.before, c.after) for c in changes] == [
        ("b", "2", "3"), ("new", None, "y"), ("gone", "x", None)
    ]  # fmt: skip
