"""Who may do what with incidents (issue 8, DOMAIN.md 1 and 6).

Anyone who can see a system reports an incident on it, and members read incidents.
Incident responders, the system's incident contact and the incident's lead work it
(triage, containment, resolution, notes, checklist, leadership notification, review).
The DPO and Legal (the RACI's "regulatory filings", A/R) record the notifications to
a supervisory or market surveillance authority and the regulatory assessment;
responders and the CISO assign the lead; administrators change the SLA policy and the
playbook. The DPO's page of running regulatory clocks is for the DPO, Legal, the CISO,
the board, auditors and administrators.

Which audience a person may notify, on top of `incidents.notification.draft` and `.send`
(may they notify about this incident at all): a regulator, those who file with
authorities (the DPO and Legal), a GDPR Art. 33 report only the DPO, whom it names as
the contact point; affected users and leadership, those who work the incident.
"""

from core.choices import TEAM_SCOPED_ROLES, Role
from core.models import User
from core.permissions import can, has_role, is_admin, is_member, register, roles_of, teams_where
from core.selectors import users_with_role
from incidents.choices import Audience, ClockKind

REGULATORY_FILERS = (Role.DPO, Role.LEGAL)
LEADS = (Role.RESPONDER, Role.CISO, Role.AI_SAFETY, Role.ENG_MANAGER)
REGULATORY_WATCHERS = (Role.DPO, Role.LEGAL, Role.CISO, Role.BOARD, Role.AUDITOR)


def is_incident_contact(user, system) -> bool:
    """The person the system names as its incident contact, or a member (holder of a
    team role) of the team it names. Never by e-mail address: anyone may type any
    address into their own profile, and the on-call aliases are nobody's account."""
    if system is None or not getattr(user, "is_authenticated", False):
        return False
    if system.incident_contact_user_id == user.pk:
        return True
    team = system.incident_contact_team_id
    return team is not None and any(team in teams_where(user, r) for r in TEAM_SCOPED_ROLES)


def incident_contact_people(system):
    """The active accounts that are the system's incident contact: the person named
    and the members of the team named, each once."""
    people = User.objects.filter(pk=system.incident_contact_user_id, is_active=True)
    if system.incident_contact_team_id:
        people |= users_with_role(TEAM_SCOPED_ROLES, team=system.incident_contact_team_id)
    return people


def incident_contact_first(system):
    """The one contact who owns an incident's clocks when it has no lead: the person
    named, else the named team's longest-standing member; None when neither is."""
    person = system.incident_contact_user
    if person is not None and person.is_active:
        return person
    if system.incident_contact_team_id is None:
        return None
    return users_with_role(TEAM_SCOPED_ROLES, team=system.incident_contact_team_id).first()


def may_report(user, system=None) -> bool:
    """Anyone who can see the system, but an auditor only (who changes nothing)."""
    if not is_member(user) or not (roles_of(user) - {Role.AUDITOR} or user.is_superuser):
        return False
    return system is None or can(user, "registry.system.view", system)


def may_work(user, incident=None) -> bool:
    """`incident` an Incident, or None (may this person work incidents at all)."""
    if has_role(user, Role.RESPONDER):
        return True
    if incident is None:
        return False
    return incident.lead_id == user.pk or is_incident_contact(user, incident.system)


def may_lead(person, incident) -> bool:
    """Who can be named the lead: the RACI's incident response lead (CISO A; AI safety
    lead and engineering R), a responder, or the system's incident contact."""
    return has_role(person, *LEADS) or is_incident_contact(person, incident.system)


def may_watch_regulatory(user) -> bool:
    """The regulatory clocks and the breach register: the DPO, Legal, the CISO, the
    board, auditors and administrators."""
    return is_admin(user) or has_role(user, *REGULATORY_WATCHERS)


def may_file(user, _incident=None) -> bool:
    return has_role(user, *REGULATORY_FILERS)


def may_assess(user, incident=None) -> bool:
    return may_file(user) or may_work(user, incident)


def may_notify_audience(user, notification) -> bool:
    """`notification` is an IncidentNotification, saved or a draft about to be."""
    if notification is None:
        return False
    if notification.audience == Audience.REGULATOR:
        if notification.regime == ClockKind.GDPR_72H:
            return has_role(user, Role.DPO)
        return can(user, "incidents.regulator.notify", notification.incident)
    return can(user, "incidents.incident.work", notification.incident)


def may_watch_clocks(user, _obj=None) -> bool:
    """The page of running regulatory clocks: those `may_watch_regulatory` lets watch them
    (DPO, Legal, CISO, board, auditors, administrators) and the responders who work the
    incidents; in the navigation for the DPO, Legal and responders."""
    return can(user, "incidents.regulatory.view") or has_role(user, Role.RESPONDER)


def clocks_in_navigation(user, _obj=None) -> bool:
    """The clocks page in the "Incidents" menu: for those who file or race them."""
    return has_role(user, Role.DPO, Role.LEGAL, Role.RESPONDER)


register("incidents.incident.view", is_member)
register("incidents.incident.export", is_member)
register("incidents.incident.report", may_report)
register("incidents.incident.work", may_work)
register("incidents.incident.lead_assign", lambda u, i: has_role(u, Role.RESPONDER, Role.CISO))
# Facts, severity and awareness: whoever works the incident, and the DPO (GDPR facts).
register("incidents.incident.change", lambda u, i: may_work(u, i) or may_file(u))
register("incidents.regulator.notify", may_file)
# GDPR Art. 33(1): whether a breach is unlikely to result in a risk is the DPO's call.
register("incidents.gdpr.no_risk_decide", lambda u, _i: has_role(u, Role.DPO))
register("incidents.breach_register.view", lambda u, _o: may_watch_regulatory(u))
register("incidents.regulatory_assessment.record", may_assess)
register("incidents.notification.draft", lambda u, i: may_work(u, i) or may_file(u))
register("incidents.notification.send", lambda u, i: may_work(u, i) or may_file(u))
register("incidents.review.record", may_work)
register("incidents.regulatory.view", lambda user, _obj: may_watch_regulatory(user))
register("incidents.metrics.view", is_member)
register("incidents.sla.view", is_member)
register("incidents.sla.change", is_admin)
register("incidents.playbook.change", is_admin)
register("incidents.notification.audience", may_notify_audience)
register("incidents.clocks.view", may_watch_clocks)
register("incidents.clocks.nav", clocks_in_navigation)
register("incidents.nav", is_member)  # every member may open the incident list
