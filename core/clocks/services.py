"""Writes of the clocks: open, move, meet and cancel a deadline.

Apps call these inside their own service, in the transaction that changes the subject
(a review recorded meets its deadline and opens the next), after that service has
checked the actor's permission on the subject: the deadline is part of that write.
Each records its audit event; times are stored in UTC.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.choices import Role
from core.clocks import rules
from core.models import Deadline, User

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
        subject_type=subject_type, subject_id=str(subject.pk), kind=kind,
        met_at__isnull=True, cancelled_at__isnull=True,
    ).exists():  # fmt: skip
        raise ValueError(f"{label} already has an open '{kind}' deadline: move it instead.")
    deadline = Deadline(
        subject_type=subject_type, subject_id=str(subject.pk), label=label[:200], link=link,
        kind=kind, due_at=due_at.astimezone(UTC), warn_before=warn_before,
        escalate_after=escalate_after, owner=owner, escalation_role=escalation_role,
        escalation_roles=roles,
    )  # fmt: skip
    deadline.next_alert_at = _next_alert_at(deadline)
    deadline.save(force_insert=True)
    audit_record(
        actor=actor,
        action="deadline.opened",
        obj=deadline,
        changes={"kind": kind, "due_at": deadline.due_at, "owner": owner.email},
    )
    return deadline


@transaction.atomic
def deadline_move(
    *, actor, deadline: Deadline, due_at: datetime, warn_before: Iterable[timedelta] | None = None
) -> Deadline:
    """Set a new due date (and, given, new warning offsets: a shorter window warns
    sooner). Its warnings start afresh: each is sent again for the new date (the
    alerts' unique key includes the due date)."""
    deadline = _locked_open(deadline)
    _check_due(due_at)
    if warn_before is not None:
        deadline.warn_before = sorted(set(warn_before), reverse=True)
        if any(offset <= timedelta(0) for offset in deadline.warn_before):
            raise ValueError("warn_before offsets must be positive.")
    before = deadline.due_at
    deadline.due_at = due_at.astimezone(UTC)
    deadline.notified = []
    deadline.next_alert_at = _next_alert_at(deadline)
    deadline.save(update_fields=["due_at", "warn_before", "notified", "next_alert_at"])
    audit_record(
        actor=actor, action="deadline.moved", obj=deadline,
        changes={"due_at": [before, deadline.due_at]},
    )  # fmt: skip
    return deadline


@transaction.atomic
def deadline_meet(*, actor, deadline: Deadline, at: datetime | None = None) -> Deadline:
    """The subject did what was due (a review recorded): no more warnings."""
    deadline = _locked_open(deadline)
    deadline.met_at = at or timezone.now()
    deadline.met_by = actor if getattr(actor, "is_authenticated", False) else None
    deadline.next_alert_at = None
    deadline.save(update_fields=["met_at", "met_by", "next_alert_at"])
    audit_record(
        actor=actor, action="deadline.met", obj=deadline,
        changes={"met_at": deadline.met_at, "due_at": deadline.due_at},
    )  # fmt: skip
    return deadline


@transaction.atomic
def deadline_reassign(*, actor, deadline: Deadline, owner: User) -> Deadline:
    """Give an open deadline to another owner (an incident gets its lead): the alerts
    still to come go to them; those already sent are not repeated."""
    deadline = _locked_open(deadline)
    before = deadline.owner.email
    deadline.owner = owner
    deadline.save(update_fields=["owner"])
    audit_record(
        actor=actor, action="deadline.reassigned", obj=deadline,
        changes={"owner": [before, owner.email]},
    )  # fmt: skip
    return deadline


@transaction.atomic
def deadline_cancel(*, actor, deadline: Deadline, reason: str = "") -> Deadline:
    """Nothing is due any more (a risk closed, a system retired): no more warnings."""
    deadline = _locked_open(deadline)
    deadline.cancelled_at = timezone.now()
    deadline.next_alert_at = None
    deadline.save(update_fields=["cancelled_at", "next_alert_at"])
    audit_record(actor=actor, action="deadline.cancelled", obj=deadline, changes={"reason": reason})
    return deadline


def deadline_thresholds(deadline: Deadline) -> list[rules.Threshold]:
    return rules.thresholds(deadline.due_at, deadline.warn_before, deadline.escalate_after)


def _next_alert_at(deadline: Deadline) -> datetime | None:
    return rules.next_alert_at(deadline_thresholds(deadline), deadline.notified)


def _locked_open(deadline: Deadline) -> Deadline:
    locked = Deadline.objects.select_for_update(of=("self",)).get(pk=deadline.pk)
    if not locked.is_open:
        raise ValueError(f"The deadline '{locked.label}' is already met or cancelled.")
    return locked


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
