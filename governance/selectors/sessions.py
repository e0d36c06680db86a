"""Every read of the board's review sessions: the list, and one session with its minutes."""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.http import Http404

from core.permissions import can
from governance.models import ReviewSession, Risk, RiskDecision


def session_list_for(user):
    if not can(user, "governance.session.view"):
        return ReviewSession.objects.none()
    return (
        ReviewSession.objects.select_related("opened_by")
        .annotate(
            risk_count=Count("risks", distinct=True),
            decision_count=Count("decisions", distinct=True),
        )
        .order_by("-held_on", "-id")
    )


def session_get_for(user, pk: int) -> ReviewSession:
    """A session with its agenda, attendees and decisions (the minutes): five queries."""
    if not can(user, "governance.session.view"):
        raise Http404("No such review session.")
    decisions = RiskDecision.objects.select_related(
        "risk", "decided_by", "mitigation_owner", "corrects", "corrected_by"
    )
    session = (
        ReviewSession.objects.select_related("opened_by", "closed_by")
        .prefetch_related(
            Prefetch("risks", queryset=Risk.objects.order_by("risk_id")),
            "attendees",
            Prefetch("decisions", queryset=decisions),
        )
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404("No such review session.")
    return session
