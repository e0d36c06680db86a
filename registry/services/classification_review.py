"""A reviewer's decisions on classifications (DOMAIN.md 2.1, by the RACI).

An AI safety lead or engineering manager (R), or the CISO (A), confirms a product
owner's proposal, records different answers with a rationale, or rejects it with a
note; the CISO may also reopen any classification. Nobody decides on their own
proposal, and a proposal made stale (the system changed after it, or a newer
scheme is in force) cannot be confirmed as it stands. Each decision is audited and
tells the proposer and the system's product owners.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_record
from core.choices import Role
from core.permissions import require
from core.selectors import users_with_role
from core.services import notification_send_each
from core.writes import row_lock, row_update
from registry import rules
from registry.choices import ClassificationStatus as Status
from registry.models import AISystem, Classification
from registry.selectors.classification import scheme_in_force
from registry.services.classification import (
    ClassificationOutcome,
    classification_result,
    classification_values,
    make_effective,
)
from registry.services.common import reclassification_flag
from registry.services.reviews import proposal_wait_close
from registry.vocabulary import tier_label

NOT_WAITING = {
    Status.EFFECTIVE: "This proposal was already confirmed.",
    Status.SUPERSEDED: "This proposal was replaced by a newer proposal or a reviewer's "
    "classification; decide on the latest one.",
    Status.REJECTED: "This proposal was already rejected.",
}


@transaction.atomic
def classification_confirm(
    *, actor, proposal: Classification, note: str = ""
) -> ClassificationOutcome:
    """Confirm a waiting proposal as it stands: it becomes the system's classification."""
    system, proposal = _decision_start(actor, proposal)
    scheme = scheme_in_force()
    stale = rules.proposal_stale_reason(
        proposed_at=proposal.classified_at,
        system_changed_at=system.updated_at,
        scheme_version=proposal.scheme.version,
        current_scheme_version=scheme.version,
    )
    if stale:
        raise ValidationError(
            {
                "proposal": [
                    f"This proposal cannot be confirmed: {stale} Record your own "
                    "answers or reject it."
                ]
            }
        )
    outcome = make_effective(
        actor=actor,
        system=system,
        scheme=scheme,
        proposal=proposal,
        review_note=note,
        audit_extra={"confirmed_proposal_of": proposal.classified_by.email},
    )
    _tell_owners(actor, system, proposal, f"confirmed: tier {tier_label(proposal.tier)}")
    return outcome


@transaction.atomic
def classification_amend(
    *, actor, proposal: Classification, inputs: dict[str, str], rationale: str
) -> ClassificationOutcome:
    """Record a reviewer's own answers in reply to a proposal; theirs take effect."""
    system, proposal = _decision_start(actor, proposal)
    scheme = scheme_in_force()
    result = classification_result(inputs, rationale, scheme.as_rules())
    values = classification_values(actor, system, inputs, rationale, result, scheme)
    outcome = make_effective(
        actor=actor,
        system=system,
        scheme=scheme,
        new={**values, "replaces": proposal},
        audit_extra={"replaced_proposal": proposal.pk},
    )
    record = outcome.classification
    row_update(
        actor=actor,
        obj=proposal,
        values={
            "review_note": f"The reviewer recorded different answers (classification {record.pk})."
        },
        action=None,  # the system.classified event names the proposal replaced
    )
    _tell_owners(actor, system, proposal, f"answered differently: tier {tier_label(record.tier)}")
    return outcome


@transaction.atomic
def classification_reject(*, actor, proposal: Classification, note: str) -> Classification:
    """Reject a waiting proposal with a note; the system keeps its classification."""
    system, proposal = _decision_start(actor, proposal)
    if not (note or "").strip():
        raise ValidationError({"note": ["Say why the proposal is rejected."]})
    row_update(
        actor=actor,
        obj=proposal,
        values={
            "status": Status.REJECTED,
            "reviewer": actor,
            "reviewed_at": timezone.now(),
            "review_note": note.strip(),
        },
        action=None,  # audited on the system below
    )
    proposal_wait_close(actor=actor, proposals=[proposal], decided=True)
    audit_record(
        actor=actor,
        action="classification.rejected",
        obj=system,
        changes={"classification_id": proposal.pk, "note": proposal.review_note},
    )
    _tell_owners(actor, system, proposal, "rejected")
    return proposal


@transaction.atomic
def system_classification_reopen(*, actor, system: AISystem, reason: str) -> AISystem:
    """The CISO reopens a system's classification: it is flagged for re-classification
    with the reason. The tier stands until a new classification takes effect."""
    row_lock(system)
    require(actor, "registry.classification.reopen", system)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Say why the classification is reopened."]})
    flag = f"reopened by {actor.display_name}: {reason}"[:80]
    reclassification_flag(actor=actor, system=system, reason=flag)
    audit_record(
        actor=actor,
        action="system.classification_reopened",
        obj=system,
        changes={"reason": reason, "reclassification_needed": [False, True]},
    )
    notification_send_each(
        _owners(system),
        title=f"{system.system_id}: classification reopened",
        reason="You are a product owner of the team that owns this system.",
        body=reason,
        link=reverse("registry:system_detail", args=[system.system_id]),
        subject=system,
    )
    return system


def _decision_start(actor, proposal: Classification) -> tuple[AISystem, Classification]:
    """Lock the system, check the reviewer may decide on it and the proposal still waits."""
    system = row_lock(proposal.system)
    require(actor, "registry.classification.decide", system)
    proposal = Classification.objects.select_related("classified_by", "scheme").get(pk=proposal.pk)
    if proposal.classified_by_id == actor.pk:
        raise PermissionDenied("Nobody confirms or decides on their own proposal.")
    if proposal.status != Status.PROPOSED:
        raise ValidationError({"proposal": [NOT_WAITING[proposal.status]]})
    return system, proposal


def _owners(system: AISystem):
    return users_with_role(Role.PRODUCT_OWNER, team=system.owner_team_id)


def _tell_owners(actor, system: AISystem, proposal: Classification, what: str) -> None:
    """The proposer and the system's product owners learn of the decision."""
    recipients = {u.pk: u for u in _owners(system)}
    recipients.setdefault(proposal.classified_by_id, proposal.classified_by)
    recipients.pop(actor.pk, None)  # the decider knows
    notification_send_each(
        recipients.values(),
        title=f"{system.system_id}: classification proposal {what}",
        reason="You proposed this classification or own the system.",
        body=f"Decided by {actor.display_name}.",
        link=reverse("registry:system_detail", args=[system.system_id]),
        subject=proposal,
        dedupe_key=lambda recipient: f"classification-{proposal.pk}-decided-{recipient.pk}",
    )
