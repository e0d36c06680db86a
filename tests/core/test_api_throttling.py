"""API rate limits: a 429 with Retry-After beyond the person's, the anonymous address's
and the failed-token rates (core.api.throttling), read from settings."""

import pytest

from core.services import api_token_issue


@pytest.fixture
def rates(settings):
    def set_rates(**rates):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                **rates,
            },
        }

    return set_rates


def test_the_shipped_rates_are_set(settings):
    shipped = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert shipped == {"user": "1200/min", "anon": "60/min", "failed_token": "20/min"}


def test_a_person_beyond_their_rate_is_told_when_to_come_back(client, personas, rates):
    rates(user="3/min")
    key = api_token_issue(actor=personas.owner, user=personas.owner, name="ci").key
    headers = {"HTTP_AUTHORIZATION": f"Token {key}"}
    answers = [client.get("/api/v1/systems/", **headers) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 1 <= int(answers[-1]["Retry-After"]) <= 60
    assert answers[-1].json()["detail"].startswith("Request was throttled.")


def test_one_persons_limit_does_not_stop_another(client, personas, rates):
    rates(user="1/min")
    for person in (personas.owner, personas.ciso):
        key = api_token_issue(actor=person, user=person, name="ci").key
        response = client.get("/api/v1/systems/", HTTP_AUTHORIZATION=f"Token {key}")
        assert response.status_code == 200, person


def test_wrong_tokens_are_throttled_before_they_can_be_guessed(client, personas, rates):
    rates(failed_token="5/min")
    answers = [
        client.get("/api/v1/systems/", HTTP_AUTHORIZATION=f"Token guess-{n}").status_code
        for n in range(8)
    ]
    # Refused as unauthenticated (403: the browser's session scheme comes first) ...
    assert answers[:5] == [403] * 5
    # ... until the address has sent too many.
    assert answers[5:] == [429] * 3
    # The right token from the same address waits too: the address is the guesser.
    key = api_token_issue(actor=personas.owner, user=personas.owner, name="ci").key
    assert client.get("/api/v1/systems/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 429


def test_three_hundred_wrong_tokens_meet_the_shipped_limit(client, db):
    answers = [
        client.get("/api/v1/systems/", HTTP_AUTHORIZATION=f"Token guess-{n}").status_code
        for n in range(300)
    ]
    assert answers.count(403) == 20
    assert answers.count(429) == 280


def test_anonymous_requests_beyond_their_rate_are_refused(client, db, rates):
    rates(anon="2/min")
    answers = [client.get("/api/v1/systems/").status_code for _ in range(3)]
    assert answers[:2] == [403, 403]
    assert answers[-1] == 429
