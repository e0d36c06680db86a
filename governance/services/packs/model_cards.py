"""The model cards in a system pack (issue 18): for each model of the pack's systems, the
card version that was approved at the end of the pack's range (the approved version is
what a gate, a pack and an export cite, DOMAIN.md 7), read section by section as the
card pages show it, with its content hash; whether a new version was needed then. One
query for every system of the pack."""

from __future__ import annotations

from dataclasses import dataclass

from cards.models import ModelCardVersion
from cards.rules.content import CardContentError, card_from_dict
from cards.views.display import SectionView, section_views


@dataclass
class PackModelCard:
    version: ModelCardVersion
    sections: list[SectionView]

    @property
    def model(self):
        return self.version.card.model


def _readable(version: ModelCardVersion) -> list[SectionView]:
    try:
        return section_views(card_from_dict(version.content))
    except CardContentError:  # decided content always reads; kept safe for the pack
        return []


def pack_model_cards(ids: list[int], span) -> dict[int, list[PackModelCard]]:
    """By system id: the version of each card approved at `span.end` (the latest
    decided one that was approved before it, superseded since or not)."""
    rows = (
        ModelCardVersion.objects.filter(
            card__model__system__in=ids,
            status__in=("approved", "superseded"),
            decided_at__lt=span.end,
        )
        .select_related("card__model", "decided_by", "created_by")
        .order_by("card__model__system_id", "card__model__key", "card_id", "-decided_at")
        .distinct("card__model__system_id", "card__model__key", "card_id")
    )
    found: dict[int, list[PackModelCard]] = {}
    for version in rows:
        entry = PackModelCard(version, _readable(version))
        found.setdefault(version.card.model.system_id, []).append(entry)
    return found
