"""A card version delivered as a file through the API's export: written by the format's
exporter (cards.selectors.exports) and recorded as a download of the version (who, which
format, the version's status then), as every export of the portal is."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from cards.models import ModelCardVersion
from cards.selectors.exports import FORMATS, ExportFile, exporter_for
from core.audit import audit_record


def card_version_export(*, actor, version: ModelCardVersion, file_format: str) -> ExportFile:
    """The file of `version` in `file_format`; ValidationError naming `format` for an
    unknown format or one whose writer is not installed. Nothing is recorded then."""
    if file_format not in FORMATS:
        raise ValidationError({"format": [f"Use one of: {', '.join(FORMATS)}."]})
    exporter = exporter_for(file_format)
    if exporter is None:
        raise ValidationError({"format": [f"{file_format} is not available yet."]})
    exported = exporter(version)
    audit_record(
        actor=actor,
        action="model_card_version.downloaded",
        obj=version,
        changes={"format": file_format, "status": version.status},
    )
    return exported
