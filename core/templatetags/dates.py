"""The portal's one date format in templates (core.dates): {{ value|day }} writes
2026-12-06, {{ value|moment }} 2026-12-06 14:30 in the zone the request activated (the
viewer's, core.middleware). Built in (config/settings.py): no {% load %} needed."""

from datetime import date, datetime

from django import template

from core.dates import day_text, moment_text

register = template.Library()


@register.filter(expects_localtime=False)
def day(value) -> str:
    """The calendar day of a date, or of a moment in the viewer's zone; "" for none."""
    return day_text(value) if isinstance(value, date) else str(value or "")


@register.filter(expects_localtime=False)
def moment(value) -> str:
    """A moment as the viewer reads it: date and minute in their zone; "" for none."""
    if isinstance(value, datetime):
        return moment_text(value)
    return day_text(value) if isinstance(value, date) else str(value or "")
