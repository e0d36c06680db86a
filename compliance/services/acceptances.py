"""A reviewer's decision on evidence (DOMAIN.md 3): accept or refuse one record the
owning app offers as one evidence item of a requirement for a system, and find a
requirement not applicable with a justification. Decisions are never edited: a new
one on the same record withdraws the earlier one. The system's stored statuses follow
in the same transaction, so the board's matrix shows a decision as soon as it is made."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from compliance.models import EvidenceAcceptance, NotApplicable, Requirement
from compliance.permissions import ReviewSubject
from compliance.services.coverage import system_statuses_refresh
from core.evidence_kinds import FoundEvidence, evidence_found
from core.permissions import require
from core.writes import row_create, row_lock, row_update


def _item_of(requirement: Requirement, item: int) -> dict:
    if not requirement.framework.is_current:
        raise ValidationError(
            {"requirement": f"{requirement.framework} is no longer the version assessed."}
        )
    if not requirement.assessable or not 0 <= item < len(requirement.evidence):
        raise ValidationError({"item": f"{requirement.ref_id} asks for no evidence item {item}."})
    return requirement.evidence[item]


def record_found(*, system, item: dict, record_type: str, record_id: str) -> FoundEvidence:
    """The record as its owning app offers it now, or a ValidationError on `record`."""
    detail = item.get("detail", "")
    found = evidence_found([(item["kind"], detail)], [system.pk], timezone.localdate())
    for record in found.get(item["kind"], {}).get((system.pk, detail), []):
        if (record.record_type, record.record_id) == (record_type, str(record_id)):
            if not record.current:
                raise ValidationError({"record": f"{record.label}: {record.why_not_current}."})
            return record
    raise ValidationError({"record": f"This record does not stand as {item['label']!r} now."})


@transaction.atomic
def evidence_decide(
    *,
    actor,
    system,
    requirement: Requirement,
    item: int,
    record_type: str,
    record_id: str,
    accepted: bool,
    note: str = "",
) -> EvidenceAcceptance:
    """Accept (or refuse, with a note) a record as an evidence item. Only the
    framework's reviewer, never for a system of their own team."""
    require(actor, "compliance.evidence.review", ReviewSubject(system, requirement.framework))
    spec = _item_of(requirement, item)
    if not accepted and not note.strip():
        raise ValidationError({"note": "Say why the record does not stand as this evidence."})
    record = record_found(system=system, item=spec, record_type=record_type, record_id=record_id)
    _withdraw_open(actor, system, requirement, item, record)
    decision = row_create(
        actor=actor,
        model=EvidenceAcceptance,
        action="evidence_acceptance.created",
        values={
            "system": system,
            "requirement": requirement,
            "item": item,
            "kind": spec["kind"],
            "detail": spec.get("detail", ""),
            "record_type": record.record_type,
            "record_id": record.record_id,
            "label": record.label[:300],
            "fingerprint": record.fingerprint,
            "expires_on": record.expires_on,
            "decision": "accepted" if accepted else "rejected",
            "note": note.strip(),
            "decided_by": actor,
        },
    )
    system_statuses_refresh(system)
    return decision


def _withdraw_open(actor, system, requirement, item, record) -> None:
    earlier = EvidenceAcceptance.objects.filter(
        system=system,
        requirement=requirement,
        item=item,
        record_type=record.record_type,
        record_id=record.record_id,
        withdrawn_at__isnull=True,
    ).first()
    if earlier is not None:
        row_update(
            actor=actor,
            obj=row_lock(earlier),
            values={"withdrawn_at": timezone.now()},
            action="evidence_acceptance.withdrawn",
            touch=False,
        )


@transaction.atomic
def not_applicable_record(
    *, actor, system, requirement: Requirement, justification: str
) -> NotApplicable:
    """Find a requirement not applicable to a system, with the justification."""
    require(actor, "compliance.evidence.review", ReviewSubject(system, requirement.framework))
    _item_of(requirement, 0) if requirement.evidence else None
    if not justification.strip():
        raise ValidationError({"justification": "Say why the requirement does not apply."})
    if NotApplicable.objects.filter(
        system=system, requirement=requirement, withdrawn_at__isnull=True
    ).exists():
        raise ValidationError({"requirement": f"{requirement.ref_id} is already not applicable."})
    finding = row_create(
        actor=actor,
        model=NotApplicable,
        action="not_applicable.created",
        values={
            "system": system,
            "requirement": requirement,
            "justification": justification.strip(),
            "decided_by": actor,
        },
    )
    system_statuses_refresh(system)
    return finding


@transaction.atomic
def not_applicable_withdraw(*, actor, finding: NotApplicable) -> NotApplicable:
    """The requirement applies again (assessed as before the finding)."""
    subject = ReviewSubject(finding.system, finding.requirement.framework)
    require(actor, "compliance.evidence.review", subject)
    finding = row_lock(finding)
    if finding.withdrawn_at is not None:
        raise ValidationError({"requirement": "This finding was already withdrawn."})
    row_update(
        actor=actor,
        obj=finding,
        values={"withdrawn_at": timezone.now()},
        action="not_applicable.withdrawn",
        touch=False,
    )
    system_statuses_refresh(finding.system)
    return finding
