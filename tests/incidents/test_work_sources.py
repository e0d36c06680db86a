"""What incidents put in "Waiting for me" (incidents.selectors.work): the DPO's breaches
to decide, each once with its 72-hour due time, gone once decided or reported; Art. 73
for Legal whatever the DPO decides; the responders' incidents with no lead and the
steps a lead's SLA clocks ask for, each gone when done; one query a source at any size."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from core.permissions import roles_of
from core.work import work_count_for, work_for
from incidents.models import Incident
from incidents.selectors import work
from incidents.services.gdpr import incident_gdpr_no_risk_decide
from incidents.services.meet import incident_regulatory_assessment_record
from incidents.services.notifications import (
    notification_draft,
    notification_mark_sent,
    notification_update,
)
from incidents.services.report import incident_report
from incidents.services.steps import incident_contain, incident_triage
from incidents.services.work import incident_lead_assign
from tests.factories import AISystemFactory, organisation_profile, user_with_roles

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
DECIDE = (
    "Decide: notify the supervisory authority, or record why the breach is unlikely to risk people."
)
STEPS = "incidents.steps_due"
NO_LEAD = "incidents.no_lead"


@pytest.fixture(autouse=True)
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


def breach(personas, system, **facts):
    """EU residents' personal data exposed, known for an hour: the GDPR clock runs."""
    facts = {
        "eu_residents_affected": True,
        "personal_data_exposed": True,
        "personal_data_aware_at": NOW - timedelta(hours=1),
        "reason": "The responder confirmed the exposure an hour ago.",
        **facts,
    }
    return incident_report(
        actor=personas.responder,
        system=system,
        type="privacy_violation",
        severity="high",
        discovered_at=NOW - timedelta(hours=2),
        title="Candidate files readable",
        description="Candidate files readable by other candidates.",
        **facts,
    )


def groups(person) -> dict[str, list]:
    return {group.key: group.items for group in work_for(person)}


def titles(person) -> dict[str, list[str]]:
    return {key: [item.title for item in items] for key, items in groups(person).items()}


def everything(person) -> list[str]:
    return [title for found in titles(person).values() for title in found]


def gdpr_report_sent(personas, incident, phase="initial"):
    organisation_profile()  # the report names the organisation and its DPO
    draft = notification_draft(
        actor=personas.dpo, incident=incident, audience="regulator", phase=phase, regime="gdpr_72h"
    )
    return notification_mark_sent(
        actor=personas.dpo, notification=draft, sent_at=NOW, reference="DPA-2026-17"
    )


# --- the DPO: breaches to decide --------------------------------------------------------


def test_a_breach_with_no_decision_waits_once_with_its_gdpr_due_time(personas, screener):
    incident = breach(personas, screener)
    label = f"GDPR 72 h notification for {incident.incident_id}"
    (item,) = groups(personas.dpo)["incidents.breaches_to_decide"]
    assert item.title == label
    assert item.url == f"/incidents/{incident.incident_id}/"
    assert item.due_at == NOW - timedelta(hours=1) + timedelta(hours=72)
    assert item.why == f"Candidate files readable. {DECIDE}"
    # Not again as a running clock, nor as a deadline the DPO owns.
    assert work.regulatory_clocks_waiting_for(personas.dpo) == []
    assert everything(personas.dpo) == [label]
    assert work_count_for(personas.dpo) == 1


def test_the_no_risk_decision_takes_the_breach_away(client, personas, screener):
    incident = breach(personas, screener)
    client.force_login(personas.dpo)
    assert DECIDE in client.get("/waiting/").content.decode()
    incident_gdpr_no_risk_decide(
        actor=personas.dpo, incident=incident, reasons="Encrypted; the key was not exposed."
    )
    assert work_count_for(personas.dpo) == 0
    assert "Nothing waits for you now." in client.get("/waiting/").content.decode()


def test_the_report_sent_to_the_authority_takes_the_breach_away(personas, screener):
    incident = breach(personas, screener)
    organisation_profile()
    draft = notification_draft(
        actor=personas.dpo,
        incident=incident,
        audience="regulator",
        phase="initial",
        regime="gdpr_72h",
    )
    # Drafted, not sent: the breach is still to decide, and the draft waits to be sent.
    assert titles(personas.dpo) == {
        "incidents.breaches_to_decide": [f"GDPR 72 h notification for {incident.incident_id}"],
        "incidents.unsent": [f"{incident.incident_id}: {draft.subject}"],
    }
    notification_mark_sent(
        actor=personas.dpo, notification=draft, sent_at=NOW, reference="DPA-2026-17"
    )
    assert work_count_for(personas.dpo) == 0


def test_a_follow_up_sent_before_any_initial_report_leaves_the_clock_running(personas, screener):
    incident = breach(personas, screener)
    gdpr_report_sent(personas, incident, phase="follow_up")
    # The authority has heard of it, so nothing is left to decide; only an initial report
    # meets the clock, which therefore still runs, and shows as such.
    (clock,) = groups(personas.dpo)["incidents.regulatory_clocks"]
    assert clock.title == f"GDPR 72 h notification for {incident.incident_id}"
    assert "incidents.breaches_to_decide" not in titles(personas.dpo)
    assert work_count_for(personas.dpo) == 1


def test_art73_stays_with_legal_and_the_dpo_whatever_the_dpo_decides(personas, screener):
    incident = breach(
        personas,
        screener,
        other_serious_harm=True,
        serious_incident_aware_at=NOW - timedelta(hours=1),
    )
    art73 = f"EU AI Act Art. 73 report for {incident.incident_id}"
    gdpr = f"GDPR 72 h notification for {incident.incident_id}"
    assert titles(personas.legal) == {"incidents.regulatory_clocks": [art73]}
    assert titles(personas.dpo) == {
        "incidents.breaches_to_decide": [gdpr],
        "incidents.regulatory_clocks": [art73],
    }
    (legal_item,) = groups(personas.legal)["incidents.regulatory_clocks"]
    assert legal_item.due_at == NOW - timedelta(hours=1) + timedelta(days=15)

    incident_gdpr_no_risk_decide(
        actor=personas.dpo, incident=incident, reasons="Pseudonymised data only."
    )
    assert titles(personas.legal) == {"incidents.regulatory_clocks": [art73]}
    assert titles(personas.dpo) == {"incidents.regulatory_clocks": [art73]}


def test_a_breach_outside_the_gdpr_is_not_the_dpos_to_decide(personas, screener):
    breach(personas, screener, eu_residents_affected=False)
    assert "incidents.breaches_to_decide" not in titles(personas.dpo)


# --- the responders: incidents with no lead, and the lead's steps -----------------------


def test_every_responder_may_take_an_incident_with_no_lead_until_one_does(personas, screener):
    other = user_with_roles("responder2@example.com", "responder")
    incident = breach(personas, screener)  # its SLA clocks: the incident contact's
    for responder in (personas.responder, other):
        (item,) = groups(responder)[NO_LEAD]
        assert (item.title, item.why) == (
            f"{incident.incident_id} Candidate files readable",
            "No lead yet: take it.",
        )
        assert item.due_at == NOW - timedelta(hours=2) + timedelta(minutes=60)  # triage
        assert work_count_for(responder) == 1

    incident_lead_assign(actor=other, incident=incident, lead=other)
    assert work_count_for(personas.responder) == 0
    assert NO_LEAD not in titles(other)


def test_the_lead_sees_each_step_due_and_each_step_taken_leaves(personas, screener):
    incident = breach(personas, screener)
    incident_lead_assign(actor=personas.responder, incident=incident, lead=personas.responder)
    iid = incident.incident_id
    steps = groups(personas.responder)[STEPS]
    assert [(item.title, item.due_at) for item in steps] == [
        (f"Triage of {iid}", NOW - timedelta(hours=1)),
        (f"Leadership notification for {iid}", NOW),
        (f"Containment of {iid}", NOW + timedelta(hours=6)),
        (f"Regulatory assessment of {iid}", NOW + timedelta(hours=22)),
    ]
    assert steps[0].why == "Triage it: assess it, then mark it triaged. You lead it."
    assert steps[0].state == "breached"
    assert list(groups(personas.responder)) == [STEPS]  # nothing else, no second copy

    incident_triage(actor=personas.responder, incident=Incident.objects.get(pk=incident.pk))
    assert work_count_for(personas.responder) == 3
    assert f"Triage of {iid}" not in everything(personas.responder)
    incident_contain(actor=personas.responder, incident=Incident.objects.get(pk=incident.pk))
    assert everything(personas.responder) == [
        f"Leadership notification for {iid}",
        f"Regulatory assessment of {iid}",
    ]
    organisation_profile()  # the leadership notice names the organisation
    notice = notification_draft(
        actor=personas.responder, incident=incident, audience="leadership", phase="initial"
    )
    notice = notification_update(
        actor=personas.responder,
        notification=notice,
        subject=notice.subject,
        body=notice.body,
        recipient="The executive team",
    )
    notification_mark_sent(actor=personas.responder, notification=notice, sent_at=NOW, reference="")
    assert everything(personas.responder) == [f"Regulatory assessment of {iid}"]
    incident_regulatory_assessment_record(
        actor=personas.responder, incident=incident, note="GDPR Art. 33: the DPO decides."
    )
    assert work_count_for(personas.responder) == 0


def test_a_low_incidents_leadership_step_is_the_weekly_report(personas, screener):
    incident = incident_report(
        actor=personas.owner,
        system=screener,
        type="performance_regression",
        severity="low",
        discovered_at=NOW - timedelta(hours=1),
        description="Scores drift a little.",
    )
    incident_lead_assign(actor=personas.responder, incident=incident, lead=personas.responder)
    words = {item.title: item.why for item in groups(personas.responder)[STEPS]}
    assert words[f"Leadership notification for {incident.incident_id}"] == (
        "Tell leadership: present it in the weekly leadership report, or send the "
        "leadership notification. You lead it."
    )


def test_the_on_call_owner_takes_the_lead_and_the_count_drops(personas):
    # No incident contact: the SLA clocks are the (only) responder's until someone leads.
    system = AISystemFactory(system_id="SYS-002", owner_team=personas.people_ops)
    incident = breach(personas, system)
    before = groups(personas.responder)
    assert len(before[NO_LEAD]) == 1 and len(before[STEPS]) == 4
    assert before[STEPS][0].why.endswith(" Yours until someone leads it.")

    incident_lead_assign(actor=personas.responder, incident=incident, lead=personas.responder)
    after = groups(personas.responder)
    assert NO_LEAD not in after and len(after[STEPS]) == 4
    assert after[STEPS][0].why.endswith(" You lead it.")
    assert work_count_for(personas.responder) == 4


def test_a_resolved_incident_with_no_lead_waits_for_nobody(personas, screener):
    incident = breach(personas, screener)
    Incident.objects.filter(pk=incident.pk).update(status="resolved")
    assert NO_LEAD not in titles(personas.responder)


# --- cost ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "source"),
    [
        ("dpo", work.breaches_to_decide_for),
        ("dpo", work.regulatory_clocks_waiting_for),
        ("responder", work.incident_steps_due_for),
        ("responder", work.incidents_without_lead_for),
    ],
)
def test_each_source_costs_one_query_for_one_incident_or_twenty(
    personas, django_assert_num_queries, persona, source
):
    # High-risk, no incident contact: each serious breach runs the GDPR and Art. 73
    # clocks, and its SLA clocks are the responder's.
    system = AISystemFactory(
        system_id="SYS-003", owner_team=personas.people_ops, ai_act_category="high_risk"
    )
    person = getattr(personas, persona)
    ContentType.objects.get_for_model(Incident)  # cached once per process, as in use
    listed = []
    for count in (1, 20):
        while Incident.objects.count() < count:
            breach(personas, system, other_serious_harm=True)
        person = type(person).objects.get(pk=person.pk)
        roles_of(person)  # loaded once per request, by core's middleware and menus
        with django_assert_num_queries(1):
            listed.append(len(source(person)))
    assert listed[1] == 20 * listed[0] > 0
