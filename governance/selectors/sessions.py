"""Every read of the board's review sessions: the list, and one session with its minutes."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Prefetch, QuerySet

from core.lists import ListQuery
from core.selectors import all_or_none, visible_or_404
from governance.lists.sessions import SESSION_LIST
from governance.models import ReviewSession, Risk, RiskDecision


def sessions_visible_to(user) -> QuerySet[ReviewSession]:
    """Who sees which sessions, decided here only: the board's readers see them all."""
    return all_or_none(user, "governance.session.view", ReviewSession)


def session_list_for(user, params: Mapping | None = None, **context) -> ListQuery:
    """The sessions list (governance/lists/sessions.py): its page and its exports."""
    return SESSION_LIST.query(sessions_visible_to(user), params, **context)


def session_get_for(user, pk: int) -> ReviewSession:
    """A session with its agenda, attendees and decisions (the minutes): five queries."""
    decisions = RiskDecision.objects.select_related(
        "risk", "decided_by", "mitigation_owner", "corrects", "corrected_by"
    )
    rows = (
        sessions_visible_to(user)
        .select_related("opened_by", "closed_by")
        .prefetch_related(
            Prefetch("risks", queryset=Risk.objects.order_by("risk_id")),
            "attendees",
            Prefetch("decisions", queryset=decisions),
        )
    )
    return visible_or_404(rows, "No such review session.", pk=pk)
