from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "binhdang.agencies"
    label = "agencies"
    verbose_name = _("Agencies")

    def ready(self) -> None:
        from binhdang.agencies import audit_actions  # noqa: F401
