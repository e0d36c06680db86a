"""Writes of evidence files: store an upload, record a download.

The bytes go to the evidence storage once per content (core.evidence.storage); each
upload is its own row, with its own uploader and dates. A refused upload stores
nothing and raises a ValidationError naming the field: `file` (empty, too large, an
unsafe name, a refused type), `applies_from` or `expires_on` (more than 50 years
ahead, or an expiry before the evidence applies).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.audit import Outsider, audit_record
from core.clocks.services import deadline_open
from core.evidence import rules
from core.evidence.storage import evidence_bytes_store
from core.models import EvidenceFile, User
from core.permissions import require
from core.writes import row_create

EXPIRY_KIND = "core.evidence_expiry"
EXPIRY_WARNING = timedelta(days=30)


@transaction.atomic
def evidence_store(
    *,
    actor,
    upload,
    applies_from: date | None = None,
    expires_on: date | None = None,
    max_bytes: int | None = None,
    uploaded_by_label: str = "",
) -> EvidenceFile:
    """Check an upload (name, size, type from its bytes, dates at most 50 years ahead),
    record it, then store its bytes once per SHA-256; with an expiry date, warn the
    uploader 30 days before.

    `actor` is the person uploading. A caller that authenticates otherwise (a vendor
    answering a questionnaire through its link) passes an Outsider (core.audit), or
    None, with `uploaded_by_label`, having checked that link itself.
    """
    outside = actor is None or isinstance(actor, Outsider)
    if not (outside and uploaded_by_label):
        require(actor, "core.evidence.upload")
    today = timezone.localdate()
    applies_from = applies_from or today
    _refuse_if(rules.applies_from_problem(applies_from, today=today), field="applies_from")
    _refuse_if(rules.expiry_problem(applies_from, expires_on, today=today), field="expires_on")
    sha256, detected, size = _checked(upload, max_bytes or settings.EVIDENCE_MAX_BYTES)
    label = uploaded_by_label or getattr(actor, "email", "")
    evidence = row_create(
        actor=actor,
        model=EvidenceFile,
        values={
            "sha256": sha256,
            "size": size,
            "content_type": detected.content_type,
            "original_name": upload.name,
            "safe_name": rules.safe_name(upload.name),
            "storage_name": rules.storage_name(sha256),
            "uploaded_by": actor if isinstance(actor, User) else None,
            "uploaded_by_label": label,
            "applies_from": applies_from,
            "expires_on": expires_on,
        },
        action="evidence.uploaded",
        audit_changes={
            "sha256": sha256,
            "size": size,
            "type": detected.content_type,
            "name": upload.name,
            "applies_from": applies_from,
            "expires_on": expires_on,
            "uploaded_by": label,
        },
    )
    if expires_on is not None and evidence.uploaded_by is not None:
        _open_expiry_deadline(actor, evidence)
    # The bytes last, once every check and row of this upload has passed: a refusal
    # anywhere above leaves no file behind (a storage that fails here rolls the rows back).
    evidence_bytes_store(upload, sha256)
    return evidence


def _checked(upload, limit: int) -> tuple[str, rules.Detected, int]:
    """The upload's SHA-256, type and size, or a ValidationError on `file` saying why
    it is refused (its name, its size, what its bytes are)."""
    _refuse_if(rules.name_problem(upload.name or ""))
    # The size the upload declares, before reading anything; the bytes are counted too.
    if upload.size and upload.size > limit:
        _refuse_if(rules.size_problem(upload.size, limit))
    sha256, detected, size = _read(upload, limit)
    _refuse_if(rules.size_problem(size, limit))
    _refuse_if(detected.problem)
    return sha256, detected, size


def _refuse_if(problem: str, *, field: str = "file") -> None:
    if problem:
        raise ValidationError({field: [problem]})


def _read(upload, limit: int) -> tuple[str, rules.Detected, int]:
    """SHA-256, detected type and size, chunk by chunk; stops past the limit (the
    caller refuses it) rather than reading a huge body into memory."""
    digest, scan = hashlib.sha256(), rules.ContentScan(upload.name or "")
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
        scan.feed(chunk)
        if scan.size > limit:
            return "", rules.Detected(), scan.size
    return digest.hexdigest(), scan.result(), scan.size


def _open_expiry_deadline(actor, evidence: EvidenceFile) -> None:
    # Due when it stops counting: the start of the day after its last valid day.
    due_at = datetime.combine(evidence.expires_on + timedelta(days=1), time.min, tzinfo=UTC)
    deadline_open(
        actor=actor,
        subject=evidence,
        kind=EXPIRY_KIND,
        label=f"Expiry of evidence {evidence.safe_name}",
        due_at=due_at,
        owner=evidence.uploaded_by,
        warn_before=[EXPIRY_WARNING],
        link=reverse("core:evidence_download", kwargs={"pk": evidence.pk}),
    )


def evidence_described(evidence: EvidenceFile) -> dict:
    """An evidence file as the audit trail names it when an app links it to a record or
    takes it off: by its id, its SHA-256 and its download name."""
    return {"evidence": evidence.pk, "sha256": evidence.sha256, "name": evidence.safe_name}


@transaction.atomic
def evidence_download_record(*, actor, evidence: EvidenceFile) -> None:
    """Downloads are part of the record: who fetched which bytes, when."""
    require(actor, "core.evidence.view", evidence)
    audit_record(
        actor=actor,
        action="evidence.downloaded",
        obj=evidence,
        changes={"sha256": evidence.sha256, "name": evidence.safe_name},
    )
