"""Users. A user belongs to an agency; the agency's unit is the user's scope."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from binhdang.accounts.choices import Role


class User(AbstractUser):
    """A person who signs in. Roles are the Django groups named after `Role` values."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def role_codes(self) -> set[str]:
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            valid = set(Role.values)
            cached = {g.name for g in self.groups.all() if g.name in valid}
            self._role_codes = cached
        return cached

    def has_role(self, role: str) -> bool:
        return self.is_superuser or role in self.role_codes

    @property
    def primary_role(self) -> str | None:
        """The strongest role, for choosing the home page."""
        if self.is_superuser:
            return Role.ADMINISTRATOR
        for role in reversed(Role.values):
            if role in self.role_codes:
                return role
        return None
