"""A system's incident contact is a person or a team (issue 15, section 4): set on the
page and through the API, audited by name, shown on the system's page; the address
beside them is shown only."""

import pytest

from core.models import AuditEvent
from registry.models import AISystem
from tests.factories import AISystemFactory

pytestmark = pytest.mark.django_db
ON_CALL = "people-ops-oncall@example.com"


@pytest.fixture
def system(personas):
    return AISystemFactory(
        system_id="SYS-001", owner_team=personas.people_ops, incident_contact="ops@example.com"
    )


def test_the_api_names_the_contact_by_login_address_and_team_slug(api_client, personas, system):
    api_client.force_authenticate(personas.owner)
    response = api_client.patch(
        "/api/v1/systems/SYS-001/",
        {"incident_contact_user": "security@example.com", "incident_contact_team": "people-ops"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["incident_contact_user"], body["incident_contact_team"]) == (
        "security@example.com",
        "people-ops",
    )
    assert body["incident_contact"] == "ops@example.com"
    system.refresh_from_db()
    assert system.incident_contact_user == personas.security
    event = AuditEvent.objects.get(action="system.updated", object_id=str(system.pk))
    assert event.changes["incident_contact_user"] == [
        None,
        f"{personas.security.display_name} (#{personas.security.pk})",
    ]
    assert event.changes["incident_contact_team"] == [None, "people-ops"]


def test_an_address_that_is_nobodys_account_is_refused_naming_the_field(
    api_client, personas, system
):
    api_client.force_authenticate(personas.owner)
    response = api_client.patch(
        "/api/v1/systems/SYS-001/", {"incident_contact_user": ON_CALL}, format="json"
    )
    assert response.status_code == 400
    assert "incident_contact_user" in response.json()
    assert AISystem.objects.get(pk=system.pk).incident_contact_user is None


def test_the_page_sets_a_contact_team_and_shows_it(client, personas, system):
    client.force_login(personas.owner)
    form = client.get("/systems/SYS-001/edit/").content.decode()
    assert 'name="incident_contact_user"' in form and 'name="incident_contact_team"' in form
    assert "It gives nobody any rights" in form
    data = {
        "name": system.name,
        "description": system.description,
        "owner_team": personas.people_ops.pk,
        "incident_contact_team": personas.people_ops.pk,
        "incident_contact": "ops@example.com",
    }
    response = client.post("/systems/SYS-001/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get("/systems/SYS-001/").content.decode()
    assert "team People Ops" in page
    assert "address shown only: ops@example.com" in page
