from django.utils.translation import gettext_lazy as _

from binhdang.core.audit import register_action

register_action("registries.modelsite.created", _("Model site recorded"))
register_action("registries.modelsite.changed", _("Model site changed"))
register_action("registries.modelsites.imported", _("Model sites imported"))
register_action("registries.inspection.created", _("Inspection recorded"))
register_action("registries.inspection.changed", _("Inspection changed"))
register_action("registries.inspections.imported", _("Inspections imported"))
register_action("registries.award.created", _("Award recorded"))
register_action("registries.award.changed", _("Award changed"))
register_action("registries.awards.imported", _("Awards imported"))
