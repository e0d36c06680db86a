"""Each system records our role under the AI Act and its EU database number (DOMAIN.md
2.2, 6), which the serious-incident report names: set on the system's form and through
the API like any other field, audited."""

import pytest

from core.models import AuditEvent
from registry.models import AISystem
from tests.factories import people_ops_system

pytestmark = pytest.mark.django_db


def test_the_form_offers_our_role_and_the_eu_database_number(client, personas):
    people_ops_system(personas)
    client.force_login(personas.owner)
    page = client.get("/systems/SYS-001/edit/").content.decode()
    assert 'name="ai_act_role"' in page and 'name="eu_database_number"' in page
    assert "Provider: we develop it" in page  # the prompt says which is which


def test_the_system_page_says_our_role_and_not_registered(client, personas):
    people_ops_system(personas)
    client.force_login(personas.owner)
    page = client.get("/systems/SYS-001/").content.decode()
    assert "<dt>Our role under the AI Act</dt><dd>Provider</dd>" in page
    assert "<dt>EU database registration</dt><dd>Not registered</dd>" in page


def test_the_api_sets_the_role_and_number_and_the_change_is_audited(api_client, personas):
    people_ops_system(personas)
    api_client.force_authenticate(personas.owner)
    body = {"ai_act_role": "deployer", "eu_database_number": "EU-HR-000123"}
    response = api_client.patch("/api/v1/systems/SYS-001/", body, format="json")
    assert response.status_code == 200, response.json()
    system = AISystem.objects.get()
    assert (system.ai_act_role, system.eu_database_number) == ("deployer", "EU-HR-000123")
    event = AuditEvent.objects.filter(object_id=str(system.pk)).latest("seq")
    assert "ai_act_role" in event.changes


def test_an_unknown_role_is_a_400_naming_the_field(api_client, personas):
    people_ops_system(personas)
    api_client.force_authenticate(personas.owner)
    response = api_client.patch(
        "/api/v1/systems/SYS-001/", {"ai_act_role": "importer"}, format="json"
    )
    assert response.status_code == 400 and "ai_act_role" in response.json()
