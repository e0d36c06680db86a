"""Reads of incidents: clocks with their state, the DPO's running regulatory clocks,
the timeline with the sweep's alerts, a system's open incidents, 404 alike."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from core.clocks.sweep import deadlines_sweep_run
from incidents import selectors
from incidents.services.meet import incident_clock_meet
from incidents.services.report import incident_report
from incidents.services.sla_policy import sla_policy_change
from tests.factories import AISystemFactory, IncidentFactory

pytestmark = pytest.mark.django_db
NINE = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


def report(personas, system, **facts):
    terms = {
        "type": "privacy_violation",
        "severity": "medium",
        "discovered_at": NINE,
        "description": "Leak.",
        "eu_residents_affected": True,
        "personal_data_exposed": True,
    } | facts
    return incident_report(actor=personas.owner, system=system, **terms)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NINE + timedelta(minutes=30), tick=False) as traveller:
        yield traveller


def test_clocks_show_remaining_time_breach_and_who_met_them(personas, screener, frozen):
    incident = report(personas, screener)
    frozen.move_to(NINE + timedelta(hours=30))
    incident_clock_meet(actor=personas.dpo, incident=incident, kind="gdpr_72h", reference="R-1")
    now = NINE + timedelta(hours=31)
    selectors.incident_clocks(incident, now)  # the content type is cached after this
    with CaptureQueriesContext(connection) as queries:
        clocks = {c.kind: c for c in selectors.incident_clocks(incident, now)}
    assert len(queries) == 1
    assert clocks["gdpr_72h"].met_by == personas.dpo.full_name
    # due 72 h after 09:30, when personal data became known (the report); met at 15:00 next day
    gdpr = clocks["gdpr_72h"]
    assert gdpr.remaining == timedelta(hours=42, minutes=30) and not gdpr.breached
    assert clocks["triage"].breached and clocks["triage"].remaining == -timedelta(hours=27)


def test_the_dpos_page_lists_running_and_recent_regulatory_clocks(personas, screener, frozen):
    running = report(personas, screener)
    met = report(personas, screener)
    incident_clock_meet(actor=personas.dpo, incident=met, kind="gdpr_72h")
    report(personas, screener, eu_residents_affected=False, death=True)  # Art. 73, 10 days
    report(personas, screener, eu_residents_affected=False)  # no regulatory clock
    now = NINE + timedelta(hours=1)
    shown = selectors.regulatory_clocks_running(now, personas.dpo)
    assert [(r.incident.incident_id, r.clock.kind) for r in shown] == [
        ("INC-0001", "gdpr_72h"),
        ("INC-0003", "ai_act_art73"),
        ("INC-0002", "gdpr_72h"),  # met: after the running ones
    ]
    assert shown[2].clock.met_at is not None and running.pk == shown[0].incident.pk
    later = NINE + timedelta(days=9)
    assert [r.incident.incident_id for r in selectors.regulatory_clocks_running(later)] == [
        "INC-0001",
        "INC-0003",
    ]
    assert selectors.regulatory_clocks_running(now, personas.owner) == []


def test_the_timeline_holds_the_sweeps_alerts(personas, screener, frozen):
    incident = report(personas, screener, eu_residents_affected=False)
    frozen.move_to(NINE + timedelta(hours=5))
    deadlines_sweep_run()
    texts = [line.text for line in selectors.incident_timeline(incident)]
    assert texts[0] == "Reported: Medium privacy violation on SYS-001."
    assert "Triage of INC-0001: breached; escalated (2 people told)." in texts


def test_the_clock_kinds_have_names_in_the_deadline_lists():
    from core.deadline_list import kind_label

    assert kind_label("incidents.gdpr_72h") == "GDPR 72 h notification"
    assert kind_label("incidents.ai_act_art73") == "EU AI Act Art. 73 report"


def test_get_for_is_404_alike_and_open_incidents_of_a_system(personas, screener):
    incident = IncidentFactory(system=screener)
    IncidentFactory(system=screener, status="closed", closed_at=NINE)
    IncidentFactory(system=AISystemFactory())
    assert selectors.incident_get_for(personas.auditor, incident.incident_id) == incident
    with pytest.raises(Http404):
        selectors.incident_get_for(personas.outsider, incident.incident_id)
    with pytest.raises(Http404):
        selectors.incident_get_for(personas.auditor, "INC-9999")
    assert list(selectors.incidents_open_for_system(screener)) == [incident]


def test_a_new_sla_policy_version_is_used_by_new_incidents(personas, screener):
    policy = selectors.sla_policy_current()
    assert policy.version == 1 and policy.holiday_country == "DE"
    assert policy.minutes["critical"]["triage"] == 15
    minutes = policy.minutes | {"medium": policy.minutes["medium"] | {"triage": 120}}
    terms = {
        "minutes": minutes,
        "business_day_severities": policy.business_day_severities,
        "warn_fractions": [0.5],
        "gdpr_warn_hours": 12,
    }
    with pytest.raises(PermissionDenied):
        sla_policy_change(actor=personas.responder, **terms)
    with pytest.raises(ValidationError) as refused:
        sla_policy_change(actor=personas.admin, **terms | {"gdpr_warn_hours": 99})
    assert "gdpr_warn_hours" in refused.value.message_dict
    assert sla_policy_change(actor=personas.admin, **terms).version == 2
    incident = report(personas, screener)
    clocks = {c.kind: c.due_at for c in selectors.incident_clocks(incident, NINE)}
    assert clocks["triage"] == NINE + timedelta(hours=2)
