"""Fixtures of the incident tests: a high-risk system with an incident contact, and a
reporter helper."""

import pytest

from tests.factories import AISystemFactory


@pytest.fixture
def screener(personas):
    """SYS-001, a high-risk hiring screener whose incident contact is the security lead."""
    return AISystemFactory(
        system_id="SYS-001", name="Hiring screener", owner_team=personas.people_ops,
        ai_act_category="high_risk", incident_contact="security@example.com",
    )  # fmt: skip
