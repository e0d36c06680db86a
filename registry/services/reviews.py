"""System reviews by tier, and the clocks that keep them (issue 6, DOMAIN.md 1 and 2.1).

A classified system has one open review deadline (kind "registry.system_review"):
opened or moved when a classification takes effect, met by a recorded review, which
opens the next one from the cadence. Its owner (a product owner of the owning team)
is warned 14 and 3 days before; the governance board is told the day after it is due.
A classification proposal has a deadline too ("registry.proposal_wait"): due 5 days
after proposing, met when decided, cancelled when superseded.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_record
from core.choices import Role
from core.clocks.selectors import deadline_open_for
from core.clocks.services import deadline_cancel, deadline_meet, deadline_move, deadline_open
from core.models import Deadline, User
from core.permissions import require
from core.selectors import users_with_role
from core.writes import row_create, row_lock
from registry import rules
from registry.choices import ClassificationStatus
from registry.models import AISystem, Classification, ReviewCadence, SystemReview
from registry.selectors.reviews import (
    PROPOSAL_WAIT_KIND,
    SYSTEM_REVIEW_KIND,
    review_cadence_in_force,
)
from registry.services.common import clean_except
from registry.vocabulary import tier_label


def review_owner(system: AISystem, actor=None) -> User | None:
    """Who owns a system's review: a product owner of the owning team (the RACI's R),
    else the actor when a person; None when nobody can be named."""
    owner = users_with_role(Role.PRODUCT_OWNER, team=system.owner_team_id).first()
    if owner is None and isinstance(actor, User):
        owner = actor
    return owner


def _last_reviewed_at(system: AISystem) -> datetime | None:
    return (
        SystemReview.objects.filter(system=system)
        .order_by("-reviewed_at")
        .values_list("reviewed_at", flat=True)
        .first()
    )


def system_review_schedule(
    *, actor, system: AISystem, since: datetime | None = None
) -> Deadline | None:
    """Open or move the system's review deadline for its current tier: due a cadence
    after its last review (or after `since`, e.g. the classification taking effect).
    Called inside the service that changed the system (its permission checked there)."""
    if not system.risk_tier:
        return None
    base = _last_reviewed_at(system) or since or timezone.now()
    due_at = rules.review_due_at(base, system.risk_tier, review_cadence_in_force())
    current = deadline_open_for(subject=system, kind=SYSTEM_REVIEW_KIND)
    if current is not None:
        if current.due_at != due_at:
            current = deadline_move(actor=actor, deadline=current, due_at=due_at)
        return current
    owner = review_owner(system, actor)
    if owner is None:
        return None
    return deadline_open(
        actor=actor,
        subject=system,
        kind=SYSTEM_REVIEW_KIND,
        label=f"Review of {system.system_id} ({tier_label(system.risk_tier)})",
        due_at=due_at,
        owner=owner,
        warn_before=[timedelta(days=d) for d in rules.REVIEW_WARN_DAYS],
        escalate_after=timedelta(days=rules.REVIEW_ESCALATE_DAYS),
        escalation_role=Role.BOARD,
        link=reverse("registry:system_detail", args=[system.system_id]),
    )


@transaction.atomic
def system_review_record(*, actor, system: AISystem, note: str) -> SystemReview:
    """Record a review of a system (by the RACI: CISO, AI safety lead, engineering
    manager, or a product owner of the owning team), with a note: it meets the open
    review deadline and opens the next one from the cadence."""
    row_lock(system)
    require(actor, "registry.system.review_record", system)
    note = (note or "").strip()
    errors = {}
    if not note:
        errors["note"] = ["Say what the review found."]
    if not system.risk_tier:
        errors["system"] = ["Classify the system first: its tier sets when reviews are due."]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    due_at = rules.review_due_at(now, system.risk_tier, review_cadence_in_force())
    review = row_create(
        actor=actor,
        model=SystemReview,
        values={
            "system": system,
            "reviewed_by": actor,
            "reviewed_at": now,
            "note": note,
            "tier": system.risk_tier,
            "next_due_at": due_at,
        },
        action=None,  # the event below names the review and the next due date
        validate=clean_except("system", "reviewed_by"),
    )
    current = deadline_open_for(subject=system, kind=SYSTEM_REVIEW_KIND)
    if current is not None:
        deadline_meet(actor=actor, deadline=current, at=now)
    system_review_schedule(actor=actor, system=system)
    audit_record(
        actor=actor,
        action="system.reviewed",
        obj=system,
        changes={"review_id": review.pk, "note": note, "next_due_at": due_at},
    )
    return review


@transaction.atomic
def review_cadence_change(*, actor, months: Mapping[str, int]) -> ReviewCadence:
    """An administrator sets the months between reviews by tier: a new version, and the
    open review deadlines of the tiers that changed move to the new cadence."""
    require(actor, "registry.review_cadence.change")
    errors = rules.cadence_errors(months)
    if errors:
        raise ValidationError(errors)
    current = ReviewCadence.objects.select_for_update().order_by("-version").first()
    before = review_cadence_in_force()
    new = {tier: months[tier] for tier in rules.REVIEW_CADENCE_MONTHS}
    cadence = row_create(
        actor=actor,
        model=ReviewCadence,
        values={
            "version": current.version + 1 if current else 1,
            "months": new,
            "changed_by": actor if isinstance(actor, User) else None,
        },
        action=None,  # the event below names the deadlines the new cadence moved
        validate=clean_except("changed_by"),
    )
    changed = [tier for tier in new if new[tier] != before[tier]]
    moved = _reschedule(actor, changed)
    audit_record(
        actor=actor,
        action="review_cadence.changed",
        obj=cadence,
        changes={"months": [before, new], "deadlines_moved": moved},
    )
    return cadence


def _reschedule(actor, tiers: list[str]) -> list[str]:
    """Move the open review deadlines of systems in `tiers`; their system IDs. A system
    never reviewed counts from when its classification took effect."""
    systems = AISystem.objects.filter(risk_tier__in=tiers, pk__in=_review_scheduled_pks())
    moved = []
    for system in _with_effective_at(systems):
        system_review_schedule(actor=actor, system=system, since=system.effective_at)
        moved.append(system.system_id)
    return moved


def _review_scheduled_pks() -> list[int]:
    """The systems that have an open review deadline."""
    open_ids = Deadline.objects.filter(
        kind=SYSTEM_REVIEW_KIND, met_at__isnull=True, cancelled_at__isnull=True
    ).values_list("subject_id", flat=True)
    return [int(pk) for pk in open_ids]


def _with_effective_at(systems):
    """`systems` by system ID, each with when its classification took effect (what a
    system never reviewed counts its next review from)."""
    effective_at = Classification.objects.filter(
        system=OuterRef("pk"), status=ClassificationStatus.EFFECTIVE
    ).values("reviewed_at")[:1]
    return systems.annotate(effective_at=Subquery(effective_at)).order_by("system_id")


# Classification proposals waiting for a reviewer.

# Who owns a waiting proposal: an AI safety lead, else an engineering manager.
PROPOSAL_OWNER_ROLES = (Role.AI_SAFETY, Role.ENG_MANAGER)


def proposal_wait_open(*, actor, proposal: Classification) -> Deadline | None:
    """A proposal is due a decision 5 days after it is made: an AI safety lead owns it,
    the engineering managers are told the day after."""
    candidates = (
        users_with_role(role).exclude(pk=proposal.classified_by_id).first()
        for role in PROPOSAL_OWNER_ROLES
    )
    owner = next((person for person in candidates if person is not None), None)
    if owner is None:
        return None
    return deadline_open(
        actor=actor,
        subject=proposal,
        kind=PROPOSAL_WAIT_KIND,
        label=f"Decide the classification proposal for {proposal.system.system_id}",
        due_at=proposal.classified_at + timedelta(days=rules.PROPOSAL_WAIT_DAYS),
        owner=owner,
        escalate_after=timedelta(days=1),
        escalation_role=Role.ENG_MANAGER,
        link=reverse("registry:review_queue"),
    )


def proposal_wait_close(*, actor, proposals, decided: bool) -> None:
    """Meet (decided) or cancel (superseded) the waiting deadlines of `proposals`."""
    for proposal in proposals:
        deadline = deadline_open_for(subject=proposal, kind=PROPOSAL_WAIT_KIND)
        if deadline is None:
            continue
        if decided:
            deadline_meet(actor=actor, deadline=deadline)
        else:
            deadline_cancel(actor=actor, deadline=deadline, reason="The proposal was superseded.")


@transaction.atomic
def system_reviews_schedule_missing(*, actor) -> list[str]:
    """Open the review deadline of every classified system that has none (systems
    classified before reviews ran on the clocks); their system IDs. Counted from the
    last review, else from when the classification took effect. Administrators."""
    require(actor, "registry.review_cadence.change")
    missing = AISystem.objects.exclude(risk_tier="").exclude(pk__in=_review_scheduled_pks())
    opened = []
    for system in _with_effective_at(missing):
        if system_review_schedule(actor=actor, system=system, since=system.effective_at):
            opened.append(system.system_id)
    audit_record(
        actor=actor, action="system_reviews.scheduled", obj=None, changes={"systems": opened}
    )
    return opened
