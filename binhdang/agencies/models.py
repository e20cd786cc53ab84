"""Agencies (cơ quan, đơn vị) with their names, aliases and history."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from binhdang.accounts.scope import UnitScopedQuerySet
from binhdang.agencies.choices import AgencyKind, AliasKind
from binhdang.core.models import TimeStampedModel


class AgencyQuerySet(UnitScopedQuerySet):
    # National bodies (no unit) are public knowledge and shown to everyone signed in.
    include_unitless = True

    def in_force_on(self, day):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def current(self):
        return self.filter(valid_to__isnull=True)


class Agency(TimeStampedModel):
    """A state body, mass organisation or media agency that leads, partners or reports.

    `catalogue_code` names the kind of body across provinces ("so-noi-vu" is the
    Department of Home Affairs of any province); `name` is its canonical name inside its
    unit ("Sở Nội vụ") and `full_name` the name with the unit ("Sở Nội vụ thành phố Hải
    Phòng"). Renames and merges end an agency (`valid_to`) and start its successor;
    history is never rewritten.
    """

    unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    catalogue_code = models.SlugField(_("catalogue code"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=200)
    full_name = models.CharField(_("full name"), max_length=300)
    abbreviation = models.CharField(_("abbreviation"), max_length=30, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("governing body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subordinates",
    )
    tags = models.JSONField(_("groups"), default=list, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    search_key = models.CharField(max_length=300, db_index=True, editable=False)
    successors: models.ManyToManyField = models.ManyToManyField(
        "self",
        through="AgencySuccession",
        symmetrical=False,
        related_name="predecessors",
        verbose_name=_("successors"),
    )

    objects = AgencyQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_key", "created_at", "updated_at"])

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["unit__path", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "search_key", "valid_from"],
                name="%(app_label)s_%(class)s_unique_name_in_unit",
                violation_error_message=_(
                    "An agency with this name already exists in this unit for this period."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_valid_range",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("agencies:agency_detail", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


class AgencyAlias(models.Model):
    """Another way documents write the agency: "Sở LĐTBXH", "Sở LĐ-TB&XH", "Đoàn Thanh niên"."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(_("alias"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=12, choices=AliasKind.choices, default=AliasKind.VARIANT
    )
    key = models.CharField(max_length=300, db_index=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency alias")
        verbose_name_plural = _("agency aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "key"],
                name="%(app_label)s_%(class)s_unique_alias",
                violation_error_message=_("This agency already has this alias."),
            )
        ]

    def __str__(self) -> str:
        return self.alias


class AgencySuccession(models.Model):
    """A function passed from one agency to another on a date (e.g. gender equality:
    Sở Lao động - Thương binh và Xã hội → Sở Nội vụ, 1/3/2025)."""

    predecessor = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="successions_out"
    )
    successor = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="successions_in")
    effective_date = models.DateField(_("effective date"))
    functions = models.CharField(_("functions transferred"), max_length=300, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency succession")
        verbose_name_plural = _("agency successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="%(app_label)s_%(class)s_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
