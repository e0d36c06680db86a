"""The upload of a file behind a post-incident review or a sent notification."""

from __future__ import annotations

from core.forms import EvidenceUploadForm


class IncidentEvidenceForm(EvidenceUploadForm):
    """Core's evidence upload without its dates: a file behind a review or a notification
    records what happened, so it counts from the day it is attached and never expires."""

    applies_from = None
    expires_on = None
