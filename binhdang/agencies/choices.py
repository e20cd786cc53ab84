from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry or central body")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    COUNCIL = "council", _("People's Council")
    DEPARTMENT = "department", _("Specialised department")
    OFFICE = "office", _("Specialised office (district or commune)")
    MASS_ORGANISATION = "mass_organisation", _("Mass organisation")
    MEDIA = "media", _("Media agency")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    POLICE_MILITARY = "police_military", _("Police or military")
    JUSTICE = "justice", _("Court or procuracy")
    STATISTICS = "statistics", _("Statistics office")
    OTHER = "other", _("Other")


class AliasKind(models.TextChoices):
    SHORT_NAME = "short", _("Short name")
    ABBREVIATION = "abbreviation", _("Abbreviation")
    VARIANT = "variant", _("Variant spelling")
    FORMER_NAME = "former", _("Former name")
