from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistriesConfig(AppConfig):
    name = "binhdang.registries"
    label = "registries"
    verbose_name = _("Model sites, inspections and awards")

    def ready(self) -> None:
        from binhdang.registries import audit_actions  # noqa: F401
