"""Template helpers shared by every app's pages."""

from django import template
from django.utils.html import format_html

from common import history

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return history.action_label(action)


@register.simple_tag
def pill(value: str, label: str = "") -> str:
    """A coloured status pill; the CSS class is the machine value."""
    return format_html('<span class="pill {}">{}</span>', value, label or value)


@register.simple_tag(takes_context=True)
def query_without(context, *keys: str) -> str:
    """The current query string minus `keys`, ending with & when not empty (for pagers)."""
    params = context["request"].GET.copy()
    for key in keys:
        params.pop(key, None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


@register.filter
def get_item(mapping, key):
    """{{ dict|get_item:key }} for a key held in a variable."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
