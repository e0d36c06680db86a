"""The audit trail pages by seq ("Newer events" / "Older events"): at five million events
a page is one index range read, never a count of the trail (issue 21, bench/scale.py)."""

import re
from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from tests.factories import record_events

URL = "/audit/"


def shown(html: str) -> list[int]:
    return [int(seq) for seq in re.findall(r'<td class="num mono">(\d+)</td>', html)]


def link(html: str, label: str) -> str:
    """The query string of the page link called `label` ("" when there is none)."""
    found = re.search(rf'<a href="(\?[^"]*)" rel="\w+">{label}</a>', html)
    return unescape(found.group(1)) if found else ""


def test_older_and_newer_walk_the_trail_fifty_at_a_time(client_for, personas):
    client = client_for(personas.auditor)
    record_events(personas.owner, 120)
    trail = list(AuditEvent.objects.order_by("-seq").values_list("seq", flat=True))
    first = client.get(URL).content.decode()
    assert shown(first) == trail[:50]
    assert link(first, "Newer events") == ""
    assert link(first, "Older events") == f"?before={trail[49]}"
    second = client.get(URL + link(first, "Older events")).content.decode()
    assert shown(second) == trail[50:100]
    assert link(second, "Newer events") == f"?after={trail[50]}"
    last = client.get(URL + link(second, "Older events")).content.decode()
    assert shown(last) == trail[100:]
    assert link(last, "Older events") == ""
    back = client.get(URL + link(last, "Newer events")).content.decode()
    assert shown(back) == trail[50:100]  # the page just newer, still newest first
    assert shown(client.get(URL + link(back, "Newer events")).content.decode()) == trail[:50]


def test_the_pages_keep_the_filters_and_the_order(client_for, personas):
    client = client_for(personas.auditor)
    record_events(personas.owner, 60)
    record_events(None, 5)  # by the system: filtered out below
    mine = list(
        AuditEvent.objects.filter(actor=personas.owner)
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    params = {"actor": personas.owner.email, "ordering": "seq", "page_size": "25"}
    first = client.get(URL, params).content.decode()
    assert shown(first) == mine[:25]  # oldest first
    onward = link(first, "Newer events")
    assert "actor=" in onward and "ordering=seq" in onward and f"after={mine[24]}" in onward
    second = client.get(URL + onward).content.decode()
    assert shown(second) == mine[25:50]
    assert shown(client.get(URL + link(second, "Older events")).content.decode()) == mine[:25]


def test_a_cursor_that_is_not_a_seq_is_a_400_naming_it(client_for, personas):
    client = client_for(personas.auditor)
    record_events(personas.owner, 3)
    for params, name in (
        ({"before": "abc"}, "before"),
        ({"after": "0"}, "after"),
        ({"before": "5", "after": "2"}, "after"),
        ({"page_size": "900"}, "page_size"),
    ):
        response = client.get(URL, params)
        assert response.status_code == 400, params
        assert f"<li>{name}:" in response.content.decode()


def test_every_page_is_read_without_counting_the_trail(client_for, personas):
    client = client_for(personas.auditor)
    record_events(personas.owner, 130)
    first = client.get(URL).content.decode()
    costs = []
    for query in ("", link(first, "Older events"), "?actor=owner&date_from=2020-01-01"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL + query).status_code == 200
        costs.append(len(queries))
        counted = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
        assert not [sql for sql in counted if "core_auditevent" in sql], query
    assert len(set(costs)) == 1


def test_the_actor_box_finds_people_by_name_and_outsiders_by_their_label(client_for, personas):
    from core.audit import Outsider, audit_record

    client = client_for(personas.auditor)
    about = {"action": "test.recorded", "object_type": "tests.thing", "object_id": "21"}
    audit_record(actor=personas.dpo, **about)
    audit_record(actor=Outsider("Vendor contact: ana@vendor.example (questionnaire link)"), **about)
    audit_record(actor=None, **about)  # a scheduled task: no actor at all

    def actors(text: str) -> list[int]:
        response = client.get(URL, {"actor": text, "object_id": "21"})
        assert response.status_code == 200
        return shown(response.content.decode())

    dpo_event, vendor_event, _task = AuditEvent.objects.order_by("-seq")[:3][::-1]
    assert actors(personas.dpo.full_name.upper()) == [dpo_event.seq]
    assert actors("ana@VENDOR") == [vendor_event.seq]
    assert actors("nobody-such") == []


def test_the_tables_caption_gives_no_count_it_does_not_have(client_for, personas):
    """A screen reader hears the caption: with no count of the trail, it names none
    (it read "Audit events, in all" with an empty number)."""
    record_events(personas.owner, 3)
    html = client_for(personas.auditor).get(URL).content.decode()
    caption = re.search(r'<caption class="visually-hidden">([^<]*)</caption>', html).group(1)
    assert caption == "Audit events; column headings with links sort the list"
