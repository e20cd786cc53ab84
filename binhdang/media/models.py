"""The media registry: media agencies, how far each applies the gender indicator set in
media per year (`Adoption`), and their self-assessments against it (`Assessment`).

Every queryset is unit-scoped (`accounts.scope`): people see the media agencies of their
area (and, for context, those of the units above it), never another province's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from binhdang.accounts.scope import UnitScopedQuerySet
from binhdang.core.models import TimeStampedModel
from binhdang.geo.choices import Generation, UnitLevel
from binhdang.media.choices import AREA_FIELDS, AdoptionStatus, MediaKind, SubArea

# The indicator set was launched in October 2014; no status or assessment is older.
FIRST_YEAR = 2014
LAST_YEAR = 2100
_YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


class MediaAgencyQuerySet(UnitScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class MediaAgency(TimeStampedModel):
    """A newspaper, magazine, radio-TV station, online news site or local radio/culture
    centre that the gender indicator set in media is meant for (cơ quan truyền thông).

    It may point at its row in the agency registry (`agency`) but keeps its own name, kind
    and place: the registry's catalogue holds only provincial papers and stations, while
    this list also holds magazines, online sites and commune centres. `unit` is where it
    works (a province or a commune of the 2025 map; a pre-2025 unit is kept for a station
    that closed with its district). `is_active` = it still operates: only active agencies
    count in the indicators (`selectors.adoption_counts`).
    """

    agency = models.OneToOneField(
        "agencies.Agency",
        verbose_name=_("agency in the registry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="media_agency",
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(
        pgettext_lazy("media registry", "kind"), max_length=20, choices=MediaKind.choices
    )
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="media_agencies",
    )
    managing_body = models.CharField(_("managing body"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)
    search_key = models.CharField(max_length=300, db_index=True, editable=False)
    fold_key = models.CharField(max_length=300, db_index=True, editable=False)

    objects = MediaAgencyQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_key", "fold_key", "updated_at"])

    class Meta:
        verbose_name = _("media agency")
        verbose_name_plural = _("media agencies")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "search_key"],
                name="%(app_label)s_%(class)s_unique_name_in_unit",
                violation_error_message=_("A media agency with this name already exists here."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=MediaKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("media:agency_detail", args=[self.pk])

    def clean(self) -> None:
        if self.unit_id is None:
            return
        unit = self.unit
        if unit.generation == Generation.CURRENT and unit.level not in (
            UnitLevel.PROVINCE,
            UnitLevel.COMMUNE,
        ):
            raise ValidationError({"unit": gettext("Choose a province or a commune.")})


class AdoptionQuerySet(UnitScopedQuerySet):
    unit_lookup = "media_agency__unit__"


class Adoption(TimeStampedModel):
    """The status recorded for a media agency in a year: not applied, pilot or official
    (the working definitions are in `media/rules.py`), with the decision behind it.

    A year without a row takes the status its self-assessments show (`rules.py`).
    """

    media_agency = models.ForeignKey(
        MediaAgency, on_delete=models.CASCADE, related_name="adoptions"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=_YEAR_VALIDATORS)
    status = models.CharField(
        pgettext_lazy("media registry", "status"), max_length=10, choices=AdoptionStatus.choices
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_ref = models.CharField(
        _("decision"),
        max_length=200,
        blank=True,
        help_text=_("Number and symbol of the internal decision or regulation."),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("adoption of the indicator set")
        verbose_name_plural = _("adoptions of the indicator set")
        ordering = ["media_agency", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["media_agency", "year"],
                name="%(app_label)s_%(class)s_unique_year",
                violation_error_message=_("A status is already recorded for this year."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=AdoptionStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.media_agency} {self.year}: {self.get_status_display()}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.decided_on and self.year and self.decided_on.year > self.year:
            errors["decided_on"] = gettext("A decision taken after the year cannot apply to it.")
        if self.status == AdoptionStatus.OFFICIAL and not (self.decision_ref or "").strip():
            errors["decision_ref"] = gettext(
                "Official application needs the decision that adopted the indicator set."
            )
        if errors:
            raise ValidationError(errors)


class AssessmentQuerySet(UnitScopedQuerySet):
    unit_lookup = "media_agency__unit__"


# (field prefix, label) of the figures kept for women and men apart.
PEOPLE_FIGURES: tuple[tuple[str, Any], ...] = (
    ("leaders", _("Decision-making positions")),
    ("staff", _("Staff")),
    ("sources", _("Sources quoted")),
    ("experts", _("Experts interviewed")),
    ("presenters", _("Presenters")),
)
ITEM_FIGURES: tuple[tuple[str, Any], ...] = (
    ("items_gender_topic", _("Items on gender-equality topics")),
    ("items_stereotyped", _("Items with gender stereotypes")),
)


def _count(label):
    return models.PositiveIntegerField(label, null=True, blank=True)


@dataclass(frozen=True)
class PeopleFigure:
    label: str
    female: int | None
    male: int | None

    @property
    def total(self) -> int | None:
        if self.female is None and self.male is None:
            return None
        return (self.female or 0) + (self.male or 0)

    @property
    def female_share(self) -> Decimal | None:
        return percent(self.female, self.total)

    @property
    def male_share(self) -> Decimal | None:
        return percent(self.male, self.total)


@dataclass(frozen=True)
class ItemFigure:
    label: str
    count: int | None
    reviewed: int | None

    @property
    def share(self) -> Decimal | None:
        return percent(self.count, self.reviewed)


def percent(part: int | None, whole: int | None) -> Decimal | None:
    """part / whole × 100 to one decimal (None when either is unknown or the whole is 0)."""
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _evidence_path(instance, filename: str) -> str:
    assessment = instance.assessment
    return f"media_agencies/{assessment.media_agency_id}/{assessment.pk}/{filename}"


class Assessment(TimeStampedModel):
    """A media agency's self-assessment against the indicator set for one year.

    For each sub-area (A1–A5 inside the organisation, B1–B2 in content) whether the agency
    applied it, and the figures GSIM asks for with women and men kept apart: people in
    decision-making positions, staff, sources quoted, experts interviewed and presenters;
    of the items reviewed, how many were on gender-equality topics and how many carried
    gender stereotypes. Shares are computed, never typed (DOMAIN "Implications" B: always
    recompute percentages from their parts). `decision_ref` names the internal decision
    adopting the set, if there is one (it makes an assessment covering every sub-area
    show official application, see `rules.py`).
    """

    media_agency = models.ForeignKey(
        MediaAgency, on_delete=models.CASCADE, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=_YEAR_VALIDATORS)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    area_a1 = models.BooleanField(SubArea.A1.label, default=False)
    area_a2 = models.BooleanField(SubArea.A2.label, default=False)
    area_a3 = models.BooleanField(SubArea.A3.label, default=False)
    area_a4 = models.BooleanField(SubArea.A4.label, default=False)
    area_a5 = models.BooleanField(SubArea.A5.label, default=False)
    area_b1 = models.BooleanField(SubArea.B1.label, default=False)
    area_b2 = models.BooleanField(SubArea.B2.label, default=False)
    decision_ref = models.CharField(
        _("decision adopting the set"),
        max_length=200,
        blank=True,
        help_text=_("Number and symbol of the internal decision or regulation, if any."),
    )
    leaders_female = _count(_("women in decision-making positions"))
    leaders_male = _count(_("men in decision-making positions"))
    staff_female = _count(_("women on the staff"))
    staff_male = _count(_("men on the staff"))
    sources_female = _count(_("women quoted as sources"))
    sources_male = _count(_("men quoted as sources"))
    experts_female = _count(_("women interviewed as experts"))
    experts_male = _count(_("men interviewed as experts"))
    presenters_female = _count(_("women presenters"))
    presenters_male = _count(_("men presenters"))
    items_reviewed = _count(_("items reviewed"))
    items_gender_topic = _count(_("items on gender-equality topics"))
    items_stereotyped = _count(_("items with gender stereotypes"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["media_agency", "-year", "-assessed_on", "-pk"]
        indexes = [models.Index(fields=["media_agency", "year"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(items_gender_topic__isnull=True)
                | Q(items_reviewed__isnull=False, items_gender_topic__lte=F("items_reviewed")),
                name="%(app_label)s_%(class)s_gender_topic_share",
                violation_error_message=_("More items on gender topics than items reviewed."),
            ),
            models.CheckConstraint(
                condition=Q(items_stereotyped__isnull=True)
                | Q(items_reviewed__isnull=False, items_stereotyped__lte=F("items_reviewed")),
                name="%(app_label)s_%(class)s_stereotyped_share",
                violation_error_message=_("More items with stereotypes than items reviewed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.media_agency} {self.year}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.assessed_on and self.year:
            if self.assessed_on.year < self.year:
                errors["assessed_on"] = gettext("The assessment cannot be made before its year.")
            elif self.assessed_on > timezone.localdate():
                errors["assessed_on"] = gettext("The date is in the future.")
        for prefix, _label in PEOPLE_FIGURES:
            female = getattr(self, f"{prefix}_female")
            male = getattr(self, f"{prefix}_male")
            if (female is None) != (male is None):
                missing = f"{prefix}_male" if male is None else f"{prefix}_female"
                errors[missing] = gettext(
                    "Enter both women and men (0 if none): a share needs both."
                )
        reviewed = self.items_reviewed
        for name, _label in ITEM_FIGURES:
            count = getattr(self, name)
            if count is None:
                continue
            if reviewed is None:
                errors["items_reviewed"] = gettext("Enter how many items were reviewed.")
            elif count > reviewed:
                errors[name] = gettext("This is more than the items reviewed.")
        if errors:
            raise ValidationError(errors)

    @property
    def areas(self) -> list[str]:
        """The codes of the sub-areas applied, in order."""
        return [code for code, field in AREA_FIELDS.items() if getattr(self, field)]

    @property
    def area_labels(self) -> list[tuple[str, str]]:
        """(code, label) of the sub-areas applied."""
        return [(code, str(SubArea(code).label)) for code in self.areas]

    def people_figures(self) -> list[PeopleFigure]:
        return [
            PeopleFigure(str(label), getattr(self, f"{p}_female"), getattr(self, f"{p}_male"))
            for p, label in PEOPLE_FIGURES
        ]

    def item_figures(self) -> list[ItemFigure]:
        return [
            ItemFigure(str(label), getattr(self, name), self.items_reviewed)
            for name, label in ITEM_FIGURES
        ]


class EvidenceFileQuerySet(UnitScopedQuerySet):
    unit_lookup = "assessment__media_agency__unit__"


class EvidenceFile(models.Model):
    """A file that backs a self-assessment: the report on the set's template, the internal
    decision, a content-analysis sheet. Downloaded through a scoped view only."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="evidence_files"
    )
    file = models.FileField(_("file"), upload_to=_evidence_path, max_length=300)
    name = models.CharField(_("name"), max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name
