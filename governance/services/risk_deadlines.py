"""A risk's clocks: its next review and its mitigation due date, on core's engine.

`risk_deadlines_sync` is called by every service that changes a risk (and by the
board's decisions), in that service's transaction, so the deadlines always match the
risk: opened when a date is set, moved when it changes, met when a review is recorded
(the review deadline after `last_reviewed` moved on), cancelled when the date is
cleared or the risk is closed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.urls import reverse

from core.choices import Role
from core.clocks.selectors import deadline_open_for
from core.clocks.services import deadline_cancel, deadline_meet, deadline_move, deadline_open
from core.models import User
from core.selectors import users_with_role
from governance.choices import RiskStatus
from governance.models import Risk

REVIEW_KIND = "governance.risk_review"
MITIGATION_KIND = "governance.mitigation"
WARN_BEFORE = (timedelta(days=14), timedelta(days=3))
ESCALATE_AFTER = timedelta(days=1)  # overdue: the board hears of it the day after


DUE_TIME = time(9, 0)  # a date is due at the start of the working day, as system reviews


def due_at(day: date) -> datetime:
    """A due date as the clock's due time: 09:00 UTC that day."""
    return datetime.combine(day, DUE_TIME, tzinfo=UTC)


def risk_deadline_owner(risk: Risk, actor) -> User | None:
    """Who is warned: the named owner, else a product owner of the owning team, else
    the person who made the change."""
    if risk.owner_user_id:
        return risk.owner_user
    if risk.owner_team_id:
        product_owner = users_with_role(Role.PRODUCT_OWNER, team=risk.owner_team_id).first()
        if product_owner is not None:
            return product_owner
    return actor if isinstance(actor, User) else None


def risk_deadlines_sync(*, actor, risk: Risk) -> None:
    """Open, move, meet or cancel the risk's review and mitigation deadlines so that
    they match the risk as it is now (closed: both cancelled)."""
    closed = risk.status == RiskStatus.CLOSED
    owner = risk_deadline_owner(risk, actor)
    link = reverse("governance:risk_detail", args=[risk.risk_id])
    wanted = {
        REVIEW_KIND: (None if closed else risk.next_review, f"Review of {risk.risk_id}"),
        MITIGATION_KIND: (
            None if closed else risk.mitigation_due,
            f"Mitigation of {risk.risk_id}",
        ),
    }
    for kind, (day, label) in wanted.items():
        _sync_one(actor=actor, risk=risk, kind=kind, day=day, label=label, owner=owner, link=link)


def _sync_one(*, actor, risk, kind, day, label, owner, link) -> None:
    current = deadline_open_for(subject=risk, kind=kind)
    reason = "risk closed" if risk.status == RiskStatus.CLOSED else "date cleared"
    if current is not None and day is None:
        deadline_cancel(actor=actor, deadline=current, reason=reason)
        return
    if day is None or owner is None:
        return
    if current is not None and current.owner_id != owner.pk:
        deadline_cancel(actor=actor, deadline=current, reason="owner changed")
        current = None
    if current is not None:
        if current.due_at == due_at(day):
            return
        if kind == REVIEW_KIND and _reviewed_since(risk, current):
            deadline_meet(actor=actor, deadline=current)
        else:
            deadline_move(actor=actor, deadline=current, due_at=due_at(day))
            return
    deadline_open(
        actor=actor,
        subject=risk,
        kind=kind,
        label=label,
        due_at=due_at(day),
        owner=owner,
        warn_before=WARN_BEFORE,
        escalate_after=ESCALATE_AFTER,
        escalation_role=Role.BOARD,
        link=link,
    )


def _reviewed_since(risk: Risk, deadline) -> bool:
    """A review recorded since this deadline was opened: it is met, the next one opens."""
    return risk.last_reviewed is not None and risk.last_reviewed >= deadline.created_at.date()
