"""Bodies no script should send still get a JSON 4xx that says what is wrong, never a
500 or an HTML page: nested too deep, too large, or not JSON at all."""

import json

import pytest

from core.services import api_token_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_token(personas) -> dict:
    key = api_token_issue(actor=personas.owner, user=personas.owner, name="ci").key
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_a_body_nested_a_thousand_deep_is_refused_with_a_reason(client, owner_token):
    body = "[" * 1000 + "]" * 1000
    response = client.post("/api/v1/systems/", body, content_type="application/json", **owner_token)
    assert response.status_code == 400
    assert response.json() == {"detail": "The JSON body is nested too deeply to read."}


def test_a_body_nested_a_hundred_thousand_deep_too(client, owner_token):
    body = '{"a":' * 100_000 + "1" + "}" * 100_000
    response = client.post("/api/v1/systems/", body, content_type="application/json", **owner_token)
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_a_body_over_the_size_limit_is_a_json_413_naming_the_limit(client, owner_token, settings):
    body = json.dumps({"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    response = client.post("/api/v1/systems/", body, content_type="application/json", **owner_token)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "The request body is larger than 2.5 MB."}


def test_a_body_nested_just_past_our_deepest_resource_is_refused_too(client, owner_token):
    nested = "deep"
    for _ in range(32):  # with the object around it: 33 levels, one past MAX_DEPTH
        nested = [nested]
    body = json.dumps({"name": "x", "tags": nested})
    response = client.post("/api/v1/systems/", body, content_type="application/json", **owner_token)
    assert response.status_code == 400
    assert response.json() == {"detail": "The JSON body is nested too deeply to read."}


def test_a_body_that_is_not_json_names_the_problem(client, owner_token):
    response = client.post(
        "/api/v1/systems/", "{not json", content_type="application/json", **owner_token
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")


def test_an_anonymous_caller_is_told_to_sign_in_before_anything_is_looked_up(client, db):
    for path in (
        "/api/v1/systems/SYS-001/controls/model-card/evidence/",
        "/api/v1/systems/SYS-001/controls/Not_A_Key/evidence/",
        "/api/v1/systems/SYS-999/",
    ):
        response = client.post(path, {}, content_type="application/json")
        assert response.status_code in (401, 403), path
        assert "credentials were not provided" in response.json()["detail"], path
