"""A model card version as a PDF/A-3b document (issue 18), through core.pdf: under the
organisation's legal name (refused, naming it, while the profile lacks it), every time
in the reader's zone, the version's sections as the pages show them. A download by a
person is audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from cards.models import ModelCardVersion
from cards.rules.content import card_from_dict
from core.audit import audit_record
from core.pdf import render_pdf
from core.rules import organisation_missing
from core.selectors import organisation_profile_get

TEMPLATE = "cards/pdf/version.html"
ACTION_LABELS = {"model_card_version.downloaded": "Downloaded a model card version"}


def card_version_pdf_name(version: ModelCardVersion) -> str:
    model = version.card.model
    return f"{model.system.system_id}-{model.key}-v{version.number}.pdf"


@transaction.atomic
def card_version_pdf(*, version: ModelCardVersion, zone: str, actor=None) -> bytes:
    """The version as PDF/A-3b, times in `zone` (the reader's). The caller has checked
    that the reader may see the card; `actor`, when given, is audited as downloading."""
    from cards.views.display import section_views  # the pages' reading of a card

    organisation = organisation_profile_get()
    missing = organisation_missing(organisation, ["legal_name"])
    if missing:
        raise ValidationError(
            {
                "organisation": "The organisation profile lacks what this document needs: "
                f"{', '.join(missing)}. An administrator fills it in on the organisation page."
            }
        )
    model = version.card.model
    pdf = render_pdf(
        TEMPLATE,
        {
            "version": version,
            "model": model,
            "system": model.system,
            "organisation": organisation,
            "zone": zone,
            "sections": section_views(card_from_dict(version.content)),
        },
        variant="pdf/a-3b",
    )
    if actor is not None:
        audit_record(
            actor=actor,
            action="model_card_version.downloaded",
            obj=version,
            changes={"format": "pdf", "status": version.status},
        )
    return pdf


def card_version_pdf_export(version: ModelCardVersion):
    """The API's export (?format=pdf, cards.selectors.exports). The API answers in UTC
    whoever asks (core.middleware.ViewerTimeZoneMiddleware), so its times are in UTC."""
    from cards.selectors.exports import ExportFile

    return ExportFile(
        card_version_pdf(version=version, zone="UTC"),
        "application/pdf",
        card_version_pdf_name(version),
    )
