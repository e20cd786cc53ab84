from datetime import timedelta

from django import forms, template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from binhdang.core.audit import action_label

register = template.Library()


@register.filter
def audit_action(name: str) -> str:
    return str(action_label(name))


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()


@register.simple_tag
def field_widget(field: forms.BoundField, **attrs) -> str:
    """Render a form field's widget with the theme's classes.

    Bootstrap's `form-control` / `form-select` / `form-check-input`, `is-invalid` when the
    field has errors, and a show/hide button (static/js/app.js) on password inputs. Extra
    keyword arguments become attributes (`data_x="1"` → `data-x="1"`). Django itself adds
    `aria-invalid` and `aria-describedby` (`<id>_helptext`, `<id>_error`), which
    templates/includes/form_field.html uses as the ids of the help and error texts.
    """
    widget = field.field.widget
    input_type = getattr(widget, "input_type", None)
    if input_type in ("checkbox", "radio"):
        base = "form-check-input"
    elif isinstance(widget, forms.Select):
        base = "form-select"
    else:
        base = "form-control"
    classes = [base, widget.attrs.get("class", "")]
    if field.errors:
        classes.append("is-invalid")
    final: dict[str, str | bool] = {"class": " ".join(c for c in classes if c)}
    if input_type == "password":
        final.update(
            {
                "data-password-toggle": "",
                "data-show-label": _("Show"),
                "data-hide-label": _("Hide"),
            }
        )
    final.update({key.replace("_", "-"): str(value) for key, value in attrs.items()})
    return field.as_widget(attrs=final)


@register.filter
def duration(value: timedelta | None) -> str:
    """A lock-out or waiting time in words: "15 minutes", "1 hour 30 minutes"."""
    if not value:
        return ""
    minutes = max(1, round(value.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if minutes:
        parts.append(
            ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
        )
    return " ".join(parts)


@register.filter
def join_if_list(value) -> str:
    """Audit details: a list is shown as "a, b, c", anything else as itself."""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)
