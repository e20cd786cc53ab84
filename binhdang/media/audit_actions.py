from django.utils.translation import gettext_lazy as _

from binhdang.core.audit import register_action

register_action("media.agency.created", _("Media agency added"))
register_action("media.agency.changed", _("Media agency changed"))
register_action("media.agencies.imported", _("Media agencies imported"))
register_action("media.adoption.recorded", _("Indicator set status recorded"))
register_action("media.adoption.changed", _("Indicator set status changed"))
register_action("media.adoption.cleared", _("Indicator set status cleared"))
register_action("media.assessment.created", _("Self-assessment recorded"))
register_action("media.assessment.changed", _("Self-assessment changed"))
register_action("media.evidence.added", _("Evidence file added"))
register_action("media.evidence.removed", _("Evidence file removed"))
