"""Writes of the risk register: create, update and close a risk (DOMAIN.md section 5).

Scores and levels come from governance.rules.risks and are stored with the ratings, so the
register filters and sorts on them in SQL. A residual level above the inherent one, an
out-of-range rating or a risk without an owner is refused with the field named.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr

from core.audit import audit_record, diff_fields
from core.permissions import require
from core.writes import row_insert, row_lock, row_update
from governance.choices import RiskStatus
from governance.models import Risk
from governance.rules import risks as rules
from governance.services.risk_deadlines import risk_deadlines_sync

RATING_FIELDS = ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")
RISK_FIELDS = (
    "title",
    "description",
    "affected_stakeholders",
    "category",
    *RATING_FIELDS,
    "owner_user",
    "owner_team",
    "mitigation_plan",
    "mitigation_due",
    "last_reviewed",
    "next_review",
    "regulatory_reference",
)
LINK_FIELDS = ("systems", "existing_controls")
DERIVED_FIELDS = ("inherent_score", "inherent_level", "residual_score", "residual_level")
RISK_EDITABLE_FIELDS = ("risk_id", *RISK_FIELDS, *LINK_FIELDS)
DUPLICATE_RISK_ID = "Another risk already has this ID."
NO_OWNER = "Name the owner: a person or a team."


def risk_id_next_free() -> str:
    """The ID after the highest RISK-NNN in use (RISK-001 for an empty register)."""
    highest = Risk.objects.aggregate(
        n=Max(Cast(Substr("risk_id", 6), output_field=IntegerField()))
    )["n"]
    return f"RISK-{(highest or 0) + 1:03d}"


def _rating_values(ratings: dict[str, Any]) -> tuple[dict[str, str], dict[str, Any]]:
    """(problems by field, the stored scores and levels when there is none)."""
    problems = rules.rating_problems(**ratings)
    if problems:
        return problems, {}
    inherent = rules.risk_rating(ratings["inherent_likelihood"], ratings["inherent_impact"])
    residual = rules.risk_rating(ratings["residual_likelihood"], ratings["residual_impact"])
    return {}, {
        "inherent_score": inherent.score,
        "inherent_level": inherent.level,
        "residual_score": residual.score,
        "residual_level": residual.level,
    }


def _link_problems(data: dict[str, Any]) -> dict[str, str]:
    """An existing control must be one of a linked system's controls."""
    systems = {s.pk for s in data.get("systems") or []}
    stray = [c for c in data.get("existing_controls") or [] if c.system_id not in systems]
    if stray:
        return {"existing_controls": "Link the system of each control first (see Systems)."}
    return {}


def _owner_problems(values: dict[str, Any]) -> dict[str, str]:
    return {} if values.get("owner_user") or values.get("owner_team") else {"owner_user": NO_OWNER}


DATE_FIELDS = ("mitigation_due", "last_reviewed", "next_review")
EARLIEST, LATEST = date(1970, 1, 1), date(2999, 12, 31)


def _date_problems(values: dict[str, Any]) -> dict[str, str]:
    """Dates a calendar and the clocks can count with (1970 to 2999)."""
    return {
        name: "Choose a date from 1970 to 2999."
        for name in DATE_FIELDS
        if isinstance(values.get(name), date) and not EARLIEST <= values[name] <= LATEST
    }


def _refuse_unknown(data: dict[str, Any]) -> None:
    unknown = sorted(set(data) - set(RISK_EDITABLE_FIELDS))
    if unknown:
        raise ValidationError({k: ["This field cannot be set here."] for k in unknown})


def risk_snapshot(risk: Risk, fields) -> dict[str, Any]:
    """Values as the audit trail shows them: people by e-mail, teams by slug."""
    shown: dict[str, Any] = {}
    for name in fields:
        if name == "owner_user":
            shown[name] = risk.owner_user.email if risk.owner_user_id else None
        elif name == "owner_team":
            shown[name] = risk.owner_team.slug if risk.owner_team_id else None
        else:
            shown[name] = getattr(risk, name)
    return shown


def _links_snapshot(systems, controls) -> dict[str, list[str]]:
    return {
        "systems": sorted(s.system_id for s in systems),
        "existing_controls": sorted(str(c.pk) for c in controls),
    }


@transaction.atomic
def risk_create(*, actor, data: dict[str, Any]) -> Risk:
    """Add a risk to the register; without a risk ID it gets the next free one."""
    require(actor, "governance.risk.create")
    return risk_record(actor=actor, data=data)


@transaction.atomic
def risk_record(*, actor, data: dict[str, Any]) -> Risk:
    """risk_create without a permission of its own: for a risk the portal records as
    the consequence of a write its actor was allowed to make (a red-team result with
    successful attacks, issue 20: the AI safety lead records results, the board keeps
    the register). People's own additions go through risk_create."""
    _refuse_unknown(data)
    data = dict(data)
    if not (data.get("risk_id") or "").strip():
        data["risk_id"] = risk_id_next_free()
    systems, controls = data.pop("systems", []) or [], data.pop("existing_controls", []) or []
    ratings = {f: data.get(f) for f in RATING_FIELDS}
    problems, derived = _rating_values(ratings)
    problems = {
        **_owner_problems(data),
        **_date_problems(data),
        **_link_problems({"systems": systems, "existing_controls": controls}),
        **problems,
    }
    risk = Risk(**data, **derived)
    # The audit trail shows the owner by e-mail and the team by slug (risk_snapshot).
    created = {
        **risk_snapshot(risk, ("risk_id", *RISK_FIELDS)),
        **_links_snapshot(systems, controls),
    }
    exclude = [] if derived else list(DERIVED_FIELDS)  # no scores for refused ratings
    try:
        with transaction.atomic():
            row_insert(
                actor=actor,
                obj=risk,
                action="risk.created",
                audit_changes=diff_fields({}, created),
                validate=_create_check(exclude, problems),
            )
    except IntegrityError:
        raise ValidationError({"risk_id": [DUPLICATE_RISK_ID]}) from None
    risk.systems.set(systems)
    risk.existing_controls.set(controls)
    risk_deadlines_sync(actor=actor, risk=risk)
    return risk


def _create_check(exclude: list[str], problems: dict[str, str]):
    """A new risk's validation: the model's fields, then the service's problems, then
    a taken risk ID (every problem at once, each under its field)."""

    def validate(risk: Risk) -> None:
        errors = _model_errors(risk, exclude=exclude)
        for field, message in problems.items():
            errors.setdefault(field, []).append(message)
        if not errors.get("risk_id") and Risk.objects.filter(risk_id=risk.risk_id).exists():
            errors["risk_id"] = [DUPLICATE_RISK_ID]
        if errors:
            raise ValidationError(errors)

    return validate


def _model_errors(risk: Risk, exclude: list[str]) -> dict[str, list[str]]:
    try:
        risk.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return {k: list(v) for k, v in exc.message_dict.items()}
    return {}


@transaction.atomic
def risk_update(*, actor, risk: Risk, data: dict[str, Any]) -> Risk:
    """Change a risk's fields; its scores, levels and deadlines follow. The risk ID is fixed."""
    row_lock(risk)
    require(actor, "governance.risk.change", risk)
    return risk_revise(actor=actor, risk=risk, data=data)


@transaction.atomic
def risk_revise(*, actor, risk: Risk, data: dict[str, Any]) -> Risk:
    """risk_update without a permission of its own, for the portal's own updates after
    a write its actor was allowed to make (see risk_record)."""
    row_lock(risk)
    _refuse_unknown(data)
    data = dict(data)
    if "risk_id" in data and data.pop("risk_id") != risk.risk_id:
        raise ValidationError({"risk_id": ["The ID of a recorded risk is fixed."]})
    links = {name: data.pop(name) for name in LINK_FIELDS if name in data}
    merged = {f: data.get(f, getattr(risk, f)) for f in RATING_FIELDS}
    problems, derived = _rating_values(merged)
    owners = {n: data.get(n, getattr(risk, n)) for n in ("owner_user", "owner_team")}
    current_links = {
        "systems": list(risk.systems.all()),
        "existing_controls": list(risk.existing_controls.all()),
    }
    new_links = {**current_links, **links}
    problems = {
        **_owner_problems(owners),
        **_date_problems(data),
        **_link_problems(new_links),
        **problems,
    }
    change = row_update(
        actor=actor,
        obj=risk,
        values={**data, **derived},
        action=None,
        snapshot=risk_snapshot,
        refused=problems,
    )
    link_changes = diff_fields(
        _links_snapshot(current_links["systems"], current_links["existing_controls"]),
        _links_snapshot(new_links["systems"], new_links["existing_controls"]),
    )
    if "systems" in link_changes:
        risk.systems.set(new_links["systems"])
    if "existing_controls" in link_changes:
        risk.existing_controls.set(new_links["existing_controls"])
    if change.changed or link_changes:
        # One event for the fields and the links together; the links are not a row's
        # fields, so row_update records none (action=None) and this records both.
        audit_record(
            actor=actor,
            action="risk.updated",
            obj=risk,
            changes={**change.changes, **link_changes},
        )
        risk_deadlines_sync(actor=actor, risk=risk)
    return risk


@transaction.atomic
def risk_close(*, actor, risk: Risk, note: str = "") -> Risk:
    """Close a risk (it no longer applies): its review and mitigation clocks stop."""
    row_lock(risk)
    require(actor, "governance.risk.close", risk)
    if risk.status == RiskStatus.CLOSED:
        raise ValidationError({"status": ["This risk is already closed."]})
    row_update(
        actor=actor,
        obj=risk,
        values={"status": RiskStatus.CLOSED},
        action="risk.closed",
        audit_extra={"note": note.strip()[:2000]},
    )
    risk_deadlines_sync(actor=actor, risk=risk)
    return risk
