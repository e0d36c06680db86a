"""Incident services: reporting opens the clocks on the engine, steps meet them,
changes move them, and bad input is refused naming the field with nothing lost."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent, Deadline, Notification
from incidents.models import ChecklistItem, Incident, PostIncidentReview, TimelineEntry
from incidents.selectors import incident_clocks
from incidents.services.changes import (
    incident_awareness_correct,
    incident_facts_update,
    incident_severity_change,
)
from incidents.services.meet import incident_clock_meet, incident_regulatory_assessment_record
from incidents.services.report import incident_report
from incidents.services.steps import (
    incident_close,
    incident_contain,
    incident_resolve,
    incident_triage,
)
from incidents.services.work import incident_checklist_tick, incident_lead_assign

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)  # a Wednesday
NINE = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def report(personas, system, **facts):
    terms = {
        "type": "privacy_violation",
        "severity": "critical",
        "discovered_at": NINE,
        "description": "Names leaked in answers.",
    } | facts
    return incident_report(actor=personas.owner, system=system, **terms)


def due(incident):
    return {c.kind: c.due_at for c in incident_clocks(incident, NOW)}


def test_a_critical_incident_at_nine_opens_its_clocks_on_the_engine(personas, screener):
    incident = report(personas, screener, eu_residents_affected=True, personal_data_exposed=True)
    assert incident.incident_id == "INC-0001"
    assert due(incident) == {
        "regulatory_assessment": NINE,
        "triage": datetime(2026, 3, 4, 9, 15, tzinfo=UTC),
        "leadership": datetime(2026, 3, 4, 9, 30, tzinfo=UTC),
        "containment": datetime(2026, 3, 4, 11, 0, tzinfo=UTC),
        # personal data reported at 09:30 (no earlier awareness given): 72 h from then
        "gdpr_72h": datetime(2026, 3, 7, 9, 30, tzinfo=UTC),
    }
    gdpr = Deadline.objects.get(kind="incidents.gdpr_72h")
    assert gdpr.label == "GDPR 72 h notification for INC-0001"
    assert gdpr.link == "/incidents/INC-0001/"
    assert gdpr.owner == personas.dpo  # the DPO files it (incidents.rules.filed_by)
    assert sorted(gdpr.escalation_roles) == ["ciso", "dpo"]
    assert gdpr.warn_before == [timedelta(hours=36), timedelta(hours=18), timedelta(hours=6)]
    told = set(Notification.objects.values_list("recipient__email", flat=True))
    assert {"responder@example.com", "security@example.com", "dpo@example.com"} <= told
    assert ChecklistItem.objects.filter(incident=incident, text="Open a war room.").exists()
    assert ChecklistItem.objects.filter(incident=incident, text="Output scanning.").exists()
    assert AuditEvent.objects.filter(action="incident.reported").count() == 1


def test_art73_clock_for_the_high_risk_system_with_a_death(personas, screener):
    incident = report(personas, screener, severity="high", death=True)
    assert due(incident)["ai_act_art73"] == NOW + timedelta(days=10)  # aware at the report
    given = report(
        personas,
        screener,
        severity="high",
        death=True,
        serious_incident_aware_at=NINE,
        reason="The death was known at discovery.",
    )
    assert due(given)["ai_act_art73"] == NINE + timedelta(days=10)


def test_ids_follow_one_another(personas, screener):
    assert [report(personas, screener).incident_id for _ in range(3)] == [
        "INC-0001",
        "INC-0002",
        "INC-0003",
    ]


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"discovered_at": NOW + timedelta(minutes=1)}, "discovered_at"),
        ({"type": "alien_invasion"}, "type"),
        ({"severity": "apocalyptic"}, "severity"),
        ({"description": "  "}, "description"),
    ],
)
def test_bad_reports_are_refused_naming_the_field_and_nothing_is_saved(
    personas, screener, facts, field
):
    with pytest.raises(ValidationError) as refused:
        report(personas, screener, **facts)
    assert field in refused.value.message_dict
    assert not Incident.objects.exists() and not Deadline.objects.exists()


def test_an_outsider_cannot_report(personas, screener):
    with pytest.raises(PermissionDenied):
        incident_report(
            actor=personas.outsider,
            system=screener,
            type="availability",
            severity="low",
            discovered_at=NINE,
            description="Down.",
        )


def test_steps_meet_their_clocks_and_closing_needs_the_review(personas, screener):
    incident = report(personas, screener)
    incident_triage(actor=personas.responder, incident=incident)
    clocks = {c.kind: c for c in incident_clocks(incident, NOW)}
    assert clocks["triage"].met_at == NOW and clocks["triage"].breached  # due 09:15
    assert clocks["triage"].met_by == personas.responder.full_name
    with pytest.raises(ValidationError) as refused:
        incident_resolve(actor=personas.responder, incident=incident)
    assert "status" in refused.value.message_dict
    incident_contain(actor=personas.security, incident=incident)  # the incident contact
    incident_resolve(actor=personas.responder, incident=incident)
    with pytest.raises(ValidationError, match="post-incident review"):
        incident_close(actor=personas.responder, incident=incident)
    PostIncidentReview.objects.create(
        incident=incident,
        root_cause="x",
        test_cases="y",
        control_changes="z",
        reviewed_by=personas.responder,
    )
    incident_close(actor=personas.responder, incident=incident)
    incident.refresh_from_db()
    assert incident.status == "closed"
    kinds = list(
        TimelineEntry.objects.filter(incident=incident, kind="status").values_list(
            "text", flat=True
        )
    )
    assert kinds == ["Marked triaged.", "Marked contained.", "Marked resolved.", "Marked closed."]
    # SLA clocks still open at closing end; none is open now
    assert not Deadline.objects.filter(met_at=None, cancelled_at=None).exists()


def test_a_member_who_does_not_work_incidents_cannot_triage(personas, screener):
    incident = report(personas, screener)
    with pytest.raises(PermissionDenied):
        incident_triage(actor=personas.board, incident=incident)


def test_raising_severity_shortens_clocks_from_the_original_discovery(personas, screener):
    incident = report(personas, screener, severity="medium")
    assert due(incident)["triage"] == NINE + timedelta(hours=4)
    with time_machine.travel(NOW + timedelta(minutes=30), tick=False):
        incident_severity_change(actor=personas.responder, incident=incident, severity="high")
    clocks = due(incident)
    assert clocks["triage"] == NINE + timedelta(minutes=60)
    assert clocks["containment"] == NINE + timedelta(minutes=480)
    assert clocks["regulatory_assessment"] == NINE + timedelta(hours=24)
    triage = Deadline.objects.get(kind="incidents.triage")
    assert triage.warn_before == [timedelta(minutes=30), timedelta(minutes=15)]
    assert ChecklistItem.objects.filter(
        incident=incident, text="Begin the impact assessment."
    ).exists()


def test_the_playbook_items_copied_are_audited_on_the_incident_once_each_time(personas, screener):
    incident = report(personas, screener, severity="medium")
    incident_severity_change(actor=personas.responder, incident=incident, severity="high")
    reported, raised = AuditEvent.objects.filter(action="incident.checklist_copied").order_by("seq")
    assert (reported.object_type, reported.object_id) == ("incidents.incident", str(incident.pk))
    assert (reported.actor, raised.actor) == (personas.owner, personas.responder)
    assert "immediate: Preserve evidence." in reported.changes["items"]
    # The raise names only the items it added (the high severity's), each once.
    assert raised.changes["items"] == [
        "immediate: Alert the AI security team.",
        "immediate: Notify the engineering manager within 2 hours.",
        "immediate: Begin the impact assessment.",
    ]
    copied = [*reported.changes["items"], *raised.changes["items"]]
    assert ChecklistItem.objects.filter(incident=incident).count() == len(copied)


def test_lowering_severity_without_a_reason_is_refused_and_nothing_changes(personas, screener):
    incident = report(personas, screener, severity="high")
    before = due(incident)
    with pytest.raises(ValidationError) as refused:
        incident_severity_change(actor=personas.responder, incident=incident, severity="low")
    assert "reason" in refused.value.message_dict
    incident.refresh_from_db()
    assert incident.severity == "high" and due(incident) == before
    incident_severity_change(
        actor=personas.responder, incident=incident, severity="low", reason="Internal only."
    )
    assert "regulatory_assessment" not in due(incident)
    assert due(incident)["triage"] == datetime(2026, 3, 5, 9, 0, tzinfo=UTC)  # next business day


def test_awareness_correction_needs_a_reason_and_moves_every_open_clock(personas, screener):
    incident = report(personas, screener, eu_residents_affected=True, personal_data_exposed=True)
    earlier = NINE - timedelta(hours=5)
    with pytest.raises(ValidationError) as refused:
        incident_awareness_correct(
            actor=personas.dpo, incident=incident, discovered_at=earlier, reason=""
        )
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        incident_awareness_correct(
            actor=personas.dpo,
            incident=incident,
            discovered_at=NOW + timedelta(hours=1),
            reason="typo",
        )
    assert "discovered_at" in refused.value.message_dict
    later = time_machine.travel(NOW + timedelta(hours=1), tick=False)  # reported at 09:30
    with later, pytest.raises(ValidationError, match="after the report"):
        incident_awareness_correct(
            actor=personas.dpo,
            incident=incident,
            discovered_at=NOW + timedelta(minutes=1),
            reason="typo",
        )
    incident_awareness_correct(
        actor=personas.dpo, incident=incident, discovered_at=earlier, reason="Logs show 04:00."
    )
    assert due(incident)["triage"] == earlier + timedelta(minutes=15)
    # GDPR runs from when personal data became known (the report), not from discovery
    assert due(incident)["gdpr_72h"] == NOW + timedelta(hours=72)
    assert AuditEvent.objects.filter(action="incident.awareness_corrected").exists()
    assert TimelineEntry.objects.filter(incident=incident, kind="awareness").exists()


def test_facts_open_and_cancel_the_regulatory_clocks(personas, screener):
    incident = report(personas, screener, severity="high")
    assert "gdpr_72h" not in due(incident)
    incident_facts_update(
        actor=personas.dpo,
        incident=incident,
        eu_residents_affected=True,
        personal_data_exposed=True,
        widespread_infringement=True,
    )
    assert due(incident)["gdpr_72h"] == NOW + timedelta(hours=72)  # learned now
    assert due(incident)["ai_act_art73"] == NOW + timedelta(days=2)
    assert Notification.objects.filter(
        recipient=personas.dpo, title="GDPR 72-hour clock started for INC-0001"
    ).exists()
    incident_facts_update(actor=personas.dpo, incident=incident, personal_data_exposed=False)
    assert "gdpr_72h" not in due(incident)


def test_a_late_gdpr_notification_needs_the_reasons_for_the_delay(personas, screener):
    incident = report(personas, screener, eu_residents_affected=True, personal_data_exposed=True)
    late = NINE + timedelta(hours=73)
    with time_machine.travel(late, tick=False):
        with pytest.raises(ValidationError) as refused:
            incident_clock_meet(actor=personas.dpo, incident=incident, kind="gdpr_72h")
        assert "delay_reasons" in refused.value.message_dict
        with pytest.raises(PermissionDenied):  # the regulator's report is the DPO's
            incident_clock_meet(
                actor=personas.responder,
                incident=incident,
                kind="gdpr_72h",
                delay_reasons="x",
            )
        incident_clock_meet(
            actor=personas.dpo,
            incident=incident,
            kind="gdpr_72h",
            reference="SA-2026-17",
            delay_reasons="The affected records were only identified on day 3.",
        )
    gdpr = {c.kind: c for c in incident_clocks(incident, late)}["gdpr_72h"]
    assert gdpr.met_at == late and gdpr.breached and gdpr.met_by == personas.dpo.full_name
    with pytest.raises(ValidationError) as refused:  # met already: nothing runs
        incident_clock_meet(actor=personas.dpo, incident=incident, kind="gdpr_72h")
    assert "kind" in refused.value.message_dict


def test_regulatory_assessment_and_checklist_and_lead(personas, screener):
    incident = report(personas, screener, severity="high")
    incident_regulatory_assessment_record(
        actor=personas.legal, incident=incident, note="Not reportable under Art. 73."
    )
    assert {c.kind: c for c in incident_clocks(incident, NOW)}["regulatory_assessment"].met_at
    item = incident.checklist.first()
    incident_checklist_tick(actor=personas.responder, item=item)
    assert TimelineEntry.objects.filter(incident=incident, kind="checklist").count() == 1
    incident_lead_assign(actor=personas.ciso, incident=incident, lead=personas.safety)
    owners = set(Deadline.objects.filter(met_at=None).values_list("owner__email", flat=True))
    assert owners == {"safety@example.com"}
    with pytest.raises(ValidationError) as refused:
        incident_lead_assign(actor=personas.ciso, incident=incident, lead=personas.board)
    assert "lead" in refused.value.message_dict
