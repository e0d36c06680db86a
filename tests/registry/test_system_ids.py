"""A new system is offered the next free system ID; a given one is still taken."""

from __future__ import annotations

import pytest

from registry import rules, services
from registry.models import AISystem
from registry.selectors.systems import system_id_next_free
from tests.factories import AISystemFactory


@pytest.mark.parametrize(
    ("highest", "expected"), [(None, "SYS-001"), (0, "SYS-001"), (41, "SYS-042"), (999, "SYS-1000")]
)
def test_the_next_system_id_follows_the_highest_number(highest, expected):
    assert rules.next_system_id(highest) == expected


@pytest.mark.django_db
def test_the_next_free_id_counts_numbers_not_text(personas, django_assert_num_queries):
    for system_id in ("SYS-009", "SYS-1000", "SYS-010"):
        AISystemFactory(system_id=system_id, owner_team=personas.people_ops)
    with django_assert_num_queries(1):
        assert system_id_next_free() == "SYS-1001"


@pytest.mark.django_db
def test_the_register_form_offers_the_next_free_id(client, personas):
    AISystemFactory(system_id="SYS-014", owner_team=personas.people_ops)
    client.force_login(personas.owner)
    html = client.get("/systems/new/").content.decode()
    assert 'name="system_id" value="SYS-015"' in html
    response = client.post(
        "/systems/new/",
        {
            "system_id": "SYS-015",
            "name": "Offered",
            "description": "Takes the offered ID.",
            "owner_team": personas.people_ops.pk,
            "lifecycle_stage": "conception",
        },
    )
    assert response.status_code == 302
    assert AISystem.objects.filter(system_id="SYS-015", name="Offered").exists()


@pytest.mark.django_db
def test_the_service_gives_the_next_free_id_when_none_is_given(personas):
    AISystemFactory(system_id="SYS-007", owner_team=personas.people_ops)
    data = {"name": "No ID", "description": "Any.", "owner_team": personas.people_ops}
    assert services.system_create(actor=personas.owner, data=data).system_id == "SYS-008"


@pytest.mark.django_db
def test_the_api_takes_a_given_id_or_gives_the_next(api_client, personas):
    api_client.force_authenticate(personas.owner)
    body = {"name": "Via API", "description": "Any.", "owner_team": "people-ops"}
    given = api_client.post("/api/v1/systems/", {**body, "system_id": "SYS-500"}, format="json")
    assert (given.status_code, given.json()["system_id"]) == (201, "SYS-500")
    offered = api_client.post("/api/v1/systems/", body, format="json")
    assert (offered.status_code, offered.json()["system_id"]) == (201, "SYS-501")
