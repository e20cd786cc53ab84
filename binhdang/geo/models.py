"""Administrative units (provinces, districts, communes) with their history."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from binhdang.geo.choices import (
    SUCCESSION_KIND_INCOMING,
    Generation,
    SuccessionKind,
    UnitLevel,
)


class AdministrativeUnitQuerySet(models.QuerySet):
    def current(self):
        return self.filter(generation=Generation.CURRENT)

    def legacy(self):
        return self.filter(generation=Generation.LEGACY)

    def provinces(self):
        return self.filter(level=UnitLevel.PROVINCE)

    def visible_to(self, user):
        """Units inside the user's scope (see `accounts.scope`)."""
        from binhdang.accounts.scope import scope_for

        return self.filter(scope_for(user).unit_q())


class AdministrativeUnit(models.Model):
    """A province, district (until 30/6/2025) or commune, as it was during its validity.

    Units are never edited into other units: the 2025 reform ended the old ones
    (`valid_to` = 2025-06-30) and the new ones start on 2025-07-01; `UnitSuccession` rows
    say which old units each new one took over. `path` is the chain of codes from the
    province down ("31/10507"), prefixed for legacy units ("L31/303/11311"), so a
    subtree is one indexed `path__startswith` on SQLite and PostgreSQL alike.
    `province` points at the current (post-2025) province the unit lies in today; it is
    what scopes a legacy unit to today's provincial users.
    """

    code = models.CharField(_("code"), max_length=10)
    generation = models.CharField(
        _("map"), max_length=10, choices=Generation.choices, default=Generation.CURRENT
    )
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices)
    division_type = models.CharField(_("type"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province = models.ForeignKey(
        "self",
        verbose_name=_("current province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    path = models.CharField(max_length=40, unique=True, db_index=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    search_key = models.CharField(max_length=300, db_index=True, editable=False)
    fold_key = models.CharField(max_length=300, db_index=True, editable=False)
    successors: models.ManyToManyField = models.ManyToManyField(
        "self",
        through="UnitSuccession",
        symmetrical=False,
        related_name="predecessors",
        verbose_name=_("successors"),
    )

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["generation", "level", "code"],
                name="%(app_label)s_%(class)s_unique_code",
                violation_error_message=_("A unit with this code already exists on this map."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_valid_range",
            ),
        ]

    def __str__(self) -> str:
        if self.generation == Generation.LEGACY:
            label = _("before 1/7/2025")
            return f"{self.name} ({label})"
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("geo:unit_detail", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


class UnitSuccession(models.Model):
    """An old unit handed (part of) its territory and duties to a new one on a date."""

    predecessor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="successions_out"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="successions_in"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SuccessionKind.choices)
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="%(app_label)s_%(class)s_unique_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"

    @property
    def incoming_label(self):
        """The kind read from the successor's side ("merged in", "part of it")."""
        return SUCCESSION_KIND_INCOMING.get(SuccessionKind(self.kind), self.get_kind_display())
