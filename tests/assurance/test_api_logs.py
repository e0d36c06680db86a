"""POST/GET /api/v1/systems/{system_id}/log-digests/ (issue 20 sections 3 and 4): the
system's monitoring token pushes for its system only, a person who may record too; a
second digest for a day needs a correction with a reason."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assurance.models import LogDigest
from assurance.services.tokens import monitoring_token_issue
from core.models import AuditEvent
from core.services import api_token_issue
from tests.factories import AISystemFactory, people_ops_system

pytestmark = pytest.mark.django_db

URL = "/api/v1/systems/SYS-001/log-digests/"
SHA = "ab" * 32


def body(**extra):
    yesterday = timezone.now().date() - timedelta(days=1)
    return {
        "date": f"{yesterday:%Y-%m-%d}",
        "records": 4210,
        "sha256": SHA,
        "location": "s3://screener-logs/day.jsonl",
    } | extra


@pytest.fixture
def token(personas):
    system = people_ops_system(personas)
    return monitoring_token_issue(actor=personas.owner, system=system, name="prod").key


def test_the_monitoring_token_records_a_digest_into_the_chain(api_client, token):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api_client.post(URL, body(), format="json")
    assert response.status_code == 201, response.json()
    digest = LogDigest.objects.get()
    assert response.json()["audit_sequence"] == digest.audit_sequence
    assert AuditEvent.objects.get(seq=digest.audit_sequence).changes["sha256"] == SHA
    listed = api_client.get(URL).json()
    assert [d["sha256"] for d in listed] == [SHA]


def test_a_second_digest_for_the_day_is_a_400_naming_date_unless_a_correction(api_client, token):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.post(URL, body(), format="json").status_code == 201
    refused = api_client.post(URL, body(sha256="cd" * 32), format="json")
    assert refused.status_code == 400
    assert "correction" in refused.json()["date"][0]
    corrected = api_client.post(
        URL, body(sha256="cd" * 32, correction={"reason": "batch re-sent"}), format="json"
    )
    assert corrected.status_code == 201
    assert corrected.json()["corrects"] == LogDigest.objects.order_by("id").first().pk


def test_bad_input_is_a_400_naming_the_field(api_client, token):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    tomorrow = timezone.now().date() + timedelta(days=1)
    cases = [
        (body(date=f"{tomorrow:%Y-%m-%d}"), "date"),
        (body(sha256="xyz"), "sha256"),
        (body(records=-1), "records"),
        (body(sha256=""), "sha256"),
        (body(extra="x"), "extra"),
        (body(correction={"reason": ""}), "correction"),
    ]
    for data, field in cases:
        response = api_client.post(URL, data, format="json")
        assert response.status_code == 400, (data, response.content)
        assert field in response.json(), (field, response.json())
    assert not LogDigest.objects.exists()


def test_the_token_is_refused_for_another_system_and_everywhere_else(api_client, token, personas):
    AISystemFactory(system_id="SYS-002", owner_team=personas.people_ops)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    other = api_client.post("/api/v1/systems/SYS-002/log-digests/", body(), format="json")
    assert other.status_code == 403
    assert api_client.get("/api/v1/systems/SYS-002/log-digests/").status_code == 403
    assert api_client.get("/api/v1/systems/").status_code == 403
    assert not LogDigest.objects.exists()


def test_a_person_s_token_records_only_for_a_system_they_change(api_client, personas):
    people_ops_system(personas)
    mine = api_token_issue(actor=personas.owner, user=personas.owner, name="cli").key
    theirs = api_token_issue(actor=personas.owner2, user=personas.owner2, name="cli").key
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {theirs}")
    assert api_client.post(URL, body(), format="json").status_code == 403
    assert api_client.get(URL).status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {mine}")
    assert api_client.post(URL, body(), format="json").status_code == 201


def test_a_revoked_token_is_refused(api_client, token, personas):
    from core.models import ApiToken

    ApiToken.objects.update(revoked_at=timezone.now())
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.post(URL, body(), format="json").status_code == 401
