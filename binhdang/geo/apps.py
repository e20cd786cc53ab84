from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "binhdang.geo"
    label = "geo"
    verbose_name = _("Administrative units")

    def ready(self) -> None:
        from binhdang.geo import audit_actions  # noqa: F401
