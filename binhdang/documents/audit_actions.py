from django.utils.translation import gettext_lazy as _

from binhdang.core.audit import register_action

register_action("documents.report.created", _("Synthesis report requested"))
register_action("documents.report.regenerated", _("Synthesis report regenerated"))
register_action("documents.report.generated", _("Synthesis report version generated"))
register_action("documents.report.numbered", _("Synthesis report numbered"))
register_action("documents.template.uploaded", _("Office template uploaded"))
