"""/api/v1/risks/: list, create, retrieve and update under the pages' permissions."""

import pytest

from core.models import AuditEvent
from governance.models import Risk
from tests.factories import RiskFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/risks/"


@pytest.fixture
def payload(personas, hazmat_system):
    return {
        "title": "Financing scorer disadvantages merchants in certain postal codes",
        "description": "Postal code stands in for protected traits.",
        "category": "fairness",
        "inherent_likelihood": 4,
        "inherent_impact": 3,
        "residual_likelihood": 1,
        "residual_impact": 3,
        "owner_team": "people-ops",
        "systems": ["SYS-009"],
        "next_review": "2027-03-01",
    }


def test_board_creates_and_reads_back_the_documented_fields(api_client, personas, payload):
    api_client.force_authenticate(personas.board)
    response = api_client.post(API, payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["risk_id"] == "RISK-001"
    assert (body["inherent_level"], body["residual_level"]) == ("high", "low")
    assert body["systems"] == ["SYS-009"]
    assert body["owner"] == "People Ops"
    assert body["next_review"] == "2027-03-01"
    assert body["mitigation_due"] is None
    assert api_client.get(f"{API}RISK-001/").json() == body


def test_an_out_of_range_likelihood_is_refused_with_the_field_named(api_client, personas, payload):
    api_client.force_authenticate(personas.board)
    response = api_client.post(API, {**payload, "inherent_likelihood": 6}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["inherent_likelihood"]
    assert not Risk.objects.exists()


def test_a_residual_above_the_inherent_level_is_a_400_naming_the_field(api_client, personas):
    risk = RiskFactory(owner_team=personas.people_ops)
    api_client.force_authenticate(personas.owner)
    worst = {"residual_impact": 5, "residual_likelihood": 5}
    response = api_client.patch(f"{API}{risk.risk_id}/", worst, format="json")
    assert response.status_code == 200  # 25 is critical like the inherent 16
    response = api_client.patch(f"{API}{risk.risk_id}/", {"inherent_likelihood": 1}, format="json")
    assert response.status_code == 400
    assert "residual_impact" in response.json()


@pytest.mark.parametrize(
    ("who", "create", "update_own", "update_other"),
    [
        ("board", 201, 200, 200),
        ("admin", 201, 200, 200),
        ("owner", 403, 200, 403),
        ("auditor", 403, 403, 403),
        ("dpo", 403, 403, 403),
    ],
)
def test_permissions_match_the_pages(
    api_client, personas, payload, who, create, update_own, update_other
):
    mine = RiskFactory(risk_id="RISK-010", owner_team=personas.people_ops)
    other = RiskFactory(risk_id="RISK-011", owner_user=personas.owner2)
    api_client.force_authenticate(getattr(personas, who))
    assert api_client.get(API).status_code == 200
    assert api_client.post(API, payload, format="json").status_code == create
    change = {"title": "Renamed"}
    assert (
        api_client.patch(f"{API}{mine.risk_id}/", change, format="json").status_code == update_own
    )
    assert api_client.patch(f"{API}{other.risk_id}/", change, format="json").status_code == (
        update_other
    )


def test_outsiders_and_anonymous_read_nothing(api_client, personas):
    RiskFactory()
    assert api_client.get(API).status_code in (401, 403)
    api_client.force_authenticate(personas.outsider)
    assert api_client.get(API).status_code == 403


def test_list_filters_like_the_page(api_client, personas):
    RiskFactory(risk_id="RISK-001", residual_likelihood=3, residual_impact=4)
    RiskFactory(risk_id="RISK-002")
    api_client.force_authenticate(personas.auditor)
    body = api_client.get(API, {"residual_likelihood": 3, "residual_impact": 4}).json()
    assert [r["risk_id"] for r in body["results"]] == ["RISK-001"]
    bad = api_client.get(API, {"residual_level": "huge"})
    assert bad.status_code == 400 and "residual_level" in bad.json()


def test_unknown_systems_are_refused_by_field(api_client, personas, payload):
    api_client.force_authenticate(personas.board)
    response = api_client.post(API, {**payload, "systems": ["SYS-404"]}, format="json")
    assert response.status_code == 400
    assert "SYS-404" in response.json()["systems"][0]
    assert not AuditEvent.objects.filter(action="risk.created").exists()
