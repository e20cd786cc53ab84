"""Writes for synthesis reports: ask for one, (re)generate it, issue its number.

Generation is background work: `report_request` / `report_regenerate` create a queued
`ReportVersion` and enqueue `tasks.build_synthesis_report` once the transaction commits;
the worker calls `report_build`, which reads the data (the snapshot time), builds the
DOCX, the XLSX appendix and, where LibreOffice is installed, the PDF, and reports its
progress on the version row the page polls.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.accounts.scope import scope_for
from binhdang.core.audit import audit_log
from binhdang.documents.models import (
    GeneratedReport,
    GenerationStatus,
    NumberRegister,
    OfficeTemplate,
    ReportKind,
    ReportVersion,
)

log = logging.getLogger(__name__)

ADD_PERMISSION = "documents.add_generatedreport"


def _sees(actor, unit) -> bool:
    """The unit lies in the actor's own subtree (not an ancestor shown for context)."""
    scope = scope_for(actor)
    if scope.everything:
        return True
    if unit is None:
        return False
    return replace(scope, ancestor_ids=()).contains_unit(unit)


def _check_can_make(actor, *, plan, unit, agency) -> None:
    if actor is None or not actor.has_perm(ADD_PERMISSION):
        raise PermissionDenied
    if plan is not None:
        from binhdang.plans.models import Plan

        if not Plan.objects.visible_to(actor).filter(pk=plan.pk).exists():
            raise PermissionDenied
    area = unit or (agency.unit if agency is not None else None)
    if area is None and plan is not None:
        area = plan.unit
    if not _sees(actor, area):
        raise PermissionDenied


def default_recipients(issuer) -> list[str]:
    """ "Kính gửi" for a report sent upward, by the issuing body: a province's department
    reports to the ministry and the province's People's Committee; a province's People's
    Committee to the ministry; a commune's to the province's People's Committee."""
    from binhdang.documents.selectors import agency_issuer

    if issuer is None:
        return []
    info = agency_issuer(issuer)
    unit = issuer.unit
    if info["kind"] == "department":
        return ["Bộ Nội vụ"] + ([info["parent_name"]] if info["parent_name"] else [])
    if info["kind"] == "peoples_committee" and unit is not None:
        if unit.level == "province":
            return ["Bộ Nội vụ"]
        province = unit.province
        if province is not None and province.pk != unit.pk:
            return [f"Ủy ban nhân dân {province.name[:1].lower()}{province.name[1:]}"]
    return []


def _next_version(report: GeneratedReport, actor) -> ReportVersion:
    last = report.versions.aggregate(n=Max("number"))["n"] or 0
    version = ReportVersion(report=report, number=last + 1, requested_by=actor)
    version.full_clean()
    version.save()
    from binhdang.documents.tasks import build_synthesis_report

    transaction.on_commit(lambda: build_synthesis_report.enqueue(version.pk))
    return version


@transaction.atomic
def report_request(
    *,
    actor,
    kind: str,
    year: int,
    plan=None,
    unit=None,
    agency=None,
    issuer=None,
    recipients: list[str] | None = None,
    signer_name: str = "",
) -> GeneratedReport:
    """Ask for a synthesis report; its first version is generated in the background."""
    from binhdang.documents.synthesis_selectors import title_summary

    # no plan: every programme plan "in my area", the actor's own unit unless national
    if (
        plan is None
        and unit is None
        and agency is None
        and actor is not None
        and not scope_for(actor).everything
        and getattr(actor, "agency", None) is not None
    ):
        unit = actor.agency.unit
    _check_can_make(actor, plan=plan, unit=unit, agency=agency)
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Choose a kind of report.")})
    if plan is None and agency is not None:
        raise ValidationError({"plan": _("Choose the plan the agency's report is about.")})
    if plan is not None and unit is None and agency is None:
        unit = plan.unit
    issuer = issuer if issuer is not None else getattr(actor, "agency", None)
    report = GeneratedReport(
        kind=kind,
        year=year,
        plan=plan,
        unit=unit,
        agency=agency,
        issuer=issuer,
        recipients=list(recipients) if recipients is not None else default_recipients(issuer),
        signer_name=signer_name,
        created_by=actor,
    )
    report.template = (
        OfficeTemplate.objects.filter(agency=issuer, kind=kind).order_by("-created_at").first()
        if issuer is not None
        else None
    )
    report.title = title_summary(report)[:500]
    report.full_clean()
    report.save()
    audit_log(
        actor=actor,
        action="documents.report.created",
        obj=report,
        data={"kind": kind, "year": year, "plan": plan.pk if plan else None},
    )
    _next_version(report, actor)
    return report


@transaction.atomic
def report_regenerate(*, report: GeneratedReport, actor) -> ReportVersion:
    """A new version from the data as they are now (after a late report, say)."""
    _check_can_make(actor, plan=report.plan, unit=report.unit, agency=report.agency)
    report = GeneratedReport.objects.select_for_update().get(pk=report.pk)
    if report.versions.filter(
        status__in=[GenerationStatus.QUEUED, GenerationStatus.RUNNING]
    ).exists():
        raise ValidationError(_("A version of this report is being generated: wait for it."))
    version = _next_version(report, actor)
    audit_log(
        actor=actor,
        action="documents.report.regenerated",
        obj=report,
        data={"version": version.number},
    )
    return version


@transaction.atomic
def report_issue_number(
    *, report: GeneratedReport, actor, issued_on: date | None = None
) -> GeneratedReport:
    """Give the report the issuer's next number of the year (Decree 30: a running number
    per issuing body and calendar year, restarting at 01) and regenerate it with it."""
    _check_can_make(actor, plan=report.plan, unit=report.unit, agency=report.agency)
    report = GeneratedReport.objects.select_for_update().get(pk=report.pk)
    if report.number:
        raise ValidationError(_("This report already has its number."))
    if report.issuer_id is None:
        raise ValidationError(_("The report has no issuing body, so it cannot be numbered."))
    issued_on = issued_on or timezone.localdate()
    register, _created = NumberRegister.objects.select_for_update().get_or_create(
        issuer_id=report.issuer_id, year=issued_on.year
    )
    register.last_number += 1
    register.full_clean()
    register.save(update_fields=["last_number"])
    report.number = register.last_number
    report.issued_on = issued_on
    report.full_clean()
    report.save(update_fields=["number", "issued_on", "updated_at"])
    audit_log(
        actor=actor,
        action="documents.report.numbered",
        obj=report,
        data={"number": report.number, "issued_on": issued_on.isoformat()},
    )
    if not report.versions.filter(
        status__in=[GenerationStatus.QUEUED, GenerationStatus.RUNNING]
    ).exists():
        _next_version(report, actor)
    return report


def _progress(version: ReportVersion, percent: int, step: str) -> None:
    """Tell the page how far the build is (committed at once outside a transaction)."""
    ReportVersion.objects.filter(pk=version.pk).update(progress=percent, step=step[:200])


def report_build(*, version_id: int, pdf: bool | None = None) -> ReportVersion:
    """Build one version: read the data, write DOCX + XLSX (+ PDF), keep the snapshot."""
    from binhdang.documents import pdf as pdf_tools
    from binhdang.documents.builders.synthesis import filename, snapshot
    from binhdang.documents.builders.synthesis_docx import build_synthesis_docx
    from binhdang.documents.builders.synthesis_xlsx import build_synthesis_xlsx
    from binhdang.documents.synthesis_selectors import synthesis_data

    version = ReportVersion.objects.select_related(
        "report__plan__unit",
        "report__unit",
        "report__agency__unit",
        "report__issuer__unit",
        "report__issuer__parent",
        "report__template",
    ).get(pk=version_id)
    if version.status == GenerationStatus.DONE:
        return version
    report = version.report
    ReportVersion.objects.filter(pk=version.pk).update(
        status=GenerationStatus.RUNNING, progress=5, step=_("Reading the reports and figures")
    )
    try:
        data = synthesis_data(report)
        _progress(version, 45, _("Writing the DOCX report"))
        if report.template is not None:
            from binhdang.documents.builders.office_template import render_office_template

            with report.template.file.open("rb") as handle:
                docx_bytes = render_office_template(handle.read(), data)
        else:
            docx_bytes = build_synthesis_docx(data)
        _progress(version, 70, _("Writing the XLSX appendix"))
        xlsx_bytes = build_synthesis_xlsx(data)
        pdf_bytes: bytes | None = None
        note = ""
        want_pdf = getattr(settings, "BINHDANG_SYNTHESIS_PDF", True) if pdf is None else pdf
        if want_pdf:
            _progress(version, 80, _("Converting to PDF"))
            try:
                pdf_bytes = pdf_tools.docx_to_pdf(docx_bytes)
            except pdf_tools.ConversionError as exc:
                note = str(exc)[:300]
        else:
            note = _("PDF conversion is switched off here.")
        _progress(version, 95, _("Saving the files"))
        version.refresh_from_db()
        version.docx.save(filename(data, "docx"), ContentFile(docx_bytes), save=False)
        version.xlsx.save(filename(data, "xlsx"), ContentFile(xlsx_bytes), save=False)
        if pdf_bytes is not None:
            version.pdf.save(filename(data, "pdf"), ContentFile(pdf_bytes), save=False)
        version.pdf_note = note
        version.data = snapshot(data)
        version.snapshot_at = data.snapshot_at
        version.status = GenerationStatus.DONE
        version.progress = 100
        version.step = ""
        version.finished_at = timezone.now()
        with transaction.atomic():
            version.save()
            audit_log(
                actor=version.requested_by,
                action="documents.report.generated",
                obj=report,
                data={"version": version.number, "snapshot_at": data.snapshot_at.isoformat()}
                if data.snapshot_at
                else {"version": version.number},
            )
    except Exception as exc:  # the page must say what went wrong, not spin forever
        log.exception("Synthesis report %s v%s failed", report.pk, version.number)
        ReportVersion.objects.filter(pk=version.pk).update(
            status=GenerationStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        version.refresh_from_db()
    return version


MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


def _sample_data():
    """A small report to try an uploaded template on before it is accepted."""
    from datetime import date as day

    from binhdang.documents.builders.synthesis import (
        UNIT_COLUMNS as UNITS,
    )
    from binhdang.documents.builders.synthesis import (
        Communication,
        Quote,
        Reporter,
        SynthesisData,
        Table,
        TargetRow,
    )

    return SynthesisData(
        kind="annual",
        year=2025,
        first_year=2025,
        title_summary="Kết quả thực hiện Kế hoạch năm 2025",
        scope_label="thành phố",
        issuer_name="Sở Nội vụ",
        issuer_full_name="Sở Nội vụ thành phố",
        issued_date=day(2025, 12, 22),
        number="1",
        doc_symbol="BC-SNV",
        communication=Communication(events=1, by_type=[("Hội nghị", 1)], male=1, female=1),
        targets=[TargetRow("Chỉ tiêu", "-", "2025: 80%", "80%", "80%", "Đã đạt")],
        highlights=[Quote("Kết quả", "Sở Y tế", 1)],
        late=[Reporter("UBND xã", "Xã")],
        by_unit=Table(
            "Theo đơn vị",
            UNITS,
            rows=[["Xã", *([1] * (len(UNITS) - 1))]],
            sum_columns=tuple(range(1, len(UNITS))),
        ),  # fmt: skip
    )


@transaction.atomic
def template_upload(*, actor, agency, kind: str, name: str, upload) -> OfficeTemplate:
    """Keep an office's own DOCX layout for one kind of report, once it is shown to fill
    (a template with a broken tag is refused with the error, nothing is kept)."""
    from binhdang.documents.builders.office_template import TemplateError, render_office_template

    if actor is None or not actor.has_perm(ADD_PERMISSION):
        raise PermissionDenied
    if agency is None or not _sees(actor, agency.unit):
        raise PermissionDenied
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Choose a kind of report.")})
    content = upload.read()
    if len(content) > MAX_TEMPLATE_BYTES:
        raise ValidationError({"file": _("The template is larger than 10 MB.")})
    if not content.startswith(b"PK"):
        raise ValidationError({"file": _("This is not a DOCX file.")})
    try:
        render_office_template(content, _sample_data(), charts_on=False)
    except TemplateError as exc:
        raise ValidationError(
            {"file": _("The template cannot be filled: %(error)s") % {"error": exc}}
        ) from exc
    template = OfficeTemplate(agency=agency, kind=kind, name=name, uploaded_by=actor)
    template.file.save(
        (getattr(upload, "name", "") or "template.docx").rsplit("/", 1)[-1],
        ContentFile(content),
        save=False,
    )
    template.full_clean()
    template.save()
    audit_log(
        actor=actor,
        action="documents.template.uploaded",
        obj=template,
        data={"kind": kind, "agency": agency.pk},
    )
    return template
