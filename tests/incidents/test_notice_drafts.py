"""Notices fit to send (issue 15 section 3): the GDPR Art. 33 report carries every item
of Art. 33(3) from recorded facts (records of their own, the DPO from the organisation
profile, consequences and measures the DPO wrote), the Art. 73 report has its own
content (and is the Art. 26(5) notice where we only deploy), the Art. 34 notice tells
people what they can do and where to complain, and a notice that needs a missing
profile item is refused naming it."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import ValidationError

from incidents.rules.drafts import (
    ART33_HEADINGS,
    DELAY_HEADING,
    USERS_HEADINGS,
    DraftContext,
    leadership_draft,
)
from incidents.rules.drafts_art73 import ART73_HEADINGS
from incidents.services.notice_facts import incident_notice_facts_update
from incidents.services.notifications import (
    notification_draft,
    notification_mark_sent,
    notification_update,
)
from incidents.services.report import incident_report
from registry.models.vendor_links import SystemVendorProduct
from tests.factories import organisation_profile

pytestmark = pytest.mark.django_db
NINE = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
LATER = NINE + timedelta(hours=30)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(LATER, tick=False) as traveller:
        yield traveller


@pytest.fixture
def organisation(db):
    return organisation_profile()


@pytest.fixture
def breach(personas, screener, organisation):
    return incident_report(
        actor=personas.owner,
        system=screener,
        type="privacy_violation",
        severity="high",
        discovered_at=NINE,
        description="Candidate CVs were lost in a failed migration.",
        affected_people_estimate=1200,
        eu_residents_affected=True,
        personal_data_exposed=True,
        breach_nature=["loss"],
    )


FACTS = {
    "affected_records_estimate": 5400,
    "data_subject_categories": "job applicants",
    "personal_data_categories": "names, e-mail addresses, CVs",
    "likely_consequences": "Applicants may have to apply again; loss of their documents.",
    "measures_taken": "Restored 80% from the nightly backup; the migration is suspended.",
    "advice_to_people": "Send us your CV again if you applied between 1 and 4 March.",
}


def gdpr(personas, incident, phase="initial"):
    return notification_draft(
        actor=personas.dpo, incident=incident, audience="regulator", phase=phase, regime="gdpr_72h"
    )


def test_the_gdpr_report_carries_every_art33_item_from_the_recorded_facts(personas, breach):
    """Finding: records repeated the people count, consequences and measures were fixed
    text ('Exposure of the personal data...') and the DPO a bare e-mail."""
    incident_notice_facts_update(actor=personas.dpo, incident=breach, **FACTS)
    draft = gdpr(personas, breach)
    body = draft.body
    assert [h for h in ART33_HEADINGS if h not in body] == []
    assert "What happened to the personal data: lost." in body
    assert "approximately 1,200 people (EU residents among them)" in body
    assert "approximately 5,400 records" in body
    assert "Categories of people: job applicants" in body
    assert "Categories of personal data: names, e-mail addresses, CVs" in body
    assert "Dana Privacy, e-mail dpo@example.com, telephone +49 30 5550 1234" in body
    assert FACTS["likely_consequences"] in body and FACTS["measures_taken"] in body
    assert "Exposure of the personal data" not in body
    assert "This is our initial notification" in body
    assert draft.subject.endswith("INC-0001 (Example Marketplace GmbH)")
    assert draft.recipient == "Berliner Beauftragte für Datenschutz und Informationsfreiheit"


def test_facts_not_yet_known_are_said_to_follow_not_invented(personas, breach):
    body = gdpr(personas, breach).body
    assert "records: not yet known" in body
    assert "approximately 1,200 records" not in body
    consequences = body.split(ART33_HEADINGS[3] + "\n")[1].split("\n")[0]
    assert consequences.startswith("Not yet known: it will follow in a further phase")


def test_awareness_and_discovery_times_are_in_the_organisations_zone(personas, breach):
    body = gdpr(personas, breach).body
    assert "Incident discovered: 2026-03-04 10:00 CET (09:00 UTC)." in body
    assert "personal data was affected: 2026-03-05 16:00 CET (15:00 UTC)." in body


def test_a_late_gdpr_report_leaves_room_for_the_reasons_for_the_delay(personas, breach, frozen):
    assert DELAY_HEADING not in gdpr(personas, breach).body
    frozen.move_to(LATER + timedelta(hours=80))
    body = gdpr(personas, breach).body
    assert f"{DELAY_HEADING}\nThe 72 hours ended 2026-03-08 16:00 CET" in body


def test_a_follow_up_names_the_earlier_notification_reference(personas, breach):
    first = gdpr(personas, breach)
    notification_mark_sent(
        actor=personas.dpo, notification=first, sent_at=LATER, reference="BlnBDI-42"
    )
    follow = gdpr(personas, breach, phase="follow_up")
    assert "adds to our earlier notification (your reference BlnBDI-42)" in follow.body
    assert follow.subject.startswith("Follow-up notification of a personal data breach")


def test_a_regulator_report_is_marked_sent_without_a_reference(personas, breach):
    """Finding: 'Reference' was optional on the form but refused empty by the service."""
    draft = gdpr(personas, breach)
    sent = notification_mark_sent(
        actor=personas.dpo, notification=draft, sent_at=LATER, reference=""
    )
    sent.refresh_from_db()
    assert (sent.sent_at, sent.reference) == (LATER, "")


def test_a_notice_needing_a_missing_profile_item_is_refused_naming_it(personas, breach):
    """Finding: the drafts said '(Our organisation)' and 'to be named' for the DPO."""
    organisation_profile(legal_name="", dpo_name="", dpo_email="")
    with pytest.raises(ValidationError) as refused:
        gdpr(personas, breach)
    message = refused.value.message_dict["organisation"][0]
    assert "legal name" in message and "data protection officer" in message
    assert "supervisory" not in message


def test_no_draft_ever_says_our_organisation(personas, breach):
    incident_notice_facts_update(actor=personas.dpo, incident=breach, **FACTS)
    users = notification_draft(
        actor=personas.responder, incident=breach, audience="users", phase="initial"
    )
    lead = notification_draft(
        actor=personas.responder, incident=breach, audience="leadership", phase="initial"
    )
    for draft in (gdpr(personas, breach), users):
        assert "Example Marketplace GmbH" in draft.subject + draft.body
    for draft in (gdpr(personas, breach), users, lead):
        assert "Our organisation" not in draft.subject + draft.body


def test_a_gdpr_report_needs_personal_data_to_have_been_affected(personas, screener, organisation):
    incident = incident_report(
        actor=personas.owner,
        system=screener,
        type="bias_harm",
        severity="high",
        discovered_at=NINE,
        description="Scores skewed by age.",
    )
    with pytest.raises(ValidationError) as refused:
        gdpr(personas, incident)
    assert list(refused.value.message_dict) == ["personal_data_aware_at"]


@pytest.fixture
def death(personas, screener, organisation):
    return incident_report(
        actor=personas.owner,
        system=screener,
        type="safety_violation",
        severity="critical",
        discovered_at=NINE,
        description="Triage advice delayed an ambulance.",
        affected_people_estimate=1,
        death=True,
    )


def art73(personas, incident, phase="initial"):
    return notification_draft(
        actor=personas.legal,
        incident=incident,
        audience="regulator",
        phase=phase,
        regime="ai_act_art73",
    )


def test_a_death_case_gets_the_art73_report_not_the_gdpr_one(personas, death):
    """Finding: a death case read 'Nature of the personal data breach ... Exposure of
    the personal data'."""
    incident_notice_facts_update(
        actor=personas.legal,
        incident=death,
        causal_link="The model ranked the call as non-urgent.",
        measures_taken="Urgent calls bypass the model.",
    )
    draft = art73(personas, death)
    body = draft.body
    assert "personal data" not in body.lower()
    assert [h for h in ART73_HEADINGS if h not in body] == []
    assert "Initial report: incomplete" in body
    assert "Provider: Example Marketplace GmbH, Friedrichstraße 123 10117 Berlin Germany." in body
    assert "AI system: Hiring screener (SYS-001)" in body
    assert "EU database: not registered." in body
    assert "A person died (Art. 3(49)(a)); report within 10 days" in body
    assert "Became aware that the incident is serious: 2026-03-05 16:00 CET" in body
    assert "The model ranked the call as non-urgent." in body
    assert "Urgent calls bypass the model." in body
    assert draft.subject == (
        "Serious incident report under EU AI Act Art. 73: INC-0001 (Example Marketplace GmbH)"
    )
    assert draft.recipient == "Bundesnetzagentur"


def test_the_art73_report_names_the_eu_database_number_and_can_be_final(personas, death):
    death.system.eu_database_number = "EU-HR-000123"
    death.system.save()
    body = art73(personas, death, phase="final").body
    assert "EU database registration number: EU-HR-000123." in body
    assert "Final report: complete as of its date." in body
    with pytest.raises(ValidationError) as refused:
        notification_draft(
            actor=personas.dpo,
            incident=death,
            audience="regulator",
            phase="final",
            regime="gdpr_72h",
        )
    assert "phase" in refused.value.message_dict


def test_where_we_only_deploy_the_draft_is_the_art26_notice_to_provider_and_authority(
    personas, death
):
    from tests.factories import VendorProductFactory

    system = death.system
    system.ai_act_role = "deployer"
    system.save()
    product = VendorProductFactory(vendor__name="TriageAI B.V.")
    SystemVendorProduct.objects.create(system=system, product=product)
    draft = art73(personas, death)
    assert draft.subject.startswith("Serious incident notice under EU AI Act Art. 26(5)")
    assert "As the deployer of Hiring screener (SYS-001) we inform the provider" in draft.body
    assert "Provider: TriageAI B.V.\nDeployer: Example Marketplace GmbH, Friedr" in draft.body
    assert draft.recipient == "TriageAI B.V.; Bundesnetzagentur"


def test_an_art73_report_needs_a_serious_incident(personas, breach):
    with pytest.raises(ValidationError) as refused:
        art73(personas, breach)
    assert list(refused.value.message_dict) == ["serious_incident_aware_at"]


def test_the_notice_to_people_is_refused_until_it_can_tell_them_what_to_do(personas, breach):
    with pytest.raises(ValidationError) as refused:
        notification_draft(
            actor=personas.responder, incident=breach, audience="users", phase="initial"
        )
    assert set(refused.value.message_dict) == {
        "likely_consequences",
        "measures_taken",
        "advice_to_people",
        "personal_data_categories",
    }


def test_the_notice_to_people_is_plain_with_dpo_advice_and_right_to_complain(personas, breach):
    incident_notice_facts_update(actor=personas.dpo, incident=breach, **FACTS)
    draft = notification_draft(
        actor=personas.responder, incident=breach, audience="users", phase="initial"
    )
    body = draft.body
    assert [h for h in USERS_HEADINGS if h not in body] == []
    assert "Your personal data was lost. The data concerned: names, e-mail addresses, CVs" in body
    assert FACTS["advice_to_people"] in body and FACTS["likely_consequences"] in body
    assert "Our data protection officer: Dana Privacy, e-mail dpo@example.com" in body
    assert "support@example.com, +49 30 5550 1000" in body
    assert (
        "lodge a complaint with a supervisory authority, in particular Berliner Beauftragte "
        "für Datenschutz und Informationsfreiheit (Alt-Moabit 59-61, 10555 Berlin)"
    ) in body
    assert "Art." not in body  # plain words, no legal references for people


def test_notice_facts_changes_are_audited_and_refused_to_those_outside(personas, breach):
    from django.core.exceptions import PermissionDenied

    from core.models import AuditEvent

    incident_notice_facts_update(actor=personas.dpo, incident=breach, affected_records_estimate=10)
    event = AuditEvent.objects.get(action="incident.notice_facts_updated")
    assert event.changes["affected_records_estimate"] == [None, 10]
    with pytest.raises(PermissionDenied):
        incident_notice_facts_update(actor=personas.auditor, incident=breach, measures_taken="x")


def test_an_edited_draft_keeps_its_text(personas, breach):
    draft = gdpr(personas, breach)
    notification_update(
        actor=personas.dpo,
        notification=draft,
        subject=draft.subject,
        body=draft.body + "\nEdited.",
        recipient=draft.recipient,
    )
    incident_notice_facts_update(actor=personas.dpo, incident=breach, **FACTS)
    draft.refresh_from_db()
    assert draft.body.endswith("Edited.") and "5,400" not in draft.body


def test_the_leadership_briefing_expects_a_gdpr_notification_only_where_gdpr_applies():
    """The briefing's regulatory line follows the one GDPR rule (EU residents' personal
    data affected), not personal data alone: no 72-hour clock runs for a breach of
    people outside the EU."""
    context = DraftContext(organisation=SimpleNamespace(legal_name="Acme"), system_name="CV")

    def regulatory_line(*, eu_residents: bool) -> str:
        incident = SimpleNamespace(
            incident_id="INC-0001",
            title="CVs lost",
            severity="high",
            description="Lost.",
            affected_people_estimate=10,
            personal_data_exposed=True,
            eu_residents_affected=eu_residents,
        )
        body = leadership_draft(incident, context, clocks=[]).body
        return body.split("Regulatory impact\n", 1)[1].split("\n", 1)[0]

    assert regulatory_line(eu_residents=True).startswith("A personal-data breach: GDPR Art. 33")
    assert regulatory_line(eu_residents=False).startswith("No GDPR notification expected")
