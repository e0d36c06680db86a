"""What the registry's write services share."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from core.evidence.services import evidence_store
from core.models import EvidenceFile
from core.writes import row_create, row_update


def full_clean_or_raise(instance, *, exclude: list[str]) -> None:
    """Field-named validation before a save. Uniqueness and check constraints are left
    to the database, which enforces them inside the same transaction anyway."""
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


def clean_except(*names: str) -> Callable[[models.Model], None]:
    """A `validate` for core.writes.row_create: every field but `names` (the relations
    the service set itself, which need no query to check them)."""
    return lambda instance: full_clean_or_raise(instance, exclude=list(names))


def not_an_edit(system) -> dict[str, Any]:
    """`also` for core.writes.row_update when a write flags a system or moves it through
    a gate without editing what it is: its `updated_at` stays, so a classification
    proposal waiting for a reviewer does not go stale (rules.proposal_stale_reason)."""
    return {"updated_at": system.updated_at}


def evidence_given(
    actor,
    upload,
    evidence: EvidenceFile | None,
    applies_from: date | None = None,
    expires_on: date | None = None,
) -> EvidenceFile:
    """The file an attach links: `upload` stored now (with its dates), or `evidence`
    already stored. Exactly one of them."""
    if (upload is None) == (evidence is None):
        raise ValidationError({"file": ["Choose a file to upload."]})
    if upload is not None:
        return evidence_store(
            actor=actor, upload=upload, applies_from=applies_from, expires_on=expires_on
        )
    return evidence


def reclassification_flag(*, actor, system, reason: str) -> bool:
    """Flag a locked system for re-classification, `reason` added to the reasons it
    has. Not an edit of the system (not_an_edit); the caller audits it in its own
    words. Returns whether it was flagged already."""
    flagged_before = system.reclassification_needed
    row_update(
        actor=actor,
        obj=system,
        values={
            "reclassification_needed": True,
            "reclassification_reasons": [*system.reclassification_reasons, reason],
        },
        also=not_an_edit(system),
        action=None,
    )
    return flagged_before


def row_create_or_refuse(*, refusal: dict[str, list[str]], **terms) -> models.Model:
    """core.writes.row_create in a savepoint: when a unique index refuses the row (a
    concurrent writer won the race that the service's own check lost), `refusal` is
    raised as a ValidationError and the caller's transaction goes on unharmed."""
    try:
        with transaction.atomic():
            return row_create(**terms)
    except IntegrityError:
        raise ValidationError(refusal) from None
