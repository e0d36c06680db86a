"""Registering an AI system and changing its fields (DOMAIN.md section 2)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.audit import audit_record, diff_fields
from core.choices import Role
from core.guards import change_confirm
from core.permissions import can, is_admin, require, teams_where
from core.writes import row_lock, row_update
from registry import rules
from registry.choices import ClassificationStatus
from registry.models import AISystem
from registry.selectors.systems import system_id_next_free
from registry.services.common import row_create_or_refuse
from registry.services.gate_approvals import gate_approvals_void
from registry.services.not_gated import retroactive_review_open

# The fields a person may set on a system; the rest (tier, score, AI Act category,
# gate status, re-classification flag) follow from other records. The lifecycle stage
# changes only by passing a gate (registry.services.gate_*); a new system may still be
# registered at the stage it is in (SYSTEM_CREATE_FIELDS: systems already running are
# registered in production).
SYSTEM_EDITABLE_FIELDS = (
    "system_id",
    "name",
    "description",
    "owner_team",
    "deployment_date",
    "model_version",
    "intended_uses",
    "prohibited_uses",
    "user_population",
    "decision_type",
    "deployment_scale",
    "processes_eu_personal_data",
    "legal_effect_decisions",
    "incident_contact_user",
    "incident_contact_team",
    "incident_contact",
    "regulatory_scope",
    "ai_act_role",
    "eu_database_number",
)
SYSTEM_CREATE_FIELDS = (*SYSTEM_EDITABLE_FIELDS[:5], "lifecycle_stage", *SYSTEM_EDITABLE_FIELDS[5:])
DUPLICATE_SYSTEM_ID = "An AI system with this system ID already exists."
STAGE_READ_ONLY = "The lifecycle stage changes only by passing a gate."


@transaction.atomic
def system_create(*, actor, data: dict[str, Any]) -> AISystem:
    """Register a new AI system; a product owner registers only for a team they own.

    Without a system ID it gets the next free one (registry.selectors.systems.system_id_next_free).
    """
    require(actor, "registry.system.create")
    _refuse_unknown_fields(data, SYSTEM_CREATE_FIELDS)
    if not (data.get("system_id") or "").strip():
        data = {**data, "system_id": system_id_next_free()}
    _require_team_owner(actor, data.get("owner_team"))
    data = _normalised(data)
    stage = AISystem(**data).lifecycle_stage  # the one asked for, or the model's default
    _refuse_registration_stage(actor, stage)
    system = _system_insert(actor, {**data, "not_gated": rules.registered_not_gated(stage)})
    if system.not_gated:
        retroactive_review_open(actor=actor, system=system)
    return system


def _refuse_registration_stage(actor, stage: str) -> None:
    """Product owners register new systems only (conception or development)."""
    problem = rules.registration_stage_problem(
        stage, may_register_running=can(actor, "registry.system.register_running")
    )
    if problem:
        raise ValidationError({"lifecycle_stage": [problem]})


@transaction.atomic
def system_update(
    *, actor, system: AISystem, data: dict[str, Any], confirm_change: bool = False
) -> AISystem:
    """Change a system's fields; flags it for re-classification when its use changes.

    The system ID is permanent (it names the system in the audit trail and in URLs).
    While another app's guard stands against changing the system (an Art. 73 serious
    incident not yet reported), the change needs `confirm_change`, audited with it.
    """
    # Judged on the stored row: a classification saved since the form was opened is kept.
    row_lock(system)
    require(actor, "registry.system.change", system)
    change_confirm(actor=actor, subject="registry.system", obj=system, confirmed=confirm_change)
    _refuse_unknown_fields(data, SYSTEM_EDITABLE_FIELDS)
    if "system_id" in data and data["system_id"] != system.system_id:
        raise ValidationError({"system_id": ["The system ID of a registered system is fixed."]})
    data = {k: v for k, v in _normalised(data).items() if k != "system_id"}
    if "owner_team" in data and data["owner_team"] != system.owner_team:
        _require_team_owner(actor, data["owner_team"])
    reasons = _new_reclassification_reasons(system, data)
    change = row_update(
        actor=actor,
        obj=system,
        values=data,
        also=_reclassification_flags(system, reasons),
        action="system.updated",
        snapshot=_system_snapshot,
    )
    if change.changed and reasons:
        audit_record(
            actor=actor,
            action="system.reclassification_flagged",
            obj=system,
            changes={"reclassification_reasons": reasons},
        )
        gate_approvals_void(
            actor=actor,
            system=system,
            reason=f"The system was changed ({', '.join(reasons)}) and needs re-classification: "
            "approvals given before were voided",
        )
    return system


def _refuse_unknown_fields(data: dict[str, Any], allowed) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(
            {
                k: [STAGE_READ_ONLY if k == "lifecycle_stage" else "This field cannot be set here."]
                for k in unknown
            }
        )


def _normalised(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    if "regulatory_scope" in data:
        data["regulatory_scope"] = list(dict.fromkeys(data["regulatory_scope"] or []))
    for key in ("name", "system_id"):
        if isinstance(data.get(key), str):
            data[key] = data[key].strip()
    return data


def _require_team_owner(actor, team) -> None:
    """Only administrators (and the CISO, who registers running systems) place a system
    in a team whose product owner they are not."""
    if team is None or is_admin(actor) or can(actor, "registry.system.register_running"):
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


def _system_insert(actor, values: dict[str, Any]) -> AISystem:
    """Insert the system and audit its registration, every field as the audit trail
    shows it. The duplicate check of _validate_system can lose a race with a concurrent
    insert; the unique index decides."""
    shown = _system_snapshot(AISystem(**values), (*SYSTEM_CREATE_FIELDS, "not_gated"))
    return row_create_or_refuse(
        refusal={"system_id": [DUPLICATE_SYSTEM_ID]},
        actor=actor,
        model=AISystem,
        values=values,
        action="system.created",
        audit_changes=diff_fields({}, shown),
        validate=_validate_system,
    )


def _new_reclassification_reasons(system: AISystem, data: dict) -> list[str]:
    """What changed that flags a classified system: use case, users, decision type, scale."""
    stored = {field: getattr(system, field) for field in data}
    reasons = rules.reclassification_reasons(stored, data)
    # Only a classification in effect can be outdated; a waiting proposal goes stale instead.
    in_effect = system.classifications.filter(status=ClassificationStatus.EFFECTIVE)
    if not reasons or not in_effect.exists():
        return []
    return reasons


def _reclassification_flags(system: AISystem, reasons: list[str]) -> dict[str, Any]:
    """The flag and the reasons, added to those already recorded; nothing without reasons."""
    if not reasons:
        return {}
    known = system.reclassification_reasons
    return {
        "reclassification_needed": True,
        "reclassification_reasons": [*known, *[r for r in reasons if r not in known]],
    }


def _system_snapshot(system: AISystem, fields) -> dict[str, Any]:
    """Field values as the audit trail shows them: teams by slug, people by name."""
    snapshot: dict[str, Any] = {}
    for field in fields:
        if field == "owner_team":
            snapshot[field] = system.owner_team.slug if system.owner_team_id else None
        elif field == "incident_contact_team":
            team = system.incident_contact_team
            snapshot[field] = team.slug if team else None
        elif field == "incident_contact_user":
            # The person by name and account, not only by the address they sign in with.
            person = system.incident_contact_user
            snapshot[field] = f"{person.display_name} (#{person.pk})" if person else None
        else:
            value = getattr(system, field)
            snapshot[field] = list(value) if isinstance(value, list) else value
    return snapshot
