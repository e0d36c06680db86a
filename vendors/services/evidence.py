"""Documents behind an assessment's answers, stored as core evidence files."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import audit_record
from core.evidence.services import evidence_store
from core.permissions import require
from core.writes import row_lock
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
    link = AssessmentEvidence.objects.create(
        assessment=assessment, evidence=evidence, kind=kind, added_by=actor
    )
    audit_record(
        actor=actor, action="assessment.evidence_attached", obj=assessment,
        changes={"kind": kind, "evidence": evidence.pk, "sha256": evidence.sha256,
                 "name": evidence.safe_name, "expires_on": expires_on},
    )  # fmt: skip
    return link
