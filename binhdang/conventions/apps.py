from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConventionsConfig(AppConfig):
    name = "binhdang.conventions"
    label = "conventions"
    verbose_name = _("Village conventions")

    def ready(self) -> None:
        from binhdang.conventions import audit_actions  # noqa: F401
