"""Importing a model card from a file the field uses (issue 18): a CycloneDX ML-BOM or a
Hugging Face README becomes a new draft version of the card, with the report of what was
read, what was not, and what is still missing for completeness. Nothing half-imported:
the draft and its content are written in one transaction, or not at all."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from cards.exchange.common import MAX_IMPORT_BYTES
from cards.exchange.errors import ImportRefused
from cards.exchange.importing import card_import
from cards.exchange.report import ImportReport
from cards.models import ModelCard, ModelCardVersion
from cards.rules.content import card_to_dict
from cards.selectors.completeness import every_approved_datasheet_key
from cards.services.card_versions import card_version_draft_start, card_version_update


@dataclass(frozen=True)
class Imported:
    version: ModelCardVersion
    report: ImportReport


@transaction.atomic
def card_version_import(*, actor, card: ModelCard, upload) -> Imported:
    """Read `upload` (a Django UploadedFile) into a new draft version of `card`. A file
    over the limit is refused by its size before a byte of it is read into memory; a
    file that cannot be read is refused with the reason (ValidationError on `file`)."""
    if upload.size is not None and upload.size > MAX_IMPORT_BYTES:
        raise ValidationError({"file": [_too_large(upload.size)]})
    try:
        content, report = card_import(
            upload.read(MAX_IMPORT_BYTES + 1),
            filename=upload.name or "",
            datasets_with_datasheet=every_approved_datasheet_key(),
        )
    except ImportRefused as refused:
        raise ValidationError({"file": [refused.reason]}) from None
    version = card_version_draft_start(actor=actor, card=card)
    card_version_update(
        actor=actor,
        version=version,
        content=card_to_dict(content),
        changelog=f"Imported from {upload.name} ({report.format}).",
    )
    return Imported(version=version, report=report)


def _too_large(size: int) -> str:
    return (
        f"The file is {size / 1024 / 1024:.1f} MB; a model card may be at most "
        f"{MAX_IMPORT_BYTES // 1024 // 1024} MB."
    )
