"""The AI Act page says who the provider and the deployer are as the Act does (DOMAIN.md
2.2, Art. 3 and Art. 25). Finding: it said the deployer is "the company using the system
under its own name", which is the provider's mark."""

import re

import pytest

from tests.factories import AISystemFactory

pytestmark = pytest.mark.django_db


def test_the_ai_act_page_names_provider_and_deployer_as_the_act_does(client, personas):
    AISystemFactory(system_id="SYS-001", name="Screener", owner_team=personas.people_ops)
    client.force_login(personas.legal)
    html = client.get("/systems/SYS-001/ai-act/").content.decode()
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert "using the system under its own name" not in text
    assert (
        "the provider develops the system, or has it developed, and places it on the market "
        "or puts it into service under its own name or trademark"
    ) in text
    assert "the deployer uses the system under its authority" in text
    assert "or substantially modifies it (for example by fine-tuning it), becomes" in text
    assert "becomes its provider (Art. 25)" in text
