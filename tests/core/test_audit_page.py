"""The audit trail page: who may see it, filters, time zone, CSV export, chain check."""

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.audit import audit_record
from core.models import AuditEvent
from tests.factories import record_events

URL = "/audit/"


@pytest.mark.parametrize("who", ["auditor", "admin"])
def test_auditors_and_administrators_see_the_trail(client_for, personas, who):
    record_events(personas.owner, 2)
    response = client_for(getattr(personas, who)).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Audit trail</h1>" in html
    assert html.count('<span title="test.recorded">Test: recorded</span>') == 2
    assert 'href="/audit/"' in html  # the navigation offers it to them


@pytest.mark.parametrize("who", ["board", "owner", "dpo", "outsider"])
def test_everyone_else_gets_403_in_our_look(client_for, personas, who):
    client = client_for(getattr(personas, who))
    for response in (
        client.get(URL),
        client.get("/audit/export.csv"),
        client.post("/audit/verify/"),
    ):
        assert response.status_code == 403
    html = client.get(URL).content.decode()
    assert "You may not open this page" in html and '<html lang="en">' in html
    assert 'href="/audit/"' not in client.get("/inbox/").content.decode()


def test_a_row_shows_time_in_the_viewers_zone_actor_object_and_changes(client_for, personas):
    at = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    audit_record(
        actor=personas.owner,
        action="system.classified",
        object_type="registry.aisystem",
        object_id="42",
        changes={"risk_tier": ["", "high"], "risk_score": [None, 13]},
        at=at,
    )
    personas.auditor.time_zone = "Europe/Berlin"
    personas.auditor.save()
    html = client_for(personas.auditor).get(URL).content.decode()
    assert "2026-01-15 13:00:00" in html  # 12:00 UTC is 13:00 in Berlin in winter
    assert "owner@example.com" in html
    assert "registry.aisystem:42" in html
    assert "risk_tier: — → high; risk_score: — → 13" in html


def test_filters_narrow_the_trail(client_for, personas):
    client = client_for(personas.auditor)  # logging in is an event too: auth.login
    # A surname nobody else has (the factories' random names sometimes share one).
    personas.dpo.full_name = "Dana Quillfeather"
    personas.dpo.save(update_fields=["full_name"])
    audit_record(
        actor=personas.owner,
        action="system.created",
        object_type="registry.aisystem",
        object_id="1",
    )
    audit_record(
        actor=personas.dpo, action="system.created", object_type="registry.aisystem", object_id="2"
    )
    audit_record(
        actor=personas.dpo, action="risk.created", object_type="governance.risk", object_id="2"
    )

    def shown(**params):
        html = client.get(URL, params).content.decode()
        return html.count('<td class="num mono">')  # one per row

    assert shown() == 4
    assert shown(action="auth.login") == 1
    assert shown(hide_sign_in="true") == 3
    assert shown(actor="dpo@example.com") == 2
    assert shown(actor="DPO@") == 2  # part of an e-mail
    assert shown(actor="quillfeather") == 2  # part of a name
    assert shown(action="system.created") == 2
    assert shown(object_type="registry.aisystem", object_id="2") == 1
    assert shown(object_type="registry.aisystem", actor="owner@example.com") == 1
    assert shown(object_type="core.user", actor="owner@example.com") == 0


def test_objects_show_by_name_with_a_link_and_actions_in_words(client_for, personas):
    audit_record(
        actor=personas.owner,
        action="system.classified",
        object_type="registry.aisystem",
        object_id="17",
        object_repr="SYS-007 Consumer credit scoring",
        changes={"rationale": ["", "x" * 300]},
    )
    html = client_for(personas.auditor).get(URL, {"hide_sign_in": "true"}).content.decode()
    assert '<a href="/systems/SYS-007/">SYS-007 Consumer credit scoring</a>' in html
    assert '<span title="system.classified">Classified a system</span>' in html
    assert "<details><summary>rationale: — → xxx" in html  # long changes expand in place
    assert "x" * 300 in html
    for name, choice in (("object_type", "registry.aisystem"), ("action", "auth.login")):
        select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
        assert f'<option value="{choice}">' in select


def test_an_object_is_found_by_the_name_people_know_it_by(client_for, personas):
    audit_record(
        actor=personas.owner,
        action="system.created",
        object_type="registry.aisystem",
        object_id="17",
        object_repr="SYS-007 Consumer credit scoring",
    )
    audit_record(actor=personas.owner, action="control.updated", object_repr="SYS-007: Model card")
    audit_record(actor=personas.owner, action="system.created", object_repr="SYS-0070 Other")
    client = client_for(personas.auditor)

    def shown(name: str) -> int:
        html = client.get(URL, {"object_name": name}).content.decode()
        return html.count('<td class="num mono">')

    assert shown("sys-007") == 2  # the system and its control, not SYS-0070
    assert shown("credit") == 1
    assert shown("cred") == 0  # whole words only
    assert shown("SYS-0070") == 1


def test_filters_that_cannot_be_read_are_a_400_that_lists_nothing(client_for, personas):
    record_events(personas.owner, 2)
    client = client_for(personas.auditor)
    for params in (
        {"action": "no.such"},
        {"hide_sign_in": "maybe"},
        {"ordering": "actor"},
        {"date_to": "9999-12-31"},
        {"object_id": "\x00"},
        {"page": "9"},
    ):
        response = client.get(URL, params)
        assert response.status_code == 400, params
        html = response.content.decode()
        assert "test.recorded" not in html
        assert "Some filters could not be applied" in html and f"<li>{next(iter(params))}:" in html
    response = client.get("/audit/export.csv", {"date_to": "9999-12-31"})
    assert response.status_code == 400
    assert "Choose a day before 9999-12-31." in response.content.decode()


def test_date_filters_are_days_in_the_viewers_zone(client_for, personas):
    # 23:30 UTC on 31 January is already 1 February in Berlin.
    audit_record(actor=None, action="late.event", at=datetime(2026, 1, 31, 23, 30, tzinfo=UTC))
    audit_record(actor=None, action="early.event", at=datetime(2026, 1, 31, 10, 0, tzinfo=UTC))
    client = client_for(personas.auditor)  # Europe/Berlin by default
    html = client.get(URL, {"date_from": "2026-02-01", "date_to": "2026-02-01"}).content.decode()
    assert "late.event" in html and "early.event" not in html
    html = client.get(URL, {"date_to": "2026-01-31"}).content.decode()
    assert "early.event" in html and "late.event" not in html


def test_the_trail_pages_by_fifty_and_sorts_by_seq(client_for, personas):
    client = client_for(personas.auditor)  # seq 1: auth.login
    record_events(None, 50)
    first = client.get(URL).content.decode()
    assert first.count('<td class="num mono">') == 50
    assert 'href="?before=2" rel="next">Older events' in first and "Newer events" not in first
    assert '<td class="num mono">51</td>' in first  # newest first
    oldest_first = client.get(URL, {"ordering": "seq"}).content.decode()
    assert oldest_first.index('<td class="num mono">1</td>') < oldest_first.index(
        '<td class="num mono">2</td>'
    )
    assert 'aria-sort="ascending"' in oldest_first


def page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_at_1_and_500_events(client_for, personas):
    client = client_for(personas.auditor)
    record_events(personas.owner, 1)
    at_one = page_queries(client)
    record_events(personas.owner, 499)
    at_five_hundred = page_queries(client)
    assert at_one == at_five_hundred
    assert at_five_hundred <= 8


def read_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_csv_export_holds_the_filtered_events_and_is_itself_recorded(client_for, personas):
    client = client_for(personas.auditor)  # seq 1: auth.login
    record_events(personas.owner, 3)
    audit_record(actor=personas.dpo, action="risk.created", object_type="governance.risk")
    response = client.get("/audit/export.csv", {"actor": "owner", "ordering": "seq"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = read_csv(response)
    assert [row["seq"] for row in rows] == ["2", "3", "4"]
    assert {row["action"] for row in rows} == {"test.recorded"}
    assert {row["actor"] for row in rows} == {"owner@example.com"}
    assert rows[0]["hash"] == AuditEvent.objects.get(seq=2).hash
    export = AuditEvent.objects.get(action="audit.exported")
    assert (export.actor, export.seq) == (personas.auditor, 6)
    assert export.changes == {
        "filters": {"actor": "owner", "ordering": "seq"},
        "up_to_seq": 5,
        "rows": 3,
    }


def test_csv_cells_cannot_smuggle_spreadsheet_formulas(client_for, personas):
    client = client_for(personas.admin)
    audit_record(actor=None, action="=HYPERLINK(1)", object_type="tests.thing")
    rows = read_csv(client.get("/audit/export.csv"))
    assert rows[0]["action"] == "'=HYPERLINK(1)"  # newest first, as on the page


def test_verify_button_reports_an_intact_chain(client_for, personas):
    client = client_for(personas.auditor)  # seq 1: auth.login
    record_events(None, 4)
    response = client.post("/audit/verify/", HTTP_HX_REQUEST="true")
    assert "5 events verified from event #1 to #5, chain intact" in response.content.decode()
    plain = client.post("/audit/verify/", follow=True)  # from #5: #6 records the first
    assert "1 event verified from checkpoint #5 (the chain" in plain.content.decode()


def test_verify_button_names_the_broken_link(tamper_with, client_for, personas):
    client = client_for(personas.admin)
    record_events(None, 4)
    tamper_with(3, "test.forged")
    response = client.post("/audit/verify/", HTTP_HX_REQUEST="true")
    assert (
        "Chain broken at #3: content does not match its hash (walked from event #1 to #3)"
        in response.content.decode()
    )
