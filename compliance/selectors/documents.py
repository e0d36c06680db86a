"""Documents as evidence (the `document` evidence kind, which compliance owns): for each
system and document type, the documents filed for the system and those filed for the
whole organisation, newest first. Two queries whatever the number of systems."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import yaml
from django.urls import reverse

from compliance.models import ComplianceDocument
from core.evidence_kinds import Found, FoundEvidence

TYPES_FILE = Path(__file__).resolve().parent.parent / "data" / "document_types.yaml"


@cache
def document_types() -> dict[str, dict]:
    """{key: {"label", "scope", "help"}} from compliance/data/document_types.yaml."""
    if not TYPES_FILE.exists():
        return {}
    with TYPES_FILE.open(encoding="utf-8") as fh:
        return {t["key"]: t for t in yaml.safe_load(fh)["types"]}


def document_type_label(key: str) -> str:
    return document_types().get(key, {}).get("label") or key.replace("-", " ").capitalize()


def _found(doc: ComplianceDocument, today: date) -> FoundEvidence:
    file = doc.evidence
    current = file.is_current(today)
    why = ""
    if not current:
        why = (
            f"{doc.title} expired on {file.expires_on.isoformat()}"
            if file.expires_on and today > file.expires_on
            else f"{doc.title} applies from {file.applies_from.isoformat()}"
        )
    return FoundEvidence(
        record_type="compliance.compliancedocument",
        record_id=str(doc.pk),
        label=f"{doc.title} ({file.safe_name})",
        fingerprint=file.sha256,
        url=reverse("core:evidence_download", args=[file.pk]),
        expires_on=file.expires_on,
        current=current,
        why_not_current=why,
    )


def documents_found(system_pks: list[int], details: set[str], today: date) -> Found:
    """The `document` kind's finder (core.evidence_kinds)."""
    rows = ComplianceDocument.objects.filter(
        document_type__in=details, removed_at__isnull=True
    ).select_related("evidence")
    system_docs = rows.filter(system__in=system_pks)
    shared = list(rows.filter(system__isnull=True))
    found: Found = {}
    for doc in system_docs:
        found.setdefault((doc.system_id, doc.document_type), []).append(_found(doc, today))
    for doc in shared:
        for pk in system_pks:
            found.setdefault((pk, doc.document_type), []).append(_found(doc, today))
    return found


def document_produce_url(system_id: str) -> str:
    return reverse("compliance:system_documents", args=[system_id])
