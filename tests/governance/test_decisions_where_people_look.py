"""The board's decisions where people look (issue 15, section 3): a risk's page shows its
latest decision (who, when in the viewer's zone, what, why), the register has a
"Board decision" column (page, filter, sort, CSV/XLSX, API) at a fixed number of queries,
and a risk's history is in words with people's names, never the stored JSON."""

import csv
import io
import re
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from governance.models import Risk, RiskDecision
from governance.services.decisions import decision_record
from governance.services.risks import risk_update
from governance.services.sessions import session_open
from tests.factories import RiskFactory

pytestmark = pytest.mark.django_db
# 21:25 UTC is 22:25 in Berlin: the finding was "Decided 22:25" shown in UTC.
DECIDED = "2026-11-30 21:25Z"


def _rows(response) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/risks/(RISK-\d+)/">', response.text)


def _session(actor, *risks):
    return session_open(
        actor=actor,
        title="Model update of the route optimiser",
        kind="ad_hoc",
        reason="model_update",
        held_on=date(2026, 11, 30),
        risks=risks,
    )


@pytest.fixture
def decided(personas):
    """RISK-001 accepted by the board at 21:25 UTC, RISK-002 escalated, RISK-003 none."""
    personas.board.full_name = "Bea Board"
    personas.board.save()
    first = RiskFactory(risk_id="RISK-001", title="Unsafe roads", residual_level="high")
    second = RiskFactory(risk_id="RISK-002", title="Postal code bias")
    RiskFactory(risk_id="RISK-003", title="Refund jailbreak")
    with time_machine.travel(DECIDED, tick=False):
        session = _session(personas.board, first, second)
        decision_record(
            actor=personas.board,
            session=session,
            risk=first,
            kind="accept",
            rationale="Dispatcher review and the quarterly red team keep it low.",
        )
        decision_record(
            actor=personas.board,
            session=session,
            risk=second,
            kind="escalate",
            rationale="Needs the executive committee.",
        )
    return session


def test_the_risk_page_shows_the_latest_decision_in_the_viewers_zone(client, personas, decided):
    personas.auditor.time_zone = "Europe/Berlin"
    personas.auditor.save()
    client.force_login(personas.auditor)
    text = client.get("/risks/RISK-001/").text
    section = text[text.index('id="decision"') : text.index('id="details-title"')]
    assert "Accept the residual risk (sign-off)" in section
    assert "Bea Board" in section
    # The viewer's zone, not 21:25 UTC (in whichever of the portal's date formats).
    assert re.search(r"(30 Nov 2026|2026-11-30),? 22:25", section)
    assert "21:25" not in section
    assert "Dispatcher review and the quarterly red team keep it low." in section
    assert f"/board/sessions/{decided.pk}/" in section
    no_decision = client.get("/risks/RISK-003/").text
    assert "The board has not decided on this risk yet." in no_decision


def test_a_correction_is_the_decision_the_page_shows(client, personas, decided):
    risk = Risk.objects.get(risk_id="RISK-001")
    accepted = RiskDecision.objects.get(risk=risk)
    with time_machine.travel("2026-12-01 09:00Z", tick=False):
        decision_record(
            actor=personas.board,
            session=decided,
            risk=risk,
            kind="mitigate",
            rationale="The red team found a bypass.",
            mitigation_owner=personas.owner,
            mitigation_due=date(2027, 1, 15),
            corrects=accepted,
        )
    client.force_login(personas.auditor)
    text = client.get("/risks/RISK-001/").text
    section = text[text.index('id="decision"') : text.index('id="details-title"')]
    assert "Require mitigation" in section
    assert "The red team found a bypass." in section
    assert "Accept the residual risk" not in section
    register = client.get("/risks/?decision=mitigate")
    assert _rows(register) == ["RISK-001"]


def test_the_register_has_a_board_decision_column(client, personas, decided):
    client.force_login(personas.auditor)
    response = client.get("/risks/")
    assert "Board decision" in response.text
    rows = response.text.split("<tr")
    first = next(r for r in rows if "/risks/RISK-001/" in r)
    third = next(r for r in rows if "/risks/RISK-003/" in r)
    assert "<td>Accepted, 2026-11-30</td>" in first
    assert "None yet" in third


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?decision=accept", ["RISK-001"]),
        ("?decision=escalate", ["RISK-002"]),
        ("?decision=none", ["RISK-003"]),
        ("?decision=close", []),
        ("?ordering=decision", ["RISK-001", "RISK-002", "RISK-003"]),
        ("?ordering=-decision", ["RISK-002", "RISK-001", "RISK-003"]),
    ],
)
def test_the_decision_column_filters_and_sorts(client, personas, decided, query, expected):
    client.force_login(personas.auditor)
    assert _rows(client.get("/risks/" + query)) == expected


def test_a_bad_decision_filter_is_a_400_naming_it(client, personas, decided):
    client.force_login(personas.auditor)
    response = client.get("/risks/?decision=maybe")
    assert response.status_code == 400
    assert "decision" in response.text


def test_the_exports_and_the_api_carry_the_decision(client, personas, decided):
    personas.auditor.time_zone = "Asia/Tokyo"  # 06:25 on 1 Dec in Tokyo
    personas.auditor.save()
    client.force_login(personas.auditor)
    response = client.get("/risks/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header = [h.lower() for h in rows[0]]
    column = next(i for i, h in enumerate(header) if h in ("decision", "board decision"))
    assert [r[column] for r in rows[1:]] == ["Accepted, 2026-12-01", "Escalated, 2026-12-01", ""]
    sheet = load_workbook(io.BytesIO(client.get("/risks/export.xlsx").content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [v[column] for v in values[1:]] == [
        "Accepted, 2026-12-01",
        "Escalated, 2026-12-01",
        None,
    ]
    api = client.get("/api/v1/risks/").json()["results"]
    assert [r["decision"] for r in api] == ["accept", "escalate", None]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return len(captured)


def _decide_all(personas, risks):
    session = _session(personas.board, *risks)
    RiskDecision.objects.bulk_create(
        RiskDecision(
            session=session,
            risk=r,
            kind="accept",
            rationale="ok",
            next_review=date(2027, 2, 28),
            decided_by=personas.board,
        )
        for r in risks
    )


@pytest.mark.parametrize(
    "url",
    [
        "/risks/",
        "/risks/?decision=accept&ordering=-decision",
        "/api/v1/risks/",
        "/risks/export.csv",
        "/risks/export.xlsx",
    ],
)
def test_the_decision_column_costs_no_query_per_row(client, personas, url):
    client.force_login(personas.board)
    _decide_all(personas, [RiskFactory()])
    client.get(url)  # warm the per-process caches
    one = _queries(client, url)
    _decide_all(personas, RiskFactory.create_batch(50))
    assert _queries(client, url) == one


def _history_cell_text(text: str) -> str:
    start = text.index('id="history"')
    return re.sub(r"<[^>]+>", " ", text[start:])


def test_a_risks_history_is_in_words_with_peoples_names(client, personas):
    personas.owner.full_name = "Olga Owner"
    personas.owner.save()
    personas.owner2.full_name = "Otto Second"
    personas.owner2.save()
    risk = RiskFactory(
        risk_id="RISK-001", owner_user=personas.owner, residual_likelihood=3, residual_impact=2
    )
    risk_update(
        actor=personas.board,
        risk=risk,
        data={"residual_likelihood": 2, "owner_user": personas.owner2, "category": "privacy"},
    )
    client.force_login(personas.auditor)
    text = _history_cell_text(client.get("/risks/RISK-001/").text)
    assert "Residual likelihood changed from 3 to 2" in text
    assert "Owner (person) changed from Olga Owner to Otto Second" in text
    assert "Category changed from Safety to Privacy" in text
    assert "Residual level changed from Medium to Low" in text
    assert "owner2@example.com" not in text
    assert "residual_likelihood" not in text
    assert "{" not in text and "→" not in text


@time_machine.travel(DECIDED, tick=False)
def test_a_decision_in_the_history_names_the_decision_and_the_owner(client, personas):
    personas.owner.full_name = "Olga Owner"
    personas.owner.save()
    risk = RiskFactory(risk_id="RISK-001", owner_team=personas.people_ops)
    decision_record(
        actor=personas.board,
        session=_session(personas.board, risk),
        risk=risk,
        kind="mitigate",
        rationale="Add a dispatcher check.",
        mitigation_owner=personas.owner,
        mitigation_due=date(2027, 1, 15),
    )
    client.force_login(personas.auditor)
    text = _history_cell_text(client.get("/risks/RISK-001/").text)
    assert "Board decision: Require mitigation (“Add a dispatcher check.”)" in text
    assert "Owner (person) set to Olga Owner" in text
    assert "Mitigation due date set to 2027-01-15" in text


def test_the_history_names_cost_the_same_for_one_or_thirty_owner_changes(client, personas):
    risk = RiskFactory(risk_id="RISK-001", owner_user=personas.owner)
    risk_update(actor=personas.board, risk=risk, data={"owner_user": personas.owner2})
    client.force_login(personas.board)
    client.get("/risks/RISK-001/")  # warm the per-process caches
    few = _queries(client, "/risks/RISK-001/")
    people = [personas.owner, personas.owner2, personas.dpo]
    for n in range(30):
        risk_update(actor=personas.board, risk=risk, data={"owner_user": people[n % 3]})
    assert _queries(client, "/risks/RISK-001/") == few
