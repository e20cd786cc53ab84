"""Synthesis reports (Báo cáo tổng hợp) the focal office generates, with their versions.

A `GeneratedReport` is one report an office writes for a period and a scope: a yearly
report, an Action Month report, the 2025 mid-term or the 2030 final review, of one plan
(in its area, one commune's or one agency's part) or of every plan of a programme in the
user's area (the national synthesis). Each generation is a `ReportVersion`: the DOCX,
the XLSX appendix and the PDF as they were built, the time the data were read (the
snapshot), and the figures and sections as plain JSON so two versions can be compared
after a late submission. A number (Số …/BC-…) comes from the issuer's `NumberRegister`
for the calendar year when the office releases the report. An `OfficeTemplate` is a
DOCX an office edited in Word (docxtpl tags) and uploaded as its own layout.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from binhdang.accounts.scope import UnitScopedQuerySet
from binhdang.core.models import TimeStampedModel


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("Yearly report")
    ACTION_MONTH = "action_month", _("Action Month report")
    MIDTERM = "midterm", _("Mid-term review (2025)")
    FINAL = "final", _("Final review (2030)")


class GenerationStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class GeneratedReportQuerySet(UnitScopedQuerySet):
    """Scoped by the report's area (`unit`); a national report (no unit) is seen only by
    people whose scope is the whole country."""

    unit_lookup = "unit__"


class GeneratedReport(TimeStampedModel):
    """One synthesis report: kind, period, scope (plan, area, agency) and how it is issued."""

    kind = models.CharField(_("kind"), max_length=14, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="synthesis_reports",
    )
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency reported on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issuer = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("issuing body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=500)
    recipients = models.JSONField(_("sent to (Kính gửi)"), default=list, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    signer_name = models.CharField(_("signer"), max_length=120, blank=True)
    template = models.ForeignKey(
        "OfficeTemplate",
        verbose_name=_("office template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = GeneratedReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("synthesis report")
        verbose_name_plural = _("synthesis reports")

    def __str__(self) -> str:
        return self.title

    @property
    def latest(self) -> "ReportVersion | None":
        return self.versions.order_by("-number").first()


def _version_path(instance: "ReportVersion", filename: str) -> str:
    return f"documents/synthesis/{instance.report_id}/v{instance.number}/{filename}"


class ReportVersion(models.Model):
    """One generation of a report: files, the data snapshot time and what it said."""

    report = models.ForeignKey(GeneratedReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=GenerationStatus.choices,
        default=GenerationStatus.QUEUED,
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    snapshot_at = models.DateTimeField(_("data read at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    data = models.JSONField(_("figures and sections"), default=dict, blank=True)
    docx = models.FileField(_("DOCX"), upload_to=_version_path, blank=True)
    xlsx = models.FileField(_("XLSX"), upload_to=_version_path, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=_version_path, blank=True)
    pdf_note = models.CharField(_("why there is no PDF"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        ordering = ["report_id", "-number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="documents_reportversion_unique"
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="documents_reportversion_progress"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} (v{self.number})"

    @property
    def is_pending(self) -> bool:
        return self.status in (GenerationStatus.QUEUED, GenerationStatus.RUNNING)


class NumberRegister(models.Model):
    """The running number of an issuing body's documents in a calendar year (Decree 30:
    restarting at 01 on 1 January)."""

    issuer = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        verbose_name = _("number register")
        verbose_name_plural = _("number registers")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year"], name="documents_register_unique")
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.year}: {self.last_number}"


class OfficeTemplateQuerySet(UnitScopedQuerySet):
    unit_lookup = "agency__unit__"


def _template_path(instance: "OfficeTemplate", filename: str) -> str:
    return f"documents/templates/{instance.agency_id}/{filename}"


class OfficeTemplate(TimeStampedModel):
    """A DOCX layout an office edited in Word (docxtpl tags) for one kind of report."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=14, choices=ReportKind.choices)
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(_("DOCX template"), upload_to=_template_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = OfficeTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["agency_id", "kind", "-created_at"]
        verbose_name = _("office template")
        verbose_name_plural = _("office templates")

    def __str__(self) -> str:
        return self.name
