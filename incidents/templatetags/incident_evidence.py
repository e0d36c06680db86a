"""The blocks of evidence files on the incident page's review and on a sent
notification's page: `{% review_evidence incident review %}`,
`{% notification_evidence notification %}` (incidents.views.evidence builds them; the
same block comes back alone when an htmx upload is refused)."""

from __future__ import annotations

from django import template

from incidents.views.evidence import notification_evidence_block, review_evidence_block

register = template.Library()


@register.inclusion_tag("incidents/_evidence.html", takes_context=True)
def review_evidence(context, incident, review):
    """Nothing until the review is recorded."""
    return {"evidence": review_evidence_block(context["request"], incident, review)}


@register.inclusion_tag("incidents/_evidence.html", takes_context=True)
def notification_evidence(context, notification):
    """Nothing for a draft, or for a notification to affected users."""
    return {"evidence": notification_evidence_block(context["request"], notification)}
