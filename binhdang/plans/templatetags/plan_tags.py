"""Small display helpers for plan pages."""

from decimal import Decimal, InvalidOperation

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

register = template.Library()

_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤"}


def _number(value) -> str:
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return floatformat(number, -2)


@register.filter
def milestone_value(m) -> str:
    """ "≥ 80%", "10–15%", "tăng 10–15%", "2 cuộc" from a milestone row or dict."""
    get = m.get if isinstance(m, dict) else (lambda name: getattr(m, name, None))
    value, value_max = _number(get("value")), _number(get("value_max"))
    if not value and not value_max:
        return "—"
    text = f"{value}–{value_max}" if value and value_max else value or value_max
    unit = get("unit") or ""
    if unit:
        text = f"{text}{unit}" if unit == "%" else f"{text} {unit}"
    comparison = get("comparison") or ""
    if comparison in _SYMBOLS:
        text = f"{_SYMBOLS[comparison]} {text}"
    elif comparison == "increase":
        text = _("up %(value)s") % {"value": text}
    elif comparison == "decrease":
        text = _("down %(value)s") % {"value": text}
    return text


@register.filter
def period_text(plan) -> str:
    """ "2022–2030", "2024", "… – 2030" for a plan (or a content dict's period)."""
    if isinstance(plan, dict):
        period = plan.get("period") or [None, None]
        start, end = (list(period) + [None, None])[:2]
    else:
        start, end = plan.period_start, plan.period_end
    if start and end and start != end:
        return f"{start}–{end}"
    if start or end:
        if not start:
            return _("to %(year)s") % {"year": end}
        return str(start)
    return "—"


@register.filter
def by_role(assignments, role: str) -> list:
    """The assignments of one role ("lead" / "partner"), from a prefetched list."""
    return [a for a in assignments if a.role == role]


@register.filter
def trim(value) -> str:
    """The text without the blank lines and spaces around it (source texts)."""
    return str(value or "").strip()
