from django.utils.translation import gettext_lazy as _

from binhdang.core.audit import register_action

register_action("api.token.created", _("API token created"))
register_action("api.token.revoked", _("API token revoked"))
register_action("api.dhis2.imported", _("Figures imported (DHIS2 format)"))
register_action("api.mapping.changed", _("DHIS2 mapping changed"))
