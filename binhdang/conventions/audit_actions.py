from django.utils.translation import gettext_lazy as _

from binhdang.core.audit import register_action

register_action("conventions.convention.created", _("Village convention registered"))
register_action("conventions.convention.changed", _("Village convention changed"))
register_action("conventions.convention.reviewed", _("Village convention review recorded"))
register_action("conventions.convention.reflagged", _("Village convention flagged again"))
register_action("conventions.clause.marked", _("Verdict given on a convention clause"))
register_action("conventions.conventions.imported", _("Village conventions imported"))
