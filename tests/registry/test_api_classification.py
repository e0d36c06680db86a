"""The API follows the RACI too: an owner's classification is a proposal, a reviewer's
is effective at once, and reviewers confirm or reject proposals."""

import pytest

from registry.models import AISystem, Classification
from tests.factories import BILLING_CHATBOT, HIRING_SCREENER, AISystemFactory

pytestmark = pytest.mark.django_db

CLASSIFY = "/api/v1/systems/SYS-001/classify/"
REVIEW = "/api/v1/systems/SYS-001/classification-review/"


@pytest.fixture
def system(personas):
    return AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)


def post(api_client, user, url, body):
    api_client.force_authenticate(user)
    return api_client.post(url, body, format="json")


def proposal_by_owner(api_client, personas) -> dict:
    response = post(api_client, personas.owner, CLASSIFY, {**HIRING_SCREENER, "rationale": "Mine"})
    assert response.status_code == 201, response.json()
    return response.json()


def test_the_owner_gets_a_proposal_back_and_the_system_keeps_its_tier(api_client, personas, system):
    body = proposal_by_owner(api_client, personas)
    assert (body["status"], body["reviewer"], body["score"], body["tier"]) == (
        "proposed",
        None,
        13,
        "high",
    )
    assert (body["scheme_version"], body["controls_added"]) == (1, [])
    shown = api_client.get("/api/v1/systems/SYS-001/").json()
    assert (shown["risk_tier"], shown["controls"]["required"]) == (None, 0)


def test_a_reviewer_confirms_through_the_api(api_client, personas, system):
    proposal = proposal_by_owner(api_client, personas)
    response = post(
        api_client, personas.safety, REVIEW, {"proposal": proposal["id"], "decision": "confirm"}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["reviewer"], body["classified_by"]) == (
        "effective",
        "safety@example.com",
        "owner@example.com",
    )
    assert len(body["controls_added"]) == 11
    assert AISystem.objects.get().risk_tier == "high"


def test_a_reviewer_rejects_with_a_note_and_without_one_is_told_the_field(
    api_client, personas, system
):
    proposal = proposal_by_owner(api_client, personas)
    refused = post(
        api_client, personas.engmanager, REVIEW, {"proposal": proposal["id"], "decision": "reject"}
    )
    assert refused.status_code == 400 and "note" in refused.json()
    body = {"proposal": proposal["id"], "decision": "reject", "note": "Oversight is none."}
    response = post(api_client, personas.engmanager, REVIEW, body)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["review_note"]) == (
        "rejected",
        "Oversight is none.",
    )


def test_the_owner_cannot_confirm_through_the_api(api_client, personas, system):
    proposal = proposal_by_owner(api_client, personas)
    body = {"proposal": proposal["id"], "decision": "confirm"}
    assert post(api_client, personas.owner, REVIEW, body).status_code == 403
    assert Classification.objects.get().status == "proposed"


def test_a_stale_proposal_is_a_400_naming_why(api_client, personas, system):
    first = proposal_by_owner(api_client, personas)
    post(api_client, personas.owner, CLASSIFY, {**BILLING_CHATBOT, "rationale": "Newer"})
    response = post(
        api_client, personas.safety, REVIEW, {"proposal": first["id"], "decision": "confirm"}
    )
    assert response.status_code == 400
    assert "newer proposal" in response.json()["proposal"][0]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"decision": "confirm"}, "proposal"),
        ({"proposal": 1, "decision": "approve"}, "decision"),
        ({"proposal": 1, "decision": "confirm", "extra": 1}, "extra"),
    ],
)
def test_bad_review_input_is_a_400_naming_the_field(api_client, personas, system, body, field):
    response = post(api_client, personas.safety, REVIEW, body)
    assert response.status_code == 400 and field in response.json()


def test_a_proposal_of_another_system_is_a_404(api_client, personas, system):
    other = AISystemFactory(system_id="SYS-002", owner_team=personas.people_ops)
    post(
        api_client,
        personas.owner,
        "/api/v1/systems/SYS-002/classify/",
        {**HIRING_SCREENER, "rationale": "Other"},
    )
    theirs = Classification.objects.get(system=other)
    response = post(
        api_client, personas.safety, REVIEW, {"proposal": theirs.pk, "decision": "confirm"}
    )
    assert response.status_code == 404
