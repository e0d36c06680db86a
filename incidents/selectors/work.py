"""What incidents put in "Waiting for me" (core.work), one query a source:

- the DPO: the personal-data breaches to decide (notify the authority, or record that
  the breach is unlikely to risk people), then the regulatory clocks still running;
- the DPO and Legal: the Art. 73 clocks they file against, the notifications drafted
  and not sent;
- the responders: the open incidents nobody leads yet, to take;
- whoever owns an incident's SLA clocks (its lead, or the on-call owner until someone
  leads): each step a running SLA clock asks for.

Each item is something the person does, and doing it takes the item away: the decision
or the notification closes the GDPR clock, naming a lead ends "no lead yet", the step
meets its clock.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BigIntegerField,
    CharField,
    Exists,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast

from core.choices import Role
from core.models import Deadline
from core.permissions import roles_of
from core.work import WorkItem, deadline_item
from incidents.choices import Audience, ClockKind, IncidentStatus, Severity
from incidents.contributions import clock_kind, deadline_kind, incident_link
from incidents.models import Incident, IncidentNotification
from incidents.rules import SLA_KINDS

# Who files what (DOMAIN 6): the GDPR notification is the DPO's; the AI Act's Art. 73
# report is a regulatory filing of Legal and the DPO.
FILED_BY = {
    ClockKind.GDPR_72H: {Role.DPO},
    ClockKind.AI_ACT_ART73: {Role.DPO, Role.LEGAL},
}
STILL_OPEN = ~Q(status__in=[IncidentStatus.RESOLVED, IncidentStatus.CLOSED])
GDPR_CLOCK = deadline_kind(ClockKind.GDPR_72H)
BREACH_DECISION = (
    "Decide: notify the supervisory authority, or record why the breach is unlikely to risk people."
)
# What meets each SLA clock (incidents.services: steps.py meets triage and containment,
# notifications.py the leadership clock, meet.py the regulatory assessment), in words.
STEP_TO_TAKE = {
    ClockKind.TRIAGE: "Triage it: assess it, then mark it triaged.",
    ClockKind.CONTAINMENT: "Contain it: stop the harm, then mark it contained.",
    ClockKind.LEADERSHIP: "Tell leadership: send the leadership notification.",
    ClockKind.REGULATORY_ASSESSMENT: "Record the regulatory assessment: whether, and "
    "to whom, it must be reported.",
}
# A low incident's leadership notice goes with the weekly report (DOMAIN 6), which meets
# the clock when presented (incidents.services.leadership_report).
LOW_LEADERSHIP_STEP = (
    "Tell leadership: present it in the weekly leadership report, or send the "
    "leadership notification."
)


def _incident_clocks() -> QuerySet:
    """The running clocks of incidents (not met, not cancelled)."""
    return Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(Incident),
        kind__startswith="incidents.",
        met_at__isnull=True,
        cancelled_at__isnull=True,
    )


def _clock_incident() -> QuerySet:
    """The incident of the clock in the outer query (a clock names it by its pk as text)."""
    return Incident.objects.filter(pk=Cast(OuterRef("subject_id"), BigIntegerField()))


def _undecided_breach() -> Exists:
    """For a GDPR clock of the outer query: its incident is a personal-data breach of EU
    residents (the GDPR applies) on which the DPO has neither recorded "unlikely to
    result in a risk" nor sent a report to the supervisory authority (IncidentNotification:
    audience regulator, regime GDPR, sent_at set; an initial one also meets the clock)."""
    reported = IncidentNotification.objects.filter(
        incident=OuterRef("pk"),
        audience=Audience.REGULATOR,
        regime=ClockKind.GDPR_72H,
        sent_at__isnull=False,
    )
    return Exists(
        _clock_incident()
        .filter(personal_data_exposed=True, eu_residents_affected=True, gdpr_no_risk_at=None)
        .exclude(Exists(reported))
    )


def breaches_to_decide_for(user) -> list[WorkItem]:
    """The DPO's personal-data breaches to decide (GDPR Art. 33(1)), each with the 72-hour
    clock's due time (one query). The item IS the GDPR clock while no decision exists:
    it carries the clock's label and link, so the DPO's own-deadlines source (core.work,
    which drops a second item of the same title and link) does not list it again, and
    the regulatory clocks source leaves it out (`regulatory_clocks_waiting_for`). The
    recorded decision cancels the clock and the initial report meets it: either takes
    the item away."""
    if Role.DPO not in roles_of(user):
        return []
    clocks = (
        _incident_clocks()
        .filter(_undecided_breach(), kind=GDPR_CLOCK)
        .annotate(incident_title=Subquery(_clock_incident().values("title")[:1]))
        .order_by("due_at", "pk")
    )
    return [
        deadline_item(clock, why=f"{clock.incident_title}. {BREACH_DECISION}") for clock in clocks
    ]


def regulatory_clocks_waiting_for(user) -> list[WorkItem]:
    """The running GDPR and Art. 73 clocks the person's roles file (one query). A GDPR
    clock whose breach is still to decide is the DPO's breach item instead (above); it
    shows here once a report went to the authority and the clock still runs (a follow-up
    sent before any initial report, which is what meets the clock)."""
    roles = roles_of(user)
    kinds = [deadline_kind(kind) for kind, filers in FILED_BY.items() if filers & roles]
    if not kinds:
        return []
    clocks = (
        _incident_clocks()
        .filter(kind__in=kinds)
        .exclude(Q(kind=GDPR_CLOCK) & _undecided_breach())
        .order_by("due_at", "pk")
    )
    return [deadline_item(clock, why="A regulatory deadline you file against.") for clock in clocks]


def notifications_unsent_for(user) -> list[WorkItem]:
    """Notifications drafted and not yet sent, for those who send them (one query)."""
    if not roles_of(user) & {Role.DPO, Role.LEGAL}:
        return []
    drafts = (
        IncidentNotification.objects.filter(sent_at__isnull=True)
        .select_related("incident")
        .order_by("created_at", "pk")
    )
    return [
        WorkItem(
            title=f"{draft.incident.incident_id}: {draft.subject}",
            url=incident_link(draft.incident.incident_id),
            why=f"Drafted {draft.created_at:%Y-%m-%d}, not sent: "
            f"{draft.get_audience_display().lower()}, {draft.get_phase_display().lower()}.",
        )
        for draft in drafts
    ]


def incidents_without_lead_for(user) -> list[WorkItem]:
    """Open incidents nobody leads yet, for every responder to take (one query), each
    due when its soonest SLA clock is. Naming a lead (incident_lead_assign) takes the
    item away for everyone; the incident's steps then wait for the lead
    (`incident_steps_due_for`)."""
    soonest = (
        _incident_clocks()
        .filter(subject_id=Cast(OuterRef("pk"), CharField()), kind__in=_sla_kinds())
        .values("subject_id")
        .annotate(due=Min("due_at"))
        .values("due")
    )
    incidents = (
        Incident.objects.filter(STILL_OPEN, lead__isnull=True)
        .annotate(next_due=Subquery(soonest[:1]))
        .order_by("discovered_at", "pk")
    )
    return [
        WorkItem(
            title=f"{incident.incident_id} {incident.title}",
            url=incident_link(incident.incident_id),
            why="No lead yet: take it.",
            due_at=incident.next_due,
        )
        for incident in incidents
    ]


def incident_steps_due_for(user) -> list[WorkItem]:
    """The steps the person's running SLA clocks ask for (one query): one item a clock,
    with the clock's label, due time and the step that meets it (STEP_TO_TAKE).

    Whose: the clock's owner, who is the incident lead once one is named (the lead
    takes every open SLA clock, incident_lead_assign), and until then the on-call owner
    (the system's incident contact, else a responder); the warnings and escalations
    of the clock go to the same person. Taking the step meets the clock and the item
    goes: marking it triaged or contained (incidents.services.steps), sending the
    leadership notification or presenting the weekly report, recording the regulatory
    assessment (incidents.services.meet). What has no clock (resolving, the
    post-incident review, closing) is not listed: the incident page leads there. The
    items carry the clock's label and link, so the person's own-deadlines source
    (core.work) does not list the same clock twice."""
    clocks = (
        _incident_clocks()
        .filter(owner=user, kind__in=_sla_kinds())
        .annotate(
            lead_id=Subquery(_clock_incident().values("lead_id")[:1]),
            severity=Subquery(_clock_incident().values("severity")[:1]),
        )
        .order_by("due_at", "pk")
    )
    return [deadline_item(clock, why=_step_words(clock, user)) for clock in clocks]


def _step_words(clock, user) -> str:
    kind = clock_kind(clock.kind)
    low_notice = kind == ClockKind.LEADERSHIP and clock.severity == Severity.LOW
    step = LOW_LEADERSHIP_STEP if low_notice else STEP_TO_TAKE[kind]
    whose = "You lead it." if clock.lead_id == user.pk else "Yours until someone leads it."
    return f"{step} {whose}"


def _sla_kinds() -> list[str]:
    return [deadline_kind(kind) for kind in SLA_KINDS]
