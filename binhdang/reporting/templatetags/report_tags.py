from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from binhdang.reporting.choices import RoundState, SubmissionStatus

register = template.Library()

_STATUS_CLASS: dict[str, str] = {
    SubmissionStatus.NOT_STARTED: "text-bg-light border",
    SubmissionStatus.DRAFT: "text-bg-secondary",
    SubmissionStatus.SUBMITTED: "text-bg-primary",
    SubmissionStatus.RESUBMITTED: "text-bg-primary",
    SubmissionStatus.RETURNED: "text-bg-warning",
    SubmissionStatus.APPROVED: "text-bg-success",
}
_STATE_CLASS: dict[str, str] = {
    RoundState.NOT_DUE: "text-bg-light border",
    RoundState.DUE: "text-bg-info",
    RoundState.OVERDUE: "text-bg-danger",
    RoundState.CLOSED: "text-bg-secondary",
}


@register.simple_tag
def status_badge(status: str) -> str:
    label = SubmissionStatus(status).label if status in SubmissionStatus.values else status
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        _STATUS_CLASS.get(status, ""),
        status,
        label,
    )


@register.simple_tag
def state_badge(state: str) -> str:
    return format_html(
        '<span class="badge {}" data-state="{}">{}</span>',
        _STATE_CLASS.get(state, ""),
        state,
        RoundState(state).label,
    )


@register.simple_tag
def timeliness_badge(value: str) -> str:
    labels = {
        "on_time": (_("On time"), "text-success"),
        "late": (_("Late"), "text-warning-emphasis"),
        "missing": (_("Missing"), "text-danger fw-semibold"),
        "pending": (_("Not yet"), "text-body-secondary"),
    }
    label, css = labels.get(value, (value, ""))
    return format_html('<span class="{}" data-timeliness="{}">{}</span>', css, value, label)


@register.filter
def num(value) -> str:
    """Vietnamese number format: 12.345 and 12,5."""
    if value is None or value == "":
        return "—"
    if isinstance(value, (int, float, Decimal)):
        d = Decimal(value)
        if d == d.to_integral_value():
            return f"{int(d):,}".replace(",", ".")
        return f"{d:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return str(value)


@register.filter
def get(mapping, key):
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def pct(value) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",") + "%"
