"""What vendors offers as evidence for a framework's requirement (core.evidence_kinds,
registered by vendors.contributions): `vendor_assessment`, the current assessment of
each vendor product a system uses.

Which products a system uses is the registry's link table, above vendors: it is read
here through the relation it declares on the product (`system_links`), never imported
(DESIGN.md 1). One query for every system asked. A scored assessment counts until its
yearly re-assessment falls due (vendors.rules.scoring.reassessment_due), and while the
product's use is approved; after either it is returned with the reason.
"""

from __future__ import annotations

from datetime import date

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from core.dates import day_text
from core.evidence_kinds import Found, FoundEvidence
from vendors.choices import AssessmentStatus
from vendors.models import Assessment
from vendors.rules.scoring import reassessment_due


def vendor_assessment_produce_url(_system_id: str) -> str:
    """The vendors register, where products are assessed."""
    return reverse("vendors:vendor_list")


def vendor_assessments_found(system_pks: list[int], _details: set[str], today: date) -> Found:
    """The scored assessment of each product each system uses now (one query)."""
    assessments = (
        Assessment.objects.filter(
            status=AssessmentStatus.SCORED,
            product__system_links__system_id__in=system_pks,
            product__system_links__removed_at__isnull=True,
        )
        .annotate(system_pk=F("product__system_links__system_id"))
        .select_related("product__vendor")
        .order_by("-scored_at", "-id")
    )
    found: Found = {}
    for assessment in assessments:
        found.setdefault((assessment.system_pk, ""), []).append(_item(assessment, today))
    return found


def _item(assessment: Assessment, today: date) -> FoundEvidence:
    product = assessment.product
    expires = reassessment_due(timezone.localdate(assessment.scored_at))
    if today > expires:
        why = f"its re-assessment was due on {day_text(expires)}"
    elif not assessment.use_approved:
        why = "the product's use is not approved"
    else:
        why = ""
    tier = assessment.get_risk_tier_display().lower()
    approved = assessment.ciso_approved_at.isoformat() if assessment.ciso_approved_at else ""
    return FoundEvidence(
        record_type="vendors.assessment",
        record_id=str(assessment.pk),
        label=f"Assessment of {product}: {tier} risk, scored {day_text(assessment.scored_at)}",
        # Scored again, approved by the CISO, remediation done: each a new decision.
        fingerprint=f"{assessment.pk}:{assessment.scored_at.isoformat()}:"
        f"{assessment.use_approved}:{approved}",
        url=reverse("vendors:assessment_detail", args=[assessment.pk]),
        expires_on=expires,
        current=not why,
        why_not_current=why,
    )
