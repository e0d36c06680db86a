"""Reads of models, their cards and card versions."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from cards.models import AIModel, ModelCard, ModelCardVersion
from cards.rules.content import Card, card_from_dict
from core.selectors import all_or_none, visible_or_404

BIGGEST_ID = 2**63 - 1


def number_or_404(value) -> int:
    """An id or a version number from a URL or a body, or 404 (never a 500)."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise Http404("No such object.") from None
    if not 1 <= number <= BIGGEST_ID:
        raise Http404("No such object.")
    return number


def models_visible_to(user) -> QuerySet[AIModel]:
    return all_or_none(user, "cards.model.view", AIModel)


def _with_versions(models: QuerySet[AIModel]) -> QuerySet[AIModel]:
    """Each model with its card, the latest version's number and status, and the
    approved version's number (None when there is none): one query for any number."""
    versions = ModelCardVersion.objects.filter(card=OuterRef("card"))
    latest = versions.order_by("-number")
    approved = versions.filter(status="approved")
    return models.select_related("card", "system").annotate(
        latest_number=Subquery(latest.values("number")[:1]),
        latest_status=Subquery(latest.values("status")[:1]),
        approved_number=Subquery(approved.values("number")[:1]),
    )


def models_for_system(user, system) -> QuerySet[AIModel]:
    """A system's models by key, annotated as `_with_versions` says."""
    return _with_versions(models_visible_to(user).filter(system=system)).order_by("key")


def model_get_for(user, pk) -> AIModel:
    return visible_or_404(
        _with_versions(models_visible_to(user)), "No such model.", pk=number_or_404(pk)
    )


def card_get_for(user, card_id) -> ModelCard:
    """A card with its model and system."""
    cards = ModelCard.objects.filter(model__in=models_visible_to(user))
    return visible_or_404(
        cards.select_related("model__system__owner_team"),
        "No such model card.",
        pk=number_or_404(card_id),
    )


def card_versions_of(user, card: ModelCard) -> QuerySet[ModelCardVersion]:
    """A card's versions, newest first, with the people named (content left out: a
    list does not need it; one query for any number)."""
    versions = ModelCardVersion.objects.filter(card__model__in=models_visible_to(user), card=card)
    return versions.select_related("created_by", "submitted_by", "decided_by").defer("content")


def version_get_for(user, card_id, number) -> ModelCardVersion:
    """Version `number` of card `card_id`, with its card, model, system and people."""
    versions = ModelCardVersion.objects.filter(card__model__in=models_visible_to(user))
    return visible_or_404(
        versions.select_related(
            "card__model__system__owner_team", "created_by", "submitted_by", "decided_by"
        ),
        "No such model card version.",
        card_id=number_or_404(card_id),
        number=number_or_404(number),
    )


def version_card(version: ModelCardVersion) -> Card:
    """A stored version's content as a Card (stored content is always valid)."""
    return card_from_dict(version.content)
