"""A card's completeness as its system's tier and the datasheet register make it
(cards.rules.completeness): for a stored version, or for content being edited."""

from __future__ import annotations

from collections.abc import Iterable

from cards.choices import DatasheetStatus
from cards.models import DatasheetVersion, ModelCardVersion
from cards.rules.completeness import Completeness, card_completeness, card_is_high_risk
from cards.rules.content import Card, card_from_dict


def every_approved_datasheet_key() -> frozenset[str]:
    """The keys of every dataset with an approved datasheet (one query): for a card whose
    datasets are not known before it is read (an import) and for the card list."""
    rows = DatasheetVersion.objects.filter(status=DatasheetStatus.APPROVED)
    return frozenset(rows.values_list("dataset__key", flat=True))


def approved_datasheet_keys(keys: Iterable[str]) -> frozenset[str]:
    """Those of `keys` whose dataset has an approved datasheet (one query, none for none)."""
    keys = set(keys)
    if not keys:
        return frozenset()
    rows = DatasheetVersion.objects.filter(status="approved", dataset__key__in=keys)
    return frozenset(rows.values_list("dataset__key", flat=True))


def card_completeness_for(system, card: Card) -> Completeness:
    """The completeness of `card` as a card of `system` (live while editing)."""
    technical = card.technical
    return card_completeness(
        card,
        high_risk=card_is_high_risk(
            risk_tier=system.risk_tier or "", ai_act_category=system.ai_act_category or ""
        ),
        datasets_with_datasheet=approved_datasheet_keys(
            (*technical.training_datasets, *technical.evaluation_datasets)
        ),
    )


def card_version_completeness(version: ModelCardVersion) -> Completeness:
    """The completeness of a stored version (its system read through its card)."""
    return card_completeness_for(version.card.model.system, card_from_dict(version.content))
