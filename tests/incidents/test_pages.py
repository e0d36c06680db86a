"""The incident pages as people use them: list, report, detail with its clocks and
timeline, steps, notifications and their PDF, the regulatory clocks, metrics, the
system page's panel and its Art. 73 guard; query counts fixed."""

import re
from datetime import UTC, datetime, timedelta
from html import escape

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.clocks.rules import warning_times
from core.models import AuditEvent
from incidents.models import Incident, IncidentNotification
from incidents.rules.drafts import ART33_HEADINGS
from incidents.services.clocks import incident_deadlines
from incidents.services.notifications import notification_draft
from incidents.services.report import incident_report
from incidents.services.work import incident_note_add
from registry.models import AISystem
from tests.factories import organisation_profile
from tests.pdf_reading import pdf_text

pytestmark = pytest.mark.django_db
NINE = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
NOW = NINE + timedelta(hours=30)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def report(personas, system, **terms):
    data = {
        "type": "privacy_violation",
        "severity": "high",
        "discovered_at": NINE,
        "description": "Candidate names shown to other candidates.",
        "eu_residents_affected": True,
        "personal_data_exposed": True,
        "affected_people_estimate": 300,
    } | terms
    if data["personal_data_exposed"]:  # these breaches were known as such at discovery
        data.setdefault("personal_data_aware_at", data["discovered_at"])
        data.setdefault("reason", "Personal data was visible from the first report.")
    return incident_report(actor=personas.owner, system=system, **data)


def as_user(client, user):
    client.force_login(user)
    return client


def test_the_list_counts_down_the_next_clock_of_each_incident(client, personas, screener):
    report(personas, screener)
    html = as_user(client, personas.dpo).get("/incidents/").content.decode()
    assert "INC-0001" in html
    assert 'class="countdown' in html and "js/countdown.js" in html
    # The list colours the next clock by its own warning moments, as the incident page
    # does (core.clocks.rules.warning_times of the SLA policy's offsets on the clock).
    incident = Incident.objects.get(incident_id="INC-0001")
    first = incident_deadlines(incident).filter(met_at__isnull=True).order_by("due_at").first()
    moments = warning_times(first.due_at, first.warn_before)
    assert f'data-warn-at="{moments.warn_at.isoformat()}"' in html
    assert f'data-risk-at="{moments.at_risk_at.isoformat()}"' in html
    assert "data-start=" not in html


def test_the_list_and_detail_cost_a_fixed_number_of_queries(client, personas, screener):
    organisation_profile()
    first = report(personas, screener)
    as_user(client, personas.responder)
    client.get("/incidents/")
    client.get(f"/incidents/{first.incident_id}/")  # warm-up

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    list_before, detail_before = count("/incidents/"), count("/incidents/INC-0001/")
    for n in range(4):
        report(personas, screener, severity="critical", death=True)
        incident_note_add(actor=personas.responder, incident=first, text=f"Note {n}")
    notification_draft(
        actor=personas.dpo, incident=first, audience="regulator", phase="initial", regime="gdpr_72h"
    )
    assert count("/incidents/") == list_before
    assert count("/incidents/INC-0001/") == detail_before


def test_reporting_from_the_form_uses_the_viewers_time_zone(client, personas, screener):
    personas.dpo.time_zone = "Europe/Berlin"
    personas.dpo.save()
    data = {
        "system": "SYS-001",
        "type": "privacy_violation",
        "severity": "high",
        "discovered_at": "2026-03-05T10:00",
        "description": "Leak",
        "affected_people_estimate": "12",
        "eu_residents_affected": "on",
        "personal_data_exposed": "on",
    }
    response = as_user(client, personas.dpo).post("/incidents/new/", data)
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.discovered_at == datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
    page = client.get(response.url).content.decode()
    assert "GDPR 72 h notification for INC-0001" in page
    assert "10:00" in page and "(09:00 UTC)" in page


def test_a_future_discovery_time_is_refused_naming_the_field(client, personas, screener):
    data = {
        "system": "SYS-001",
        "type": "privacy_violation",
        "severity": "high",
        "discovered_at": "2027-01-01T10:00",
        "description": "Leak",
        "affected_people_estimate": "0",
    }
    response = as_user(client, personas.dpo).post("/incidents/new/", data)
    assert response.status_code == 400
    assert 'id="id_discovered_at_error"' in response.content.decode()
    assert not Incident.objects.exists()


def test_the_detail_shows_clocks_timeline_checklist_and_steps(client, personas, screener):
    report(personas, screener)
    html = as_user(client, personas.responder).get("/incidents/INC-0001/").content.decode()
    assert html.count('class="countdown"') >= 2
    assert "Reported: High privacy violation on SYS-001." in html
    assert "Mark triaged" in html
    response = client.post("/incidents/INC-0001/steps/triage/", {"note": "Looked"})
    assert response.status_code == 302
    html = client.get("/incidents/INC-0001/").content.decode()
    assert "Mark contained" in html
    triage = clock_row(html, "triage")  # "Met" alone is also the column's header
    assert f"by {personas.responder.display_name}" in triage and "running" not in triage
    assert "running" in clock_row(html, "containment")


def clock_row(html: str, kind: str) -> str:
    """One row of the incident's clock table, by its clock kind."""
    start = html.index(f'data-clock="{kind}"')
    return html[start : html.index("</tr>", start)]


def test_htmx_form_errors_come_back_in_place(client, personas, screener):
    report(personas, screener)
    response = as_user(client, personas.responder).post(
        "/incidents/INC-0001/severity/", {"severity": "low", "reason": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert html.lstrip().startswith("<form") and "Say why the severity is lowered." in html
    assert Incident.objects.get().severity == "high"


def test_without_htmx_a_refused_form_is_a_page_under_the_incident(client, personas, screener):
    report(personas, screener)
    response = as_user(client, personas.responder).post(
        "/incidents/INC-0001/severity/", {"severity": "low", "reason": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say why the severity is lowered." in html
    incident = Incident.objects.get()
    assert f"<h1>INC-0001 {escape(incident.title)}</h1>" in html
    crumbs = html[
        html.index('class="breadcrumbs"') : html.index("</nav>", html.index("breadcrumbs"))
    ]
    assert '<a href="/incidents/">Incidents</a>' in crumbs
    assert '<a href="/incidents/INC-0001/">INC-0001</a>' in crumbs
    assert incident.severity == "high"


def test_the_dpo_drafts_sends_and_downloads_the_gdpr_report(client, personas, screener, tmp_path):
    organisation_profile()
    report(personas, screener)
    as_user(client, personas.dpo)
    response = client.post(
        "/incidents/INC-0001/notifications/",
        {"audience": "regulator", "phase": "initial", "regime": "gdpr_72h"},
    )
    notification = IncidentNotification.objects.get()
    assert response.url == f"/incidents/INC-0001/notifications/{notification.pk}/"
    url = response.url
    client.post(
        url,
        {
            "recipient": "Supervisory authority",
            "subject": "Breach <b>INC-0001</b>",
            "body": notification.body,
        },
    )
    sent = client.post(url + "send/", {"sent_at": "2026-03-05T14:00", "reference": "SA-77"})
    assert sent.status_code == 302
    html = client.get("/incidents/INC-0001/").content.decode()
    assert "SA-77" in html and "Met" in html
    again = client.post(url + "send/", {"sent_at": "2026-03-05T14:30", "reference": "SA-78"})
    assert again.status_code == 400
    assert "Sent at: This notification was marked sent on" in again.content.decode()
    notification.refresh_from_db()
    assert notification.reference == "SA-77"
    pdf = client.get(url + "pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    for heading in ART33_HEADINGS:
        assert heading in text
    assert "approximately 300" in text and "SA-77" in text and "<b>" in text
    assert AuditEvent.objects.filter(action="incident.notification_downloaded").exists()


def test_the_regulatory_clocks_page_shows_breached_first(client, personas, screener, frozen):
    report(personas, screener)
    frozen.move_to(NINE + timedelta(hours=10))
    report(personas, screener, discovered_at=NINE + timedelta(hours=5))
    frozen.move_to(NINE + timedelta(hours=76))
    report(personas, screener, discovered_at=NINE + timedelta(hours=75))
    html = as_user(client, personas.dpo).get("/incidents/clocks/").content.decode()
    order = [html.index(i) for i in ("INC-0001", "INC-0002", "INC-0003")]
    assert order == sorted(order)
    assert html.count(">Breached<") == 1  # INC-0001, 76 hours in
    assert as_user(client, personas.owner).get("/incidents/clocks/").status_code == 403
    assert as_user(client, personas.responder).get("/incidents/clocks/").status_code == 200


def test_clocks_are_in_the_navigation_of_the_dpo_legal_and_responders(client, personas):
    for person, shown in (
        (personas.dpo, True),
        (personas.legal, True),
        (personas.responder, True),
        (personas.owner, False),
    ):
        html = as_user(client, person).get("/incidents/").content.decode()
        assert ('href="/incidents/clocks/"' in html.split("</nav>")[0]) is shown


def test_metrics_draw_svg_charts(client, personas, screener):
    report(personas, screener)
    html = as_user(client, personas.board).get("/incidents/metrics/").content.decode()
    assert html.count("<svg xmlns") == 7  # three times, four severities
    assert "Time to triage" in html


def test_each_time_chart_has_its_numbers_in_a_table(client, personas, screener):
    report(personas, screener)
    html = as_user(client, personas.board).get("/incidents/metrics/").content.decode()
    charts = html.split('<div class="chart"><h3>')[1:4]
    labels = ("Time to triage", "Time to contain", "Time to notify")
    for label, chart in zip(labels, charts, strict=True):
        drawn = re.findall(r"<title>(\w+): median (.+?) \(n=(\d+)\)</title>", chart)
        table = re.findall(
            r'<tr><th scope="row">(\w+)</th><td class="num">(.+?)</td><td class="num">(\d+)</td>',
            chart,
        )
        assert chart.startswith(label) and len(drawn) == 4
        assert table == [(severity.capitalize(), median, n) for severity, median, n in drawn]


def test_the_system_page_panel_and_the_art73_guard(client, personas, screener):
    report(personas, screener, severity="critical", death=True)
    as_user(client, personas.owner)
    panel = client.get("/incidents/systems/SYS-001/panel/", HTTP_HX_REQUEST="true")
    assert "INC-0001" in panel.content.decode()
    page = client.get("/systems/SYS-001/").content.decode()
    assert 'hx-get="/incidents/systems/SYS-001/panel/"' in page
    assert "INC-0001 is a serious incident under EU AI Act Art. 73" in page


def test_the_review_and_closing(client, personas, screener):
    report(personas, screener)
    as_user(client, personas.responder)
    for step in ("triage", "contain", "resolve"):
        client.post(f"/incidents/INC-0001/steps/{step}/")
    bad = client.post(
        "/incidents/INC-0001/review/",
        {"root_cause": "x", "test_cases": "y", "control_changes": "z", "risk_id": "R-1"},
    )
    assert bad.status_code == 400 and "RISK-001" in bad.content.decode()
    client.post(
        "/incidents/INC-0001/review/",
        {
            "root_cause": "Shared cache",
            "test_cases": "y",
            "control_changes": "z",
            "risk_id": "RISK-004",
        },
    )
    html = client.get("/incidents/INC-0001/").content.decode()
    assert 'href="/risks/RISK-004/"' in html
    assert client.post("/incidents/INC-0001/steps/close/").status_code == 302
    assert Incident.objects.get().status == "closed"
    assert AISystem.objects.count() == 1


def test_the_board_sees_breached_and_at_risk_regulatory_clocks(client, personas, screener, frozen):
    report(personas, screener)  # GDPR due NINE + 72 h
    frozen.move_to(NINE + timedelta(hours=40))
    report(personas, screener, discovered_at=NINE + timedelta(hours=39))  # fresh: not at risk
    frozen.move_to(NINE + timedelta(hours=67))  # INC-0001: five hours left
    html = as_user(client, personas.board).get("/board/").content.decode()
    block = html.split('id="block-regulatory-clocks"')[1].split("</section>")[0]
    assert "At risk" in block and "INC-0001" in block and "INC-0002" not in block
    frozen.move_to(NINE + timedelta(hours=73))
    block = client.get("/board/").content.decode().split('id="block-regulatory-clocks"')[1]
    assert "Breached" in block.split("</section>")[0]


def test_the_regulatory_assessment_is_recorded_from_the_page(client, personas, screener):
    report(personas, screener)
    as_user(client, personas.legal)
    assert "Record the regulatory assessment" in client.get("/incidents/INC-0001/").content.decode()
    refused = client.post("/incidents/INC-0001/assessment/", {"note": ""}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400 and 'id="assessment-note_error"' in refused.content.decode()
    client.post("/incidents/INC-0001/assessment/", {"note": "Report to the DPA under Art. 33."})
    row = (
        client.get("/incidents/INC-0001/")
        .content.decode()
        .split('data-clock="regulatory_assessment"')[1]
    )
    assert "by " + personas.legal.display_name in row.split("</tr>")[0]


def test_the_art73_warning_ends_once_the_authority_is_informed(client, personas, screener):
    from incidents.services.notifications import notification_mark_sent, notification_update

    organisation_profile()
    incident = report(personas, screener, severity="critical", death=True)
    as_user(client, personas.owner)
    edit = client.get("/systems/SYS-001/edit/").content.decode()
    assert 'name="confirm_change"' in edit
    draft = notification_draft(
        actor=personas.legal,
        incident=incident,
        audience="regulator",
        phase="initial",
        regime="ai_act_art73",
    )
    notification_update(
        actor=personas.legal,
        notification=draft,
        subject=draft.subject,
        body=draft.body,
        recipient="Market surveillance authority",
    )
    notification_mark_sent(actor=personas.legal, notification=draft, sent_at=NOW, reference="MSA-1")
    page = client.get("/systems/SYS-001/").content.decode()
    assert "Change with care" not in page
    assert 'name="confirm_change"' not in client.get("/systems/SYS-001/edit/").content.decode()


def test_a_checklist_item_ticked_twice_says_so_and_keeps_the_first(client, personas, screener):
    from incidents.models import ChecklistItem

    report(personas, screener)
    item = ChecklistItem.objects.filter(incident__incident_id="INC-0001").first()
    as_user(client, personas.responder)
    url = f"/incidents/INC-0001/checklist/{item.pk}/"
    assert client.post(url).status_code == 302
    again = client.post(url, follow=True)
    assert "This item is done already." in again.content.decode()
    item.refresh_from_db()
    assert item.done_by == personas.responder
    timeline = client.get("/incidents/INC-0001/").content.decode()
    assert timeline.count(f"Done: {item.text}") == 1


def test_a_responder_names_the_lead_from_the_page(client, personas, screener):
    report(personas, screener)
    as_user(client, personas.responder)
    html = client.get("/incidents/INC-0001/").content.decode()
    assert "Name the lead" in html
    response = client.post("/incidents/INC-0001/lead/", {"lead": personas.ciso.pk})
    assert response.status_code == 302
    assert Incident.objects.get().lead == personas.ciso
    refused = client.post("/incidents/INC-0001/lead/", {"lead": personas.owner.pk})
    assert refused.status_code == 400 and Incident.objects.get().lead == personas.ciso


def test_the_clocks_page_lists_fifty_a_page_running_ones_first(client, personas):
    """At an enterprise's size hundreds of clocks are in the window (bench/scale.py):
    the page shows fifty, the running ones (breached first) before those met lately."""
    from datetime import timedelta

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from core.models import Deadline
    from tests.factories import IncidentFactory

    now = timezone.now()
    subject = ContentType.objects.get_for_model(IncidentFactory._meta.model)
    for n in range(55):
        incident = IncidentFactory(title=f"Clock case {n:02d}")
        met = n >= 30  # 30 running (5 of them breached), 25 met yesterday
        Deadline.objects.create(
            subject_type=subject,
            subject_id=str(incident.pk),
            label=f"{incident.incident_id} GDPR",
            kind="incidents.gdpr_72h",
            due_at=now + timedelta(hours=n - 5),
            owner=personas.dpo,
            met_at=now - timedelta(days=1) if met else None,
        )
    client.force_login(personas.dpo)
    first = client.get("/incidents/clocks/").content.decode()
    assert first.count("Clock case") == 50
    assert (
        first.index("Clock case 00") < first.index("Clock case 05") < first.index("Clock case 30")
    )
    assert "Page 1 of 2" in first and "Clock case 54" not in first
    second = client.get("/incidents/clocks/", {"page": "2"}).content.decode()
    assert second.count("Clock case") == 5 and "Clock case 54" in second
    refused = client.get("/incidents/clocks/", {"page": "9"})
    assert refused.status_code == 400 and "page: There is no page 9" in refused.content.decode()
