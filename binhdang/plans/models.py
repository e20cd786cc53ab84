"""Plans and what they contain: targets with milestones, tasks, activities, assignments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from binhdang.accounts.scope import UnitScopedQuerySet
from binhdang.core.models import TimeStampedModel
from binhdang.plans.choices import (
    AssignmentRole,
    ImportStatus,
    PlanKind,
    PlanStatus,
    ReferenceKind,
    TimingKind,
)


class Programme(TimeStampedModel):
    """A national programme or strategy that plans implement (e.g. 1790/QĐ-TTg)."""

    number = models.CharField(_("number"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=500)
    issued_date = models.DateField(_("issued on"), null=True, blank=True)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    period_start = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-issued_date", "number"]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}"


class PlanQuerySet(UnitScopedQuerySet):
    pass


class Plan(TimeStampedModel):
    """A plan of record (Kế hoạch): the document's facts and the work it sets out."""

    doc_number = models.CharField(_("number and symbol"), max_length=80, blank=True)
    title = models.CharField(_("title"), max_length=600)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PlanKind.choices, default=PlanKind.OTHER
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    issued_date = models.DateField(_("issued on"), null=True, blank=True)
    issuer_text = models.CharField(_("issuer (as written)"), max_length=300, blank=True)
    issuer = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("issuing agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans_issued",
    )
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("area covered"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    place_text = models.CharField(_("place (as written)"), max_length=200, blank=True)
    period_start = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    report_deadline = models.CharField(
        _("yearly report deadline"), max_length=5, blank=True, help_text=_("day/month, e.g. 10/12")
    )
    action_month_start = models.CharField(_("Action Month from"), max_length=5, blank=True)
    action_month_end = models.CharField(_("Action Month to"), max_length=5, blank=True)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("implements plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    source_file = models.FileField(_("source document"), upload_to="plans/sources/", blank=True)
    source_text = models.TextField(_("source text"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    search_key = models.CharField(max_length=1000, blank=True, editable=False, db_index=True)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["source_text", "search_key", "created_at", "updated_at"]
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-issued_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="%(app_label)s_%(class)s_period_order",
                violation_error_message=_("The plan cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.doc_number} {self.title}".strip() if self.doc_number else self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("plans:plan_detail", args=[self.pk])


class PlanReference(models.Model):
    """A document the plan cites (căn cứ): "Quyết định số 1790/QĐ-TTg ngày 23/10/2021"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="references")
    kind = models.CharField(_("kind"), max_length=12, choices=ReferenceKind.choices)
    number = models.CharField(_("number"), max_length=80)
    date = models.DateField(_("date"), null=True, blank=True)
    text = models.CharField(_("as written"), max_length=500, blank=True)
    cited_plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="cited_by"
    )
    cited_programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="cited_by"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    def __str__(self) -> str:
        return self.number


class Objective(models.Model):
    """A purpose the plan states in words (Mục tiêu chung / mục đích)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    text = models.TextField(_("objective"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.text[:80]


class Target(models.Model):
    """A promise with a number: "đến năm 2025 đạt 95%… đến năm 2030 đạt 100%"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.SET_NULL, related_name="targets"
    )
    text = models.TextField(_("target"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return self.text[:80]


class Milestone(models.Model):
    """A value a target must reach by a year (or every year when `year` is empty)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="milestones")
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    value_max = models.DecimalField(
        _("up to"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    comparison = models.CharField(_("comparison"), max_length=20, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)

    class Meta:
        ordering = ["target", "year"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=Q(value_max__isnull=True)
                | Q(value__isnull=True)
                | Q(value_max__gte=models.F("value")),
                name="%(app_label)s_%(class)s_range_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year or '—'}: {self.value}{self.unit}"


class PlanTask(models.Model):
    """A task group (Nhiệm vụ và giải pháp). Not `Task`: django.tasks owns that name."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    number = models.CharField(_("number"), max_length=10, blank=True)
    title = models.TextField(_("task"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.title[:80]


class Activity(models.Model):
    """An activity with its lead and partner agencies and its timing."""

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="activities")
    title = models.TextField(_("activity"))
    order = models.PositiveSmallIntegerField(default=0)
    timing_text = models.CharField(_("timing (as written)"), max_length=300, blank=True)
    timing_kind = models.CharField(
        _("timing"),
        max_length=10,
        choices=TimingKind.choices,
        default=TimingKind.UNKNOWN,
        blank=True,
    )
    timing_years = models.JSONField(_("years"), default=list, blank=True)
    window_start = models.CharField(_("window from"), max_length=5, blank=True)
    window_end = models.CharField(_("window to"), max_length=5, blank=True)

    class Meta:
        ordering = ["task", "order"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title[:80]


class Assignment(models.Model):
    """An agency named as lead or partner of an activity (as written, and resolved)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("role"), max_length=8, choices=AssignmentRole.choices)
    agency_text = models.CharField(_("as written"), max_length=300)
    agencies = models.ManyToManyField(
        "agencies.Agency", related_name="assignments", blank=True, verbose_name=_("agencies")
    )
    is_group = models.BooleanField(default=False)
    confidence = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["activity", "role", "order"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.agency_text}"


class Responsibility(models.Model):
    """What "Tổ chức thực hiện" asks of one agency."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="responsibilities")
    agency_text = models.CharField(_("as written"), max_length=300)
    agencies = models.ManyToManyField(
        "agencies.Agency", related_name="responsibilities", blank=True, verbose_name=_("agencies")
    )
    duties = models.JSONField(_("duties"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")

    def __str__(self) -> str:
        return self.agency_text


class BudgetSource(models.Model):
    """Where the money comes from (Kinh phí thực hiện), as written."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_sources")
    text = models.TextField(_("budget source"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("budget source")
        verbose_name_plural = _("budget sources")

    def __str__(self) -> str:
        return self.text[:80]


class PlanVersion(models.Model):
    """The plan's whole content at one save, in the interchange format."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="%(app_label)s_%(class)s_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class PlanImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(created_by=user)


class PlanImport(TimeStampedModel):
    """A document being reviewed before it becomes a plan. Nothing else changes until
    the person saves; abandoning deletes this row."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_imports"
    )
    filename = models.CharField(_("file"), max_length=255, blank=True)
    source_file = models.FileField(upload_to="plans/imports/", blank=True)
    source_text = models.TextField(_("source text"))
    parsed = models.JSONField(_("parsed content"))
    edited = models.JSONField(_("reviewed content"), null=True, blank=True)
    unit = models.ForeignKey(
        "geo.AdministrativeUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=PlanKind.choices,
        blank=True,
        help_text=_("Empty: read from the title and period when the plan is saved."),
    )
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.REVIEW
    )
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PlanImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename or str(self.pk)

    @property
    def content(self) -> dict:
        return self.edited if self.edited is not None else self.parsed
