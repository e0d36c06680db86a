"""Documents behind an assessment's answers, stored as core evidence files."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.evidence.services import evidence_described, evidence_store
from core.models import EvidenceFile, User
from core.permissions import require
from core.writes import row_create, row_lock
from vendors.choices import AssessmentStatus, EvidenceKind
from vendors.models import Assessment, AssessmentEvidence


@transaction.atomic
def assessment_evidence_attach(
    *,
    actor,
    assessment: Assessment,
    kind: str,
    upload,
    applies_from: date | None = None,
    expires_on: date | None = None,
) -> AssessmentEvidence:
    """Store `upload` (core's evidence rules: size, type, safe name, SHA-256) and link
    it to the assessment. A SOC 2 report needs its expiry date: past it, the report
    counts as none when scoring. A superseded assessment takes no more evidence."""
    row_lock(assessment)
    require(actor, "vendors.assessment.change", assessment)
    refused = {}
    if kind not in EvidenceKind.values:
        refused["kind"] = [f"'{kind}' is not a kind of vendor evidence."]
    if kind == EvidenceKind.SOC2_REPORT and expires_on is None:
        refused["expires_on"] = ["A SOC 2 report needs the date its period ends."]
    if assessment.status == AssessmentStatus.SUPERSEDED:
        refused["assessment"] = ["This assessment was superseded; attach to the current one."]
    if refused:
        raise ValidationError(refused)
    evidence = evidence_store(
        actor=actor, upload=upload, applies_from=applies_from, expires_on=expires_on
    )
    return evidence_link_create(
        actor=actor, assessment=assessment, evidence=evidence, kind=kind, expires_on=expires_on
    )


def evidence_link_create(
    *,
    actor,
    assessment: Assessment,
    evidence: EvidenceFile,
    kind: str,
    expires_on: date | None,
    audit_extra: Mapping[str, Any] | None = None,
) -> AssessmentEvidence:
    """Link a stored evidence file to `assessment`, audited on the assessment
    ("assessment.evidence_attached"); `actor` is an Outsider for a vendor contact's
    upload, who is no person of the portal to add it. Inside the services that attach
    documents."""
    added_by = actor if isinstance(actor, User) else None
    return row_create(
        actor=actor,
        model=AssessmentEvidence,
        values={"assessment": assessment, "evidence": evidence, "kind": kind, "added_by": added_by},
        action="assessment.evidence_attached",
        audit_on=assessment,
        audit_changes={
            "kind": kind,
            **evidence_described(evidence),
            "expires_on": expires_on,
            **(audit_extra or {}),
        },
    )
