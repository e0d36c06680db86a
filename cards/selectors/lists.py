"""The lists of cards, models and datasets (cards.lists declares them): the one way into
each list for its page, its API list and its exports, over what the viewer may see."""

from __future__ import annotations

from cards.lists import CARD_LIST, DATASET_LIST, MODEL_LIST, datasheet_context
from cards.models import ModelCard
from cards.selectors.datasets import datasets_visible_to
from cards.selectors.models import models_visible_to
from core.lists import ListQuery


def cards_visible_to(user):
    return ModelCard.objects.filter(model__in=models_visible_to(user))


def card_list_for(user, params=None, *, time_zone: str = "UTC") -> ListQuery:
    """The model cards with their latest and approved versions and the latest's
    completeness (one query for the datasheet register, one for the rows)."""
    return CARD_LIST.query(
        cards_visible_to(user), params, time_zone=time_zone, **datasheet_context()
    )


def model_list_for(user, params=None, *, time_zone: str = "UTC") -> ListQuery:
    return MODEL_LIST.query(models_visible_to(user), params, time_zone=time_zone)


def dataset_list_for(user, params=None, *, time_zone: str = "UTC") -> ListQuery:
    return DATASET_LIST.query(datasets_visible_to(user), params, time_zone=time_zone)
