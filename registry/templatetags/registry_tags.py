"""Template tags of the registry's pages."""

from django import template

from registry.lists.systems import tier_badge as tier_badge_html

register = template.Library()


@register.simple_tag
def tier_badge(tier: str, label: str = ""):
    """The risk tier as text in a badge (never colour alone); no tier reads Unclassified.

    The same badge as the system list's tier column draws; `label` is kept for callers.
    """
    return tier_badge_html(tier)


@register.simple_tag
def control_evidence_expired(control, system) -> bool:
    """'Implemented' on a tier that needs evidence, with none current any more (expired
    or removed): the status stays, the page says so. Uses the files the page loaded."""
    from django.utils import timezone

    from registry.rules import control_approver_role
    from registry.rules.evidence import control_evidence_expired as expired

    if control_approver_role(control.control.key):
        return False
    today = timezone.localdate()
    current = sum(
        1 for link in getattr(control, "attached_evidence", []) if link.evidence.is_current(today)
    )
    return expired(system.risk_tier, control.status, current)


@register.simple_tag
def evidence_files(links) -> list:
    """The evidence files of links (ControlEvidence, ChecklistEvidence) with them loaded."""
    return [link.evidence for link in links or []]


@register.simple_tag
def control_evidence_upload_form(control):
    """A fresh upload form for a control row (the view passes a bound one on errors)."""
    from registry.forms.evidence import control_evidence_form

    return control_evidence_form(control)


@register.inclusion_tag("registry/_checklist.html", takes_context=True)
def checklist_section(context, system):
    """The pre-deployment checklist of the system page: one query for its files."""
    from django.utils import timezone

    from registry.forms.evidence import checklist_section as section

    request = context["request"]
    return {**section(request.user, system, timezone.localdate()), "request": request}
