"""The review sessions list on the core list kit: its columns, filters, sorting, pages and
CSV/XLSX export, who sees it, and what it costs in queries at one and at many sessions."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from governance.services.decisions import decision_record
from governance.services.sessions import session_close, session_open
from tests.factories import RiskFactory

pytestmark = pytest.mark.django_db

HELD = date(2026, 11, 30)


def _session(personas, title: str, risks, *, held_on=HELD, reason="new_use_case"):
    return session_open(
        actor=personas.board,
        title=title,
        kind="ad_hoc",
        reason=reason,
        held_on=held_on,
        risks=risks,
    )


def _row_titles(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/board/sessions/\d+/">([^<]*)</a>', page)


def test_the_list_shows_each_session_with_its_counts_newest_first(client, personas):
    risks = RiskFactory.create_batch(3)
    older = _session(personas, "Hiring tool review", risks[:1], held_on=HELD - timedelta(days=9))
    newer = _session(personas, "Credit model update", risks, reason="model_update")
    decision_record(
        actor=personas.board, session=newer, risk=risks[0], kind="accept", rationale="a"
    )
    session_close(actor=personas.board, session=older)
    client.force_login(personas.auditor)

    page = client.get("/board/sessions/").content.decode()

    assert _row_titles(page) == ["Credit model update", "Hiring tool review"]
    row = page[page.index("Credit model update") :].split("</tr>")[0]
    assert "2026-11-30" in row and "Ad-hoc review: Major model update" in row
    assert '<td class="num">3</td><td class="num">1</td><td>Open</td>' in row
    assert "2 sessions." in page


def test_the_list_filters_sorts_and_pages(client, personas):
    risk = RiskFactory()
    for day in range(3):
        _session(personas, f"Review {day}", [risk], held_on=HELD - timedelta(days=day))
    closed = _session(personas, "Closed one", [risk], held_on=HELD - timedelta(days=30))
    session_close(actor=personas.board, session=closed)
    client.force_login(personas.board)

    assert _row_titles(client.get("/board/sessions/?status=closed").content.decode()) == [
        "Closed one"
    ]
    assert _row_titles(client.get("/board/sessions/?q=review+1").content.decode()) == ["Review 1"]
    oldest_first = client.get("/board/sessions/?ordering=held_on&page_size=2").content.decode()
    assert _row_titles(oldest_first) == ["Closed one", "Review 2"]
    second = client.get("/board/sessions/?ordering=held_on&page_size=2&page=2").content.decode()
    assert _row_titles(second) == ["Review 1", "Review 0"]


def test_a_filter_the_list_cannot_read_is_a_400_naming_it(client, personas):
    client.force_login(personas.board)
    response = client.get("/board/sessions/?status=ajar")
    assert response.status_code == 400
    assert "status: Select a valid choice." in response.content.decode()


def test_the_export_is_the_filtered_list_as_csv_and_xlsx_and_is_audited(client, personas):
    risks = RiskFactory.create_batch(2)
    _session(personas, "=cmd|' /C calc'!A0", risks)  # a formula is written as text
    _session(personas, "Quarter four", risks[:1], reason="outside_incident")
    client.force_login(personas.auditor)

    response = client.get("/board/sessions/export.csv?reason=outside_incident")

    assert response.status_code == 200
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert [(r["title"], r["held_on"], r["risk_count"], r["status"]) for r in rows] == [
        ("Quarter four", "2026-11-30", "1", "Open")
    ]
    assert rows[0]["opened_by"] == personas.board.email
    event = AuditEvent.objects.filter(object_type="governance.reviewsession").latest("seq")
    assert event.action.endswith("exported") and event.changes["rows"] == 1
    formula = client.get("/board/sessions/export.csv?q=calc")
    assert "'=cmd" in b"".join(formula.streaming_content).decode("utf-8-sig")
    xlsx = client.get("/board/sessions/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")


def test_only_the_boards_readers_see_or_export_the_sessions(client, personas):
    _session(personas, "Board only", [RiskFactory()])
    client.force_login(personas.owner)
    assert client.get("/board/sessions/").status_code == 403
    assert client.get("/board/sessions/export.csv").status_code == 403


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/board/sessions/", "/board/sessions/?ordering=-risk_count"])
def test_the_list_costs_the_same_queries_at_one_and_at_many_sessions(client, personas, url):
    risks = RiskFactory.create_batch(4)
    _session(personas, "First", risks[:1])
    client.force_login(personas.board)
    client.get(url)  # warm the per-process caches
    one = _queries(client, url)
    for number in range(30):
        session = _session(personas, f"Session {number}", risks)
        decision_record(
            actor=personas.board, session=session, risk=risks[0], kind="accept", rationale="a"
        )
    many = _queries(client, url)
    assert one == many
