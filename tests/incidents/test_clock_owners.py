"""Each clock belongs to the role DOMAIN names (incidents.rules.filed_by): the GDPR
clock to the DPO, the Art. 73 report to Legal (else the DPO), the SLA clocks to the
incident lead or, until one takes the lead, the incident contact or a responder; never
to whoever happened to report the incident."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import Deadline
from incidents import rules
from incidents.choices import ClockKind as K
from incidents.contributions import clock_kind
from incidents.services.clocks import incident_deadlines
from incidents.services.report import incident_report
from incidents.services.work import incident_lead_assign

pytestmark = pytest.mark.django_db


def owners(incident) -> dict[K, str]:
    open_ = incident_deadlines(incident).filter(met_at=None, cancelled_at=None)
    return {clock_kind(d.kind): d.owner.email for d in open_.select_related("owner")}


def serious_breach(personas, system):
    """A product owner reports a breach of EU residents' data that harmed someone: the
    GDPR clock and the Art. 73 clock both run."""
    now = timezone.now()
    return incident_report(
        actor=personas.owner,
        system=system,
        type="privacy_violation",
        severity="critical",
        discovered_at=now - timedelta(hours=1),
        description="Candidate records exposed and a candidate harmed.",
        eu_residents_affected=True,
        personal_data_exposed=True,
        other_serious_harm=True,
        personal_data_aware_at=now - timedelta(minutes=30),
        serious_incident_aware_at=now - timedelta(minutes=30),
        reason="Confirmed by the responder on call.",
    )


def test_the_filing_roles_own_the_regulatory_clocks_and_the_contact_the_sla(personas, screener):
    incident = serious_breach(personas, screener)
    found = owners(incident)
    assert found[K.GDPR_72H] == personas.dpo.email
    assert found[K.AI_ACT_ART73] == personas.legal.email
    # Until someone leads: the system's incident contact (the security lead here).
    assert found[K.TRIAGE] == personas.security.email
    assert personas.owner.email not in found.values()  # the reporter owns nothing


def test_a_lead_takes_the_sla_clocks_and_leaves_the_filings_where_they_are(personas, screener):
    incident = serious_breach(personas, screener)
    incident_lead_assign(actor=personas.responder, incident=incident, lead=personas.responder)
    found = owners(incident)
    assert found[K.TRIAGE] == found[K.CONTAINMENT] == personas.responder.email
    assert found[K.GDPR_72H] == personas.dpo.email
    assert found[K.AI_ACT_ART73] == personas.legal.email


def test_the_dpos_gdpr_clock_is_in_their_deadlines(client, personas, screener):
    incident = serious_breach(personas, screener)
    client.force_login(personas.dpo)
    page = client.get("/deadlines/").content.decode()
    assert f"GDPR 72 h notification for {incident.incident_id}" in page


def test_an_overdue_art73_report_escalates_to_legal_and_the_dpo_too(personas, screener):
    incident = serious_breach(personas, screener)
    art73 = Deadline.objects.get(
        subject_id=str(incident.pk), kind="incidents.ai_act_art73", met_at=None
    )
    assert set(art73.escalation_roles) | {art73.escalation_role} >= {"ciso", "legal", "dpo"}


def test_the_owning_roles_are_one_table():
    assert rules.filed_by(K.GDPR_72H) == ("dpo",)
    assert rules.filed_by(K.AI_ACT_ART73) == ("legal", "dpo")
    assert all(rules.filed_by(kind) == () for kind in rules.SLA_KINDS)
    assert rules.escalated_to(K.TRIAGE) == ("ciso",)
