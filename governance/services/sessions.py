"""Review sessions of the governance board: open one with its agenda, record who
attended, close it (then its minutes are final)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.audit import audit_record
from core.models import User
from core.permissions import require
from core.writes import row_create, row_lock, row_update
from governance import choices as c
from governance.models import ReviewSession, Risk


def quarterly_agenda(held_on: date) -> list[Risk]:
    """Everything due: open risks whose next review falls on or before the session day,
    and open risks never scheduled for one."""
    return list(
        Risk.objects.filter(status=c.RiskStatus.OPEN)
        .filter(Q(next_review__lte=held_on) | Q(next_review__isnull=True))
        .order_by("risk_id")
    )


def _open_problems(kind: str, reason: str, risks: list[Risk]) -> dict[str, str]:
    problems = {}
    if kind not in c.SessionKind.values:
        problems["kind"] = "Choose a quarterly or an ad-hoc review."
    if kind == c.SessionKind.AD_HOC and reason not in c.AdHocReason.values:
        problems["reason"] = (
            "Say what prompted the ad-hoc review: a new use case, a major model update "
            "or an outside incident."
        )
    if kind == c.SessionKind.AD_HOC and not risks:
        problems["risks"] = "Choose the risks this review looks at."
    return problems


@transaction.atomic
def session_open(
    *,
    actor,
    title: str,
    kind: str,
    held_on: date,
    reason: str = "",
    reason_detail: str = "",
    risks: Iterable[Risk] = (),
    attendees: Iterable[User] = (),
) -> ReviewSession:
    """Open a review session. A quarterly one reviews everything due on `held_on`; an
    ad-hoc one names its reason and the risks it reviews."""
    require(actor, "governance.session.manage")
    chosen = list(risks) if kind == c.SessionKind.AD_HOC else quarterly_agenda(held_on)
    problems = _open_problems(kind, reason, chosen)
    if problems:
        raise ValidationError(problems)
    chosen_reason = reason if kind == c.SessionKind.AD_HOC else ""
    people = list(attendees)
    session = row_create(
        actor=actor,
        model=ReviewSession,
        values={
            "title": title,
            "kind": kind,
            "reason": chosen_reason,
            "reason_detail": reason_detail,
            "held_on": held_on,
            "opened_by": actor,
        },
        action="review_session.opened",
        audit_changes={
            "kind": [None, kind],
            "reason": [None, chosen_reason],
            "held_on": [None, held_on.isoformat()],
            "risks": [None, [r.risk_id for r in chosen]],
            "attendees": [None, sorted(p.email for p in people)],
        },
        validate=lambda session: session.full_clean(exclude=["opened_by"]),
    )
    session.risks.set(chosen)
    session.attendees.set(people)
    return session


def session_refuse_if_closed(session: ReviewSession) -> None:
    """ValidationError on `session` once it is closed: its minutes are final."""
    if session.is_closed:
        raise ValidationError(
            {
                "session": "This session is closed: its minutes cannot change. "
                "Record a correction in an open session."
            }
        )


@transaction.atomic
def session_attendees_set(*, actor, session: ReviewSession, attendees: Iterable[User]):
    """Record who attended, while the session is open."""
    session = row_lock(session)
    require(actor, "governance.session.manage", session)
    session_refuse_if_closed(session)
    before = sorted(session.attendees.values_list("email", flat=True))
    people = list(attendees)
    after = sorted(p.email for p in people)
    if before != after:
        # Who attended is a link set, not a row: core.writes has no helper for it.
        session.attendees.set(people)
        audit_record(
            actor=actor,
            action="review_session.attendees_set",
            obj=session,
            changes={"attendees": [before, after]},
        )
    return session


@transaction.atomic
def session_close(*, actor, session: ReviewSession) -> ReviewSession:
    """Close the session: from now on its minutes (attendees and decisions) are final."""
    session = row_lock(session)
    require(actor, "governance.session.manage", session)
    session_refuse_if_closed(session)
    row_update(
        actor=actor,
        obj=session,
        values={"status": c.SessionStatus.CLOSED},
        also={"closed_at": timezone.now(), "closed_by": actor},
        action="review_session.closed",
    )
    return session
