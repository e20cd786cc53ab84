"""The mapping table between binhdang's codes and a DHIS2 instance's identifiers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MappingKind(models.TextChoices):
    DATA_ELEMENT = "data_element", _("Data element")
    CATEGORY_OPTION_COMBO = "coc", _("Disaggregation (category option combo)")
    ATTRIBUTE_OPTION_COMBO = "aoc", _("Plan and kind of figure (attribute option combo)")
    ORG_UNIT = "org_unit", _("Reporting agency (organisation unit)")
    PERIOD = "period", _("Period")


class Dhis2Mapping(models.Model):
    """One binhdang key ↔ a DHIS2 UID and/or code.

    Keys (`local`): a data element's code (`comm.events`); a disaggregation (`sex:female`,
    `group:youth`, `total`); a plan and kind (`plan:12:actual`); an agency id
    (`agency:345`); a period code (`2025`, `2025Q4`, `2025AM`). Without a row, the
    default code of `dhis2/mapping.py` is used (so exports work out of the box with
    idScheme=code); exports with idScheme=uid need a row with a UID.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=MappingKind.choices)
    local = models.CharField(_("binhdang key"), max_length=100)
    uid = models.CharField(_("DHIS2 UID"), max_length=11, blank=True)
    code = models.CharField(_("DHIS2 code"), max_length=50, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("DHIS2 mapping")
        verbose_name_plural = _("DHIS2 mappings")
        ordering = ["kind", "local"]
        permissions = [("import_datavalues", _("Can import figures in DHIS2 formats"))]
        constraints = [
            models.UniqueConstraint(fields=["kind", "local"], name="api_mapping_unique_local"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.local} → {self.uid or self.code}"
