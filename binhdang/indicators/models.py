"""Indicators: how each target of a plan is computed from the data the system holds.

An `Indicator` is a reference sheet (TolaData / DHIS2 indicator): what is counted, the
numerator and denominator in words, a formula over named sources (`formula.py`: a small
parsed language, never `eval`), its unit, direction, and how it adds up over units and
over time. A `TargetIndicator` says which indicator measures a plan's target, from which
baseline, and with what tolerance the traffic light is set. Percentages are never stored
here: values are computed on every read (`selectors.py`). `SurveyResult` holds awareness
surveys typed in until surveys are run in binhdang.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from binhdang.accounts.scope import UnitScopedQuerySet, scope_for
from binhdang.core.models import TimeStampedModel
from binhdang.indicators.choices import (
    Direction,
    Frequency,
    LinkedBy,
    MeasureUnit,
    TimeAggregation,
    UnitAggregation,
)
from binhdang.reporting.choices import Sex, TargetGroup


class IndicatorQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reference data: every signed-in person with a scope reads every indicator."""
        if scope_for(user).nothing:
            return self.none()
        return self

    def active(self):
        return self.filter(is_active=True)


class Indicator(TimeStampedModel):
    """An indicator reference sheet. Texts written by the catalogue are English msgids,
    shown translated (`label`, `definition_text`, …); texts typed in show as typed."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    numerator = models.TextField(_("numerator"), blank=True)
    denominator = models.TextField(_("denominator"), blank=True)
    formula = models.TextField(
        _("formula"),
        help_text=_("E.g. 100 * registry.media.pilot / registry.media.total"),
    )
    fallback_formula = models.TextField(
        _("fallback formula"),
        blank=True,
        help_text=_("Used when the formula gives no value (e.g. the registry is empty)."),
    )
    measure = models.CharField(
        _("unit of measure"),
        max_length=20,
        choices=MeasureUnit.choices,
        default=MeasureUnit.PERCENT,
    )
    direction = models.CharField(
        _("direction of change"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.INCREASE,
    )
    cumulative = models.BooleanField(
        _("cumulative"), default=False, help_text=_("Counts add up from the first year on.")
    )
    unit_aggregation = models.CharField(
        _("aggregation over units"),
        max_length=12,
        choices=UnitAggregation.choices,
        default=UnitAggregation.RATIO,
    )
    time_aggregation = models.CharField(
        _("aggregation over time"),
        max_length=6,
        choices=TimeAggregation.choices,
        default=TimeAggregation.SUM,
    )
    data_source = models.TextField(_("data source"), blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("responsible agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=14, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), null=True, blank=True, help_text=_("Default for the targets.")
    )
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: the default of the installation."),
    )
    from_catalogue = models.BooleanField(_("from the catalogue"), default=False, editable=False)
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return gettext(self.name) if self.name else self.code

    @property
    def definition_text(self) -> str:
        return gettext(self.definition) if self.definition else ""

    @property
    def numerator_text(self) -> str:
        return gettext(self.numerator) if self.numerator else ""

    @property
    def denominator_text(self) -> str:
        return gettext(self.denominator) if self.denominator else ""

    @property
    def data_source_text(self) -> str:
        return gettext(self.data_source) if self.data_source else ""

    @property
    def is_percent(self) -> bool:
        return self.measure in (MeasureUnit.PERCENT, MeasureUnit.POINTS)

    def clean(self) -> None:
        from binhdang.indicators.formula import FormulaError, parse

        errors: dict[str, list[str]] = {}
        for field in ("formula", "fallback_formula"):
            text = getattr(self, field)
            if not text:
                continue
            try:
                parse(text)
            except FormulaError as exc:
                errors.setdefault(field, []).append(str(exc))
        bad = [d for d in self.disaggregations or [] if not isinstance(d, str)]
        if bad or not isinstance(self.disaggregations, list):
            errors.setdefault("disaggregations", []).append(
                gettext('A list of names, e.g. ["sex", "target_group"].')
            )
        if errors:
            raise ValidationError(errors)


class TargetIndicatorQuerySet(UnitScopedQuerySet):
    unit_lookup = "target__plan__unit__"


class TargetIndicator(TimeStampedModel):
    """The indicator that measures a plan's target (or some of its milestones: "70% pilot
    by 2025, 90% official by 2030" is two indicators on one target)."""

    target = models.ForeignKey(
        "plans.Target",
        verbose_name=_("target"),
        on_delete=models.CASCADE,
        related_name="indicator_links",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="links"
    )
    milestones = models.ManyToManyField(
        "plans.Milestone",
        verbose_name=_("milestones measured"),
        blank=True,
        related_name="indicator_links",
        help_text=_("Empty: every milestone of the target."),
    )
    baseline_value = models.DecimalField(
        _("baseline value"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: computed from the data of the baseline year."),
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("How far below the expected value still counts as on track."),
    )
    linked_by = models.CharField(
        _("linked"), max_length=6, choices=LinkedBy.choices, default=LinkedBy.RULE
    )
    order = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = TargetIndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["target_id", "order"]
        verbose_name = _("target indicator")
        verbose_name_plural = _("target indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "indicator"], name="indicators_target_indicator_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.target} → {self.indicator.code}"


class SurveyResultQuerySet(UnitScopedQuerySet):
    pass


class SurveyResult(TimeStampedModel):
    """One awareness survey figure: in this unit and year, of `respondents` people (of a
    group and sex, or all), this share answered the gender-equality questions correctly.
    Shares are combined through the number of people with correct answers, never averaged.
    """

    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    target_group = models.CharField(
        _("target group"), max_length=16, choices=TargetGroup.choices, blank=True
    )
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, blank=True)
    respondents = models.PositiveIntegerField(_("respondents"), validators=[MinValueValidator(1)])
    share_correct = models.DecimalField(
        _("share with correct knowledge (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    source = models.CharField(_("source or reference"), max_length=300)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("surveyed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SurveyResultQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "unit__path", "target_group", "sex"]
        verbose_name = _("survey result")
        verbose_name_plural = _("survey results")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "target_group", "sex", "source"],
                name="indicators_survey_result_unique",
            ),
            models.CheckConstraint(
                condition=Q(share_correct__gte=0) & Q(share_correct__lte=100),
                name="indicators_survey_share_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.share_correct}% / {self.respondents}"

    @property
    def correct(self) -> Decimal:
        """People with correct knowledge (what is summed)."""
        return Decimal(self.respondents) * self.share_correct / 100


class DataStamp(models.Model):
    """A version number per province (`p<id>`), one for any province (`all`) and one for
    what every number depends on (`config`: indicators, units). Each write to data the
    indicators read adds one to the versions it touches (`freshness.mark_changed`), so a
    computed target progress cached under the versions it read is never served stale.
    """

    key = models.CharField(max_length=20, unique=True)
    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)
    # Set when a refresh of the province's cached progress is queued, cleared when it runs:
    # a burst of writes queues one refresh.
    refresh_queued = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.key}@{self.version}"
