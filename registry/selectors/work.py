"""What the registry puts in "Waiting for me" (core.work): gate approval slots that
the person's roles fill, and the classifications waiting for a reviewer."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse

from core.choices import Role
from core.permissions import can, roles_of
from core.work import WorkItem
from registry.choices import GateRequestStatus
from registry.lists.system_filters import classification_waiting
from registry.lists.systems import system_url
from registry.models import AISystem, GateApproval, GateRequest

# The queue's first items; the rest are one click away on the queue itself.
REVIEW_ITEMS_SHOWN = 25


def gate_slots_waiting_for(user) -> list[WorkItem]:
    """Submitted (open) gate requests, never drafts, with a slot nobody filled that the
    person may fill (the registry's own rule, registry.permissions.may_fill_slot: the
    owning team's product owner for that slot, anyone else never on their own request)
    and no other slot of it theirs (separation of duties). Two queries."""
    roles = roles_of(user)
    standing = GateApproval.objects.filter(voided_at__isnull=True)
    requests = (
        GateRequest.objects.filter(
            status=GateRequestStatus.OPEN, gate__approvals__overlap=sorted(roles)
        )
        .select_related("system", "gate")
        .prefetch_related(Prefetch("approvals", queryset=standing, to_attr="standing"))
        .order_by("submitted_at", "pk")
    )
    items = []
    for request in requests:
        if any(approval.approver_id == user.pk for approval in request.standing):
            continue
        filled = {approval.role for approval in request.standing}
        open_slots = [
            role
            for role in request.gate.approvals
            if role not in filled and can(user, "registry.gate.approve", (request, role))
        ]
        if open_slots:
            items.append(_gate_item(request, open_slots))
    return items


def _gate_item(request: GateRequest, slots: list[str]) -> WorkItem:
    system = request.system
    url = reverse("registry:gate_request_detail", args=[system.system_id, request.pk])
    as_roles = " or ".join(Role(role).label for role in slots)
    return WorkItem(
        title=f"{system.system_id} {system.name}: {request.gate.name}",
        url=url,
        why=f"Your approval as {as_roles}, asked since {request.submitted_at:%Y-%m-%d}.",
    )


def classifications_waiting_for(user) -> list[WorkItem]:
    """The reviewers' queue: systems with a proposal to decide or flagged for
    re-classification, oldest first (one query)."""
    if not can(user, "registry.classification.review_queue"):
        return []
    systems = (
        AISystem.objects.filter(classification_waiting())
        .order_by("updated_at", "pk")
        .only("system_id", "name", "reclassification_needed")[:REVIEW_ITEMS_SHOWN]
    )
    return [
        WorkItem(
            title=f"{system.system_id} {system.name}",
            url=system_url(system.system_id),
            why=(
                "Flagged for re-classification: review it."
                if system.reclassification_needed
                else "A proposed classification waits for a reviewer."
            ),
        )
        for system in systems
    ]
