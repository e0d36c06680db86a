"""The system list: filters, sorting, pagination, CSV export, and a fixed query count."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from registry.models import AISystem
from tests.factories import AISystemFactory, classified_system

pytestmark = pytest.mark.django_db

LIST = "/systems/"
EXPORT = "/systems/export.csv"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["SYS-001", "SYS-002", "SYS-003", "SYS-004"]),
        ("?tier=high", ["SYS-001"]),
        ("?tier=unclassified", ["SYS-004"]),
        ("?stage=production", ["SYS-001", "SYS-002"]),
        ("?team=customer-success", ["SYS-002", "SYS-004"]),
        ("?regulation=gdpr", ["SYS-001", "SYS-002"]),
        ("?ai_act=limited", ["SYS-002"]),
        ("?reclassification=true", ["SYS-002"]),
        ("?eu_personal_data=true&stage=production&team=people-ops", ["SYS-001"]),
        ("?q=chatbot", ["SYS-002"]),
        ("?q=hazmat", ["SYS-004"]),
        ("?tier=&stage=&q=", ["SYS-001", "SYS-002", "SYS-003", "SYS-004"]),
    ],
)
def test_filters(listed, client, personas, portfolio, query, expected):
    assert listed(client, personas.board, query) == expected


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("-name", ["SYS-004", "SYS-001", "SYS-003", "SYS-002"]),
        ("-risk_tier", ["SYS-001", "SYS-002", "SYS-003", "SYS-004"]),
        ("risk_score", ["SYS-003", "SYS-002", "SYS-001", "SYS-004"]),
        ("owner_team__name", ["SYS-002", "SYS-004", "SYS-001", "SYS-003"]),
    ],
)
def test_sorting(listed, client, personas, portfolio, ordering, expected):
    assert listed(client, personas.board, f"?ordering={ordering}") == expected


def test_the_sorted_column_says_so_and_its_heading_reverses_the_sort(client, personas, portfolio):
    client.force_login(personas.board)
    html = client.get(LIST + "?ordering=-name&tier=high").content.decode()
    assert '<th scope="col" aria-sort="descending"><a href="?ordering=name&amp;tier=high">' in html
    assert '<a href="?ordering=system_id&amp;tier=high">System ID</a>' in html
    assert '<input type="hidden" name="ordering" value="-name">' in html


def test_each_row_marks_a_needed_re_classification(row_ids, client, personas, portfolio):
    client.force_login(personas.board)
    html = client.get(LIST).content.decode()
    rows = html.split("<tbody>")[1].split("</tr>")
    marked = [row_ids(row)[0] for row in rows if "Re-classification needed" in row]
    assert marked == ["SYS-002"]


def test_an_invalid_filter_is_a_400_that_lists_nothing_and_says_why(
    row_ids, client, personas, portfolio
):
    client.force_login(personas.board)
    response = client.get(LIST + "?tier=extreme")
    html = response.content.decode()
    assert response.status_code == 400
    assert row_ids(html) == []
    assert 'id="id_tier_error"' in html and "extreme" in html
    assert "No AI systems match these filters." in html


def test_empty_states(client, personas, portfolio):
    client.force_login(personas.board)
    assert "No AI systems match these filters." in client.get(LIST + "?q=nothing").content.decode()
    AISystem.objects.all().delete()
    assert "No AI systems are registered yet." in client.get(LIST).content.decode()


def bulk_systems(team, count: int, start: int = 1, **fields) -> None:
    AISystem.objects.bulk_create(
        AISystem(
            system_id=f"SYS-{n:04d}",
            name=f"System {n}",
            description="Bulk",
            owner_team=team,
            **fields,
        )
        for n in range(start, start + count)
    )


def test_pages_of_fifty_that_keep_the_filters(row_ids, client, personas):
    bulk_systems(personas.people_ops, 120, risk_tier="low", risk_score=6)
    bulk_systems(personas.customer_success, 5, start=500)
    client.force_login(personas.board)
    first = client.get(LIST + "?tier=low").content.decode()
    assert len(row_ids(first)) == 50
    assert '<a href="?tier=low&amp;page=2" rel="next">Next</a>' in first
    assert "Page 1 of 3" in first and 'aria-current="page">1</a>' in first
    last = client.get(LIST + "?tier=low&page=3").content.decode()
    assert row_ids(last) == [f"SYS-{n:04d}" for n in range(101, 121)]


def test_the_export_link_keeps_the_filters(client, personas, portfolio):
    client.force_login(personas.board)
    html = client.get(LIST + "?tier=high&ordering=-name&page=1").content.decode()
    assert 'href="/systems/export.csv?tier=high&amp;ordering=-name"' in html


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="ai-systems-')
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_holds_the_filtered_systems(client, personas, portfolio):
    client.force_login(personas.auditor)
    rows = csv_rows(client.get(EXPORT + "?regulation=gdpr&ordering=-name"))
    assert [r["system_id"] for r in rows] == ["SYS-001", "SYS-002"]
    screener = rows[0]
    assert screener["name"] == "Resume screener"
    assert screener["owner_team"] == "People Ops"
    assert (screener["risk_tier"], screener["risk_score"]) == ("high", "13")
    assert (screener["ai_act_category"], screener["ai_act_annex_area"]) == (
        "high_risk",
        "employment",
    )
    assert screener["regulatory_scope"] == "eu_ai_act;gdpr;eeoc"
    assert screener["processes_eu_personal_data"] == "yes"
    assert rows[1]["reclassification_reasons"] == "scale changed"


def test_the_export_is_in_the_audit_trail_with_its_filters(client, personas, portfolio):
    client.force_login(personas.auditor)
    csv_rows(client.get(EXPORT + "?regulation=gdpr&ordering=-name&utm_source=<script>"))
    event = AuditEvent.objects.get(action="list.exported")
    assert (event.actor, event.object_type) == (personas.auditor, "registry.aisystem")
    assert event.changes == {"filters": {"regulation": "gdpr", "ordering": "-name"}, "rows": 2}


def test_csv_export_counts_controls_and_defuses_formulas(client, personas):
    system = classified_system(personas)
    system.controls.filter(control__key="model-card").update(status="implemented")
    AISystem.objects.filter(pk=system.pk).update(name="=HYPERLINK(evil)")
    client.force_login(personas.board)
    [row] = csv_rows(client.get(EXPORT))
    assert row["name"] == "'=HYPERLINK(evil)"
    assert (row["controls_required"], row["controls_implemented"]) == ("11", "1")


def test_csv_export_of_an_invalid_filter_is_a_400(client, personas, portfolio):
    client.force_login(personas.board)
    response = client.get(EXPORT + "?reclassification=maybe")
    assert response.status_code == 400
    assert b"reclassification" in response.content


def test_the_list_page_costs_the_same_queries_at_1_and_1000_systems(
    row_ids, client, personas, django_assert_num_queries
):
    classified_system(personas)
    client.force_login(personas.board)
    query = "?ordering=-risk_tier&team=people-ops"
    with CaptureQueriesContext(connection) as one:
        assert len(row_ids(client.get(LIST + query).content.decode())) == 1
    assert len(one) <= 8  # DESIGN.md 8: a list page costs at most 8 queries
    bulk_systems(personas.people_ops, 999, start=1000, risk_tier="medium", risk_score=9)
    with django_assert_num_queries(len(one)):
        assert len(row_ids(client.get(LIST + query).content.decode())) == 50


def test_the_filter_bar_offers_any_for_each_filter(client, personas, portfolio):
    client.force_login(personas.board)
    html = client.get(LIST + "?tier=high").content.decode()
    assert "---------" not in html
    for name in ("tier", "stage", "team", "regulation", "ai_act", "reclassification"):
        select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
        assert '<option value="">Any</option>' in select or 'value="" selected>Any' in select
    assert '<option value="high" selected>High</option>' in html


def test_a_prohibited_system_shows_its_category_as_a_badge(client, personas):
    AISystemFactory(
        system_id="SYS-009", owner_team=personas.people_ops, ai_act_category="prohibited"
    )
    client.force_login(personas.board)
    html = client.get(LIST).content.decode()
    assert '<span class="badge badge-ai-act badge-ai-act-prohibited">Prohibited</span>' in html


def test_only_the_current_page_is_marked_in_the_navigation(client, personas):
    client.force_login(personas.board)
    for url, current in (("/systems/portfolio/", "Portfolio"), (LIST, "AI systems")):
        html = client.get(url).content.decode()
        assert re.findall(r'aria-current="page">([^<]+)</a></li>', html) == [current]
