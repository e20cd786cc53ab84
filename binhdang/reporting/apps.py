from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "binhdang.reporting"
    label = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from binhdang.reporting import audit_actions  # noqa: F401
