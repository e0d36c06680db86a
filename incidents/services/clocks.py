"""An incident's clocks on core's engine, kept matching the incident.

`incident_clocks_sync` is called inside every service that changes what the clocks
depend on (report, severity, awareness, facts), after that service checked the actor's
permission: it opens the clocks that now apply, moves the open ones whose due time
changed (SLA clocks from the ORIGINAL discovery time, GDPR and Art. 73 from the moments
the organisation learned their facts), and cancels those that no longer
apply. A clock once met stays met. Owner (rules.filed_by): a regulatory clock belongs
to the role that files it (GDPR: the DPO; Art. 73: Legal, else the DPO); an SLA clock to
the incident lead, else the system's incident contact (when they are a user), else a
responder; the reporter only when the portal has none of these. Escalation one minute
after the due moment (the sweep runs every minute): to the owner and the roles of
rules.escalated_to (the CISO; the DPO for GDPR; Legal and the DPO for Art. 73).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType

from core.choices import Role
from core.clocks.rules import due_text
from core.clocks.services import deadline_cancel, deadline_move, deadline_open
from core.models import Deadline, User
from core.selectors import users_with_role
from incidents import rules
from incidents.choices import ClockKind as K
from incidents.choices import TimelineKind
from incidents.contributions import PREFIX, clock_kind, clock_label, deadline_kind, incident_link
from incidents.models import Incident
from incidents.permissions import incident_contact_first
from incidents.selectors import sla_policy_current
from incidents.selectors.calendar import business_calendar
from incidents.services.timeline import timeline_record
from registry.choices import AIActCategory

ESCALATE_AFTER = timedelta(minutes=1)


def escalation_roles(kind: str) -> list[str]:
    return list(rules.escalated_to(kind))


def incident_deadlines(incident: Incident):
    """Every clock of the incident, met and cancelled ones too."""
    return Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(Incident),
        subject_id=str(incident.pk),
        kind__startswith=PREFIX,
    )


def clock_owner(incident: Incident, kind: str | None = None) -> User:
    """Who owns the clock of `kind` (an SLA clock when None): see the module's text."""
    for role in rules.filed_by(kind) if kind else ():
        filer = users_with_role(role).order_by("pk").first()
        if filer is not None:
            return filer
    if incident.lead_id:
        return incident.lead
    found = incident_contact_first(incident.system)
    if found is None:
        found = users_with_role(Role.RESPONDER).order_by("pk").first()
    return found or incident.reported_by


def wanted_due_times(incident: Incident, policy=None) -> dict[K, datetime]:
    """The clocks that apply to the incident as it is now, with their due times."""
    policy = policy or sla_policy_current()
    return rules.clock_due_times(
        severity=incident.severity,
        discovered_at=incident.discovered_at,
        facts=incident,
        ai_act_high_risk=incident.system.ai_act_category == AIActCategory.HIGH_RISK,
        policy=policy,
        holidays=business_calendar(incident.discovered_at),
    )


def incident_clocks_sync(*, actor, incident: Incident, why: str) -> list[str]:
    """Make the engine's clocks match the incident; returns the timeline texts written."""
    policy = sla_policy_current()
    wanted = wanted_due_times(incident, policy)
    rows = list(incident_deadlines(incident))
    open_ = {clock_kind(d.kind): d for d in rows if d.is_open}
    met = {clock_kind(d.kind) for d in rows if d.met_at is not None}
    lines = []
    for kind in K:
        due_at, current = wanted.get(kind), open_.get(kind)
        label = clock_label(kind, incident.incident_id)
        if current is not None and due_at is None:
            deadline_cancel(actor=actor, deadline=current, reason=why)
            lines.append(f"{label}: no longer applies ({why}).")
        elif due_at is None or kind in met:
            continue
        elif current is None:
            _open(actor, incident, kind, due_at, policy)
            cause = "" if why == "reported" else f" ({why})"
            lines.append(f"{label}: clock started, due {due_text(due_at)}{cause}.")
        elif current.due_at != due_at:
            warn = rules.warn_offsets(
                kind=kind, discovered_at=_start(incident, kind), due_at=due_at, policy=policy
            )
            deadline_move(actor=actor, deadline=current, due_at=due_at, warn_before=warn)
            lines.append(f"{label}: now due {due_text(due_at)} ({why}).")
    for text in lines:
        timeline_record(incident=incident, kind=TimelineKind.CLOCK, text=text, actor=actor)
    return lines


def _open(actor, incident: Incident, kind: K, due_at: datetime, policy) -> Deadline:
    return deadline_open(
        actor=actor,
        subject=incident,
        kind=deadline_kind(kind),
        label=clock_label(kind, incident.incident_id),
        due_at=due_at,
        owner=clock_owner(incident, kind),
        warn_before=rules.warn_offsets(
            kind=kind, discovered_at=_start(incident, kind), due_at=due_at, policy=policy
        ),
        escalate_after=ESCALATE_AFTER,
        escalation_roles=escalation_roles(kind),
        link=incident_link(incident.incident_id),
    )


def _start(incident: Incident, kind: K) -> datetime:
    """The window's start, for the warnings: a regulatory clock's is its awareness."""
    return rules.regulatory_start(kind, discovered_at=incident.discovered_at, facts=incident)
