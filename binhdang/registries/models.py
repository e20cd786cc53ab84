"""The registries: model sites (mô hình), inspections (kiểm tra, giám sát, thanh tra) and
awards (khen thưởng).

Each row belongs to an administrative unit and is scoped by it (`UnitScopedQuerySet`).
The models hold the single-row rules (`clean()`, constraints); what needs other rows or
the acting user (the unit lies in the user's area, the plan is one the user can see) is
checked by the services.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.accounts.scope import UnitScopedQuerySet
from binhdang.core.models import TimeStampedModel
from binhdang.registries.choices import (
    REVIEW_YEARS,
    AwardForm,
    FollowUpStatus,
    InspectionKind,
    ModelType,
    RecipientKind,
    Review,
    Sex,
    SiteMode,
    SiteStatus,
)

FIRST_YEAR = 2000
LAST_YEAR = 2100
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


def _first_day_check(day, errors: dict[str, Any], name: str) -> None:
    """A date of a past fact: not before 2000, not later than tomorrow."""
    if day is None:
        return
    if day.year < FIRST_YEAR:
        errors[name] = _("The date must not be before 2000.")
    elif (day - timezone.localdate()).days > 1:
        errors[name] = _("The date is in the future: record it once it has happened.")


class RegistryQuerySet(UnitScopedQuerySet):
    pass


class ModelSiteQuerySet(RegistryQuerySet):
    def active_in(self, year: int):
        """Sites running at some time in `year`: started by then, not ended before it and
        not merely planned. A suspended or ended site ran until its end year."""
        return self.filter(
            Q(end_year__isnull=True) | Q(end_year__gte=year),
            start_year__lte=year,
        ).exclude(status=SiteStatus.PLANNED)


class ModelSite(TimeStampedModel):
    """A model site (mô hình) in a commune: a club, a trusted address, a violence-prevention
    group…, kept going, replicated or started under a plan, with its members by sex."""

    model_type = models.CharField(_("type of model"), max_length=20, choices=ModelType.choices)
    type_other = models.CharField(
        _("other type"), max_length=200, blank=True, help_text=_("When the type is “other”.")
    )
    name = models.CharField(_("name"), max_length=300)
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="model_sites",
    )
    lead_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("lead agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="model_sites_led",
    )
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="model_sites",
    )
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("plan activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="model_sites",
    )
    mode = models.CharField(_("mode"), max_length=12, choices=SiteMode.choices)
    start_year = models.PositiveSmallIntegerField(_("start year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(
        _("end year"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Empty while it runs; the last year it ran once suspended or ended."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SiteStatus.choices, default=SiteStatus.ACTIVE
    )
    members_female = models.PositiveIntegerField(_("women members"), null=True, blank=True)
    members_male = models.PositiveIntegerField(_("men members"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_key = models.CharField(max_length=800, blank=True, editable=False, db_index=True)

    objects = ModelSiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("model site")
        verbose_name_plural = _("model sites")
        ordering = ["unit__path", "name", "-start_year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
                name="%(app_label)s_%(class)s_year_order",
                violation_error_message=_("The end year must not be before the start year."),
            ),
            models.UniqueConstraint(
                fields=["unit", "name", "start_year"],
                name="%(app_label)s_%(class)s_unique_in_unit",
                violation_error_message=_(
                    "This commune already has a model site with this name starting that year."
                ),
            ),
        ]
        indexes = [models.Index(fields=["start_year", "end_year"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("registries:modelsite_detail", args=[self.pk])

    @property
    def type_label(self) -> str:
        if self.model_type == ModelType.OTHER and self.type_other:
            return self.type_other
        return str(self.get_model_type_display())

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        self.type_other = (self.type_other or "").strip()
        self.name = " ".join((self.name or "").split())
        if self.model_type == ModelType.OTHER and not self.type_other:
            errors["type_other"] = _("Say what kind of model it is.")
        elif self.model_type and self.model_type != ModelType.OTHER:
            self.type_other = ""
        stopped = (SiteStatus.SUSPENDED, SiteStatus.ENDED)
        if self.status in stopped and self.end_year is None:
            errors["end_year"] = _("Enter the last year the site ran.")
        if (
            self.start_year is not None
            and self.end_year is not None
            and self.end_year < self.start_year
        ):
            errors["end_year"] = _("The end year must not be before the start year.")
        if errors:
            raise ValidationError(errors)


class Inspection(TimeStampedModel):
    """An inspection, supervision or audit (kiểm tra, giám sát, thanh tra) of an agency: what
    was found, the violations, the recommendations and how their follow-up stands.

    `unit` is the inspected agency's unit, copied so that the row is scoped like it.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=InspectionKind.choices)
    date = models.DateField(_("date"))
    inspecting_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("inspecting agency"),
        on_delete=models.PROTECT,
        related_name="inspections_made",
    )
    inspected_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("inspected agency"),
        on_delete=models.PROTECT,
        related_name="inspections_received",
    )
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    subject = models.TextField(_("scope and subject"))
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections",
    )
    findings = models.TextField(_("findings"), blank=True)
    violations_count = models.PositiveIntegerField(_("violations"), default=0)
    violations = models.TextField(_("violations found"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    follow_up_status = models.CharField(
        _("follow-up status"),
        max_length=12,
        choices=FollowUpStatus.choices,
        blank=True,
        help_text=_("Empty when there is nothing to follow up."),
    )
    follow_up_note = models.TextField(_("follow-up note"), blank=True)
    document_ref = models.CharField(
        _("document reference"),
        max_length=120,
        blank=True,
        help_text=_("Number of the minutes or conclusion, e.g. 12/KL-TTr."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_key = models.CharField(max_length=800, blank=True, editable=False, db_index=True)

    objects = RegistryQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_due__isnull=True) | Q(follow_up_due__gte=models.F("date")),
                name="%(app_label)s_%(class)s_follow_up_after",
                violation_error_message=_("The follow-up cannot be due before the inspection."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}: {self.inspected_agency_label}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("registries:inspection_detail", args=[self.pk])

    @property
    def inspected_agency_label(self) -> str:
        if self.inspected_agency_id is None:
            return ""
        return self.inspected_agency.full_name

    @property
    def follow_up_outstanding(self) -> bool:
        return self.follow_up_status in (FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        for name in ("subject", "findings", "violations", "recommendations", "follow_up_note"):
            setattr(self, name, (getattr(self, name) or "").strip())
        self.document_ref = (self.document_ref or "").strip()
        _first_day_check(self.date, errors, "date")
        count = self.violations_count or 0
        if count > 0 and not self.violations:
            errors["violations"] = _("Describe the violations found.")
        elif count == 0 and self.violations:
            errors["violations_count"] = _("Enter how many violations were found.")
        to_follow = bool(self.recommendations) or count > 0
        if not self.follow_up_status:
            if to_follow:
                errors["follow_up_status"] = _(
                    "Say where the follow-up stands: there are recommendations or violations."
                )
            elif self.follow_up_due or self.follow_up_note:
                errors["follow_up_status"] = _("Choose the follow-up status.")
        if self.date and self.follow_up_due and self.follow_up_due < self.date:
            errors["follow_up_due"] = _("The follow-up cannot be due before the inspection.")
        if errors:
            raise ValidationError(errors)


class Award(TimeStampedModel):
    """An award (khen thưởng) to a collective or a person, given at a review: the mid-term
    review of 2025 (sơ kết), the final one of 2030 (tổng kết), a yearly one or another."""

    recipient_kind = models.CharField(_("recipient"), max_length=12, choices=RecipientKind.choices)
    recipient_name = models.CharField(_("recipient's name"), max_length=300)
    recipient_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("recipient's agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        help_text=_("The collective itself, or the agency the person works for."),
    )
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    sex = models.CharField(
        _("sex"),
        max_length=6,
        choices=Sex.choices,
        blank=True,
        help_text=_("For individuals."),
    )
    award_form = models.CharField(_("form of award"), max_length=24, choices=AwardForm.choices)
    award_form_other = models.CharField(_("other form"), max_length=200, blank=True)
    awarding_body = models.CharField(
        _("awarded by"),
        max_length=300,
        blank=True,
        help_text=_("E.g. Chủ tịch Ủy ban nhân dân thành phố."),
    )
    decision_number = models.CharField(_("decision number"), max_length=80, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    review = models.CharField(_("review"), max_length=10, choices=Review.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    achievement = models.TextField(_("achievement"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_key = models.CharField(max_length=800, blank=True, editable=False, db_index=True)

    objects = RegistryQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-year", "-decision_date", "recipient_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_kind=RecipientKind.INDIVIDUAL) | Q(sex=""),
                name="%(app_label)s_%(class)s_sex_of_individuals",
                violation_error_message=_("Only an individual has a sex."),
            ),
            models.UniqueConstraint(
                fields=["decision_number", "recipient_name"],
                condition=~Q(decision_number=""),
                name="%(app_label)s_%(class)s_unique_in_decision",
                violation_error_message=_("This recipient is already listed in this decision."),
            ),
        ]
        indexes = [models.Index(fields=["review", "year"])]

    def __str__(self) -> str:
        return f"{self.recipient_name} – {self.form_label}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("registries:award_detail", args=[self.pk])

    @property
    def form_label(self) -> str:
        if self.award_form == AwardForm.OTHER and self.award_form_other:
            return self.award_form_other
        return str(self.get_award_form_display())

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        self.recipient_name = " ".join((self.recipient_name or "").split())
        self.award_form_other = (self.award_form_other or "").strip()
        self.decision_number = (self.decision_number or "").strip()
        self.awarding_body = (self.awarding_body or "").strip()
        if self.recipient_kind == RecipientKind.INDIVIDUAL and not self.sex:
            errors["sex"] = _("Choose the person's sex.")
        elif self.recipient_kind == RecipientKind.COLLECTIVE and self.sex:
            errors["sex"] = _("Only an individual has a sex.")
        if self.award_form == AwardForm.OTHER and not self.award_form_other:
            errors["award_form_other"] = _("Say what form the award takes.")
        elif self.award_form and self.award_form != AwardForm.OTHER:
            self.award_form_other = ""
        review_year = REVIEW_YEARS.get(self.review)
        if review_year is not None and self.year is not None and self.year != review_year:
            errors["year"] = _("The awards of this review are %(year)d awards.") % {
                "year": review_year
            }
        _first_day_check(self.decision_date, errors, "decision_date")
        if errors:
            raise ValidationError(errors)
