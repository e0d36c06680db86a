"""Reads of the clocks."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from core.models import Deadline


def deadline_open_for(*, subject, kind: str) -> Deadline | None:
    """The open deadline of `kind` on `subject`, if any: what an app meets or moves."""
    return Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=str(subject.pk),
        kind=kind,
        met_at__isnull=True,
        cancelled_at__isnull=True,
    ).first()
