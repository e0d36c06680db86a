"""Loading the demo's incidents (governance/data/demo_incidents.yaml) through the incident
services, with discovery times shifted back from now so their clocks are live: a
privacy incident 30 hours into its GDPR clock, a critical one whose clocks were all
met, a high one breached, and an Art. 73 case on the high-risk hiring screener."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from core.models import User
from governance.services.demo import portfolio as demo
from incidents.choices import ClockKind
from incidents.models import Incident, IncidentNotification, PlaybookItem, SlaPolicy
from incidents.rules.incident import FACT_FIELDS
from incidents.services.library import install_playbook, install_sla_policy
from incidents.services.meet import incident_clock_meet
from incidents.services.notice_facts import incident_notice_facts_update
from incidents.services.notifications import (
    notification_draft,
    notification_mark_sent,
    notification_update,
)
from incidents.services.report import incident_report
from incidents.services.steps import incident_contain, incident_triage
from registry.models import AISystem


def ensure_incidents() -> int:
    """Report the demo incidents once (none is added when any incident exists)."""
    if Incident.objects.exists():
        return 0
    # Installed by incidents' data migration; again here for a database whose tables
    # were emptied since (a test suite's flush), as load_demo reads no other way.
    install_sla_policy(SlaPolicy)
    install_playbook(PlaybookItem)
    responder = User.objects.get(email=demo.INCIDENTS_BY)
    dpo = User.objects.get(email="dpo@example.com")
    for spec in demo.incidents():
        _load(spec, responder=responder, dpo=dpo)
    return len(demo.incidents())


def _load(spec: dict, *, responder: User, dpo: User) -> Incident:
    now = timezone.now()
    discovered = now - timedelta(hours=spec["hours_ago"])
    incident = incident_report(
        actor=responder,
        system=AISystem.objects.get(system_id=spec["system"]),
        type=spec["type"],
        severity=spec["severity"],
        discovered_at=discovered,
        title=spec["title"],
        description=spec["description"],
        **{name: spec[name] for name in FACT_FIELDS if name in spec},
        **_aware(spec, discovered),
    )
    if spec.get("notice_facts"):  # what the DPO has established for the notices so far
        incident_notice_facts_update(actor=dpo, incident=incident, **spec["notice_facts"])
    for step in spec.get("then", []):
        if step == "assess":  # the critical incident's immediate assessment, at discovery
            incident_clock_meet(
                actor=dpo, incident=incident, at=discovered, kind=ClockKind.REGULATORY_ASSESSMENT
            )
        elif step == "notify_leadership":
            _notify_leadership(incident, responder, at=now - timedelta(minutes=2))
        elif step == "triage":
            incident_triage(actor=responder, incident=incident, note="Confirmed and scoped.")
        elif step == "contain":
            incident_contain(actor=responder, incident=incident, note="Pattern blocked.")
    return incident


def _aware(spec: dict, discovered) -> dict:
    """Facts known at discovery (a breach, a serious incident): their regulatory clocks
    run from then, and the reason says how it was known."""
    if not spec.get("aware_at_discovery"):
        return {}
    moments = {"reason": spec["aware_at_discovery"]}
    if spec.get("personal_data_exposed"):
        moments["personal_data_aware_at"] = discovered
    if any(spec.get(name) for name in FACT_FIELDS[3:7]):  # death ... other_serious_harm
        moments["serious_incident_aware_at"] = discovered
    return moments


def _notify_leadership(incident: Incident, responder: User, *, at) -> IncidentNotification:
    note = notification_draft(
        actor=responder, incident=incident, audience="leadership", phase="initial"
    )
    notification_update(
        actor=responder,
        notification=note,
        subject=note.subject,
        body=note.body,
        recipient="CISO and executive team",
    )
    return notification_mark_sent(actor=responder, notification=note, sent_at=at, reference="")
