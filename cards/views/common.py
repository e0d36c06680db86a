"""What the card pages share: finding a card or a version for one who may act on it
(403 before 404 for one who may see no card at all, then 404, then 403 for the action),
and the way back to the list."""

from __future__ import annotations

from django.urls import reverse

from cards.models import ModelCard, ModelCardVersion
from cards.selectors.models import card_get_for, version_get_for
from core.views.common import require_can

VIEW = "cards.model.view"


def card_for(request, card_id: int, action: str = VIEW) -> ModelCard:
    require_can(request, VIEW)
    card = card_get_for(request.user, card_id)
    if action != VIEW:
        require_can(request, action, card)
    return card


def version_for(request, card: ModelCard, number: int, action: str = VIEW) -> ModelCardVersion:
    """Version `number` of `card` (with its card, model and system), 404 when none."""
    version = version_get_for(request.user, card.pk, number)
    if action != VIEW:
        require_can(request, action, version)
    return version


def card_crumbs(card: ModelCard) -> list[tuple[str, str]]:
    return [
        ("Model cards", reverse("cards:card_list")),
        (card.model.name, reverse("cards:card_detail", args=[card.pk])),
    ]


def version_url(version: ModelCardVersion) -> str:
    return reverse("cards:version_detail", args=[version.card_id, version.number])
