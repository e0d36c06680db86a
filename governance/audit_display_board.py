"""What the audit trail shows for the board's review sessions and decisions."""

from __future__ import annotations

from django.urls import reverse

from core.audit_display import register_action_labels, register_object_link


def session_page(object_id: str, _object_repr: str) -> str | None:
    return reverse("governance:session_detail", args=[object_id]) if object_id.isdigit() else None


def register() -> None:
    register_action_labels(
        {
            "review_session.opened": "Opened a review session",
            "review_session.attendees_set": "Recorded a review session's attendees",
            "review_session.closed": "Closed a review session",
            "risk_decision.recorded": "Recorded a board decision on a risk",
            "risk.reviewed": "Reviewed a risk (board decision)",
        }
    )
    register_object_link("governance.reviewsession", session_page)
