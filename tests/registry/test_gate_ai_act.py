"""Gates nothing bypasses (issue 15 section 2, DOMAIN.md 2.2 and 4), through the
services, the system page and the pipeline's check: a prohibited system passes no gate,
the stricter of the internal tier and the AI Act category decides the gates and the
checklist, and every gate needs a current AI Act screening."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from registry import services
from registry.models import AISystem, GateRequest
from tests.factories import (
    DOCUMENT_SUMMARIZER,
    HIRING_SCREENER,
    gate_request_filled,
    gate_request_submitted,
    people_ops_system,
)

pytestmark = pytest.mark.django_db


def classified(personas, inputs, **fields) -> AISystem:
    system = people_ops_system(personas, **fields)
    services.system_classify(actor=personas.safety, system=system, inputs=inputs, rationale="r")
    system.refresh_from_db()
    return system


def check(personas, gate: str) -> dict:
    client = APIClient()
    client.force_authenticate(personas.auditor)
    response = client.get(f"/api/v1/systems/SYS-001/gates/{gate}/check")
    assert response.status_code == 200
    return response.json()


def stage_of(system) -> str:
    return AISystem.objects.get(pk=system.pk).lifecycle_stage


def test_a_prohibited_system_passes_no_gate_and_stays_in_conception(personas):
    """Input: a system screened prohibited, everything given, the committee approves.
    Expected: blocked naming Art. 5, still at conception. (Before: approved, moved on.)"""
    system = classified(personas, HIRING_SCREENER, ai_act_category="prohibited")
    request = services.gate_request_open(actor=personas.owner, system=system)
    gate_request_filled(request, personas.owner)
    services.gate_request_submit(actor=personas.owner, request=request)
    services.gate_approval_decide(
        actor=personas.board, request=request, role="board", decision="approved"
    )
    request.refresh_from_db()
    assert request.status == "open" and stage_of(system) == "conception"
    body = check(personas, "development-authorization")
    assert (body["result"], body["can_proceed"]) == ("blocked", False)
    assert "Art. 5" in body["missing_ai_act"][0]


def test_a_low_scored_annex_iii_system_meets_the_high_gates_and_the_checklist(personas):
    """The finding: an Annex III high-risk system with a low internal score went live with
    both gates "not required" and no checklist. Expected: both gates blocked until
    given, and the production deployment asks for the checklist."""
    system = classified(
        personas,
        DOCUMENT_SUMMARIZER,
        lifecycle_stage="development",
        ai_act_category="high_risk",
        ai_act_annex_area="employment",
    )
    assert system.risk_tier == "low"
    request = gate_request_submitted(personas.owner, system)
    assert request.status == "open" and stage_of(system) == "development"
    security = check(personas, "pre-deployment-security-review")
    assert security["result"] == "blocked" and "Red team report" in security["missing_artifacts"]
    deployment = check(personas, "production-deployment")
    assert deployment["result"] == "blocked"
    assert "Audit log schema tested" in deployment["missing_checklist"]


def test_a_legal_effect_system_passes_no_gate_without_a_screening(personas):
    """The finding: a system making decisions with legal effect passed development
    authorization without an AI Act screening. Expected: blocked, the screening named."""
    system = classified(personas, HIRING_SCREENER, legal_effect_decisions=True)
    request = services.gate_request_open(actor=personas.owner, system=system)
    gate_request_filled(request, personas.owner)
    services.gate_request_submit(actor=personas.owner, request=request)
    services.gate_approval_decide(
        actor=personas.board, request=request, role="board", decision="approved"
    )
    request.refresh_from_db()
    assert request.status == "open" and stage_of(system) == "conception"
    body = check(personas, "development-authorization")
    assert body["missing_ai_act"] == ["A current EU AI Act screening of the system"]
    services.ai_act_screening_record(
        actor=personas.legal,
        system=system,
        answers={
            "affects_access": True,
            "physical_safety_risk": False,
            "public_authority_annex_iii": False,
            "legal_effect": True,
        },
        category="high_risk",
        annex_area="employment",
    )
    assert check(personas, "development-authorization")["missing_ai_act"] == []


def test_a_low_unscreened_system_is_not_waved_through_as_not_required(personas):
    system = classified(personas, DOCUMENT_SUMMARIZER)
    request = services.gate_request_open(actor=personas.owner, system=system)
    assert GateRequest.objects.get(pk=request.pk).status == "draft"
    services.gate_request_submit(actor=personas.owner, request=request)
    assert GateRequest.objects.get(pk=request.pk).status == "open"
    assert stage_of(system) == "conception"


def test_the_request_page_names_the_ai_act_gap(client, personas):
    system = classified(personas, HIRING_SCREENER, ai_act_category="prohibited")
    request = services.gate_request_open(actor=personas.owner, system=system)
    client.force_login(personas.auditor)
    page = client.get(reverse("registry:gate_request_detail", args=["SYS-001", request.pk]))
    assert page.status_code == 200
    assert "EU AI Act: Prohibited practice under the EU AI Act (Art. 5)" in page.content.decode()
