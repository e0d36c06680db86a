"""Template tags of the registry's pages."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def tier_badge(tier: str, label: str = ""):
    """The risk tier as text in a badge (never colour alone); no tier reads Unclassified.

    A tag rather than an included template: the system list draws one per row.
    """
    if not tier:
        return format_html(
            '<span class="badge badge-tier badge-tier-unclassified">{}</span>', "Unclassified"
        )
    return format_html('<span class="badge badge-tier badge-tier-{}">{}</span>', tier, label)
