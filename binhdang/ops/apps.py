from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: first set-up, reference data and demo users. May import any app."""

    name = "binhdang.ops"
    label = "ops"
    verbose_name = _("Operations")
