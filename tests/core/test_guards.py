"""core.guards: a higher app's guard makes the system edit ask for a confirmation,
and the confirmed change is audited (registry imports nothing of the app)."""

import pytest
from django.urls import reverse

from core import guards
from core.models import AuditEvent
from registry.models import AISystem
from tests.factories import AISystemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guarded(monkeypatch):
    """A guard that warns about SYS-001 only, registered for this test alone."""
    monkeypatch.setattr(guards, "_guards", {})
    guards.register_change_guard(
        guards.ChangeGuard(
            subject="registry.system",
            name="tests.warn",
            warnings=lambda s: (
                ["A serious incident is unreported."] if s.system_id == "SYS-001" else []
            ),
        )
    )


def edit_data(personas, **overrides) -> dict:
    data = {
        "system_id": "SYS-001",
        "name": "Renamed screener",
        "description": "Ranks applicants' CVs.",
        "owner_team": personas.people_ops.pk,
        "lifecycle_stage": "development",
        "user_population": "general_public",
        "decision_type": "employment",
        "deployment_scale": "thousands",
        "incident_contact": "oncall@example.com",
    }
    return {**data, **overrides}


def test_the_system_page_and_form_show_the_warning(client, personas, guarded):
    AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    client.force_login(personas.owner)
    page = client.get(reverse("registry:system_detail", args=["SYS-001"])).content.decode()
    assert "A serious incident is unreported." in page
    form = client.get(reverse("registry:system_edit", args=["SYS-001"])).content.decode()
    assert 'name="confirm_change"' in form


def test_an_unconfirmed_change_is_refused_and_saves_nothing(client, personas, guarded):
    AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops, name="Screener")
    client.force_login(personas.owner)
    response = client.post(reverse("registry:system_edit", args=["SYS-001"]), edit_data(personas))
    assert response.status_code == 400
    assert 'id="confirm_change_error"' in response.content.decode()
    assert AISystem.objects.get().name == "Screener"
    assert not AuditEvent.objects.filter(action="change.confirmed_despite_warning").exists()


def test_a_confirmed_change_is_saved_and_audited_with_the_warning(client, personas, guarded):
    AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops, name="Screener")
    client.force_login(personas.owner)
    data = edit_data(personas, confirm_change="on")
    response = client.post(reverse("registry:system_edit", args=["SYS-001"]), data)
    assert response.status_code == 302
    assert AISystem.objects.get().name == "Renamed screener"
    event = AuditEvent.objects.get(action="change.confirmed_despite_warning")
    assert event.changes == {"warnings": ["A serious incident is unreported."]}
    assert event.actor_id == personas.owner.pk


def test_an_unguarded_system_changes_without_confirmation(client, personas, guarded):
    AISystemFactory(system_id="SYS-002", owner_team=personas.people_ops)
    client.force_login(personas.owner)
    data = edit_data(personas, system_id="SYS-002")
    response = client.post(reverse("registry:system_edit", args=["SYS-002"]), data)
    assert response.status_code == 302


def test_the_api_asks_for_the_same_confirmation(api_client, personas, guarded):
    AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops, name="Screener")
    api_client.force_authenticate(personas.owner)
    url = "/api/v1/systems/SYS-001/"
    refused = api_client.patch(url, {"name": "Renamed screener"}, format="json")
    assert refused.status_code == 400
    assert "A serious incident is unreported." in refused.json()["confirm_change"][0]
    assert AISystem.objects.get().name == "Screener"
    saved = api_client.patch(
        url, {"name": "Renamed screener", "confirm_change": True}, format="json"
    )
    assert saved.status_code == 200 and "confirm_change" not in saved.json()
    assert AISystem.objects.get().name == "Renamed screener"
    assert AuditEvent.objects.filter(action="change.confirmed_despite_warning").count() == 1
