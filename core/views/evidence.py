"""Downloading an evidence file: only through this permission-checked view, always as
an attachment that the browser may neither sniff nor run."""

from __future__ import annotations

from django.http import FileResponse
from django.views.decorators.http import require_GET

from core.evidence.selectors import evidence_get_for, evidence_open
from core.evidence.services import evidence_download_record


@require_GET
def evidence_download(request, pk: int):
    evidence = evidence_get_for(request.user, pk=pk)
    evidence_download_record(actor=request.user, evidence=evidence)
    response = FileResponse(
        evidence_open(evidence=evidence),
        as_attachment=True,
        filename=evidence.safe_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
