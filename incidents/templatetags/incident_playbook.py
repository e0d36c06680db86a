"""The incident page's playbook checklist with the facts it depends on: the item about
the GDPR window shows when this incident's GDPR report is due (the window runs from
when the organisation became aware that personal data was affected, not from now)."""

from __future__ import annotations

from django import template

from incidents.choices import ClockKind

register = template.Library()


def is_gdpr_window_item(text: str) -> bool:
    """A playbook action about the GDPR 72-hour window (shipped or edited wording)."""
    words = text.lower()
    return "gdpr" in words and ("72 hours" in words or "72-hour" in words)


@register.simple_tag
def gdpr_window_clock(item, clocks):
    """For the checklist item about the GDPR window: this incident's GDPR clock, or ""
    when it has none yet; None for every other item."""
    if not is_gdpr_window_item(item.text):
        return None
    return next((c for c in clocks if c.kind == ClockKind.GDPR_72H), "")
