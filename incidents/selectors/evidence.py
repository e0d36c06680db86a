"""Reads of the evidence files on an incident's records: the post-incident review's and
a sent notification's (incidents.services.evidence writes them). Each list is one
query; a link is found only through a record the viewer may see (404 otherwise)."""

from __future__ import annotations

from core.selectors import visible_or_404
from incidents.models import (
    IncidentNotification,
    NotificationEvidence,
    PostIncidentReview,
    ReviewEvidence,
)


def review_evidence_of(review: PostIncidentReview | None) -> list[ReviewEvidence]:
    """The files on the review now, in the order they were added, with their uploaders."""
    if review is None:
        return []
    return list(
        ReviewEvidence.objects.filter(review=review, removed_at=None)
        .select_related("evidence__uploaded_by")
        .order_by("added_at", "id")
    )


def notification_evidence_of(notification: IncidentNotification) -> list[NotificationEvidence]:
    """The files on the notification now, in the order they were added."""
    return list(
        NotificationEvidence.objects.filter(notification=notification, removed_at=None)
        .select_related("evidence__uploaded_by")
        .order_by("added_at", "id")
    )


def review_evidence_get(review: PostIncidentReview | None, link_id: int) -> ReviewEvidence:
    """A file on the review now (the review of an incident the caller found visible)."""
    # No review yet: review=None matches no link (every link has its review).
    rows = ReviewEvidence.objects.filter(review=review, removed_at=None).select_related("evidence")
    return visible_or_404(rows, "No such file on this review.", pk=link_id)


def notification_evidence_get(
    notification: IncidentNotification, link_id: int
) -> NotificationEvidence:
    """A file on the notification now (one the caller found visible)."""
    rows = NotificationEvidence.objects.filter(notification=notification, removed_at=None)
    return visible_or_404(
        rows.select_related("evidence"), "No such file on this notification.", pk=link_id
    )
