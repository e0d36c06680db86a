"""The board's matrix and a system's compliance page cost a fixed number of queries at 10
and at 1,000 systems with 4 frameworks (issue 19 must-show), the rows built with
bulk_create: the matrix's cells come from one aggregate in the rows' own query, a
system's page from the one coverage reader."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compliance.models import CoverageMonth, StatusSnapshot
from registry.models import AISystem
from tests.compliance.test_matrix import frameworks_of_our_own

pytestmark = pytest.mark.django_db

MATRIX_QUERIES = 9

STATUSES = ("met", "gap", "partial", "not_applicable", "review_needed", "met")


def systems_with_statuses(personas, frameworks, start: int, count: int) -> list[AISystem]:
    """`count` systems in the AI Act's scope, each with a stored status for every
    requirement of every framework and this month's trend row (all bulk_create)."""
    systems = AISystem.objects.bulk_create(
        AISystem(
            system_id=f"SYS-{n:04d}",
            name=f"Bulk system {n}",
            owner_team=personas.people_ops,
            risk_tier=("high", "medium", "low")[n % 3],
            regulatory_scope=["eu_ai_act"],
        )
        for n in range(start, start + count)
    )
    requirements = {f.pk: list(f.requirements.order_by("order")) for f in frameworks}
    StatusSnapshot.objects.bulk_create(
        StatusSnapshot(
            system=s,
            requirement=r,
            framework_id=f_pk,
            status=STATUSES[(s.pk + i) % len(STATUSES)],
        )
        for s in systems
        for f_pk, reqs in requirements.items()
        for i, r in enumerate(reqs)
    )
    month = timezone.localdate().replace(day=1)
    CoverageMonth.objects.bulk_create(
        CoverageMonth(system=s, framework=f, month=month, applicable=3, met=1)
        for s in systems
        for f in frameworks
    )
    return systems


def _count(client, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return len(captured)


def test_the_matrix_at_10_and_1000_systems(client, personas, django_assert_num_queries):
    frameworks = frameworks_of_our_own(personas.admin, count=4)
    systems_with_statuses(personas, frameworks, 1, 10)
    client.force_login(personas.board)
    client.get("/compliance/")  # the session and the user's roles warmed up alike
    small = _count(client, "/compliance/")
    systems_with_statuses(personas, frameworks, 11, 990)
    with django_assert_num_queries(small):
        response = client.get("/compliance/", {"ordering": "-fw-2", "tier": "high"})
    assert response.status_code == 200
    assert "333 systems match the filters." in response.content.decode()
    assert small == MATRIX_QUERIES


def test_a_system_s_compliance_page_at_10_and_1000_systems(client, personas):
    frameworks = frameworks_of_our_own(personas.admin, count=4)
    (first, *_) = systems_with_statuses(personas, frameworks, 1, 10)
    client.force_login(personas.auditor)
    url = reverse("compliance:system_compliance", args=[first.system_id])
    client.get(url)
    small = _count(client, url)
    systems_with_statuses(personas, frameworks, 11, 990)
    assert _count(client, url) == small


def test_the_matrix_export_reads_1000_systems_in_fixed_queries(client, personas):
    frameworks = frameworks_of_our_own(personas.admin, count=4)
    systems_with_statuses(personas, frameworks, 1, 10)
    client.force_login(personas.board)
    url = reverse("compliance:matrix_export", args=["csv"])

    def exported() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            lines = b"".join(response.streaming_content).decode().splitlines()
        return len(captured), len(lines) - 1

    client.get(url)
    small, rows = exported()
    assert rows == 10
    systems_with_statuses(personas, frameworks, 11, 990)
    assert exported() == (small, 1000)
