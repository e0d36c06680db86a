"""The monitoring API (issue 20 section 4): the plan endpoint, the metrics batch and
range, and the scoped monitoring token: it pushes for its own system, is refused for
another and everywhere else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from assurance.models import MetricValue, MonitoringPlan
from core.services import api_token_issue
from tests.assurance.test_metrics import T0, batch, planned_system
from tests.factories import AISystemFactory

pytestmark = pytest.mark.django_db
NOW = T0 + timedelta(hours=2)
METRICS = "/api/v1/systems/{}/metrics/"
PLAN = "/api/v1/systems/{}/monitoring-plan/"


def monitoring_token(personas, system) -> str:
    issued = api_token_issue(
        actor=personas.owner,
        user=personas.owner,
        name=f"Monitoring of {system.system_id}",
        scope="monitoring",
        scope_object=str(system.pk),
        scope_label=f"push monitoring values and log digests for {system.system_id}",
    )
    return issued.key


def post(api_client, url, body, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    with time_machine.travel(NOW, tick=False):
        return api_client.post(url, body, format="json", **headers)


def test_the_scoped_token_pushes_for_its_system_only(personas, api_client):
    system = planned_system(personas)
    other = AISystemFactory(system_id="SYS-002", owner_team=personas.people_ops)
    key = monitoring_token(personas, system)
    body = {"values": batch([0.95, 0.7])}
    answer = post(api_client, METRICS.format("SYS-001"), body, key)
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"stored": 2, "duplicates": 0, "unknown": [], "episodes_opened": 1}
    again = post(api_client, METRICS.format("SYS-001"), body, key)
    assert again.json()["stored"] == 0 and again.json()["duplicates"] == 2
    refused = post(api_client, METRICS.format(other.system_id), body, key)
    assert refused.status_code == 403
    assert MetricValue.objects.filter(system=other).count() == 0


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", METRICS.format("SYS-001")),  # it pushes; it does not read
        ("get", PLAN.format("SYS-001")),
        ("post", PLAN.format("SYS-001")),
        ("get", "/api/v1/systems/"),
        ("get", "/api/v1/systems/SYS-001/"),
        ("get", "/api/v1/risks/"),
    ],
)
def test_the_scoped_token_is_refused_everywhere_else(personas, api_client, method, url):
    system = planned_system(personas)
    key = monitoring_token(personas, system)
    answer = getattr(api_client, method)(url, HTTP_AUTHORIZATION=f"Token {key}")
    assert answer.status_code == 403


def test_a_bad_value_is_a_400_naming_its_place(personas, api_client):
    planned_system(personas)
    api_client.force_authenticate(personas.owner)
    good = batch([0.95])[0]
    answer = post(
        api_client, METRICS.format("SYS-001"), {"values": [good, {**good, "value": None}]}
    )
    assert answer.status_code == 400
    assert "values[1].value" in answer.json()
    assert post(api_client, METRICS.format("SYS-001"), {"rows": []}).json() == {
        "rows": ['Send {"values": [...]} and nothing else.']
    }
    assert MetricValue.objects.count() == 0


def test_a_person_may_push_and_read_a_range_page_by_page(personas, api_client):
    import assurance.api.monitoring as api

    planned_system(personas)
    api_client.force_authenticate(personas.owner)
    post(api_client, METRICS.format("SYS-001"), {"values": batch([0.90, 0.91, 0.92, 0.93, 0.94])})
    api_client.force_authenticate(personas.auditor)  # a reader
    old = api.PAGE_LIMIT
    api.PAGE_LIMIT = 2
    try:
        url = METRICS.format("SYS-001") + "?metric=accuracy&from=2026-12-01T08:01:00%2B00:00"
        first = api_client.get(url).json()
        second = api_client.get(first["next"]).json()
    finally:
        api.PAGE_LIMIT = old
    assert [v["value"] for v in first["results"]] == [0.91, 0.92]
    assert [v["value"] for v in second["results"]] == [0.93, 0.94]
    assert second["next"] is None
    assert (
        api_client.post(
            METRICS.format("SYS-001"), {"values": batch([1.0])}, format="json"
        ).status_code
        == 403
    )
    assert api_client.get(METRICS.format("SYS-001") + "?from=yesterday").status_code == 400


def test_the_plan_is_written_and_changed_through_the_api(personas, api_client):
    from tests.factories import people_ops_system

    people_ops_system(personas)
    api_client.force_authenticate(personas.owner)
    body = {
        "interval_minutes": 15,
        "metrics": [{"metric": "accuracy", "direction": "at_least", "threshold": 0.9}],
        "recipients": ["safety@example.com"],
    }
    with time_machine.travel(datetime(2026, 12, 1, tzinfo=UTC), tick=False):
        created = api_client.post(PLAN.format("SYS-001"), body, format="json")
        assert created.status_code == 200, created.content
        changed = api_client.patch(PLAN.format("SYS-001"), {"interval_minutes": 30}, format="json")
    assert changed.json()["interval_minutes"] == 30
    assert changed.json()["metrics"][0]["threshold"] == 0.9
    assert changed.json()["recipients"] == ["safety@example.com"]
    assert MonitoringPlan.objects.get().interval == timedelta(minutes=30)
    twice = {**body, "metrics": body["metrics"] * 2}
    refused = api_client.post(PLAN.format("SYS-001"), twice, format="json")
    assert refused.status_code == 400 and "metrics[1].metric" in refused.json()
    api_client.force_authenticate(personas.owner2)  # another team's owner
    assert (
        api_client.patch(PLAN.format("SYS-001"), {"notes": "x"}, format="json").status_code == 403
    )
    api_client.force_authenticate(personas.auditor)
    assert api_client.get(PLAN.format("SYS-001")).status_code == 200


def test_what_the_schema_refuses_the_api_refuses_too(personas, api_client):
    """Schemathesis found these accepted: a group that is no text (an empty object read
    as the overall group), a threshold of false (0.0 to Python) and an empty time bound."""
    planned_system(personas)
    api_client.force_authenticate(personas.owner)
    good = batch([0.95])[0]
    answer = post(api_client, METRICS.format("SYS-001"), {"values": [{**good, "group": {}}]})
    assert answer.status_code == 400 and "values[0].group" in answer.json()
    plan = {
        "interval_minutes": 15,
        "metrics": [{"metric": "accuracy", "direction": "at_least", "threshold": False}],
    }
    refused = api_client.post(PLAN.format("SYS-001"), plan, format="json")
    assert refused.status_code == 400, refused.content
    assert "Must be a number, not true or false." in str(refused.json())
    ranged = api_client.get(METRICS.format("SYS-001") + "?to=")
    assert ranged.status_code == 400 and "to" in ranged.json()
    assert MetricValue.objects.count() == 0


def test_a_control_character_in_a_range_filter_is_a_400_not_a_500(personas, api_client):
    """Schemathesis sent a NUL in `group` (PostgreSQL keeps no NUL in text)."""
    planned_system(personas)
    api_client.force_authenticate(personas.owner)
    for name in ("metric", "group"):
        answer = api_client.get(METRICS.format("SYS-001"), {name: "age\x0060"})
        assert answer.status_code == 400 and name in answer.json()
