from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class Generation(models.TextChoices):
    """Which map a unit belongs to: the one in force since 1/7/2025, or the one before."""

    CURRENT = "2025", _("Since 1/7/2025")
    LEGACY = "legacy", _("Before 1/7/2025")


class SuccessionKind(models.TextChoices):
    """How an old unit went into a new one; labels read from the old unit's side."""

    MERGED = "merged", _("Merged into")
    RENAMED = "renamed", _("Renamed to")
    SPLIT = "split", _("Split into")
    ABOLISHED = "abolished", _("Abolished, tasks passed to")
    KEPT = "kept", _("Continued as")


# The same kinds read from the new unit's side ("Before 1/7/2025 this was …").
SUCCESSION_KIND_INCOMING = {
    SuccessionKind.MERGED: _("merged in"),
    SuccessionKind.RENAMED: _("renamed"),
    SuccessionKind.SPLIT: _("part of it"),
    SuccessionKind.ABOLISHED: _("abolished"),
    SuccessionKind.KEPT: _("continued unchanged"),
}
