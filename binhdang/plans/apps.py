from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "binhdang.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from binhdang.plans import audit_actions  # noqa: F401
