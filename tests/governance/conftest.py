"""Fixtures of the risk register's tests."""

import pytest

from tests.factories import AISystemFactory


@pytest.fixture
def hazmat_system(personas):
    return AISystemFactory(
        system_id="SYS-009", name="Hazardous cargo route optimiser", owner_team=personas.people_ops
    )


@pytest.fixture
def risk_data(personas, hazmat_system):
    """What a board member types for DOMAIN.md 5's first example."""
    return {
        "title": "Route optimiser suggests unsafe roads for hazardous cargo",
        "description": "Suggested routes may pass tunnels closed to hazardous goods.",
        "category": "safety",
        "inherent_likelihood": 4,
        "inherent_impact": 4,
        "residual_likelihood": 3,
        "residual_impact": 3,
        "owner_team": personas.people_ops,
        "systems": [hazmat_system],
    }
