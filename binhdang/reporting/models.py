"""Report rounds, submissions and the figures they carry, plus communication events.

A `ReportRound` is one period of one plan (DHIS2: a data set × period). Opening it
creates one `Submission` per expected reporter, so completeness has a fixed denominator.
A submission's form content lives in `content` while it is a draft (autosaved, never
validated away); submitting checks it and writes `ItemReport` rows and `DataValue`
figures: data element × sex / target group × agency and unit × period × kind.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from binhdang.accounts.scope import UnitScopedQuerySet, scope_for
from binhdang.core.models import TimeStampedModel
from binhdang.reporting.choices import (
    EDITABLE,
    RECEIVED,
    BudgetSource,
    Channel,
    Disaggregation,
    EventType,
    ExpectedAs,
    ItemStatus,
    PeriodConvention,
    RoundKind,
    RoundState,
    SubmissionStatus,
    ValueKind,
    ValueType,
    WorkflowAction,
)


class DataElement(models.Model):
    """What is counted (DHIS2's data element). Written from `elements.ELEMENTS`."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    value_type = models.CharField(_("value type"), max_length=10, choices=ValueType.choices)
    disaggregation = models.CharField(
        _("disaggregation"), max_length=14, choices=Disaggregation.choices
    )
    from_events = models.BooleanField(_("filled from events"), default=False)
    numerator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("data element")
        verbose_name_plural = _("data elements")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return gettext(self.name)


class TargetElement(models.Model):
    """A target of a plan needs this element in its reporters' forms."""

    target = models.ForeignKey(
        "plans.Target", on_delete=models.CASCADE, related_name="element_links"
    )
    element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["target", "element"], name="reporting_target_element")
        ]

    def __str__(self) -> str:
        return f"{self.target_id} → {self.element_id}"


class ReportRoundQuerySet(UnitScopedQuerySet):
    unit_lookup = "plan__unit__"


class ReportRound(TimeStampedModel):
    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.PROTECT, related_name="rounds"
    )
    kind = models.CharField(_("kind"), max_length=14, choices=RoundKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    period = models.CharField(_("period"), max_length=8, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    convention = models.CharField(
        _("period convention"),
        max_length=10,
        choices=PeriodConvention.choices,
        default=PeriodConvention.ADMIN_D09,
    )
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))
    data_start = models.DateField(_("data from"))
    data_end = models.DateField(_("data to (cut-off)"))
    final_requested_at = models.DateTimeField(
        _("final figures requested at"), null=True, blank=True
    )
    final_due = models.DateField(_("final figures due"), null=True, blank=True)
    reminder_days = models.JSONField(_("reminder days before the deadline"), default=list)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReportRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "plan_id", "kind", "quarter"]
        verbose_name = _("report round")
        verbose_name_plural = _("report rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "period"], name="reporting_round_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def state(self, today=None) -> str:
        today = today or timezone.localdate()
        if self.closed_at:
            return RoundState.CLOSED
        if today < self.opens_on:
            return RoundState.NOT_DUE
        if today <= self.deadline:
            return RoundState.DUE
        return RoundState.OVERDUE

    def get_state_display(self) -> str:
        return str(RoundState(self.state()).label)


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reviewers see their unit's subtree (never an ancestor's other agencies);
        reporters see their own agency's submissions only."""
        scope = scope_for(user)
        if scope.everything:
            return self
        if scope.nothing:
            return self.none()
        own = Q(agency_id=user.agency_id)
        if user.has_perm("reporting.review_submission"):
            from dataclasses import replace

            strict = replace(scope, ancestor_ids=())
            return self.filter(own | strict.unit_q("unit__"))
        return self.filter(own)

    def received(self):
        return self.filter(status__in=RECEIVED)


class Submission(TimeStampedModel):
    round = models.ForeignKey(
        ReportRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="submissions"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expected_as = models.CharField(_("expected as"), max_length=12, choices=ExpectedAs.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.NOT_STARTED,
        db_index=True,
    )
    content = models.JSONField(_("form content"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_comment = models.TextField(_("reviewer's comments"), blank=True)
    final_sent_at = models.DateTimeField(_("final figures sent at"), null=True, blank=True)
    saved_at = models.DateTimeField(_("last saved at"), null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["round_id", "unit__path", "agency__name"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        permissions = [("review_submission", _("Can review, return and approve submissions"))]
        constraints = [
            models.UniqueConstraint(fields=["round", "agency"], name="reporting_submission_unique")
        ]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.agency.full_name} – {self.round.title}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def is_received(self) -> bool:
        return self.status in RECEIVED

    @property
    def is_locked(self) -> bool:
        return self.status == SubmissionStatus.APPROVED

    @property
    def awaiting_final(self) -> bool:
        return (
            bool(self.round.final_requested_at) and self.final_sent_at is None and self.is_received
        )

    @property
    def on_time(self) -> bool | None:
        """None until first submitted; then whether that was by the deadline."""
        if self.first_submitted_at is None:
            return None
        return timezone.localdate(self.first_submitted_at) <= self.round.deadline


class SubmissionEvent(models.Model):
    """One step of a submission's workflow: who did what, when, and why."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=WorkflowAction.choices)
    from_status = models.CharField(max_length=12, choices=SubmissionStatus.choices)
    to_status = models.CharField(max_length=12, choices=SubmissionStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.from_status} → {self.to_status}"


class ItemReport(models.Model):
    """What the reporter says about one assigned activity or duty (materialised on submit)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=40)
    activity = models.ForeignKey(
        "plans.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responsibility = models.ForeignKey(
        "plans.Responsibility", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.TextField(_("activity"))
    status = models.CharField(_("status"), max_length=12, choices=ItemStatus.choices, blank=True)
    done = models.TextField(_("what was done"), blank=True)
    results = models.TextField(_("results"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["submission_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "key"], name="reporting_item_unique")
        ]

    def __str__(self) -> str:
        return self.title[:80]


def _evidence_path(instance, filename: str) -> str:
    return f"reporting/evidence/{instance.submission.round_id}/{instance.submission_id}/{filename}"


class Evidence(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="evidence")
    item_key = models.CharField(max_length=40, blank=True)
    file = models.FileField(_("file"), upload_to=_evidence_path)
    name = models.CharField(_("name"), max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class DataValueQuerySet(UnitScopedQuerySet):
    include_unitless = False


class DataValue(models.Model):
    """One figure: element × sex/target group × agency (and its unit) × period × kind."""

    element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="values")
    period = models.CharField(_("period"), max_length=8)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "geo.AdministrativeUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sex = models.CharField(_("sex"), max_length=6, blank=True)
    target_group = models.CharField(_("target group"), max_length=16, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=ValueKind.choices)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DataValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            # One figure per cell of one submission. Two plans may ask the same agency
            # for the same element and year; each round keeps its own answer.
            models.UniqueConstraint(
                fields=["submission", "element", "sex", "target_group", "kind"],
                name="reporting_datavalue_unique",
            )
        ]
        indexes = [
            models.Index(fields=["element", "period"]),
            models.Index(fields=["agency", "period"]),
        ]

    def __str__(self) -> str:
        return f"{self.element_id} {self.period} {self.agency_id} {self.sex}{self.target_group}={self.value}"


class ReminderLog(models.Model):
    round = models.ForeignKey(ReportRound, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(default=timezone.now)
    scheduled = models.BooleanField(default=False)
    agencies = models.PositiveIntegerField(default=0)
    recipients = models.PositiveIntegerField(default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.round_id} @ {self.sent_at:%Y-%m-%d}"


# ---- Communication events ---------------------------------------------------------


class CommEventQuerySet(UnitScopedQuerySet):
    pass


class CommEvent(TimeStampedModel):
    """One piece of communication work: a conference, a broadcast, a print run…"""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="comm_events",
    )
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("where (commune or province)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(_("date"), db_index=True)
    event_type = models.CharField(_("type"), max_length=14, choices=EventType.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    title = models.CharField(_("title"), max_length=500)
    # Bit set over TargetGroup (see groups.py): one integer keeps 5 million rows lean.
    target_groups = models.PositiveIntegerField(_("target groups"), default=0)
    participants_male = models.PositiveIntegerField(_("men"), null=True, blank=True)
    participants_female = models.PositiveIntegerField(_("women"), null=True, blank=True)
    participants_total = models.PositiveIntegerField(
        _("participants in all"), null=True, blank=True
    )
    product = models.CharField(_("product"), max_length=200, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    cost = models.DecimalField(
        _("cost (VND)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    budget_source = models.CharField(
        _("budget source"), max_length=14, choices=BudgetSource.choices, blank=True
    )
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("plan activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comm_events",
    )
    is_digital = models.BooleanField(_("digital"), default=False)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    batch = models.ForeignKey(
        "EventImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )

    objects = CommEventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("communication event")
        verbose_name_plural = _("communication events")
        indexes = [
            models.Index(fields=["agency", "date"]),
            # The indicators count a province's events by unit and Decree 09 year: every
            # column they read is in the index, so it alone answers (an index-only scan,
            # no table read per event) on PostgreSQL and SQLite alike.
            models.Index(
                fields=[
                    "unit",
                    "date",
                    "event_type",
                    "channel",
                    "target_groups",
                    "is_digital",
                    "quantity",
                    "participants_total",
                    "participants_male",
                    "participants_female",
                ],
                name="reporting_event_unit_date",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(participants_total__isnull=True)
                | Q(participants_male__isnull=True)
                | Q(participants_female__isnull=True)
                | Q(
                    participants_total__gte=models.F("participants_male")
                    + models.F("participants_female")
                ),
                name="reporting_event_parts_le_total",
            )
        ]

    def __str__(self) -> str:
        return self.title


class EventImport(models.Model):
    """One uploaded events workbook: accepted whole or rejected whole."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(_("file"), max_length=255)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.filename
