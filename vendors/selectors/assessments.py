"""Reads of assessments: every member sees every assessment; 404 for missing and
forbidden alike."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from core.lists import ListQuery
from core.permissions import can
from core.selectors import visible_or_404
from vendors.choices import AssessmentStatus
from vendors.models import Assessment, AssessmentEvidence
from vendors.rules.questionnaire import send_refusal
from vendors.selectors.vendors import id_or_404


def assessments_visible_to(user) -> QuerySet[Assessment]:
    if not can(user, "vendors.assessment.view"):
        return Assessment.objects.none()
    return Assessment.objects.all()


def assessment_list_for(user, params=None, *, time_zone: str = "UTC") -> ListQuery:
    """The assessment list (vendors.lists.ASSESSMENT_LIST): page, API and CSV."""
    from vendors.lists import ASSESSMENT_LIST

    context = {"now": timezone.now(), "time_zone": time_zone}
    return ASSESSMENT_LIST.query(assessments_visible_to(user), params, **context)


def assessment_get_for(user, pk) -> Assessment:
    visible = assessments_visible_to(user).select_related("product__vendor")
    return visible_or_404(visible, "No such assessment.", pk=id_or_404(pk))


def questionnaire_send_refusal(assessment: Assessment) -> str:
    """Why the questionnaire of `assessment` is not sent now, or "" when it may be
    (vendors.rules.questionnaire). One query for a "sent" assessment (is one of its
    links still open?), none otherwise."""
    link_open = (
        assessment.status == AssessmentStatus.SENT
        and assessment.links.filter(
            submitted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        ).exists()
    )
    return send_refusal(assessment.status, link_open=link_open)


@dataclass
class AssessmentPage:
    assessment: Assessment
    evidence: list[AssessmentEvidence]
    history: list[Assessment]  # the product's scored assessments, oldest first


def assessment_page_for(user, pk) -> AssessmentPage:
    """The assessment with its people, evidence files and the product's score history
    (4 queries)."""
    assessment = assessment_get_for(user, pk)
    assessment = Assessment.objects.select_related(
        "product__vendor", "assessor", "scored_by", "ciso_approved_by"
    ).get(pk=assessment.pk)
    evidence = list(assessment.evidence.select_related("evidence__uploaded_by"))
    history = list(
        Assessment.objects.filter(
            product_id=assessment.product_id,
            status__in=[AssessmentStatus.SCORED, AssessmentStatus.SUPERSEDED],
        ).order_by("scored_at", "pk")
    )
    return AssessmentPage(assessment, evidence, history)


def questionnaire_links_open_count(now) -> int:
    """Questionnaire links a vendor can still answer (not submitted, withdrawn or
    expired): an operator's gauge (core.operations.metrics), one query."""
    from vendors.models import QuestionnaireLink

    return QuestionnaireLink.objects.filter(
        submitted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).count()
