"""Rows of the cards app for tests: models, cards, versions in any state, datasets."""

from __future__ import annotations

from dataclasses import replace

import factory
from django.utils import timezone

from cards.models import AIModel, Dataset, DatasheetVersion, ModelCard, ModelCardVersion
from cards.rules.content import (
    AT_LEAST,
    Card,
    Considerations,
    Governance,
    Identity,
    Metric,
    Performance,
    Technical,
    Uses,
)
from cards.rules.datasheet import REQUIRED_SECTIONS, Datasheet
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


# --- content: a card that passes the high-risk reading, to take one thing away from ---

RESUMES = "resumes-2019-2024"  # the dataset key the complete card trains and evaluates on


def complete_card(**sections) -> Card:
    """A hiring screener's card with nothing missing for a high-risk gate, as long as
    RESUMES has an approved datasheet; `sections` replace whole sections."""
    card = Card(
        identity=Identity(model_id="screener", name="Resume screener", version="3.0"),
        uses=Uses(intended_uses="Rank applications for a recruiter to read first."),
        performance=Performance(
            metrics=(
                Metric(name="accuracy", value=0.93, threshold=0.92, direction=AT_LEAST),
                Metric(
                    name="accuracy",
                    value=0.925,
                    group="age 60+",
                    threshold=0.92,
                    direction=AT_LEAST,
                ),
            )
        ),
        technical=Technical(training_datasets=(RESUMES,), evaluation_datasets=(RESUMES,)),
        considerations=Considerations(
            identified_biases="Shorter careers rank lower.",
            failure_modes="Non-standard resume layouts are misread.",
            mitigations="A recruiter reads every rejected application.",
        ),
        governance=Governance(
            incident_contact="ai-incidents@example.com", approvers=("AI safety lead",)
        ),
    )
    return replace(card, **sections)


# A datasheet covering every section DOMAIN.md 7 names: approvable.
FILLED_DATASHEET = Datasheet(**{key: f"About {key}." for key, _ in REQUIRED_SECTIONS})
