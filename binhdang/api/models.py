"""Machine tokens for the API, and the DHIS2 mapping table (`dhis2/models.py`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.api.dhis2.models import Dhis2Mapping

__all__ = ["ApiToken", "Dhis2Mapping"]


class ApiTokenQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A person sees (and revokes) only their own tokens."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A secret a program sends as `Authorization: Token <secret>` to act as its owner.

    Only a SHA-256 hash of the secret is stored (the secret is shown once, when made);
    `prefix` (its first characters) lets the owner tell tokens apart. A token acts with
    its owner's roles and scope, may expire, and is revoked rather than deleted so the
    audit history keeps what it did.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
