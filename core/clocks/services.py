"""Writes of the clocks: open, move, meet and cancel a deadline.

Apps call these inside their own service, in the transaction that changes the subject
(a review recorded meets its deadline and opens the next), after that service has
checked the actor's permission on the subject: the deadline is part of that write.
Each writes through core.writes and records its audit event; times are stored in UTC.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from core.choices import Role
from core.clocks import rules
from core.models import Deadline, User
from core.writes import row_create, row_lock, row_update

KIND_PATTERN = re.compile(r"^[a-z][a-z0-9_.]{0,59}$")


@transaction.atomic
def deadline_open(
    *,
    actor,
    subject,
    kind: str,
    label: str,
    due_at: datetime,
    owner: User,
    warn_before: Iterable[timedelta] = (),
    escalate_after: timedelta | None = None,
    escalation_role: str = "",
    escalation_roles: Iterable[str] = (),
    link: str = "",
) -> Deadline:
    """Start the clock of `kind` on `subject`; one open deadline per subject and kind.
    An escalation goes to every holder of `escalation_role` and of `escalation_roles`."""
    warn_before = sorted(set(warn_before), reverse=True)
    roles = [r for r in dict.fromkeys(escalation_roles) if r != escalation_role]
    _check_terms(kind, due_at, warn_before, escalate_after, [escalation_role, *roles])
    subject_type = ContentType.objects.get_for_model(subject)
    if Deadline.objects.filter(
        subject_type=subject_type,
        subject_id=str(subject.pk),
        kind=kind,
        met_at__isnull=True,
        cancelled_at__isnull=True,
    ).exists():
        raise ValueError(f"{label} already has an open '{kind}' deadline: move it instead.")
    due_at = due_at.astimezone(UTC)
    return row_create(
        actor=actor,
        model=Deadline,
        values={
            "subject_type": subject_type,
            "subject_id": str(subject.pk),
            "label": label[:200],
            "link": link,
            "kind": kind,
            "due_at": due_at,
            "warn_before": warn_before,
            "escalate_after": escalate_after,
            "owner": owner,
            "escalation_role": escalation_role,
            "escalation_roles": roles,
            "next_alert_at": _next_alert_at(due_at, warn_before, escalate_after, []),
        },
        action="deadline.opened",
        audit_changes={"kind": kind, "due_at": due_at, "owner": owner.email},
        validate=_clean_but_relations,
    )


@transaction.atomic
def deadline_move(
    *,
    actor,
    deadline: Deadline,
    due_at: datetime,
    warn_before: Iterable[timedelta] | None = None,
    audited: bool = True,
) -> Deadline:
    """Set a new due date (and, given, new warning offsets: a shorter window warns
    sooner). Its warnings start afresh: each is sent again for the new date (the
    alerts' unique key includes the due date). `audited=False` for a clock a machine
    moves at every push (a monitored system's silence deadline, moved by each batch of
    values): the trail would hold one event per batch and say nothing a person did."""
    _locked_open(deadline)
    _check_due(due_at)
    if warn_before is not None:
        warn_before = sorted(set(warn_before), reverse=True)
        if any(offset <= timedelta(0) for offset in warn_before):
            raise ValueError("warn_before offsets must be positive.")
    else:
        warn_before = deadline.warn_before
    before, due_at = deadline.due_at, due_at.astimezone(UTC)
    row_update(
        actor=actor,
        obj=deadline,
        values={"due_at": due_at, "warn_before": warn_before},
        also={
            "notified": [],
            "next_alert_at": _next_alert_at(due_at, warn_before, deadline.escalate_after, []),
        },
        action="deadline.moved" if audited else None,
        audit_changes={"due_at": [before, due_at]},
    )
    return deadline


@transaction.atomic
def deadline_meet(*, actor, deadline: Deadline, at: datetime | None = None) -> Deadline:
    """The subject did what was due (a review recorded): no more warnings."""
    _locked_open(deadline)
    met_at = at or timezone.now()
    row_update(
        actor=actor,
        obj=deadline,
        values={
            "met_at": met_at,
            "met_by": actor if getattr(actor, "is_authenticated", False) else None,
            "next_alert_at": None,
        },
        action="deadline.met",
        audit_changes={"met_at": met_at, "due_at": deadline.due_at},
    )
    return deadline


@transaction.atomic
def deadline_reassign(*, actor, deadline: Deadline, owner: User) -> Deadline:
    """Give an open deadline to another owner (an incident gets its lead): the alerts
    still to come go to them; those already sent are not repeated."""
    _locked_open(deadline)
    row_update(
        actor=actor,
        obj=deadline,
        values={"owner": owner},
        action="deadline.reassigned",
        audit_changes={"owner": [deadline.owner.email, owner.email]},
    )
    return deadline


@transaction.atomic
def deadline_cancel(*, actor, deadline: Deadline, reason: str = "") -> Deadline:
    """Nothing is due any more (a risk closed, a system retired): no more warnings."""
    _locked_open(deadline)
    row_update(
        actor=actor,
        obj=deadline,
        values={"cancelled_at": timezone.now(), "next_alert_at": None},
        action="deadline.cancelled",
        audit_changes={"reason": reason},
    )
    return deadline


def deadline_thresholds(deadline: Deadline) -> list[rules.Threshold]:
    return rules.thresholds(deadline.due_at, deadline.warn_before, deadline.escalate_after)


def _next_alert_at(due_at, warn_before, escalate_after, notified) -> datetime | None:
    return rules.next_alert_at(rules.thresholds(due_at, warn_before, escalate_after), notified)


def _locked_open(deadline: Deadline) -> Deadline:
    """Lock the deadline's row and re-read it; refused once it is met or cancelled."""
    row_lock(deadline)
    if not deadline.is_open:
        raise ValueError(f"The deadline '{deadline.label}' is already met or cancelled.")
    return deadline


def _clean_but_relations(deadline: Deadline) -> None:
    """The terms were checked (_check_terms); the fields' own limits (a link of at most
    300 characters) are checked here, the relations are the caller's objects."""
    deadline.full_clean(
        exclude=["subject_type", "owner", "met_by"],
        validate_unique=False,
        validate_constraints=False,
    )


def _check_due(due_at: datetime) -> None:
    if timezone.is_naive(due_at):
        raise ValueError("due_at must carry a time zone (it is stored in UTC).")


def _check_terms(kind, due_at, warn_before, escalate_after, escalation_roles) -> None:
    if not KIND_PATTERN.match(kind):
        raise ValueError(f"kind '{kind}' must be a lower-case name like 'system_review'.")
    _check_due(due_at)
    if any(offset <= timedelta(0) for offset in warn_before):
        raise ValueError("warn_before offsets must be positive.")
    if escalate_after is not None and escalate_after <= timedelta(0):
        raise ValueError("escalate_after must be positive.")
    for role in escalation_roles:
        if role and role not in Role.values:
            raise ValueError(f"escalation_role '{role}' is not a role.")
    if escalate_after is not None and not any(escalation_roles):
        raise ValueError("An escalation needs an escalation_role to notify.")
