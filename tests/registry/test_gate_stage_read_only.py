"""Passing a gate is the only way a system's stage changes: the edit form, the API, the
admin and the services refuse it (issue 7, must show). A new system may still be
registered at the stage it is in."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from registry import services
from registry.models import AISystem
from tests.factories import AISystemFactory

pytestmark = pytest.mark.django_db

READ_ONLY = "The lifecycle stage changes only by passing a gate."


@pytest.fixture
def system(personas) -> AISystem:
    return AISystemFactory(
        system_id="SYS-001",
        name="Resume screener",
        owner_team=personas.people_ops,
        lifecycle_stage="development",
    )


def stage(system) -> str:
    return AISystem.objects.get(pk=system.pk).lifecycle_stage


def test_the_service_refuses_a_stage_in_an_edit(personas, system):
    with pytest.raises(ValidationError) as refused:
        services.system_update(
            actor=personas.owner, system=system, data={"lifecycle_stage": "production"}
        )
    assert refused.value.message_dict == {"lifecycle_stage": [READ_ONLY]}
    assert stage(system) == "development"


def test_the_edit_form_shows_the_stage_read_only_and_ignores_a_posted_one(client, personas, system):
    client.force_login(personas.owner)
    url = reverse("registry:system_edit", args=["SYS-001"])
    page = client.get(url).content.decode()
    assert f"Read-only. {READ_ONLY}" in page
    assert '<select name="lifecycle_stage" disabled' in page
    data = {
        "name": "Resume screener",
        "description": "Ranks CVs.",
        "owner_team": personas.people_ops.pk,
        "lifecycle_stage": "production",
        "model_version": "v2",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    system.refresh_from_db()
    assert (system.model_version, system.lifecycle_stage) == ("v2", "development")
    assert "lifecycle_stage" not in AuditEvent.objects.get(action="system.updated").changes


def test_the_api_refuses_a_stage_in_a_patch_naming_the_field(api_client, personas, system):
    api_client.force_authenticate(personas.owner)
    response = api_client.patch(
        "/api/v1/systems/SYS-001/", {"lifecycle_stage": "production"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["lifecycle_stage"] == [READ_ONLY]
    assert stage(system) == "development"
    shown = api_client.get("/api/v1/systems/SYS-001/").json()
    assert shown["lifecycle_stage"] == "development"


@pytest.fixture
def admin_client(personas) -> Client:
    admin = personas.admin
    admin.is_staff = True
    admin.save()
    client = Client()
    client.force_login(admin, backend="core.backends.PortalModelBackend")
    return client


def test_the_admin_shows_the_stage_read_only_and_has_no_bulk_actions(admin_client, system):
    change = reverse("admin:registry_aisystem_change", args=[system.pk])
    page = admin_client.get(change).content.decode()
    assert 'name="lifecycle_stage"' not in page and "Development" in page
    response = admin_client.post(
        change,
        {
            "name": "Resume screener",
            "description": "Ranks CVs.",
            "owner_team": system.owner_team_id,
            "lifecycle_stage": "production",
            "regulatory_scope": "",
            "ai_act_role": system.ai_act_role,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert stage(system) == "development"
    changelist = admin_client.get(reverse("admin:registry_aisystem_changelist"))
    assert 'name="action"' not in changelist.content.decode()
    add_page = admin_client.get(reverse("admin:registry_aisystem_add")).content.decode()
    assert 'name="lifecycle_stage"' in add_page
