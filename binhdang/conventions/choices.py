"""Choices of the village-conventions registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ConventionKind(models.TextChoices):
    """Hương ước (a village's charter) or quy ước (rules of a residential group)."""

    VILLAGE_CHARTER = "huong_uoc", _("Village charter (hương ước)")
    COMMUNITY_RULES = "quy_uoc", _("Community rules (quy ước)")


class VillageKind(models.TextChoices):
    """What the community that adopted the convention is called where it is."""

    THON = "thon", pgettext_lazy("village kind", "Village (thôn)")
    AP = "ap", pgettext_lazy("village kind", "Hamlet (ấp)")
    BAN = "ban", pgettext_lazy("village kind", "Mountain village (bản)")
    KHOM = "khom", pgettext_lazy("village kind", "Town block (khóm)")
    TO_DAN_PHO = "to_dan_pho", pgettext_lazy("village kind", "Residential group (tổ dân phố)")
    KHU_PHO = "khu_pho", pgettext_lazy("village kind", "Urban quarter (khu phố)")
    LANG = "lang", pgettext_lazy("village kind", "Traditional village (làng)")
    XOM = "xom", pgettext_lazy("village kind", "Hamlet (xóm)")
    BUON = "buon", pgettext_lazy("village kind", "Highland village (buôn)")
    PLEI = "plei", pgettext_lazy("village kind", "Highland village (plei)")
    PHUM = "phum", pgettext_lazy("village kind", "Khmer village (phum)")
    SOC = "soc", pgettext_lazy("village kind", "Khmer hamlet (sóc)")
    KHU_DAN_CU = "khu_dan_cu", pgettext_lazy("village kind", "Residential area (khu dân cư)")
    OTHER = "other", pgettext_lazy("village kind", "Other")


class ConventionStatus(models.TextChoices):
    IN_FORCE = "in_force", pgettext_lazy("convention status", "In force")
    REPLACED = "replaced", pgettext_lazy("convention status", "Replaced")
    REPEALED = "repealed", pgettext_lazy("convention status", "Repealed")


class ReviewResult(models.TextChoices):
    """The result of reviewing a convention for gender discrimination."""

    NOT_REVIEWED = "not_reviewed", _("Not reviewed")
    NO_DISCRIMINATION = "no_discrimination", _("No discrimination")
    DISCRIMINATION_FOUND = "discrimination_found", _("Discrimination found")
    FIXED = "fixed", _("Fixed")


# Results that make a convention count as free of gender discrimination.
FREE_OF_DISCRIMINATION = (ReviewResult.NO_DISCRIMINATION, ReviewResult.FIXED)


class Verdict(models.TextChoices):
    """The reviewer's verdict on one clause (blank: not judged yet)."""

    DISCRIMINATORY = "yes", _("Discriminatory")
    NOT_DISCRIMINATORY = "no", _("Not discriminatory")
    UNSURE = "unsure", _("Unsure")
