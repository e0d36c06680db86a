"""Notifications: drafts carry the audience's fields, sending freezes them and meets the
clock, sending twice or late without reasons is refused naming the field; the review."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent, Deadline
from incidents.models import IncidentNotification, PostIncidentReview, TimelineEntry
from incidents.rules.drafts import ART33_HEADINGS, LEADERSHIP_HEADINGS, USERS_HEADINGS
from incidents.services.notice_facts import incident_notice_facts_update
from incidents.services.notifications import (
    notification_draft,
    notification_mark_sent,
    notification_update,
)
from incidents.services.report import incident_report
from incidents.services.review import incident_review_record
from incidents.services.steps import incident_contain, incident_resolve, incident_triage
from tests.factories import organisation_profile

pytestmark = pytest.mark.django_db
NINE = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
LATER = NINE + timedelta(hours=30)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(LATER, tick=False) as traveller:
        yield traveller


@pytest.fixture
def breach(personas, screener):
    organisation_profile()
    incident = incident_report(
        actor=personas.owner,
        system=screener,
        type="privacy_violation",
        severity="high",
        discovered_at=NINE,
        description="Candidate names shown to other candidates.",
        affected_people_estimate=1200,
        eu_residents_affected=True,
        personal_data_exposed=True,
        other_serious_harm=True,
        personal_data_aware_at=NINE,
        serious_incident_aware_at=NINE,
        reason="The candidates' complaint at discovery named their data.",
    )
    incident_notice_facts_update(
        actor=personas.dpo,
        incident=incident,
        personal_data_categories="names",
        likely_consequences="Candidates' names known to other candidates.",
        measures_taken="The shared cache is off.",
        advice_to_people="Nothing is needed.",
    )
    return incident


def gdpr_draft(personas, breach):
    return notification_draft(
        actor=personas.dpo,
        incident=breach,
        audience="regulator",
        phase="initial",
        regime="gdpr_72h",
    )


def test_the_regulator_draft_carries_every_art33_field_and_the_facts(personas, breach):
    draft = gdpr_draft(personas, breach)
    for heading in ART33_HEADINGS:
        assert heading in draft.body
    assert "approximately 1,200" in draft.body
    assert "dpo@example.com" in draft.body
    assert "Candidate names shown to other candidates." in draft.body
    assert draft.subject.startswith("Notification of a personal data breach under GDPR Art. 33")


def test_users_and_leadership_drafts_carry_their_fields(personas, breach):
    users = notification_draft(
        actor=personas.responder, incident=breach, audience="users", phase="initial"
    )
    assert all(h in users.body for h in USERS_HEADINGS)
    assert "right to lodge a complaint" in users.body
    lead = notification_draft(
        actor=personas.responder, incident=breach, audience="leadership", phase="initial"
    )
    assert all(h in lead.body for h in LEADERSHIP_HEADINGS)
    assert "GDPR 72 h notification for INC-0001" in lead.body


def test_only_the_dpo_drafts_a_gdpr_report_and_legal_an_art73_one(personas, breach):
    with pytest.raises(PermissionDenied):
        notification_draft(
            actor=personas.legal,
            incident=breach,
            audience="regulator",
            phase="initial",
            regime="gdpr_72h",
        )
    with pytest.raises(PermissionDenied):
        notification_draft(
            actor=personas.responder,
            incident=breach,
            audience="regulator",
            phase="initial",
            regime="ai_act_art73",
        )
    art73 = notification_draft(
        actor=personas.legal,
        incident=breach,
        audience="regulator",
        phase="initial",
        regime="ai_act_art73",
    )
    assert "EU AI Act Art. 73" in art73.subject
    with pytest.raises(ValidationError) as refused:
        notification_draft(
            actor=personas.dpo, incident=breach, audience="regulator", phase="initial"
        )
    assert "regime" in refused.value.message_dict


def test_sending_the_gdpr_report_meets_the_clock_and_freezes_it(personas, breach):
    draft = gdpr_draft(personas, breach)
    notification_update(
        actor=personas.dpo,
        notification=draft,
        subject="Breach INC-0001",
        body=draft.body + "\nEdited.",
        recipient="Supervisory authority",
    )
    sent = notification_mark_sent(
        actor=personas.dpo,
        notification=draft,
        sent_at=LATER - timedelta(minutes=5),
        reference="SA-2026-77",
    )
    sent.refresh_from_db()
    assert (sent.sent_by, sent.reference, sent.subject) == (
        personas.dpo,
        "SA-2026-77",
        "Breach INC-0001",
    )
    assert sent.body.endswith("Edited.")
    clock = Deadline.objects.get(kind="incidents.gdpr_72h")
    assert (clock.met_at, clock.met_by) == (LATER - timedelta(minutes=5), personas.dpo)
    assert TimelineEntry.objects.filter(incident=breach, kind="notification").count() == 1
    with pytest.raises(ValidationError) as refused:
        notification_update(
            actor=personas.dpo, notification=sent, subject="x", body="y", recipient="z"
        )
    assert "sent_at" in refused.value.message_dict


def test_marking_sent_twice_is_refused_naming_the_field_and_keeps_the_first(personas, breach):
    draft = gdpr_draft(personas, breach)
    notification_update(
        actor=personas.dpo,
        notification=draft,
        subject=draft.subject,
        body=draft.body,
        recipient="Supervisory authority",
    )
    notification_mark_sent(actor=personas.dpo, notification=draft, sent_at=LATER, reference="SA-1")
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        notification_mark_sent(
            actor=personas.dpo, notification=draft, sent_at=LATER, reference="SA-2"
        )
    assert list(refused.value.message_dict) == ["sent_at"]
    assert IncidentNotification.objects.get().reference == "SA-1"
    assert AuditEvent.objects.count() == events


def test_a_late_gdpr_report_needs_the_reasons_for_the_delay(personas, breach, frozen):
    draft = gdpr_draft(personas, breach)
    notification_update(
        actor=personas.dpo,
        notification=draft,
        subject=draft.subject,
        body=draft.body,
        recipient="Supervisory authority",
    )
    frozen.move_to(NINE + timedelta(hours=80))
    with pytest.raises(ValidationError) as refused:
        notification_mark_sent(
            actor=personas.dpo,
            notification=draft,
            sent_at=NINE + timedelta(hours=79),
            reference="SA-9",
        )
    assert "delay_reasons" in refused.value.message_dict
    draft.refresh_from_db()
    assert draft.sent_at is None
    assert Deadline.objects.get(kind="incidents.gdpr_72h").met_at is None
    notification_mark_sent(
        actor=personas.dpo,
        notification=draft,
        reference="SA-9",
        sent_at=NINE + timedelta(hours=79),
        delay_reasons="The processor told us on day 3.",
    )
    assert Deadline.objects.get(kind="incidents.gdpr_72h").met_at is not None


def test_a_leadership_notification_meets_the_leadership_clock(personas, breach):
    note = notification_draft(
        actor=personas.responder, incident=breach, audience="leadership", phase="initial"
    )
    notification_update(
        actor=personas.responder,
        notification=note,
        subject=note.subject,
        body=note.body,
        recipient="Executive team",
    )
    notification_mark_sent(actor=personas.responder, notification=note, sent_at=LATER, reference="")
    clock = Deadline.objects.get(kind="incidents.leadership")
    assert clock.met_by == personas.responder


def test_a_follow_up_is_kept_beside_the_initial_report(personas, breach):
    first = gdpr_draft(personas, breach)
    notification_update(
        actor=personas.dpo,
        notification=first,
        subject=first.subject,
        body=first.body,
        recipient="SA",
    )
    notification_mark_sent(actor=personas.dpo, notification=first, sent_at=LATER, reference="A")
    follow = notification_draft(
        actor=personas.dpo,
        incident=breach,
        audience="regulator",
        phase="follow_up",
        regime="gdpr_72h",
    )
    notification_update(
        actor=personas.dpo,
        notification=follow,
        subject=follow.subject,
        body=follow.body,
        recipient="SA",
    )
    notification_mark_sent(actor=personas.dpo, notification=follow, sent_at=LATER, reference="B")
    assert list(IncidentNotification.objects.values_list("phase", "reference")) == [
        ("initial", "A"),
        ("follow_up", "B"),
    ]


def test_the_review_needs_a_resolved_incident_and_a_register_id(personas, breach):
    fields = {
        "root_cause": "Cache key shared",
        "test_cases": "Two candidates' sessions",
        "control_changes": "Per-tenant cache keys",
    }
    with pytest.raises(ValidationError) as refused:
        incident_review_record(actor=personas.responder, incident=breach, **fields)
    assert "status" in refused.value.message_dict
    for step in (incident_triage, incident_contain, incident_resolve):
        step(actor=personas.responder, incident=breach)
    with pytest.raises(ValidationError) as refused:
        incident_review_record(actor=personas.responder, incident=breach, risk_id="R1", **fields)
    assert list(refused.value.message_dict) == ["risk_id"]
    review = incident_review_record(
        actor=personas.responder,
        incident=breach,
        risk_id="risk-007",
        model_card_change_needed=True,
        **fields,
    )
    assert (review.risk_id, review.model_card_change_needed) == ("RISK-007", True)
    assert PostIncidentReview.objects.count() == 1
    assert TimelineEntry.objects.filter(incident=breach, kind="review").exists()
    with pytest.raises(PermissionDenied):
        incident_review_record(actor=personas.auditor, incident=breach, **fields)
