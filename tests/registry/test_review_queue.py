"""The reviewers' queue on the list kit: proposals waiting (oldest first) and systems
flagged for re-classification, with its filters, sorting, pages and CSV/XLSX export, at
a fixed number of queries however long the queue."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from core.permissions import forget_roles
from registry import services
from registry.models import AISystem
from registry.selectors.classification import review_queue_counts_for, review_queue_list_for
from tests.factories import DOCUMENT_SUMMARIZER, HIRING_SCREENER, unsaved_systems

pytestmark = pytest.mark.django_db

QUEUE = "/systems/review/"


def queue_of(personas, proposals: int, flagged: int) -> list[AISystem]:
    """`proposals` systems with a product owner's proposal waiting (SYS-1000 first, the
    oldest) and `flagged` systems flagged for re-classification, none waiting."""
    systems = AISystem.objects.bulk_create(
        unsaved_systems(personas.people_ops, proposals + flagged)
    )
    for system in systems[:proposals]:
        services.system_classify(
            actor=personas.owner, system=system, inputs=HIRING_SCREENER, rationale="Mine."
        )
    AISystem.objects.filter(pk__in=[s.pk for s in systems[proposals:]]).update(
        reclassification_needed=True, reclassification_reasons=["scale changed"]
    )
    return systems


def test_proposals_come_first_oldest_first_then_the_flagged_systems(client, personas):
    queue_of(personas, proposals=2, flagged=1)
    client.force_login(personas.safety)
    html = client.get(QUEUE).content.decode()
    assert html.index("SYS-1000") < html.index("SYS-1001") < html.index("SYS-1002")
    assert "Proposals waiting (2)" in html and "Flagged for re-classification (1)" in html
    assert 'Review<span class="visually-hidden"> SYS-1000</span>' in html
    assert 'Re-classify<span class="visually-hidden"> SYS-1002</span>' in html
    assert "Scale changed" in html and "13" in html


def test_the_queue_filters_by_what_waits_and_refuses_what_it_cannot_read(client, personas):
    queue_of(personas, proposals=1, flagged=2)
    client.force_login(personas.safety)
    flagged = client.get(QUEUE, {"waiting": "flagged"}).content.decode()
    assert "SYS-1000" not in flagged and "SYS-1001" in flagged and "SYS-1002" in flagged
    proposals = client.get(QUEUE, {"waiting": "proposal"}).content.decode()
    assert "SYS-1000" in proposals and "SYS-1001" not in proposals
    assert client.get(QUEUE, {"waiting": "lunch"}).status_code == 400


def test_the_queue_sorts_by_system_on_request(client, personas):
    queue_of(personas, proposals=1, flagged=1)
    client.force_login(personas.safety)
    html = client.get(QUEUE, {"ordering": "-system"}).content.decode()
    assert html.index("SYS-1001") < html.index("SYS-1000")


def test_the_queue_exports_what_it_lists_and_records_the_export(client, personas):
    systems = queue_of(personas, proposals=1, flagged=1)
    services.system_classify(
        actor=personas.owner, system=systems[1], inputs=DOCUMENT_SUMMARIZER, rationale="x"
    )
    client.force_login(personas.safety)
    response = client.get(f"{QUEUE}export.csv", {"waiting": "proposal"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["system"], r["waiting"], r["proposed_tier"]) for r in rows] == [
        ("SYS-1000", "proposal", "high"),
        ("SYS-1001", "proposal", "low"),
    ]
    assert rows[0]["proposed_by"] == personas.owner.display_name  # people by name
    assert AuditEvent.objects.filter(object_type="registry.reviewqueue").exists()
    assert client.get(f"{QUEUE}export.xlsx").status_code == 200


def test_only_reviewers_read_or_export_the_queue(client, personas):
    queue_of(personas, proposals=1, flagged=1)
    assert review_queue_list_for(personas.owner, {}).queryset.count() == 0
    assert review_queue_counts_for(personas.owner) == {"proposals": 0, "flagged": 0, "count": 0}
    client.force_login(personas.owner)
    assert client.get(f"{QUEUE}export.csv").status_code == 403


@pytest.mark.parametrize("rows", [1, 30])
def test_the_queue_costs_the_same_queries_at_1_and_many_rows(
    personas, django_assert_num_queries, rows
):
    queue_of(personas, proposals=rows, flagged=rows)
    user = personas.safety
    forget_roles(user)
    with django_assert_num_queries(4):  # roles, the counts, the list's count, its page
        counts = review_queue_counts_for(user)
        page = review_queue_list_for(user, {}).page("page")
        shown = [(row["system_id"], row["proposal_by_email"]) for row in page]
    assert counts == {"proposals": rows, "flagged": rows, "count": 2 * rows}
    assert len(shown) == min(2 * rows, 50)


def test_the_queue_page_costs_the_same_at_1_and_many_rows(client, personas):
    def queries_of_the_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(QUEUE).status_code == 200
        return len(queries.captured_queries)

    client.force_login(personas.safety)
    queue_of(personas, proposals=1, flagged=1)
    one = queries_of_the_page()
    more = AISystem.objects.bulk_create(unsaved_systems(personas.people_ops, 40, start=2000))
    AISystem.objects.filter(pk__in=[s.pk for s in more]).update(reclassification_needed=True)
    assert queries_of_the_page() == one
