"""What vendors put in "Waiting for me" (core.work): the high-tier products waiting
for the CISO's approval, and the answered questionnaires waiting for their assessor
to score them."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from core.permissions import can
from core.work import WorkItem
from vendors.choices import AssessmentStatus, RiskTier
from vendors.models import Assessment


def assessments_waiting_for(user) -> list[WorkItem]:
    """One query: the CISO's approvals to give, and the assessor's answers to score."""
    mine_to_score = Q(status=AssessmentStatus.ANSWERED, assessor=user)
    waiting = mine_to_score
    if can(user, "vendors.assessment.ciso_approve"):
        waiting |= Q(
            status=AssessmentStatus.SCORED,
            risk_tier=RiskTier.HIGH,
            ciso_approved_at__isnull=True,
        )
    assessments = (
        Assessment.objects.filter(waiting)
        .select_related("product__vendor")
        .order_by("updated_at", "pk")
    )
    return [_item(assessment, user) for assessment in assessments]


def _item(assessment: Assessment, user) -> WorkItem:
    answered = assessment.status == AssessmentStatus.ANSWERED
    return WorkItem(
        title=f"{assessment.product}: assessment {assessment.pk}",
        url=reverse("vendors:assessment_detail", args=[assessment.pk]),
        why=(
            "The vendor answered the questionnaire: score it."
            if answered
            else "High risk: the use needs your approval as CISO."
        ),
    )
