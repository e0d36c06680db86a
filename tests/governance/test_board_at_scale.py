"""The board's page and its heat maps at an enterprise's size (issue 21, bench/scale.py:
50,000 risks): both heat maps are counted in one query, and the board's counts of open
risks read an index alone, never the table's rows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.selectors.board import RISKS_DUE_SCOPE, heat_maps_counts, register_scoped, trend_for
from tests.factories import RiskFactory

pytestmark = pytest.mark.django_db


def _register(which: str, cell: tuple[int, int]) -> int:
    """How many risks the register lists for one cell's link."""
    likelihood, impact = cell
    return register_scoped(
        {"status": "open", f"{which}_likelihood": str(likelihood), f"{which}_impact": str(impact)}
    ).count()


def test_both_heat_maps_are_counted_in_one_query_as_the_register_lists_them(
    personas, django_assert_num_queries
):
    RiskFactory(inherent_likelihood=5, inherent_impact=4, residual_likelihood=2, residual_impact=3)
    RiskFactory(inherent_likelihood=5, inherent_impact=4, residual_likelihood=1, residual_impact=3)
    RiskFactory(inherent_likelihood=3, inherent_impact=4, residual_likelihood=2, residual_impact=3)
    RiskFactory(
        inherent_likelihood=5,
        inherent_impact=5,
        residual_likelihood=2,
        residual_impact=3,
        status="closed",
    )
    with django_assert_num_queries(1):
        maps = heat_maps_counts(["residual", "inherent"])
    assert maps["residual"] == {(2, 3): 2, (1, 3): 1}
    assert maps["inherent"] == {(5, 4): 2, (3, 4): 1}
    for which, counts in maps.items():
        for cell, count in counts.items():
            assert _register(which, cell) == count, (which, cell)


def test_the_heat_maps_page_draws_both_maps_from_one_count(client, personas):
    RiskFactory(inherent_likelihood=5, inherent_impact=4, residual_likelihood=2, residual_impact=3)
    RiskFactory(inherent_likelihood=5, inherent_impact=4, residual_likelihood=1, residual_impact=1)
    client.force_login(personas.board)
    client.get("/board/heat-maps/")  # warm the per-process caches
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/board/heat-maps/").content.decode()
    grouped = [
        q["sql"] for q in captured if re.search(r"FROM \"governance_risk\".*GROUP BY", q["sql"])
    ]
    assert len(grouped) == 1
    assert "likelihood 5, impact 4 (critical): 2 risks</title>" in page  # the inherent map
    assert "likelihood 2, impact 3 (medium): 1 risk</title>" in page  # the residual map
    assert "likelihood 1, impact 1 (low): 1 risk</title>" in page


def _plans(run) -> list[str]:
    """The plan of each query `run` makes on governance_risk, with sequential and bitmap
    scans priced out so the planner takes an index wherever one can answer (a test's
    few rows would otherwise be read from the table, as they cost nothing)."""
    with CaptureQueriesContext(connection) as captured:
        run()
    plans = []
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_bitmapscan = off")
        try:
            for query in captured:
                if '"governance_risk"' in query["sql"] and "COUNT(" in query["sql"]:
                    cursor.execute("EXPLAIN " + query["sql"])
                    plans.append("\n".join(row[0] for row in cursor.fetchall()))
        finally:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_bitmapscan")
    return plans


def test_the_boards_counts_of_open_risks_read_an_index_alone():
    """At 50,000 risks each of these read the whole table (9 to 18 ms a query on the
    kept enterprise database); from their partial indexes, 2 to 3 ms."""
    RiskFactory.create_batch(3, residual_likelihood=4, residual_impact=4)
    cells = _plans(lambda: heat_maps_counts(["residual", "inherent"]))
    residual = _plans(lambda: heat_maps_counts(["residual"]))
    due = _plans(lambda: register_scoped(RISKS_DUE_SCOPE).count())
    trend = _plans(trend_for)
    assert len(cells) == len(residual) == len(due) == len(trend) == 1
    assert "Index Only Scan using risk_open_cells" in cells[0]
    assert "Index Only Scan using risk_open_cells" in residual[0]
    assert "Index Only Scan using risk_open_review" in due[0]
    assert "Index Only Scan using risk_open_high_created" in trend[0]
