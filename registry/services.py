"""Every write of the registry: systems, classifications, controls, AI Act screening.

Each service is keyword-only and atomic, checks `core.permissions.require` first,
validates before it saves (a `django.core.exceptions.ValidationError` with a
field-named dict, nothing saved) and records its audit event in the same
transaction. The web pages, the API and the admin all call these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import audit_record, diff_fields
from core.choices import Role
from core.permissions import can, is_admin, require, teams_where
from registry import rules
from registry.choices import AIActCategory, AnnexIIIArea, ControlStatus
from registry.models import (
    AIActScreening,
    AISystem,
    Classification,
    ControlDefinition,
    SystemControl,
)

# The fields a person may set on a system; the rest (tier, score, AI Act category,
# gate status, re-classification flag) follow from other records.
SYSTEM_EDITABLE_FIELDS = (
    "system_id",
    "name",
    "description",
    "owner_team",
    "deployment_date",
    "lifecycle_stage",
    "model_version",
    "vendor",
    "intended_uses",
    "prohibited_uses",
    "user_population",
    "decision_type",
    "deployment_scale",
    "processes_eu_personal_data",
    "legal_effect_decisions",
    "incident_contact",
    "regulatory_scope",
)
AI_ACT_ANSWER_KEYS = (
    "affects_access",
    "physical_safety_risk",
    "public_authority_annex_iii",
    "legal_effect",
)
DUPLICATE_SYSTEM_ID = "An AI system with this system ID already exists."


@dataclass(frozen=True)
class ClassificationOutcome:
    """A new classification and the control keys the tier change added and retired."""

    classification: Classification
    added: tuple[str, ...]
    retired: tuple[str, ...]


# --- systems -----------------------------------------------------------------------


@transaction.atomic
def system_create(*, actor, data: dict[str, Any]) -> AISystem:
    """Register a new AI system; a product owner registers only for a team they own."""
    require(actor, "registry.system.create")
    _refuse_unknown_fields(data)
    _require_team_owner(actor, data.get("owner_team"))
    system = AISystem(**_normalised(data))
    _validate_system(system)
    _save_new_system(system)
    audit_record(
        actor=actor,
        action="system.created",
        obj=system,
        changes=diff_fields({}, _system_snapshot(system, SYSTEM_EDITABLE_FIELDS)),
    )
    return system


@transaction.atomic
def system_update(*, actor, system: AISystem, data: dict[str, Any]) -> AISystem:
    """Change a system's fields; flags it for re-classification when its use changes.

    The system ID is permanent (it names the system in the audit trail and in URLs).
    """
    require(actor, "registry.system.change", system)
    _refuse_unknown_fields(data)
    if "system_id" in data and data["system_id"] != system.system_id:
        raise ValidationError({"system_id": ["The system ID of a registered system is fixed."]})
    data = {k: v for k, v in _normalised(data).items() if k != "system_id"}
    if "owner_team" in data and data["owner_team"] != system.owner_team:
        _require_team_owner(actor, data["owner_team"])
    fields = tuple(data)
    before = _system_snapshot(system, fields)
    raw_before = {f: getattr(system, f) for f in fields}
    _apply_or_restore(system, data, raw_before)
    changes = diff_fields(before, _system_snapshot(system, fields))
    if not changes:
        return system
    reasons = _new_reclassification_reasons(system, raw_before, data)
    system.updated_at = timezone.now()
    system.save()
    audit_record(actor=actor, action="system.updated", obj=system, changes=changes)
    if reasons:
        audit_record(
            actor=actor,
            action="system.reclassification_flagged",
            obj=system,
            changes={"reclassification_reasons": reasons},
        )
    return system


def _refuse_unknown_fields(data: dict[str, Any]) -> None:
    unknown = sorted(set(data) - set(SYSTEM_EDITABLE_FIELDS))
    if unknown:
        raise ValidationError({k: ["This field cannot be set here."] for k in unknown})


def _normalised(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    if "regulatory_scope" in data:
        data["regulatory_scope"] = list(dict.fromkeys(data["regulatory_scope"] or []))
    for key in ("name", "system_id"):
        if isinstance(data.get(key), str):
            data[key] = data[key].strip()
    return data


def _require_team_owner(actor, team) -> None:
    """Only administrators place a system in a team whose product owner they are not."""
    if team is None or is_admin(actor):
        return
    if team.pk not in teams_where(actor, Role.PRODUCT_OWNER):
        raise PermissionDenied("You can only place systems in a team you are product owner of.")


def _validate_system(system: AISystem) -> None:
    errors: dict[str, list[str]] = {}
    try:
        system.full_clean(validate_unique=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if (
        "system_id" not in errors
        and AISystem.objects.filter(system_id=system.system_id).exclude(pk=system.pk).exists()
    ):
        errors["system_id"] = [DUPLICATE_SYSTEM_ID]
    if errors:
        raise ValidationError(errors)


def _save_new_system(system: AISystem) -> None:
    # The check above can lose a race with a concurrent insert; the unique index decides.
    try:
        with transaction.atomic():
            system.save(force_insert=True)
    except IntegrityError:
        raise ValidationError({"system_id": [DUPLICATE_SYSTEM_ID]}) from None


def _apply_or_restore(system: AISystem, data: dict[str, Any], raw_before: dict) -> None:
    for field, value in data.items():
        setattr(system, field, value)
    try:
        _validate_system(system)
    except ValidationError:
        for field, value in raw_before.items():
            setattr(system, field, value)
        raise


def _new_reclassification_reasons(system: AISystem, raw_before: dict, data: dict) -> list[str]:
    """Flag a classified system whose use case, users, decision type or scale changed."""
    reasons = rules.reclassification_reasons(raw_before, data)
    if not reasons or not system.classifications.exists():
        return []
    system.reclassification_needed = True
    added = [r for r in reasons if r not in system.reclassification_reasons]
    system.reclassification_reasons = [*system.reclassification_reasons, *added]
    return reasons


def _system_snapshot(system: AISystem, fields) -> dict[str, Any]:
    """Field values as the audit trail shows them: teams by slug, vendors by name."""
    snapshot: dict[str, Any] = {}
    for field in fields:
        if field == "owner_team":
            snapshot[field] = system.owner_team.slug if system.owner_team_id else None
        elif field == "vendor":
            snapshot[field] = system.vendor.name if system.vendor_id else None
        else:
            value = getattr(system, field)
            snapshot[field] = list(value) if isinstance(value, list) else value
    return snapshot


# --- classification and required controls ------------------------------------------


@transaction.atomic
def system_classify(
    *, actor, system: AISystem, inputs: dict[str, str], rationale: str
) -> ClassificationOutcome:
    """Record a classification, set the system's tier and sync its required controls."""
    require(actor, "registry.system.classify", system)
    result = _classification_result(inputs, rationale)
    # Lock the row so concurrent classifications of one system queue up.
    before = (
        AISystem.objects.select_for_update().values("risk_score", "risk_tier").get(pk=system.pk)
    )
    classification = Classification(
        system=system,
        score=result.score,
        tier=result.tier,
        rationale=rationale.strip(),
        classified_by=actor,
        **{d: inputs[d] for d in rules.DIMENSIONS},
    )
    _full_clean_or_raise(classification, exclude=["system", "classified_by"])
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


def _full_clean_or_raise(instance, *, exclude: list[str]) -> None:
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


# --- controls ------------------------------------------------------------------------


@transaction.atomic
def control_update(
    *,
    actor,
    control: SystemControl,
    status: str,
    justification: str = "",
    evidence_links: str = "",
) -> SystemControl:
    """Set a required control's status; 'not applicable' needs a justification."""
    require(actor, "registry.control.change", control.system)
    if control.retired_at is not None:
        raise ValidationError("This control was retired by a tier change and is kept as history.")
    justification, evidence_links = (justification or "").strip(), (evidence_links or "").strip()
    if status == ControlStatus.NOT_APPLICABLE and not justification:
        raise ValidationError({"justification": ["Say why this control does not apply."]})
    fields = ("status", "justification", "evidence_links")
    before = {f: getattr(control, f) for f in fields}
    after = {"status": status, "justification": justification, "evidence_links": evidence_links}
    for field, value in after.items():
        setattr(control, field, value)
    try:
        _full_clean_or_raise(control, exclude=["system", "control"])
    except ValidationError:
        for field, value in before.items():
            setattr(control, field, value)
        raise
    changes = diff_fields(before, after)
    if changes:
        control.updated_at = timezone.now()
        control.save(update_fields=[*fields, "updated_at"])
        changes["control"] = control.control.key
        audit_record(actor=actor, action="control.updated", obj=control, changes=changes)
    return control


# --- EU AI Act screening -----------------------------------------------------------


@transaction.atomic
def ai_act_screening_record(
    *,
    actor,
    system: AISystem,
    answers: dict[str, bool],
    category: str,
    annex_area: str = "",
    rationale: str = "",
) -> AIActScreening:
    """Record the four-question screening and the AI Act category decided on it."""
    require(actor, "registry.ai_act.screen", system)
    annex_area, rationale = annex_area or "", (rationale or "").strip()
    _validate_screening_input(answers, category, annex_area)
    presumed = rules.ai_act_presumed_high_risk(answers[k] for k in AI_ACT_ANSWER_KEYS)
    problems = rules.ai_act_decision_problems(
        presumed_high_risk=presumed,
        category=category,
        annex_area=annex_area,
        decided_by_legal=can(actor, "registry.ai_act.override_presumption", system),
        rationale=rationale,
    )
    if problems:
        raise ValidationError({field: [message] for field, message in problems.items()})
    answered = {k: answers[k] for k in AI_ACT_ANSWER_KEYS}
    screening = AIActScreening(
        system=system,
        presumed_high_risk=presumed,
        category=category,
        annex_area=annex_area,
        rationale=rationale,
        decided_by=actor,
        **answered,
    )
    _full_clean_or_raise(screening, exclude=["system", "decided_by"])
    screening.save(force_insert=True)
    changes = _set_ai_act_category(system, category, annex_area)
    changes.update(screening_id=screening.pk, answers=answered, presumed_high_risk=presumed)
    audit_record(actor=actor, action="system.ai_act_screened", obj=system, changes=changes)
    return screening


def _set_ai_act_category(system: AISystem, category: str, annex_area: str) -> dict:
    fields = ("ai_act_category", "ai_act_annex_area")
    before = {f: getattr(system, f) for f in fields}
    system.ai_act_category, system.ai_act_annex_area = category, annex_area
    system.updated_at = timezone.now()
    system.save(update_fields=[*fields, "updated_at"])
    return diff_fields(before, {f: getattr(system, f) for f in fields})


def _validate_screening_input(answers: dict[str, bool], category: str, annex_area: str) -> None:
    errors: dict[str, list[str]] = {}
    for key in AI_ACT_ANSWER_KEYS:
        if not isinstance(answers.get(key), bool):
            errors[key] = ["Answer this question with yes or no."]
    for key in sorted(set(answers) - set(AI_ACT_ANSWER_KEYS)):
        errors[key] = ["This is not a screening question."]
    if category not in AIActCategory.values or category == AIActCategory.UNASSESSED:
        errors["category"] = ["Choose prohibited, high-risk, limited or minimal risk."]
    if annex_area and annex_area not in AnnexIIIArea.values:
        errors["annex_area"] = [f"'{annex_area}' is not an Annex III area."]
    if errors:
        raise ValidationError(errors)
