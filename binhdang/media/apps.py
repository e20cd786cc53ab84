from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "binhdang.media"
    label = "media"
    verbose_name = _("Media agencies and the gender indicator set in media")

    def ready(self) -> None:
        from binhdang.media import audit_actions  # noqa: F401
