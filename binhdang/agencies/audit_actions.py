from django.utils.translation import gettext_lazy as _

from binhdang.core.audit import register_action

register_action("agencies.agency.created", _("Agency created"))
register_action("agencies.agency.updated", _("Agency updated"))
register_action("agencies.agency.ended", _("Agency ended"))
register_action("agencies.alias.added", _("Alias added"))
register_action("agencies.alias.removed", _("Alias removed"))
register_action("agencies.catalogue.loaded", _("Agency catalogue loaded"))
