"""The card the page and API tests share: a high-risk system's model whose approved
version 1 and draft version 2 have one gap, the accuracy for age 60+ below its threshold."""

from __future__ import annotations

from cards.models import ModelCard
from cards.rules.content import card_from_dict, card_to_dict
from tests.cards.factories import (
    DatasetFactory,
    DatasheetVersionFactory,
    ModelCardFactory,
    ModelCardVersionFactory,
)
from tests.factories import AISystemFactory

# A high-risk card whose only gap is the accuracy for age 60+ below its threshold.
CONTENT = {
    "identity": {"name": "Hiring screener", "version": "3.0"},
    "uses": {"intended_uses": "Rank applications for a recruiter to read."},
    "performance": {
        "metrics": [
            {"name": "accuracy", "value": 0.94, "threshold": 0.92, "direction": "at_least"},
            {
                "name": "accuracy",
                "group": "age 60+",
                "value": 0.91,
                "threshold": 0.92,
                "direction": "at_least",
            },
        ]
    },
    "technical": {"training_datasets": ["applications-2025"]},
    "considerations": {
        "identified_biases": "Older applicants ranked lower.",
        "failure_modes": "Unusual CV layouts.",
        "mitigations": "A recruiter reads every application.",
    },
    "governance": {"incident_contact": "hr-ai@example.com", "approvers": ["AI safety lead"]},
}
GAP = "accuracy for age 60+ is 0.91, below its threshold of at least 0.92"


def make_card(personas) -> ModelCard:
    system = AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops, risk_tier="high")
    DatasheetVersionFactory(dataset=DatasetFactory(key="applications-2025"), approved=True)
    card = ModelCardFactory(model__system=system, model__name="Screener", model__key="screener")
    ModelCardVersionFactory(card=card, number=1, approved=True, content=stored(CONTENT))
    ModelCardVersionFactory(card=card, number=2, content=stored(CONTENT), created_by=personas.owner)
    return card


def stored(content: dict) -> dict:
    return card_to_dict(card_from_dict(content))
