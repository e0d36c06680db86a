"""Reads of evidence files: one file for a viewer (404 for missing and forbidden
alike), and its bytes."""

from __future__ import annotations

from datetime import date

from django.core.files import File
from django.db.models import Q
from django.http import Http404

from core.evidence.storage import evidence_storage
from core.models import EvidenceFile
from core.permissions import can


def evidence_get_for(user, *, pk: int) -> EvidenceFile:
    """One evidence file the user may read; Http404 when missing or not theirs to see,
    so the answer tells nobody which files exist."""
    if not can(user, "core.evidence.view"):
        raise Http404("No such evidence file.")
    evidence = EvidenceFile.objects.filter(pk=pk).first()
    if evidence is None or not can(user, "core.evidence.view", evidence):
        raise Http404("No such evidence file.")
    return evidence


def evidence_open(*, evidence: EvidenceFile) -> File:
    """The stored bytes, opened for reading (the caller closes them, or a response does)."""
    return evidence_storage().open(evidence.storage_name, "rb")


def current_evidence_filter(today: date, prefix: str = "") -> Q:
    """Evidence that counts on `today` (EvidenceFile.is_current), as a filter; `prefix`
    reaches it through a link ("evidence__")."""
    return Q(**{f"{prefix}applies_from__lte": today}) & (
        Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gte": today})
    )
