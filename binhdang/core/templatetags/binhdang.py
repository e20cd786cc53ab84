from django import template

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
