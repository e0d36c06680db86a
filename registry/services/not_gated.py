"""Systems registered "not gated" (DOMAIN.md 4): a system that already runs elsewhere,
registered at its real stage by the CISO or an administrator. The board sees it, and a
retroactive review (the gate of its current stage) is due within 30 days: a core
deadline, met when the system next passes a gate, which also clears the flag."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from core.choices import Role
from core.clocks.selectors import deadline_open_for
from core.clocks.services import deadline_meet, deadline_open
from core.writes import row_update
from registry import rules
from registry.models import AISystem
from registry.services.common import not_an_edit

RETROACTIVE_REVIEW_KIND = "registry.retroactive_review"
RETROACTIVE_REVIEW_WARN_DAYS = (7, 1)


def retroactive_review_open(*, actor, system: AISystem):
    """Start the 30-day clock of the retroactive review, owned by the registrant.
    Called inside system_create (its permission checked there)."""
    gate = rules.next_gate_slug(system.lifecycle_stage) or "none"
    return deadline_open(
        actor=actor,
        subject=system,
        kind=RETROACTIVE_REVIEW_KIND,
        label=f"Retroactive review of {system.system_id} (registered not gated, gate: {gate})",
        due_at=timezone.now() + timedelta(days=rules.RETROACTIVE_REVIEW_DAYS),
        owner=actor,
        warn_before=[timedelta(days=d) for d in RETROACTIVE_REVIEW_WARN_DAYS],
        escalation_role=Role.BOARD,
        escalate_after=timedelta(days=1),
        link=reverse("registry:system_detail", args=[system.system_id]),
    )


def retroactive_review_passed(*, actor, system: AISystem, gate_request_pk: int) -> None:
    """The system passed a gate: it is gated from now on, and its retroactive review's
    deadline is met. Called inside the service that closed the request."""
    if not system.not_gated:
        return
    deadline = deadline_open_for(subject=system, kind=RETROACTIVE_REVIEW_KIND)
    if deadline is not None:
        deadline_meet(actor=actor, deadline=deadline)
    row_update(
        actor=actor,
        obj=system,
        values={"not_gated": False},
        also=not_an_edit(system),
        action="system.gated",
        audit_extra={"gate_request": gate_request_pk},
    )
