from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "binhdang.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from binhdang.documents import audit_actions  # noqa: F401
