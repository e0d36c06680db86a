"""What the registry puts in "Waiting for me" (core.work) for the people who decide:
gate approval slots that the person's roles fill, the classifications waiting for a
reviewer, and the required controls the RACI gives the person to set. The product
owner's own gaps are in registry.selectors.work_owner."""

from __future__ import annotations

import operator
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import Cast
from django.urls import reverse

from core.choices import Role
from core.models import Deadline
from core.permissions import can, roles_of, teams_where
from core.selectors import users_with_role
from core.work import WorkItem, WorkShown
from registry import rules
from registry.choices import ControlStatus, GateRequestStatus, LifecycleStage
from registry.lists.system_filters import classification_waiting, proposals_waiting
from registry.lists.systems import system_url
from registry.models import AISystem, Classification, GateApproval, GateRequest, SystemControl
from registry.selectors.gates import gate_definitions_current, gate_spec_of
from registry.selectors.reviews import PROPOSAL_WAIT_KIND

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


def classifications_waiting_for(user) -> WorkShown:
    """The reviewers' queue: systems with a proposal to decide or flagged for
    re-classification, oldest first: the first REVIEW_ITEMS_SHOWN, and how many in all
    (one query: the count is a window over the same rows). A proposal carries the due
    time of its waiting clock (registry.services.reviews), which this source covers:
    the reviewer who owns that clock sees the proposal once, here, with its countdown."""
    if not can(user, "registry.classification.review_queue"):
        return WorkShown([], total=0)
    systems = list(
        AISystem.objects.filter(classification_waiting())
        .annotate(waiting=Window(Count("pk")), decide_by=_proposal_due())
        .order_by("updated_at", "pk")
        .only("system_id", "name", "reclassification_needed")[:REVIEW_ITEMS_SHOWN]
    )
    items = [
        WorkItem(
            title=f"{system.system_id} {system.name}",
            url=system_url(system.system_id),
            why=(
                "Flagged for re-classification: review it."
                if system.reclassification_needed
                else "A proposed classification waits for a reviewer."
            ),
            due_at=system.decide_by,
        )
        for system in systems
    ]
    return WorkShown(items, total=systems[0].waiting if systems else 0)


def _proposal_due() -> Subquery:
    """The due time of the running waiting clock of the system's undecided proposal."""
    proposals = proposals_waiting().filter(system=OuterRef(OuterRef("pk")))
    clocks = Deadline.objects.filter(
        kind=PROPOSAL_WAIT_KIND,
        met_at__isnull=True,
        cancelled_at__isnull=True,
        subject_type=ContentType.objects.get_for_model(Classification),
        subject_id__in=proposals.values(pk_text=Cast("pk", CharField())),
    ).order_by("due_at")
    return Subquery(clocks.values("due_at")[:1])


# --- controls the RACI gives a person (DOMAIN.md 14) ------------------------------------

WAITING_STATUSES = (ControlStatus.MISSING, ControlStatus.IN_PROGRESS)  # not done, not waived


def controls_to_set_for(user) -> WorkShown:
    """The required controls that the person's role alone sets and that are still to do
    (missing or in progress; implemented and not applicable are done): the privacy
    impact assessments for the DPO, the security assessments for the security lead, the
    bias evaluations for the AI safety lead, an approval control for its approver.

    Asked of the RACI's responsible role, the first of `control_setter_roles`: the
    security lead does the security assessments the CISO is accountable for, so the
    CISO is asked only where nobody holds the security lead's role. An approval control
    is listed only where no gate ahead of the system asks that role: a gate's approval
    meets it (services.gate_common.approval_controls_meet), and its slot is asked there.
    Never a system of the person's own team (their gap, listed to them as its owner: the
    RACI's controls check an owner's work), never a retired control or a decommissioned
    system. The first REVIEW_ITEMS_SHOWN by system; two queries at most."""
    asked = _asked_of(roles_of(user))
    if not asked:
        return WorkShown([], total=0)
    controls = (
        SystemControl.objects.filter(
            reduce(operator.or_, asked.values()),
            retired_at__isnull=True,
            status__in=WAITING_STATUSES,
        )
        .exclude(system__owner_team_id__in=teams_where(user, Role.PRODUCT_OWNER))
        .exclude(system__lifecycle_stage=LifecycleStage.DECOMMISSIONED)
        .select_related("system", "control")
        .order_by("system__system_id", "control__name", "pk")
    )
    gates = _gates_in_force_if(any(map(rules.control_approver_role, asked)))
    waiting = [
        control
        for control in controls
        if can(user, "registry.control.change", control)
        and not _asked_at_a_gate_ahead(control, gates)
    ]
    return WorkShown(map(_control_item, waiting[:REVIEW_ITEMS_SHOWN]), total=len(waiting))


def _asked_of(roles: frozenset[str]) -> dict[str, Q]:
    """Which controls wait for holders of `roles`, by key: those whose first setter
    role they hold, and those they may set whose first setter role nobody active holds."""
    asked = {}
    for key in (*rules.APPROVAL_CONTROL_ROLES, *rules.RACI_CONTROL_ROLES):
        first, *others = rules.control_setter_roles(key)
        if first in roles:
            asked[key] = Q(control__key=key)
        elif roles & set(others):
            asked[key] = Q(control__key=key) & ~Exists(users_with_role(first))
    return asked


def _gates_in_force_if(needed: bool) -> list[rules.GateSpec]:
    return [gate_spec_of(gate) for gate in gate_definitions_current()] if needed else []


def _asked_at_a_gate_ahead(control: SystemControl, gates: list[rules.GateSpec]) -> bool:
    """An approval control that a gate still ahead of the system (from its stage on)
    asks its approver for, at the system's gate tier."""
    role = rules.control_approver_role(control.control.key)
    if role is None:
        return False
    system = control.system
    stage = rules.STAGE_ORDER.index(system.lifecycle_stage)
    tier = rules.gate_tier(system.risk_tier, system.ai_act_category)
    return any(
        rules.STAGE_ORDER.index(gate.from_stage) >= stage
        and role in gate.approval_roles
        and rules.gate_applies(gate, tier)
        for gate in gates
    )


def _control_item(control: SystemControl) -> WorkItem:
    system, name, key = control.system, control.control.name, control.control.key
    status = control.get_status_display().lower()
    approver = rules.control_approver_role(key)
    if approver is not None:
        why = (
            f"Your approval as {Role(approver).label}: no gate ahead of this system asks "
            f"for it; status: {status}."
        )
    else:
        setters = " or the ".join(Role(role).label for role in rules.control_setter_roles(key))
        why = f"The RACI gives the {name[:1].lower()}{name[1:]} to the {setters}; status: {status}."
    return WorkItem(
        title=f"{system.system_id} {system.name}: {name}",
        url=f"{system_url(system.system_id)}#control-row-{control.pk}",
        why=why,
    )
