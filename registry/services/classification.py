"""Classifying a system (DOMAIN.md 2.1, by the RACI).

A reviewer (AI safety lead, engineering manager, CISO) who classifies makes the
classification effective at once: tier, score and required controls follow. A product
owner of the owning team makes a proposal: recorded, shown as proposed, and the
reviewers are told; nothing about the system changes until a reviewer decides
(registry.services.classification_review).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_record
from core.choices import Role
from core.permissions import can, require
from core.selectors import users_with_role
from core.services import notification_send_each
from core.writes import row_create, row_lock, row_update
from registry import rules
from registry.choices import ClassificationStatus as Status
from registry.models import (
    AISystem,
    Classification,
    ControlDefinition,
    ScoringScheme,
    SystemControl,
)
from registry.selectors.classification import scheme_in_force
from registry.services.common import clean_except
from registry.services.gate_approvals import gate_approvals_void
from registry.services.reviews import (
    proposal_wait_close,
    proposal_wait_open,
    system_review_schedule,
)
from registry.vocabulary import DIMENSIONS, tier_label

# The RACI's "responsible" for classification: told of every new proposal.
REVIEWER_ROLES = (Role.AI_SAFETY, Role.ENG_MANAGER)


@dataclass(frozen=True)
class ClassificationOutcome:
    """A new classification and the control keys it added and retired (none for a
    proposal, which changes nothing yet)."""

    classification: Classification
    added: tuple[str, ...]
    retired: tuple[str, ...]

    @property
    def proposed(self) -> bool:
        return self.classification.status == Status.PROPOSED


@transaction.atomic
def system_classify(
    *, actor, system: AISystem, inputs: dict[str, str], rationale: str
) -> ClassificationOutcome:
    """Classify a system: effective at once for a reviewer, a proposal for its owner."""
    # Lock and re-read the row first: concurrent classifications of one system queue up,
    # and the permission and the tier replaced are judged on what is stored now.
    row_lock(system)
    require(actor, "registry.system.classify", system)
    scheme = scheme_in_force()
    result = classification_result(inputs, rationale, scheme.as_rules())
    values = classification_values(actor, system, inputs, rationale, result, scheme)
    if can(actor, "registry.classification.decide", system):
        return make_effective(actor=actor, system=system, scheme=scheme, new=values)
    return _propose(actor, system, values)


def classification_values(actor, system, inputs, rationale, result, scheme) -> dict[str, Any]:
    """What a new classification of `system` by `actor` holds (checked field by field
    when it is saved)."""
    return {
        "system": system,
        "score": result.score,
        "tier": result.tier,
        "scheme": scheme,
        "rationale": rationale.strip(),
        "classified_by": actor,
        **{d: inputs[d] for d in DIMENSIONS},
    }


def _classification_create(actor, values: Mapping[str, Any]) -> Classification:
    return row_create(
        actor=actor,
        model=Classification,
        values=values,
        action=None,  # the caller's event names it (classification.proposed, system.classified)
        validate=clean_except("system", "classified_by", "scheme", "reviewer", "replaces"),
    )


def _propose(actor, system: AISystem, values: Mapping[str, Any]) -> ClassificationOutcome:
    now = timezone.now()
    replaced = list(Classification.objects.filter(system=system, status=Status.PROPOSED))
    Classification.objects.filter(pk__in=[p.pk for p in replaced]).update(
        status=Status.SUPERSEDED, review_note="Replaced by a newer proposal."
    )
    record = _classification_create(
        actor, {**values, "status": Status.PROPOSED, "classified_at": now}
    )
    proposal_wait_close(actor=actor, proposals=replaced, decided=False)
    proposal_wait_open(actor=actor, proposal=record)
    audit_record(
        actor=actor,
        action="classification.proposed",
        obj=system,
        changes={
            "classification_id": record.pk,
            "score": record.score,
            "tier": record.tier,
            "scheme_version": record.scheme.version,
            "inputs": {d: getattr(record, d) for d in DIMENSIONS},
            "replaced_proposals": [p.pk for p in replaced],
        },
    )
    _tell_reviewers(actor, system, record)
    return ClassificationOutcome(record, (), ())


def _tell_reviewers(actor, system: AISystem, record: Classification) -> None:
    notification_send_each(
        users_with_role(REVIEWER_ROLES).exclude(pk=actor.pk),
        title=f"{system.system_id}: classification proposed ({tier_label(record.tier)})",
        reason="You review risk classifications (AI safety lead or engineering manager).",
        body=f"{actor.display_name} proposes score {record.score}, tier "
        f"{tier_label(record.tier)}: {record.rationale}",
        link=reverse("registry:review_queue"),
        subject=record,
        dedupe_key=lambda reviewer: f"classification-{record.pk}-proposed-{reviewer.pk}",
    )


def make_effective(
    *,
    actor,
    system: AISystem,
    scheme: ScoringScheme,
    proposal: Classification | None = None,
    review_note: str = "",
    new: Mapping[str, Any] | None = None,
    audit_extra: dict | None = None,
) -> ClassificationOutcome:
    """Make a classification the system's own: a waiting `proposal` the reviewer confirms
    (with their `review_note`), or a `new` one (classification_values). The one before
    it and any waiting proposal are superseded, the tier and score set, the controls
    synced."""
    now = timezone.now()
    before = {"risk_score": system.risk_score, "risk_tier": system.risk_tier}
    decided = proposal if proposal is not None else (new or {}).get("replaces")
    _close_waiting_proposals(actor, system, decided)
    _supersede_others(actor, system, proposal, now)
    made_by = {"status": Status.EFFECTIVE, "reviewer": actor, "reviewed_at": now}
    if proposal is not None:
        values = {**made_by, "review_note": (review_note or "").strip()}
        row_update(actor=actor, obj=proposal, values=values, action=None)
        classification = proposal
    else:
        classification = _classification_create(actor, {**new, **made_by, "classified_at": now})
    result = rules.classify({d: getattr(classification, d) for d in DIMENSIONS}, scheme.as_rules())
    delta = _sync_required_controls(
        actor, system, scheme.as_rules().tier_controls.get(result.tier, ()), now
    )
    _set_current_tier(actor, system, result)
    system_review_schedule(actor=actor, system=system, since=now)
    gate_approvals_void(
        actor=actor,
        system=system,
        reason=f"A new classification took effect on {now:%Y-%m-%d} "
        f"(score {result.score}, {tier_label(result.tier)}): approvals given before were voided",
    )
    audit_record(
        actor=actor,
        action="system.classified",
        obj=system,
        changes={
            "risk_score": [before["risk_score"], result.score],
            "risk_tier": [before["risk_tier"] or None, result.tier],
            "classification_id": classification.pk,
            "scheme_version": scheme.version,
            "inputs": {d: getattr(classification, d) for d in DIMENSIONS},
            "controls_added": list(delta.added),
            "controls_retired": list(delta.retired),
            **(audit_extra or {}),
        },
    )
    return ClassificationOutcome(classification, delta.added, delta.retired)


def _close_waiting_proposals(actor, system: AISystem, decided: Classification | None) -> None:
    """The waiting proposals' clocks stop: met for the one decided (confirmed, or answered
    by this classification), cancelled for the ones merely superseded."""
    decided_pk = decided.pk if decided is not None else None
    waiting = list(Classification.objects.filter(system=system, status=Status.PROPOSED))
    proposal_wait_close(
        actor=actor, proposals=[p for p in waiting if p.pk == decided_pk], decided=True
    )
    proposal_wait_close(
        actor=actor, proposals=[p for p in waiting if p.pk != decided_pk], decided=False
    )


def _supersede_others(actor, system: AISystem, kept: Classification | None, now) -> None:
    """The effective classification before this one, and any waiting proposal but the
    one `kept` (confirmed), step aside (first: the database holds one of each per
    system)."""
    others = Classification.objects.filter(system=system)
    if kept is not None:
        others = others.exclude(pk=kept.pk)
    others.filter(status=Status.EFFECTIVE).update(status=Status.SUPERSEDED)
    others.filter(status=Status.PROPOSED).update(
        status=Status.SUPERSEDED,
        reviewer=actor,
        reviewed_at=now,
        review_note="Replaced by a reviewer's classification.",
    )


def classification_result(
    inputs: dict[str, str], rationale: str, scheme: rules.Scheme
) -> rules.ClassificationResult:
    """The score and tier of `inputs`, or a ValidationError naming each bad field."""
    errors: dict[str, list[str]] = {}
    for key in sorted(set(inputs) - set(DIMENSIONS)):
        errors[key] = ["This is not a classification dimension."]
    for dimension in DIMENSIONS:
        if not inputs.get(dimension):
            errors[dimension] = ["This field is required."]
            continue
        try:
            rules.dimension_points(dimension, inputs[dimension], scheme)
        except rules.UnknownDimensionValue as exc:
            errors[dimension] = [str(exc)]
    if not (rationale or "").strip():
        errors["rationale"] = ["Say why these values describe the system."]
    if errors:
        raise ValidationError(errors)
    return rules.classify(inputs, scheme)


def _sync_required_controls(actor, system: AISystem, required_keys, now) -> rules.ControlDelta:
    """Add (or bring back) the controls the tier requires, retire the ones it does not
    (named in the caller's system.classified event)."""
    active = SystemControl.objects.filter(system=system, retired_at__isnull=True)
    delta = rules.control_delta(active.values_list("control__key", flat=True), required_keys)
    if delta.retired:
        active.filter(control__key__in=delta.retired).update(retired_at=now, updated_at=now)
    if delta.added:
        returning = SystemControl.objects.filter(system=system, control__key__in=delta.added)
        known = set(returning.values_list("control__key", flat=True))
        returning.update(retired_at=None, updated_at=now)
        new = ControlDefinition.objects.filter(key__in=delta.added).exclude(key__in=known)
        for definition in new.order_by("pk"):
            row_create(
                actor=actor,
                model=SystemControl,
                values={"system": system, "control": definition, "added_at": now},
                action=None,
                validate=clean_except("system", "control"),
            )
    return delta


def _set_current_tier(actor, system: AISystem, result: rules.ClassificationResult) -> None:
    row_update(
        actor=actor,
        obj=system,
        values={
            "risk_score": result.score,
            "risk_tier": result.tier,
            "reclassification_needed": False,
            "reclassification_reasons": [],
        },
        action=None,  # the caller's system.classified event says it
    )
