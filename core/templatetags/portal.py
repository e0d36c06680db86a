"""Template access to the permission policy: {% can "action" obj as allowed %}."""

from django import template

from core.permissions import can as can_policy

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    return can_policy(context["request"].user, action, obj)
