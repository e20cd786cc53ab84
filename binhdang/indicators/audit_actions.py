from django.utils.translation import gettext_lazy as _

from binhdang.core.audit import register_action

register_action("indicators.catalogue.synced", _("Indicator catalogue updated"))
register_action("indicators.targets.linked", _("Targets linked to their indicators"))
register_action("indicators.link.changed", _("Target indicator changed"))
register_action("indicators.survey.created", _("Survey result entered"))
register_action("indicators.survey.changed", _("Survey result changed"))
register_action("indicators.survey.deleted", _("Survey result deleted"))
