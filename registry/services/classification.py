"""Classifying a system: the dated record, its tier, and the controls the tier requires."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.permissions import require
from registry import rules
from registry.models import AISystem, Classification, ControlDefinition, SystemControl
from registry.services.common import full_clean_or_raise


@dataclass(frozen=True)
class ClassificationOutcome:
    """A new classification and the control keys the tier change added and retired."""

    classification: Classification
    added: tuple[str, ...]
    retired: tuple[str, ...]


@transaction.atomic
def system_classify(
    *, actor, system: AISystem, inputs: dict[str, str], rationale: str
) -> ClassificationOutcome:
    """Record a classification, set the system's tier and sync its required controls."""
    # Lock and re-read the row first: concurrent classifications of one system queue up,
    # and the permission and the tier replaced are judged on what is stored now.
    system.refresh_from_db(from_queryset=AISystem.objects.select_for_update())
    require(actor, "registry.system.classify", system)
    result = _classification_result(inputs, rationale)
    before = {"risk_score": system.risk_score, "risk_tier": system.risk_tier}
    classification = Classification(
        system=system,
        score=result.score,
        tier=result.tier,
        rationale=rationale.strip(),
        classified_by=actor,
        **{d: inputs[d] for d in rules.DIMENSIONS},
    )
    full_clean_or_raise(classification, exclude=["system", "classified_by"])
    classification.save(force_insert=True)
    now = timezone.now()
    delta = _sync_required_controls(system, result.tier, now)
    _set_current_tier(system, result, now)
    audit_record(
        actor=actor,
        action="system.classified",
        obj=system,
        changes={
            "risk_score": [before["risk_score"], result.score],
            "risk_tier": [before["risk_tier"] or None, result.tier],
            "classification_id": classification.pk,
            "inputs": {d: inputs[d] for d in rules.DIMENSIONS},
            "controls_added": list(delta.added),
            "controls_retired": list(delta.retired),
        },
    )
    return ClassificationOutcome(classification, delta.added, delta.retired)


def _classification_result(inputs: dict[str, str], rationale: str) -> rules.ClassificationResult:
    errors: dict[str, list[str]] = {}
    for key in sorted(set(inputs) - set(rules.DIMENSIONS)):
        errors[key] = ["This is not a classification dimension."]
    for dimension in rules.DIMENSIONS:
        if not inputs.get(dimension):
            errors[dimension] = ["This field is required."]
            continue
        try:
            rules.dimension_points(dimension, inputs[dimension])
        except rules.UnknownDimensionValue as exc:
            errors[dimension] = [str(exc)]
    if not (rationale or "").strip():
        errors["rationale"] = ["Say why these values describe the system."]
    if errors:
        raise ValidationError(errors)
    return rules.classify(inputs)


def _sync_required_controls(system: AISystem, tier: str, now) -> rules.ControlDelta:
    """Add (or bring back) the controls the tier requires, retire the ones it does not."""
    active = SystemControl.objects.filter(system=system, retired_at__isnull=True)
    required = ControlDefinition.objects.filter(required_for_tiers__contains=[tier])
    delta = rules.control_delta(
        active.values_list("control__key", flat=True), required.values_list("key", flat=True)
    )
    if delta.retired:
        active.filter(control__key__in=delta.retired).update(retired_at=now, updated_at=now)
    if delta.added:
        returning = SystemControl.objects.filter(system=system, control__key__in=delta.added)
        known = set(returning.values_list("control__key", flat=True))
        returning.update(retired_at=None, updated_at=now)
        SystemControl.objects.bulk_create(
            SystemControl(system=system, control=definition, added_at=now, updated_at=now)
            for definition in required.filter(key__in=delta.added).exclude(key__in=known)
        )
    return delta


CURRENT_TIER_FIELDS = (
    "risk_score",
    "risk_tier",
    "reclassification_needed",
    "reclassification_reasons",
    "updated_at",
)


def _set_current_tier(system: AISystem, result: rules.ClassificationResult, now) -> None:
    system.risk_score, system.risk_tier, system.updated_at = result.score, result.tier, now
    system.reclassification_needed, system.reclassification_reasons = False, []
    system.save(update_fields=CURRENT_TIER_FIELDS)
