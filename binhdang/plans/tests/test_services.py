"""Plan services: import → review → commit, abandon, versions, derive, sample plans."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from binhdang.core.models import AuditEntry
from binhdang.plans import services
from binhdang.plans.choices import AssignmentRole, ImportStatus, PlanKind, PlanStatus
from binhdang.plans.models import (
    Activity,
    Assignment,
    Milestone,
    Plan,
    PlanImport,
    PlanReference,
    PlanTask,
    PlanVersion,
    Responsibility,
    Target,
)
from binhdang.plans.selectors import plan_content, plan_detail_queryset
from binhdang.plans.tests.conftest import seed_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are matched in English (the msgids); Vietnamese is the catalogue's job."""
    with translation.override("en"):
        yield


def _rows() -> dict[str, int]:
    """How many rows every plan table holds (to prove that nothing changed)."""
    return {
        model.__name__: model.objects.count()
        for model in (
            Plan,
            PlanTask,
            Activity,
            Assignment,
            Target,
            Milestone,
            Responsibility,
            PlanReference,
            PlanVersion,
        )
    }


# ---------------------------------------------------------------------------------------
# Import and commit
# ---------------------------------------------------------------------------------------


def test_commit_of_seed_000_creates_every_row(focal, hp):
    """Seed 000 becomes one plan with 5 targets, 7 tasks and 21 activities, each activity
    with its lead (and partner) agencies resolved in Hải Phòng, and version 1."""
    plan_import = services.plan_import_start(actor=focal, text=seed_text("000"), unit=hp)
    assert plan_import.status == ImportStatus.REVIEW
    assert Plan.objects.count() == 0

    plan = services.plan_import_commit(plan_import_id=plan_import.pk, actor=focal)

    assert plan.unit == hp
    assert plan.kind == PlanKind.PROGRAMME
    assert (plan.period_start, plan.period_end) == (2022, 2030)
    assert plan.programme is not None and plan.programme.number == "1790/QĐ-TTg"
    assert plan.targets.count() == 5
    assert plan.tasks.count() == 7
    assert Activity.objects.filter(task__plan=plan).count() == 21
    assert Milestone.objects.filter(target__plan=plan).count() == 7
    leads = Assignment.objects.filter(activity__task__plan=plan, role=AssignmentRole.LEAD)
    assert leads.count() >= 21
    assert all(a.agencies.exists() for a in leads)
    assert plan.responsibilities.count() == 8
    assert plan.report_deadline == "10/12"
    assert (plan.action_month_start, plan.action_month_end) == ("15/11", "15/12")
    assert plan.version == 1
    assert plan.versions.get().number == 1
    assert plan.source_text.startswith(" KẾ HOẠCH") or "KẾ HOẠCH" in plan.source_text[:40]
    plan_import.refresh_from_db()
    assert plan_import.status == ImportStatus.COMMITTED
    assert plan_import.plan == plan
    assert AuditEntry.objects.filter(action="plans.plan.created", object_id=str(plan.pk)).exists()
    # The activity timing is read into its kind: "Hàng năm" is yearly.
    assert Activity.objects.filter(task__plan=plan, timing_kind="yearly").count() >= 19


def test_commit_twice_saves_one_plan(focal, hp):
    plan_import = services.plan_import_start(actor=focal, text=seed_text("002"), unit=hp)
    first = services.plan_import_commit(plan_import_id=plan_import.pk, actor=focal)
    second = services.plan_import_commit(plan_import_id=plan_import.pk, actor=focal)
    assert first.pk == second.pk
    assert Plan.objects.count() == 1
    assert PlanVersion.objects.count() == 1


def test_abandon_changes_nothing(focal, hp, seed_000_plan):
    """Abandoning deletes the draft (and its file) and touches no plan."""
    before = _rows()
    upload = SimpleUploadedFile("ke-hoach.txt", seed_text("002").encode())
    plan_import = services.plan_import_start(
        actor=focal, filename="ke-hoach.txt", data=upload, unit=hp
    )
    assert plan_import.source_file
    services.plan_import_abandon(plan_import=plan_import, actor=focal)
    assert not PlanImport.objects.filter(pk=plan_import.pk).exists()
    assert _rows() == before
    assert AuditEntry.objects.filter(action="plans.import.abandoned").count() == 1


def test_failed_commit_changes_nothing(focal, hp):
    """An empty title is refused; no plan, task, version or audit entry is written and the
    reviewed content is still there."""
    plan_import = services.plan_import_start(actor=focal, text=seed_text("000"), unit=hp)
    content = dict(plan_import.content, title="  ")
    services.plan_import_review_save(plan_import=plan_import, content=content)
    before = _rows()
    with pytest.raises(ValidationError) as caught:
        services.plan_import_commit(plan_import_id=plan_import.pk, actor=focal)
    assert "title" in caught.value.message_dict
    assert _rows() == before
    assert not AuditEntry.objects.filter(action="plans.plan.created").exists()
    plan_import.refresh_from_db()
    assert plan_import.status == ImportStatus.REVIEW
    assert plan_import.edited["title"] == "  "


def test_failed_commit_with_bad_milestone_reports_the_target(focal, hp):
    plan_import = services.plan_import_start(actor=focal, text=seed_text("000"), unit=hp)
    content = plan_import.content
    content["targets"][1]["milestones"][0]["value"] = "tám mươi"
    services.plan_import_review_save(plan_import=plan_import, content=content)
    with pytest.raises(ValidationError) as caught:
        services.plan_import_commit(plan_import_id=plan_import.pk, actor=focal)
    assert "targets.1" in caught.value.message_dict
    assert Plan.objects.count() == 0


def test_commit_outside_scope_is_refused(focal, seed_map):
    """The focal officer of Hải Phòng may not save a plan of Cần Thơ."""
    plan_import = services.plan_import_start(actor=focal, text=seed_text("004"))
    with pytest.raises(ValidationError, match="outside what you manage"):
        services.plan_import_commit(
            plan_import_id=plan_import.pk, actor=focal, unit=seed_map.legacy["92"]
        )
    assert Plan.objects.count() == 0


def test_commit_needs_an_area(focal):
    plan_import = services.plan_import_start(actor=focal, text=seed_text("002"))
    with pytest.raises(ValidationError) as caught:
        services.plan_import_commit(plan_import_id=plan_import.pk, actor=focal)
    assert "unit" in caught.value.message_dict


def test_import_needs_the_permission(yte_reporter, hp):
    with pytest.raises(PermissionDenied):
        services.plan_import_start(actor=yte_reporter, text=seed_text("000"), unit=hp)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": "   "}, "Choose a file or paste the text"),
        ({"text": "Hôm nay trời đẹp. Chúng tôi đi chơi công viên."}, ""),
        ({"data": b"", "filename": "empty.txt"}, "empty"),
        ({"data": b"PK not really a zip", "filename": "plan.docx"}, ""),
        ({"data": b"%PDF-1.4 nothing", "filename": "scan.pdf"}, ""),
        ({"data": b"abc", "filename": "plan.doc"}, ".doc"),
    ],
)
def test_import_errors_store_nothing(focal, hp, kwargs, message):
    """Unreadable input: a ValidationError with a message, and no row, file or audit."""
    with pytest.raises(ValidationError) as caught:
        services.plan_import_start(actor=focal, unit=hp, **kwargs)
    assert caught.value.messages[0]
    if message:
        assert message in caught.value.messages[0]
    assert PlanImport.objects.count() == 0
    assert not AuditEntry.objects.filter(action="plans.import.started").exists()


def test_import_refuses_a_file_over_50_mb_before_reading_it(focal, hp):
    class Big(io.BytesIO):
        size = 51 * 1024 * 1024

    with pytest.raises(ValidationError, match="50 MB"):
        services.plan_import_start(actor=focal, filename="big.txt", data=Big(b"x"), unit=hp)


def test_import_reads_a_docx_upload(focal, hp):
    from docx import Document

    document = Document()
    for line in seed_text("000").splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    assert zipfile.is_zipfile(io.BytesIO(buffer.getvalue()))
    upload = SimpleUploadedFile("ke-hoach.docx", buffer.getvalue())
    plan_import = services.plan_import_start(
        actor=focal, filename="ke-hoach.docx", data=upload, unit=hp
    )
    assert len(plan_import.content["targets"]) == 5
    assert plan_import.source_file.name.endswith(".docx")


def test_review_save_keeps_invalid_input(focal, hp):
    """Whatever was typed is kept; checks wait for the commit."""
    plan_import = services.plan_import_start(actor=focal, text=seed_text("000"), unit=hp)
    content = plan_import.content
    content["period"] = ["hai không hai hai", "2030"]
    content["report_deadline"] = "32/13"
    services.plan_import_review_save(plan_import=plan_import, content=content, kind="yearly")
    plan_import.refresh_from_db()
    assert plan_import.edited["period"] == ["hai không hai hai", "2030"]
    assert plan_import.edited["report_deadline"] == "32/13"
    assert plan_import.kind == "yearly"


# ---------------------------------------------------------------------------------------
# Versions
# ---------------------------------------------------------------------------------------


def test_update_makes_a_new_version_and_keeps_the_old_one(focal, seed_000_plan):
    plan = seed_000_plan
    content = plan_content(plan_detail_queryset(user=focal).get(pk=plan.pk))
    old_title = content["title"]
    content["title"] = "Kế hoạch đã sửa"
    content["doc_number"] = "59/KH-UBND"
    del content["targets"][0]
    content["tasks"][0]["activities"][0]["partners"].append("Sở Y tế")

    updated = services.plan_update_content(
        plan_id=plan.pk, content=content, actor=focal, note="Sửa tên"
    )

    assert updated.version == 2
    assert updated.title == "Kế hoạch đã sửa"
    assert updated.doc_number == "59/KH-UBND"
    assert updated.targets.count() == 4
    assert list(updated.versions.values_list("number", flat=True)) == [2, 1]
    v1, v2 = updated.versions.get(number=1), updated.versions.get(number=2)
    assert v1.content["title"] == old_title
    assert len(v1.content["targets"]) == 5
    assert v2.note == "Sửa tên"
    # Timing kinds are read again from the text (the form carries only the text).
    assert Activity.objects.filter(task__plan=plan, timing_kind="yearly").count() >= 19
    assert AuditEntry.objects.filter(action="plans.plan.updated").count() == 1


def test_failed_update_changes_nothing(focal, seed_000_plan):
    plan = seed_000_plan
    content = plan_content(plan_detail_queryset(user=focal).get(pk=plan.pk))
    content["title"] = "Tên mới"
    content["period"] = [2030, 2022]
    before = _rows()
    with pytest.raises(ValidationError) as caught:
        services.plan_update_content(plan_id=plan.pk, content=content, actor=focal)
    assert "period" in caught.value.message_dict
    assert _rows() == before
    plan.refresh_from_db()
    assert plan.version == 1
    assert plan.title != "Tên mới"


def test_update_needs_change_permission(yte_reporter, seed_000_plan):
    with pytest.raises(PermissionDenied):
        services.plan_update_content(
            plan_id=seed_000_plan.pk, content={"title": "x"}, actor=yte_reporter
        )


def test_update_can_move_the_plan_within_scope_only(focal, seed_000_plan, seed_map):
    content = plan_content(plan_detail_queryset(user=focal).get(pk=seed_000_plan.pk))
    commune = seed_map.communes["10507"]
    plan = services.plan_update_content(
        plan_id=seed_000_plan.pk, content=content, actor=focal, unit=commune
    )
    assert plan.unit == commune
    with pytest.raises(ValidationError):
        services.plan_update_content(
            plan_id=plan.pk, content=content, actor=focal, unit=seed_map.current["92"]
        )


def test_period_without_start_year_is_kept(focal, seed_map):
    """Seed 003 says "đến năm 2030" without a start year: the end is kept."""
    unit = seed_map.current["31"]
    plan_import = services.plan_import_start(actor=focal, text=seed_text("003"), unit=unit)
    plan = services.plan_import_commit(plan_import_id=plan_import.pk, actor=focal)
    assert (plan.period_start, plan.period_end) == (None, 2030)
    assert plan_content(plan)["period"] == [None, 2030]


# ---------------------------------------------------------------------------------------
# Deriving a lower plan
# ---------------------------------------------------------------------------------------


def _numbered(focal, plan, number="59/KH-UBND"):
    content = plan_content(plan_detail_queryset(user=focal).get(pk=plan.pk))
    content["doc_number"] = number
    return services.plan_update_content(plan_id=plan.pk, content=content, actor=focal)


def test_derive_a_commune_plan_maps_agency_names(focal, seed_000_plan, seed_map):
    source = _numbered(focal, seed_000_plan)
    commune = seed_map.communes["10507"]  # Phường Thành Đông

    plan = services.plan_derive(source_plan_id=source.pk, actor=focal, unit=commune)

    assert plan.status == PlanStatus.DRAFT
    assert plan.parent == source
    assert plan.unit == commune
    assert plan.doc_number == "" and plan.issued_date is None
    assert (plan.period_start, plan.period_end) == (2022, 2030)
    assert "phường Thành Đông" in plan.title
    assert plan.issuer_text == "Ủy ban nhân dân phường Thành Đông"
    assert plan.targets.count() == 5
    assert Activity.objects.filter(task__plan=plan).count() == 21
    reference = plan.references.get(number="59/KH-UBND")
    assert reference.cited_plan == source
    content = plan_content(plan_detail_queryset(user=focal).get(pk=plan.pk))
    activities = [a for t in content["tasks"] for a in t["activities"]]
    # Every activity is led by the commune's People's Committee …
    assert all(a["lead"] == ["Ủy ban nhân dân phường Thành Đông"] for a in activities)
    partners = {p for a in activities for p in a["partners"]}
    # … the district People's Committees are gone, provincial bodies stay as partners.
    assert not any("quận, huyện" in p for p in partners)
    assert "Sở Lao động - Thương binh và Xã hội thành phố Hải Phòng" in partners
    assert "các tổ chức có liên quan" in partners
    # The commune's People's Committee resolves to the commune's registry agency.
    lead = Assignment.objects.filter(activity__task__plan=plan, role="lead").first()
    assert [a.unit for a in lead.agencies.all()] == [commune]
    entry = AuditEntry.objects.get(action="plans.plan.derived")
    assert entry.object_id == str(plan.pk)
    assert entry.data["source"] == source.pk


def test_derive_a_yearly_plan(focal, seed_000_plan):
    plan = services.plan_derive(
        source_plan_id=seed_000_plan.pk, actor=focal, unit=seed_000_plan.unit, period=(2026, 2026)
    )
    assert plan.kind == PlanKind.YEARLY
    assert (plan.period_start, plan.period_end) == (2026, 2026)
    assert "năm 2026" in plan.title
    assert plan.parent == seed_000_plan
    assert plan.tasks.count() == 7


def test_derive_an_agency_plan_keeps_what_names_the_agency(focal, seed_000_plan, hp):
    from binhdang.agencies.models import Agency

    yte = Agency.objects.current().get(unit=hp, catalogue_code="so-y-te")
    plan = services.plan_derive(source_plan_id=seed_000_plan.pk, actor=focal, unit=hp, agency=yte)
    activities = Activity.objects.filter(task__plan=plan)
    assert 0 < activities.count() < 21
    assert all(Assignment.objects.filter(activity=a, agencies=yte).exists() for a in activities)
    assert plan.issuer_text == yte.full_name


def test_derive_outside_scope_is_refused(focal, seed_000_plan, seed_map):
    before = _rows()
    with pytest.raises(ValidationError):
        services.plan_derive(
            source_plan_id=seed_000_plan.pk, actor=focal, unit=seed_map.communes["31117"]
        )
    assert _rows() == before


def test_derive_needs_the_permission(yte_reporter, seed_000_plan, hp):
    with pytest.raises(PermissionDenied):
        services.plan_derive(source_plan_id=seed_000_plan.pk, actor=yte_reporter, unit=hp)


# ---------------------------------------------------------------------------------------
# Sample plans
# ---------------------------------------------------------------------------------------


def test_sample_plans_load_puts_each_seed_in_its_area(seed_map):
    counts = services.sample_plans_load()
    assert counts == {"created": 5, "existing": 0, "skipped": 0}
    by_unit = {
        p.doc_number or p.title[:30]: (p.unit.code, p.unit.generation)
        for p in Plan.objects.select_related("unit")
    }
    assert by_unit["183/KH-UBND"] == ("24", "legacy")  # Bắc Giang before 2025
    assert by_unit["262/KH-SLĐTBXH"] == ("92", "legacy")  # Cần Thơ before 2025
    hai_phong = Plan.objects.filter(unit=seed_map.current["31"])
    assert hai_phong.count() == 2
    district_plan = Plan.objects.get(period_start__isnull=True, period_end=2030)
    assert district_plan.unit == seed_map.current["92"]
    assert "không nêu tên huyện" in district_plan.versions.get().note
    seed_000 = hai_phong.get(period_start=2022)
    assert seed_000.targets.count() == 5
    assert Activity.objects.filter(task__plan=seed_000).count() == 21

    again = services.sample_plans_load()
    assert again == {"created": 0, "existing": 5, "skipped": 0}
    assert Plan.objects.count() == 5


def test_sample_plans_skip_missing_areas(roles):
    """Before `binhdang setup` loaded the units, nothing is imported (and nothing fails)."""
    assert services.sample_plans_load() == {"created": 0, "existing": 0, "skipped": 5}
    assert Plan.objects.count() == 0


def test_import_refuses_a_scanned_pdf(focal, hp):
    """A PDF without a text layer (a scan) gets a message that says so; nothing is stored."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    upload = SimpleUploadedFile("ke-hoach-scan.pdf", buffer.getvalue())
    with pytest.raises(ValidationError, match="no text layer") as caught:
        services.plan_import_start(actor=focal, filename="ke-hoach-scan.pdf", data=upload, unit=hp)
    assert caught.value.code == "scanned_pdf"
    assert PlanImport.objects.count() == 0


def test_only_the_importer_abandons(focal, focal_ct, hp):
    plan_import = services.plan_import_start(actor=focal, text=seed_text("002"), unit=hp)
    with pytest.raises(PermissionDenied):
        services.plan_import_abandon(plan_import=plan_import, actor=focal_ct)
    assert PlanImport.objects.filter(pk=plan_import.pk).exists()
