"""The village-conventions registry: hương ước / quy ước, their clauses and their review."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from binhdang.accounts.scope import UnitScopedQuerySet
from binhdang.conventions.choices import (
    ConventionKind,
    ConventionStatus,
    ReviewResult,
    Verdict,
    VillageKind,
)
from binhdang.core.models import TimeStampedModel


class ConventionQuerySet(UnitScopedQuerySet):
    def in_force_on(self, day: date):
        """Adopted on or before `day` and not yet replaced or repealed on it."""
        return self.filter(adopted_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=day)
        )


class Convention(TimeStampedModel):
    """A village's hương ước or a community's quy ước, adopted by its people and approved
    by the commune, and the review of it for gender discrimination.

    Scoped by its commune (`unit`, a commune of either map: a convention approved by a
    pre-2025 commune stays with it and counts for the commune that took it over).
    `ended_on` is the first day it was no longer in force (replaced or repealed). The
    review fields hold the latest review: when, by whom, how many discriminatory clauses
    it found, how many were fixed and when, and the result. The clauses of its text are
    `clauses`, each with the flags the rules raised and the reviewer's verdict.
    """

    kind = models.CharField(
        pgettext_lazy("convention", "kind"), max_length=12, choices=ConventionKind.choices
    )
    village_name = models.CharField(_("village name"), max_length=200)
    village_kind = models.CharField(
        _("kind of village"), max_length=12, choices=VillageKind.choices
    )
    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="conventions",
    )
    adopted_on = models.DateField(_("adopted on"))
    amended_on = models.DateField(_("last amended on"), null=True, blank=True)
    decision_ref = models.CharField(_("approving decision"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConventionStatus.choices,
        default=ConventionStatus.IN_FORCE,
    )
    ended_on = models.DateField(_("no longer in force from"), null=True, blank=True)
    text = models.TextField(_("full text"), blank=True)

    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    reviewer_name = models.CharField(_("reviewed by"), max_length=200, blank=True)
    reviewer_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("reviewing agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    discriminatory_found = models.PositiveIntegerField(_("discriminatory clauses found"), default=0)
    clauses_fixed = models.PositiveIntegerField(_("clauses fixed"), default=0)
    fixed_on = models.DateField(_("fixed on"), null=True, blank=True)
    review_result = models.CharField(
        _("review result"),
        max_length=20,
        choices=ReviewResult.choices,
        default=ReviewResult.NOT_REVIEWED,
    )
    review_note = models.TextField(_("review note"), blank=True)

    note = models.TextField(_("note"), blank=True)
    # Clauses that raised at least one flag (kept by the services that write clauses).
    flagged_count = models.PositiveIntegerField(_("flagged clauses"), default=0)
    fold_key = models.CharField(max_length=300, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ConventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("village convention")
        verbose_name_plural = _("village conventions")
        ordering = ["unit__path", "village_name", "-adopted_on", "pk"]
        indexes = [
            models.Index(fields=["unit", "adopted_on"]),
            models.Index(fields=["review_result"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ConventionKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ConventionStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(review_result__in=ReviewResult.values),
                name="%(app_label)s_%(class)s_result_valid",
            ),
            models.CheckConstraint(
                condition=Q(amended_on__isnull=True) | Q(amended_on__gte=F("adopted_on")),
                name="%(app_label)s_%(class)s_amended_after_adopted",
                violation_error_message=_("It cannot be amended before it was adopted."),
            ),
            models.CheckConstraint(
                condition=Q(status=ConventionStatus.IN_FORCE, ended_on__isnull=True)
                | (~Q(status=ConventionStatus.IN_FORCE) & Q(ended_on__gte=F("adopted_on"))),
                name="%(app_label)s_%(class)s_end_matches_status",
                violation_error_message=_(
                    "A convention in force has no end date; a replaced or repealed one has one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(review_result=ReviewResult.NOT_REVIEWED, reviewed_on__isnull=True)
                | (~Q(review_result=ReviewResult.NOT_REVIEWED) & Q(reviewed_on__isnull=False)),
                name="%(app_label)s_%(class)s_review_date_matches_result",
                violation_error_message=_("A reviewed convention has a review date."),
            ),
            models.CheckConstraint(
                condition=Q(clauses_fixed__lte=F("discriminatory_found")),
                name="%(app_label)s_%(class)s_fixed_le_found",
                violation_error_message=_("More clauses fixed than discriminatory clauses found."),
            ),
            models.CheckConstraint(
                condition=~Q(review_result=ReviewResult.FIXED) | Q(fixed_on__isnull=False),
                name="%(app_label)s_%(class)s_fixed_has_date",
                violation_error_message=_("A fixed convention has the date it was fixed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.village_label}"

    def get_absolute_url(self) -> str:
        return reverse("conventions:convention_detail", args=[self.pk])

    @property
    def village_label(self) -> str:
        """ "Thôn Đông Thái": the kind of village (its Vietnamese word) and the name."""
        from django.utils import translation

        with translation.override("vi"):
            word = str(VillageKind(self.village_kind).label) if self.village_kind else ""
        if self.village_kind == VillageKind.OTHER or not word:
            return self.village_name
        return f"{word} {self.village_name}"

    @property
    def is_free_of_discrimination(self) -> bool:
        return self.review_result in (ReviewResult.NO_DISCRIMINATION, ReviewResult.FIXED)


class ConventionClauseQuerySet(UnitScopedQuerySet):
    unit_lookup = "convention__unit__"


class ConventionClause(models.Model):
    """One clause of a convention's text ("Điều 5, khoản 2"), the flags the rules raised
    on it (`flags`: a list of {rule, reason, excerpt, start, end}) and the reviewer's
    verdict. Rewritten when the text changes; a verdict stays with an unchanged clause."""

    convention = models.ForeignKey(
        Convention,
        verbose_name=_("convention"),
        on_delete=models.CASCADE,
        related_name="clauses",
    )
    order = models.PositiveIntegerField(_("order"))
    number = models.CharField(_("number"), max_length=80, blank=True)
    heading = models.TextField(_("heading"), blank=True)
    text = models.TextField(_("text"))
    flags = models.JSONField(_("flags"), default=list, blank=True)
    flag_count = models.PositiveSmallIntegerField(_("number of flags"), default=0)
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices, blank=True)
    verdict_note = models.CharField(_("verdict note"), max_length=500, blank=True)
    verdict_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verdict_at = models.DateTimeField(_("verdict given at"), null=True, blank=True)

    objects = ConventionClauseQuerySet.as_manager()

    class Meta:
        verbose_name = _("convention clause")
        verbose_name_plural = _("convention clauses")
        ordering = ["convention", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "order"], name="%(app_label)s_%(class)s_unique_order"
            ),
            models.CheckConstraint(
                condition=Q(verdict="") | Q(verdict__in=Verdict.values),
                name="%(app_label)s_%(class)s_verdict_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.number or str(_("Preamble"))
