"""Template helpers of the progress pages: traffic lights, values, sparklines.

A status is never colour alone: `status_badge` writes an icon (inline SVG, crisp on
paper) and the status in words; `sparkline` draws a small SVG whose `aria-label` reads
the trend out.
"""

from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from binhdang.indicators.choices import Status

register = template.Library()

STATUSES = tuple(Status.values)
STATUS_LABELS = dict(Status.choices)
# 16×16 strokes, the same as static/indicators/charts.js draws on the bars.
STATUS_ICONS = {
    "achieved": "M3.5 8.5l3 3 6-7",
    "on_track": "M4.5 11.5l7-7M6.5 4.5h5v5",
    "at_risk": "M8 3.5v5.5M8 12v0.5",
    "off_track": "M4.5 4.5l7 7M11.5 4.5l-7 7",
    "no_data": "M4.5 8h7",
}


def status_key(status) -> str:
    value = getattr(status, "value", status) or "no_data"
    return value if value in STATUS_LABELS else "no_data"


@register.filter
def status_label(status) -> str:
    return str(STATUS_LABELS[status_key(status)])


@register.simple_tag
def status_icon(status) -> str:
    key = status_key(status)
    return format_html(
        '<span class="status-icon" aria-hidden="true"><svg viewBox="0 0 16 16" width="12" '
        'height="12" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" '
        'stroke-linejoin="round"><path d="{}"/></svg></span>',
        STATUS_ICONS[key],
    )


@register.simple_tag
def status_badge(status) -> str:
    """`● Đúng tiến độ`: icon + words, the colour only repeats them."""
    key = status_key(status)
    return format_html(
        '<span class="status-badge status-{}" data-status="{}">{}<span>{}</span></span>',
        key,
        key,
        status_icon(key),
        STATUS_LABELS[key],
    )


def format_number(value, digits: int = 1) -> str:
    """Vietnamese number format: 12.345 and 12,5 (— when there is no value)."""
    if value is None or value == "":
        return "—"
    try:
        d = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    if d == d.to_integral_value():
        return f"{int(d):,}".replace(",", ".")
    text = f"{d:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return text.rstrip("0").rstrip(",") if "," in text else text


@register.filter
def vnum(value) -> str:
    return format_number(value)


@register.filter
def with_unit(value, unit: str = "") -> str:
    """80 and "%" → "80%"; 12 and "lần" → "12 lần"; None → "—"."""
    text = format_number(value)
    if text == "—" or not unit:
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit}"


@register.simple_tag
def sparkline(points, goals=None, unit: str = "", start: int = 2022, end: int = 2030) -> str:
    """A small SVG of the yearly values (line) and the milestones (hollow diamonds; a
    dashed line for a milestone of every year).

    `points` and `goals` are (year, value) pairs; years without a value are gaps, a goal
    without a year holds every year.
    """
    goals = goals or []
    values = [float(v) for _y, v in points if v is not None]
    targets = [float(v) for _y, v in goals if v is not None]
    every = values + targets
    width, height, pad = 152, 36, 4
    span = max(end - start, 1)
    top = max(every) if every else 1.0
    top = top if top > 0 else 1.0
    bottom = min(0.0, min(every)) if every else 0.0

    def x(year: int) -> float:
        return round(pad + (year - start) * (width - 2 * pad) / span, 1)

    def y(value: float) -> float:
        return round(height - pad - (value - bottom) * (height - 2 * pad) / (top - bottom), 1)

    parts = [
        format_html(
            '<line class="spark-grid" x1="{}" y1="{}" x2="{}" y2="{}"/>',
            pad,
            height - pad,
            width - pad,
            height - pad,
        )
    ]
    known = sorted((year, float(v)) for year, v in points if v is not None and start <= year <= end)
    if len(known) > 1:
        coords = " ".join(f"{x(year)},{y(v)}" for year, v in known)
        parts.append(format_html('<polyline class="spark-line" points="{}"/>', coords))
    for year, v in known:
        parts.append(
            format_html('<circle class="spark-point" cx="{}" cy="{}" r="2.4"/>', x(year), y(v))
        )
    for year, v in goals:
        if v is not None and year is None:  # a yearly milestone: a flat dashed line
            parts.append(
                format_html(
                    '<line class="spark-path" x1="{}" y1="{}" x2="{}" y2="{}"/>',
                    pad,
                    y(float(v)),
                    width - pad,
                    y(float(v)),
                )
            )
            continue
        if v is None or not start <= year <= end:
            continue
        cx, cy = x(year), y(float(v))
        parts.append(
            format_html(
                '<path class="spark-goal" d="M{} {}l3.5 3.5l-3.5 3.5l-3.5 -3.5z"/>', cx, cy - 3.5
            )
        )
    said = "; ".join(f"{year}: {with_unit(v, unit)}" for year, v in known) or _("no value yet")
    aims = "; ".join(
        f"{year or _('every year')}: {with_unit(v, unit)}" for year, v in goals if v is not None
    )
    label = _("Trend %(start)s–%(end)s: %(values)s.") % {"start": start, "end": end, "values": said}
    if aims:
        label += " " + _("Milestones: %(values)s.") % {"values": aims}
    body = format_html_join("", "{}", ((p,) for p in parts))
    return format_html(
        '<svg class="sparkline" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'preserveAspectRatio="none"><title>{}</title>{}</svg>',
        width,
        height,
        label,
        label,
        body,
    )


@register.filter
def get_item(mapping, key):
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None
