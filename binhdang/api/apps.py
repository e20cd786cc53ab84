from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "binhdang.api"
    label = "api"
    verbose_name = _("Open API")

    def ready(self) -> None:
        from binhdang.api import audit_actions, schema  # noqa: F401
