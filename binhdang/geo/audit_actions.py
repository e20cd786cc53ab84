from django.utils.translation import gettext_lazy as _

from binhdang.core.audit import register_action

register_action("geo.units.loaded", _("Administrative units loaded"))
