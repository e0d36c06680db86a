"""A model card version as a PDF/A document: /cards/<id>/versions/<n>/pdf/, for anyone
who may read the card, times in their own zone; the download is audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from cards.services.pdf import card_version_pdf, card_version_pdf_name
from cards.views.common import card_for, version_for
from core.views.common import viewer_time_zone


@require_GET
def version_pdf(request, card_id: int, number: int):
    version = version_for(request, card_for(request, card_id), number)
    try:
        pdf = card_version_pdf(
            version=version, zone=viewer_time_zone(request.user), actor=request.user
        )
    except ValidationError as refused:
        # The organisation profile lacks its legal name: say so, produce nothing.
        text = " ".join(" ".join(m) for m in refused.message_dict.values())
        return HttpResponse(text, status=409, content_type="text/plain; charset=utf-8")
    name = card_version_pdf_name(version)
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
