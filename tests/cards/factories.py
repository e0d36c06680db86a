"""Rows of the cards app for tests: models, cards, versions in any state, datasets."""

from __future__ import annotations

import factory
from django.utils import timezone

from cards.models import AIModel, Dataset, DatasheetVersion, ModelCard, ModelCardVersion
from tests.factories import AISystemFactory, TeamFactory, UserFactory

HASH = "0" * 64  # a well-formed content hash for rows made approved directly


class AIModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AIModel

    system = factory.SubFactory(AISystemFactory)
    key = factory.Sequence(lambda n: f"model-{n}")
    name = factory.Sequence(lambda n: f"Model {n}")
    created_by = factory.SubFactory(UserFactory)


class ModelCardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModelCard

    model = factory.SubFactory(AIModelFactory)


class ModelCardVersionFactory(factory.django.DjangoModelFactory):
    """A draft by default; `approved=True` (a trait) stamps it as decided."""

    class Meta:
        model = ModelCardVersion

    card = factory.SubFactory(ModelCardFactory)
    number = 1
    content = factory.LazyFunction(dict)
    created_by = factory.SubFactory(UserFactory)

    class Params:
        approved = factory.Trait(
            status="approved",
            content_hash=HASH,
            decided_by=factory.SubFactory(UserFactory),
            decided_at=factory.LazyFunction(timezone.now),
        )


class DatasetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dataset

    key = factory.Sequence(lambda n: f"dataset-{n}")
    name = factory.Sequence(lambda n: f"Dataset {n}")
    owner_team = factory.SubFactory(TeamFactory)
    created_by = factory.SubFactory(UserFactory)


class DatasheetVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DatasheetVersion

    dataset = factory.SubFactory(DatasetFactory)
    number = 1
    content = factory.LazyFunction(dict)
    created_by = factory.SubFactory(UserFactory)

    class Params:
        approved = factory.Trait(
            status="approved",
            content_hash=HASH,
            approved_by=factory.SubFactory(UserFactory),
            approved_at=factory.LazyFunction(timezone.now),
        )
