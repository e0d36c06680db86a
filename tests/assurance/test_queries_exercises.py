"""The red-team reads cost the same number of queries however many rows they show: the
exercise list (page, API, export) at 1 and 20 exercises, and an exercise's page at 1 and
20 categories."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assurance.rules.results import ResultRow
from assurance.services.results import results_record
from core.permissions import forget_roles
from registry.models import AISystem
from tests.assurance import exercise_of
from tests.factories import AISystemFactory, people_ops_system

pytestmark = pytest.mark.django_db


def exercises(personas, count: int) -> list:
    system = people_ops_system(personas, risk_tier="high")
    other = AISystemFactory(system_id="SYS-002", owner_team=personas.people_ops)
    made = []
    for i in range(count):
        exercise = exercise_of(
            personas.safety, system, other, title=f"Sweep {i}", started_on=date(2026, 1, 1 + i)
        )
        results_record(
            actor=personas.safety,
            exercise=exercise,
            rows=[ResultRow("jailbreak", 40, 0, 10, 1), ResultRow("encoding", 10, 0, 0, 0)],
            source="manual",
        )
        made.append(exercise)
    return made


def queries_of(client, personas, url: str) -> tuple[int, str]:
    forget_roles(personas.auditor)
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    content = response.content if hasattr(response, "content") else b""
    return len(captured), content.decode()


@pytest.mark.parametrize("url", ["/assurance/", "/api/v1/red-team/exercises/"])
def test_the_list_costs_the_same_at_1_and_20_exercises(client, personas, url):
    client.force_login(personas.auditor)
    exercises(personas, 1)
    one, page = queries_of(client, personas, url)
    assert "Sweep 0" in page
    more = exercises_more(personas, 19)
    twenty, page = queries_of(client, personas, url)
    assert f"Sweep {more}" in page
    assert twenty == one


def exercises_more(personas, count: int) -> int:
    """`count` more exercises over the systems made already; the last one's number."""
    systems = list(AISystem.objects.order_by("system_id"))
    for i in range(count):
        exercise = exercise_of(personas.safety, *systems, title=f"Sweep {100 + i}")
        results_record(
            actor=personas.safety,
            exercise=exercise,
            rows=[ResultRow("jailbreak", 40, 0, 10, 1)],
            source="manual",
        )
    return 100 + count - 1


def test_an_exercise_page_costs_the_same_at_1_and_20_categories(client, personas):
    client.force_login(personas.auditor)
    [exercise] = exercises(personas, 1)
    url = f"/assurance/exercises/{exercise.exercise_id}/"
    two, _page = queries_of(client, personas, url)
    results_record(
        actor=personas.safety,
        exercise=exercise,
        rows=[ResultRow(f"category {i}", 50, 0, 10, 0) for i in range(18)],
        source="manual",
    )
    twenty, page = queries_of(client, personas, url)
    assert "category 17" in page
    assert twenty == two
