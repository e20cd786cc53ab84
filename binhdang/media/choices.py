"""Choices of the media registry: kinds of media agency, adoption statuses, GSIM sub-areas."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MediaKind(models.TextChoices):
    NEWSPAPER = "newspaper", _("Newspaper")
    MAGAZINE = "magazine", _("Magazine")
    RADIO_TV = "radio_tv", _("Radio and television station")
    ONLINE = "online", _("Online news site")
    LOCAL_CENTRE = (
        "local_centre",
        _("District or commune radio station, or culture, information and sports centre"),
    )
    OTHER = "other", _("Other")


class AdoptionStatus(models.TextChoices):
    """How far a media agency applies the gender indicator set in a year (DOMAIN §2.4).

    The order matters: official counts as pilot too (Decision 1790's target T4).
    """

    NONE = "none", _("Not applied")
    PILOT = "pilot", _("Pilot")
    OFFICIAL = "official", _("Official")


# none < pilot < official
STATUS_RANK = {AdoptionStatus.NONE: 0, AdoptionStatus.PILOT: 1, AdoptionStatus.OFFICIAL: 2}


class StatusSource(models.TextChoices):
    """Where a year's status comes from."""

    RECORDED = "recorded", _("Recorded")
    DERIVED = "derived", _("Derived from self-assessments")


class SubArea(models.TextChoices):
    """The seven sub-areas of "Bộ chỉ số về giới trong truyền thông" (the Vietnamese version
    of UNESCO's GSIM, 2014): category A, gender equality inside the media organisation;
    category B, gender portrayal in content."""

    A1 = "A1", _("A1. Gender balance at decision-making level")
    A2 = "A2", _("A2. Gender equality at the workplace and in working conditions")
    A3 = "A3", _("A3. Gender equality in journalists' associations, unions and clubs")
    A4 = "A4", _("A4. Ethics and policies for gender equality in content")
    A5 = "A5", _("A5. Gender balance in education and training")
    B1 = "B1", _("B1. Gender portrayal in news and current affairs")
    B2 = "B2", _("B2. Gender portrayal in advertising")


# The Assessment field that says whether a sub-area was applied.
AREA_FIELDS: dict[str, str] = {code: f"area_{code.lower()}" for code in SubArea.values}
