from django.utils.translation import gettext_lazy as _

from binhdang.core.audit import register_action

register_action("reporting.round.opened", _("Report round opened"))
register_action("reporting.round.changed", _("Report round changed"))
register_action("reporting.round.closed", _("Report round closed"))
register_action("reporting.round.final_requested", _("Final figures requested"))
register_action("reporting.round.reminded", _("Reminder sent to late reporters"))
register_action("reporting.round.reporter_added", _("Reporter added to a round"))
register_action("reporting.submission.submitted", _("Report submitted"))
register_action("reporting.submission.returned", _("Report returned for correction"))
register_action("reporting.submission.approved", _("Report approved"))
register_action("reporting.submission.unlocked", _("Approved report unlocked"))
register_action("reporting.submission.final_sent", _("Final figures sent"))
register_action("reporting.submission.uploaded", _("Report filled from a workbook"))
register_action("reporting.event.created", _("Communication event recorded"))
register_action("reporting.event.changed", _("Communication event changed"))
register_action("reporting.event.deleted", _("Communication event deleted"))
register_action("reporting.events.imported", _("Communication events imported"))
