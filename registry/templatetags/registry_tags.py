"""Template tags of the registry's pages."""

from django import template

from registry.lists import tier_badge as tier_badge_html

register = template.Library()


@register.simple_tag
def tier_badge(tier: str, label: str = ""):
    """The risk tier as text in a badge (never colour alone); no tier reads Unclassified.

    The same badge as the system list's tier column draws; `label` is kept for callers.
    """
    return tier_badge_html(tier)
