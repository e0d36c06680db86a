"""Incidents' evidence kinds (core.evidence_kinds, issue 19): the system's incident log,
always there once the system exists, and the Art. 73 reports sent for its serious
incidents (or "No serious incident recorded"); a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from core.evidence_kinds import evidence_found, evidence_kind
from incidents.models import IncidentNotification
from incidents.services.notifications import (
    notification_draft,
    notification_mark_sent,
    notification_update,
)
from incidents.services.report import incident_report
from incidents.services.steps import incident_triage
from tests.factories import AISystemFactory, IncidentFactory, organisation_profile

pytestmark = pytest.mark.django_db


def find(kind: str, systems, today=None):
    pks = [system.pk for system in systems]
    return evidence_kind(kind).find(pks, {""}, today or timezone.localdate())


def test_both_kinds_are_registered_with_the_incidents_list_of_the_system():
    for key in ("incident_log", "art73_report"):
        kind = evidence_kind(key)
        assert kind.owner == "incidents" and kind.details is None
        assert kind.produce_url("SYS-001") == "/incidents/?system=SYS-001"


# --- incident_log ----------------------------------------------------------------------------


def test_the_log_is_there_for_a_system_without_incidents():
    system = AISystemFactory(system_id="SYS-001")
    [item] = find("incident_log", [system])[(system.pk, "")]
    assert item.label == "0 incidents recorded"
    assert (item.record_type, item.record_id) == ("incidents.incident", "log")
    assert item.url == "/incidents/?system=SYS-001"
    assert item.current and item.expires_on is None


def test_a_system_that_does_not_exist_has_no_log():
    assert find("incident_log", [AISystemFactory.build(pk=987_654)]) == {}


def test_a_new_incident_or_a_status_change_changes_the_fingerprint(personas, screener):
    IncidentFactory(system=screener)
    before = find("incident_log", [screener])[(screener.pk, "")][0]
    assert before.label == "1 incident recorded"
    assert find("incident_log", [screener])[(screener.pk, "")][0] == before
    incident = incident_report(
        actor=personas.owner,
        system=screener,
        type="safety_violation",
        severity="high",
        discovered_at=timezone.now() - timedelta(hours=2),
        description="A wrong ranking.",
    )
    reported = find("incident_log", [screener])[(screener.pk, "")][0]
    assert reported.label == "2 incidents recorded"
    assert reported.fingerprint != before.fingerprint
    incident_triage(actor=personas.responder, incident=incident)
    triaged = find("incident_log", [screener])[(screener.pk, "")][0]
    assert triaged.fingerprint != reported.fingerprint


def test_the_log_does_not_expire():
    system = AISystemFactory()
    later = timezone.localdate() + timedelta(days=3650)
    assert find("incident_log", [system], later)[(system.pk, "")][0].current


# --- art73_report ------------------------------------------------------------------------------


def test_no_serious_incident_is_one_record_saying_so():
    system = AISystemFactory()
    IncidentFactory(system=system)  # not serious
    [item] = find("art73_report", [system])[(system.pk, "")]
    assert (item.record_type, item.record_id, item.label) == (
        "incidents.incident",
        "none",
        "No serious incident recorded",
    )
    assert item.current


def test_a_serious_incident_without_a_sent_report_finds_nothing():
    system = AISystemFactory(ai_act_category="high_risk")
    IncidentFactory(system=system, death=True)
    assert find("art73_report", [system]) == {}


def test_a_sent_art73_report_is_found_and_each_new_one_is_another_record(personas, screener):
    organisation_profile()
    incident = incident_report(
        actor=personas.owner,
        system=screener,
        type="safety_violation",
        severity="critical",
        discovered_at=timezone.now() - timedelta(hours=3),
        description="A call was ranked non-urgent.",
        death=True,
    )
    sent = []
    for phase in ("initial", "final"):
        draft = notification_draft(
            actor=personas.legal,
            incident=incident,
            audience="regulator",
            phase=phase,
            regime="ai_act_art73",
        )
        # Nothing until the report is sent: the serious incident is the gap.
        assert len(find("art73_report", [screener]).get((screener.pk, ""), [])) == len(sent)
        notification_update(
            actor=personas.legal,
            notification=draft,
            subject=draft.subject,
            body=draft.body,
            recipient="Bundesnetzagentur",
        )
        sent.append(
            notification_mark_sent(
                actor=personas.legal,
                notification=draft,
                sent_at=timezone.now() - timedelta(minutes=10 - len(sent)),
                reference=f"BNetzA-{phase}",
            )
        )
    final, initial = find("art73_report", [screener])[(screener.pk, "")]
    assert (final.record_id, initial.record_id) == (str(sent[1].pk), str(sent[0].pk))
    assert final.record_type == "incidents.incidentnotification"
    assert final.label.startswith(f"{incident.incident_id}: final report to the authority")
    assert final.url == f"/incidents/{incident.incident_id}/notifications/{sent[1].pk}/"
    assert final.fingerprint != initial.fingerprint
    assert final.current and initial.current


def sent_report(incident, person):
    return IncidentNotification.objects.create(
        incident=incident,
        audience="regulator",
        regime="ai_act_art73",
        subject="Serious incident report",
        body="...",
        created_by=person,
        sent_at=timezone.now(),
        sent_by=person,
    )


@pytest.mark.parametrize("count", [1, 20])
def test_both_kinds_answer_in_a_fixed_number_of_queries(personas, count, django_assert_num_queries):
    systems = []
    for n in range(count):
        system = AISystemFactory()
        IncidentFactory(system=system)
        if n % 2 == 0:
            sent_report(IncidentFactory(system=system, other_serious_harm=True), personas.legal)
        systems.append(system)
    asked = [("incident_log", ""), ("art73_report", "")]
    # The log: one query; the reports: the systems' serious incidents, the sent reports.
    with django_assert_num_queries(3):
        found = evidence_found(asked, [s.pk for s in systems], timezone.localdate())
    assert len(found["incident_log"]) == len(found["art73_report"]) == count
