"""Navigation entries shown in the top bar, filtered by what the user may open."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

_NAV = [
    ("core:home", _("Home"), None),
    ("plans:plan_list", _("Plans"), "plans.view_plan"),
    ("reporting:my_reports", _("My reports"), "reporting.change_submission"),
    ("reporting:round_list", _("Report rounds"), "reporting.view_reportround"),
    ("indicators:dashboard", _("Target progress"), "indicators.view_indicator"),
    ("documents:synthesis_list", _("Synthesis reports"), "documents.view_generatedreport"),
    ("registries:index", _("Registers"), "registries.view_modelsite"),
    ("geo:unit_list", _("Administrative units"), "geo.view_administrativeunit"),
    ("agencies:agency_list", _("Agencies"), "agencies.view_agency"),
    ("core:audit_list", _("Audit history"), "core.view_auditentry"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for url_name, label, perm in _NAV:
        if perm is None or user.has_perm(perm):
            url = reverse(url_name)
            active = request.path == url if url == "/" else request.path.startswith(url)
            items.append({"url": url, "label": label, "active": active})
    return {"nav_items": items}
