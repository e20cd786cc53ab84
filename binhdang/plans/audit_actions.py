from django.utils.translation import gettext_lazy as _

from binhdang.core.audit import register_action

register_action("plans.import.started", _("Plan document read for review"))
register_action("plans.import.abandoned", _("Plan import abandoned"))
register_action("plans.plan.created", _("Plan created"))
register_action("plans.plan.updated", _("Plan updated"))
register_action("plans.plan.derived", _("Plan derived from another plan"))
register_action("plans.programme.created", _("Programme created"))
