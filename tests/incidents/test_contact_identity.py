"""Issue 15, section 4: nobody works an incident under an identity that is not theirs.

Found (high): a signed-in member added an incident contact's on-call address as their
login e-mail at /accounts/email/, made it primary (unverified, unaudited), and then
worked the system's incidents, because the contact's rights came from matching that
free text against login addresses. Incident contacts are now accounts (a person or a
team); an address counts once its owner confirms it; every step is audited.
"""

import importlib
from datetime import UTC, datetime

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.apps import apps
from django.test import Client

from core.models import AuditEvent, Notification, RoleAssignment
from core.permissions import can, forget_roles
from incidents.permissions import is_incident_contact
from incidents.services.clocks import clock_owner
from incidents.services.report import incident_report
from tests.factories import AISystemFactory, TeamFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)
ON_CALL = "people-ops-oncall@example.com"  # the demo's kind of alias: nobody's account


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def on_call_system(personas, shipped_incident_defaults):
    return AISystemFactory(
        system_id="SYS-001",
        name="Hiring screener",
        owner_team=personas.people_ops,
        ai_act_category="high_risk",
        incident_contact=ON_CALL,
    )


def report(personas, system):
    return incident_report(
        actor=personas.owner,
        system=system,
        type="privacy_violation",
        severity="high",
        discovered_at=NOW,
        description="Applicants' e-mail addresses appear in answers.",
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="core.backends.PortalAllauthBackend")
    return client


def works(user, incident) -> bool:
    forget_roles(user)
    return can(user, "incidents.incident.work", incident)


def test_a_member_who_adds_an_incident_contacts_address_gets_no_incident_rights(
    personas, on_call_system, api_client
):
    """Input: owner2 (product owner of another team) adds SYS-001's on-call address at
    /accounts/email/ and asks to make it primary. Expected: the address stays unverified
    and not theirs to sign in with, no incident rights, both attempts in the audit trail.
    Got before the fix: their login e-mail became the alias and they triaged the incident."""
    incident = report(personas, on_call_system)
    member = personas.owner2
    client = signed_in(member)
    client.post("/accounts/email/", {"action_add": "", "email": ON_CALL})
    client.post("/accounts/email/", {"action_primary": "", "email": ON_CALL})

    member.refresh_from_db()
    assert member.email == "owner2@example.com"
    assert EmailAddress.objects.get(email=ON_CALL).verified is False
    assert not works(member, incident)
    api_client.force_authenticate(member)
    triage = api_client.post(f"/api/v1/incidents/{incident.incident_id}/triage/", {}, "json")
    assert triage.status_code == 403
    added = AuditEvent.objects.get(action="email.added")
    refused = AuditEvent.objects.get(action="email.primary_refused")
    for event in (added, refused):
        assert (event.actor, event.object_id) == (member, str(member.pk))
        assert event.changes["address"] == ON_CALL
        assert event.changes["person"] == member.display_name
    assert added.changes["verified"] is False
    assert not AuditEvent.objects.filter(actor_label=ON_CALL).exists()


def test_a_login_address_equal_to_the_contact_text_grants_nothing(personas, on_call_system):
    """Input: a person whose login address is the system's contact text (as a change
    made before this fix left it). Expected: not the incident contact, not told of the
    incident, not its clocks' owner. Got before the fix: all three."""
    member = personas.owner2
    member.email = ON_CALL
    member.save(update_fields=["email"])
    incident = report(personas, on_call_system)
    assert not is_incident_contact(member, on_call_system)
    assert not works(member, incident)
    assert clock_owner(incident) != member
    assert not Notification.objects.filter(recipient=member).exists()


def test_the_named_person_and_the_named_teams_members_work_its_incidents(personas, on_call_system):
    """The contact is an account: the person named, or whoever holds a role in the team
    named; they are told of a new incident, and the person owns its clocks."""
    on_call_system.incident_contact_user = personas.owner2
    on_call_system.incident_contact_team = personas.people_ops
    on_call_system.save()
    incident = report(personas, on_call_system)
    assert works(personas.owner2, incident)
    assert works(personas.owner, incident)  # product owner of People Ops
    assert not works(personas.legal, incident)
    assert clock_owner(incident) == personas.owner2
    told = Notification.objects.filter(subject_id=str(incident.pk), title__startswith="New")
    reasons = dict(told.values_list("recipient__email", "reason"))
    assert reasons["owner2@example.com"] == "You own this incident's clocks."
    assert reasons["owner@example.com"] == "You are the incident contact of SYS-001."


def test_a_team_contact_counts_only_those_holding_a_role_in_it(personas, on_call_system):
    elsewhere = TeamFactory(name="Elsewhere")
    RoleAssignment.objects.create(user=personas.legal, role="product_owner", team=elsewhere)
    on_call_system.incident_contact_team = elsewhere
    on_call_system.save()
    incident = report(personas, on_call_system)
    assert works(personas.legal, incident)
    assert not works(personas.owner, incident)


def test_the_migration_names_the_account_holding_the_address_verified(personas):
    """Existing contact text becomes the account that holds it as a verified address;
    any other text stays, shown only, naming nobody."""
    migration = importlib.import_module("registry.migrations.0012_system_incident_contact_people")
    known = AISystemFactory(incident_contact="Security@example.com")
    alias = AISystemFactory(incident_contact=ON_CALL)
    claimed = AISystemFactory(incident_contact="claimed@example.com")
    EmailAddress.objects.create(user=personas.owner2, email="claimed@example.com", verified=False)
    migration.contacts_to_accounts(apps, None)
    for system in (known, alias, claimed):
        system.refresh_from_db()
    assert known.incident_contact_user == personas.security
    assert (alias.incident_contact_user, alias.incident_contact) == (None, ON_CALL)
    assert claimed.incident_contact_user is None
