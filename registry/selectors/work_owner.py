"""What the registry puts in "Waiting for me" (core.work) for a product owner: the gaps
of the systems their team owns. Required controls still missing (one line a system),
classifications to propose (a proposal the reviewer returned that nothing newer
replaced, or a system never classified), and gate requests to finish (a draft never
submitted) or to redo (the latest request was blocked). Each costs one query. The
systems' reviews due come through core's deadlines, not from here."""

from __future__ import annotations

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.text import Truncator

from core.choices import Role
from core.permissions import teams_where
from core.work import WorkItem
from registry import rules
from registry.choices import (
    ApprovalDecision,
    ClassificationStatus,
    ControlStatus,
    GateRequestStatus,
    LifecycleStage,
)
from registry.lists.systems import system_url
from registry.models import AISystem, Classification, GateApproval, GateRequest

NOTE_SHOWN = 200  # characters of a reviewer's note or a rejection comment in the line


def _owned_systems(user):
    """The systems of the person's teams, decommissioned ones left out."""
    teams = teams_where(user, Role.PRODUCT_OWNER)
    return AISystem.objects.filter(owner_team_id__in=teams).exclude(
        lifecycle_stage=LifecycleStage.DECOMMISSIONED
    )


# --- required controls still missing ------------------------------------------------------

MISSING = Q(controls__retired_at__isnull=True, controls__status=ControlStatus.MISSING)


def owner_controls_missing_for(user) -> list[WorkItem]:
    """One line a system with required controls still missing (not in progress, done
    or waived): how many and which, those another role sets named with the role."""
    systems = (
        _owned_systems(user)
        .annotate(
            missing=Count("controls", filter=MISSING),
            names=ArrayAgg(
                "controls__control__name", filter=MISSING, order_by="controls__control__name"
            ),
            keys=ArrayAgg(
                "controls__control__key", filter=MISSING, order_by="controls__control__name"
            ),
        )
        .filter(missing__gt=0)
        .order_by("system_id")
    )
    return [_missing_item(system) for system in systems]


def _missing_item(system: AISystem) -> WorkItem:
    yours, others = [], []
    for name, key in zip(system.names, system.keys, strict=True):
        setters = rules.control_setter_roles(key)
        if setters:
            others.append(f"{name} ({' or '.join(Role(role).label for role in setters)})")
        else:
            yours.append(name)
    parts = [f"Missing: {', '.join(yours)}."] if yours else []
    if others:
        parts.append(f"Set by others: {', '.join(others)}.")
    count = f"{system.missing} required control{'s' * (system.missing != 1)}"
    return WorkItem(
        title=f"{system.system_id} {system.name}: {count} missing",
        url=f"{system_url(system.system_id)}#controls",
        why=" ".join(parts),
    )


# --- classifications to propose -----------------------------------------------------------


def owner_classifications_for(user) -> list[WorkItem]:
    """Systems whose latest classification record is a proposal the reviewer returned
    (rejected: a newer proposal or a reviewer's own classification replaces it), with
    the reviewer's note; and systems never classified, with nothing proposed."""
    latest = Classification.objects.filter(system=OuterRef("pk")).order_by("-classified_at", "-pk")[
        :1
    ]
    systems = (
        _owned_systems(user)
        .annotate(
            latest_status=Subquery(latest.values("status")),
            latest_note=Subquery(latest.values("review_note")),
            latest_reviewed_at=Subquery(latest.values("reviewed_at")),
        )
        .filter(
            Q(latest_status=ClassificationStatus.REJECTED)
            | Q(latest_status__isnull=True, risk_tier="")
        )
        .order_by("system_id")
    )
    return [_classification_item(system) for system in systems]


def _classification_item(system: AISystem) -> WorkItem:
    url = reverse("registry:system_classify", args=[system.system_id])
    if system.latest_status is None:
        return WorkItem(
            title=f"{system.system_id} {system.name}: not classified",
            url=url,
            why="Nothing proposed yet: answer the six questions to propose its risk tier.",
        )
    note = Truncator(system.latest_note.strip()).chars(NOTE_SHOWN)
    said = f": “{note}”" if note else "."
    return WorkItem(
        title=f"{system.system_id} {system.name}: classification proposal returned",
        url=url,
        why=f"A reviewer returned your proposal on {system.latest_reviewed_at:%Y-%m-%d}{said} "
        "Propose again.",
    )


# --- gate requests to finish or redo -------------------------------------------------------


def owner_gate_requests_for(user) -> list[WorkItem]:
    """Each owned system's latest gate request when it is a draft (never submitted: no
    approver is asked yet) or blocked (nothing opened since), with the rejection's
    comment if an approver rejected it."""
    latest = GateRequest.objects.filter(system=OuterRef("system")).order_by("-requested_at", "-pk")
    rejection = GateApproval.objects.filter(
        request=OuterRef("pk"), decision=ApprovalDecision.REJECTED, voided_at__isnull=True
    ).order_by("-decided_at")
    requests = (
        GateRequest.objects.filter(
            system__in=_owned_systems(user),
            status__in=[GateRequestStatus.DRAFT, GateRequestStatus.BLOCKED],
            pk=Subquery(latest.values("pk")[:1]),
        )
        .annotate(rejection=Subquery(rejection.values("comment")[:1]))
        .select_related("system", "gate")
        .order_by("system__system_id")
    )
    return [_gate_request_item(request) for request in requests]


def _gate_request_item(request: GateRequest) -> WorkItem:
    system = request.system
    if request.status == GateRequestStatus.DRAFT:
        why = (
            f"A draft opened {request.requested_at:%Y-%m-%d}, not submitted: the approvers "
            "are asked once it is."
        )
    else:
        said = Truncator((request.rejection or "").strip()).chars(NOTE_SHOWN)
        gaps = sum(len(found) for found in (request.gaps or {}).values())
        reason = f"rejected: “{said}”" if said else f"{gaps} thing{'s' * (gaps != 1)} missing"
        why = f"Blocked {request.decided_at:%Y-%m-%d}, {reason}. Fix it and request the gate again."
    status = request.get_status_display().lower()
    return WorkItem(
        title=f"{system.system_id} {system.name}: {request.gate.name} ({status})",
        url=reverse("registry:gate_request_detail", args=[system.system_id, request.pk]),
        why=why,
    )
