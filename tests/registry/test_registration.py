"""Registering a system at its stage (DOMAIN.md 4, issue 15 section 2): product owners
register new systems at conception or development; the CISO or an administrator
registers a running system at its real stage, "not gated", listed on the board's page,
with a retroactive review due within 30 days as a core deadline."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import Deadline
from registry import services
from registry.models import AISystem
from registry.services.not_gated import RETROACTIVE_REVIEW_KIND

pytestmark = pytest.mark.django_db


def api_data(**overrides) -> dict:
    return {
        "system_id": "SYS-001",
        "name": "Resume screener",
        "description": "Ranks applicants' CVs for recruiters.",
        "owner_team": "people-ops",
        **overrides,
    }


def page_data(personas, **overrides) -> dict:
    return {
        "system_id": "SYS-001",
        "name": "Resume screener",
        "description": "Ranks applicants' CVs for recruiters.",
        "owner_team": personas.people_ops.pk,
        **overrides,
    }


@pytest.mark.parametrize("stage", ["pre_deployment", "production", "deprecated"])
def test_a_product_owner_registers_no_system_past_development_by_api(personas, stage):
    """The finding: a product owner registered a new, unclassified system straight into
    production. Expected: 400 naming lifecycle_stage, nothing registered."""
    client = APIClient()
    client.force_authenticate(personas.owner)
    response = client.post("/api/v1/systems/", api_data(lifecycle_stage=stage), format="json")
    assert response.status_code == 400
    assert "lifecycle_stage" in response.json()
    assert not AISystem.objects.exists()


def test_a_product_owner_registers_no_system_in_production_on_the_page(client, personas):
    client.force_login(personas.owner)
    response = client.post("/systems/new/", page_data(personas, lifecycle_stage="production"))
    assert response.status_code == 400
    assert 'id="id_lifecycle_stage_error"' in response.content.decode()
    assert not AISystem.objects.exists()


@pytest.mark.parametrize("stage", ["conception", "development"])
def test_a_product_owner_registers_a_new_system_gated(personas, stage):
    system = services.system_create(
        actor=personas.owner,
        data={**page_data(personas, lifecycle_stage=stage), "owner_team": personas.people_ops},
    )
    assert (system.lifecycle_stage, system.not_gated) == (stage, False)
    assert not Deadline.objects.filter(kind=RETROACTIVE_REVIEW_KIND).exists()


@pytest.mark.parametrize("who", ["ciso", "admin"])
def test_the_ciso_or_an_administrator_registers_a_running_system_not_gated(personas, who):
    actor = getattr(personas, who)
    client = APIClient()
    client.force_authenticate(actor)
    response = client.post(
        "/api/v1/systems/", api_data(lifecycle_stage="production"), format="json"
    )
    assert response.status_code == 201, response.json()
    system = AISystem.objects.get(system_id="SYS-001")
    assert (system.lifecycle_stage, system.not_gated) == ("production", True)
    deadline = Deadline.objects.get(kind=RETROACTIVE_REVIEW_KIND)
    assert deadline.owner == actor and deadline.met_at is None
    due_in = deadline.due_at - timezone.now()
    assert timedelta(days=29, hours=23) < due_in <= timedelta(days=30)


def test_the_board_sees_a_system_not_gated_and_the_system_page_says_so(client, personas):
    data = {**page_data(personas, lifecycle_stage="production"), "owner_team": personas.people_ops}
    services.system_create(actor=personas.ciso, data=data)
    client.force_login(personas.board)
    board = client.get("/board/")
    assert board.status_code == 200
    block = board.content.decode().split('id="block-systems_not_gated"')[1].split("</section>")[0]
    assert "SYS-001 Resume screener" in block and "registered at production" in block
    page = client.get("/systems/SYS-001/").content.decode()
    assert 'id="not-gated"' in page
    listed = client.get("/systems/?not_gated=true").content.decode()
    assert "SYS-001" in listed


def test_passing_the_gate_of_its_stage_meets_the_retroactive_review(personas):
    data = {**page_data(personas, lifecycle_stage="production"), "owner_team": personas.people_ops}
    system = services.system_create(actor=personas.ciso, data=data)
    AISystem.objects.filter(pk=system.pk).update(ai_act_category="minimal")
    system.refresh_from_db()
    from tests.factories import BILLING_CHATBOT

    services.system_classify(
        actor=personas.safety, system=system, inputs=BILLING_CHATBOT, rationale="Medium."
    )
    system.refresh_from_db()
    request = services.gate_request_open(
        actor=personas.owner, system=system, gate_slug="annual-production-review"
    )
    assert request.status == "not_required"
    system.refresh_from_db()
    assert system.not_gated is False
    deadline = Deadline.objects.get(kind=RETROACTIVE_REVIEW_KIND)
    assert deadline.met_at is not None
