"""Every read of incidents that a page or endpoint needs, in a fixed number of queries.
Members of the organisation read every incident (as they read every system); a missing
incident and a forbidden one are the same 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Cast, JSONObject

from core.clocks.rules import warning_state, warning_times
from core.models import Deadline
from core.permissions import can
from core.selectors import all_or_none, visible_or_404
from incidents import rules
from incidents.choices import Audience, ClockKind, IncidentStatus
from incidents.contributions import PREFIX, clock_kind, deadline_kind
from incidents.models import Incident, IncidentNotification, SlaPolicy
from registry.models import AISystem

RECENT = timedelta(days=7)  # met or breached regulatory clocks stay on the DPO's page


def sla_policy_current() -> SlaPolicy:
    """The SLA policy in force: the highest version. Migration 0002 installs version 1;
    without any row (a flushed test database), version 1's defaults, unsaved."""
    from incidents.services.library import default_sla_policy

    return SlaPolicy.objects.order_by("-version").first() or default_sla_policy(SlaPolicy)


def incidents_visible_to(user):
    return all_or_none(user, "incidents.incident.view", Incident)


INCIDENT_PEOPLE = (
    "system",
    "lead",
    "reported_by",
    "personal_data_aware_by",
    "serious_incident_aware_by",
    "gdpr_no_risk_by",
)


def incident_get_for(user, incident_id: str) -> Incident:
    """The incident with its system, lead and reporter; 404 when missing or forbidden."""
    rows = incidents_visible_to(user).select_related(*INCIDENT_PEOPLE)
    return visible_or_404(rows, "No such incident.", incident_id=incident_id)


@dataclass(frozen=True)
class Clock:
    """One clock as a page shows it. `remaining` is negative once breached; for a met
    clock it is the margin it was met with."""

    kind: ClockKind
    label: str
    due_at: datetime
    met_at: datetime | None
    met_by: str
    breached: bool
    remaining: timedelta
    owner: str
    deadline_id: int
    # When its warnings fall (core.clocks.rules.warning_times, from the row's offsets):
    # the countdown's colours and the board's "at risk" read these, never a fixed rule.
    warn_at: datetime | None = None
    at_risk_at: datetime | None = None
    state: str = "ok"  # at the selector's `now`: ok, warning, urgent (at risk), breached

    @property
    def running(self) -> bool:
        return self.met_at is None


def _clock(deadline: Deadline, now: datetime) -> Clock:
    met_by = ""
    if deadline.met_by_id:
        met_by = deadline.met_by.full_name or deadline.met_by.email
    return _clock_of(
        kind=deadline.kind,
        label=deadline.label,
        due_at=deadline.due_at,
        warn_before=deadline.warn_before,
        met_at=deadline.met_at,
        met_by=met_by,
        owner=deadline.owner.full_name or deadline.owner.email,
        deadline_id=deadline.pk,
        now=now,
    )


def _clock_of_row(row: dict, now: datetime) -> Clock:
    """A Clock from a row of CLOCK_VALUES (no model instances: 50 a page)."""
    return _clock_of(
        kind=row["kind"],
        label=row["label"],
        due_at=row["due_at"],
        warn_before=row["warn_before"],
        met_at=row["met_at"],
        met_by=row["met_by__full_name"] or row["met_by__email"] or "",
        owner=row["owner__full_name"] or row["owner__email"],
        deadline_id=row["pk"],
        now=now,
    )


def _clock_of(*, kind, label, due_at, warn_before, met_at, met_by, owner, deadline_id, now):
    end = met_at or now
    warnings = warning_times(due_at, warn_before)
    return Clock(
        kind=clock_kind(kind),
        label=label,
        due_at=due_at,
        met_at=met_at,
        met_by=met_by,
        breached=end > due_at,
        remaining=rules.remaining(due_at, end),
        owner=owner,
        deadline_id=deadline_id,
        warn_at=warnings.warn_at,
        at_risk_at=warnings.at_risk_at,
        state=warning_state(warnings, due_at, end),
    )


def _clock_rows(subject_ids: list[str]):
    return (
        Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(Incident),
            subject_id__in=subject_ids,
            kind__startswith=PREFIX,
            cancelled_at__isnull=True,
        )
        .select_related("met_by", "owner")
        .order_by("due_at", "pk")
    )


def incident_clocks(incident: Incident, now: datetime) -> list[Clock]:
    """The incident's clocks that apply (not cancelled), earliest due first (2 queries:
    the content type is cached after the first)."""
    return [_clock(d, now) for d in _clock_rows([str(incident.pk)])]


def incident_clocks_many(incidents, now: datetime) -> dict[int, list[Clock]]:
    """The clocks of several incidents in one query, by incident pk."""
    found: dict[int, list[Clock]] = {i.pk: [] for i in incidents}
    for deadline in _clock_rows([str(pk) for pk in found]):
        found[int(deadline.subject_id)].append(_clock(deadline, now))
    return found


@dataclass(frozen=True)
class ClockSystem:
    system_id: str
    name: str


@dataclass(frozen=True)
class ClockIncident:
    """What a regulatory clock's row shows of its incident (the clocks page, the board)."""

    pk: int
    incident_id: str
    title: str
    system: ClockSystem


@dataclass(frozen=True)
class RegulatoryClock:
    incident: ClockIncident
    clock: Clock


# What a Clock is made of (_clock_of_row): the clocks page lists 50 a page at an
# enterprise's size, where model instances of each clock, its owner and its incident
# with their whole rows cost more to load than the page costs to draw.
CLOCK_VALUES = (
    "pk",
    "subject_id",
    "label",
    "kind",
    "due_at",
    "warn_before",
    "met_at",
    "met_by__full_name",
    "met_by__email",
    "owner__full_name",
    "owner__email",
)


def regulatory_deadlines_counted(now: datetime):
    """The clocks regulatory_deadlines lists, plain: what its pages count, with no join."""
    return Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(Incident),
        kind__in=[deadline_kind(ClockKind.GDPR_72H), deadline_kind(ClockKind.AI_ACT_ART73)],
        cancelled_at__isnull=True,
    ).filter(
        # Running, or met lately: two ranges of the (kind, met_at) index, where "not met
        # before" read every clock ever met (225,000 at an enterprise's size).
        Q(met_at__isnull=True) | Q(met_at__gte=now - RECENT)
    )


def regulatory_deadlines(now: datetime):
    """Every GDPR and Art. 73 clock that runs, or was met in the last 7 days: running ones
    first (the breached among them are due earliest, so they lead), soonest due first.
    Rows of CLOCK_VALUES, for regulatory_clock_rows."""
    return (
        regulatory_deadlines_counted(now)
        .order_by(_met_last(), "due_at", "pk")
        .values(*CLOCK_VALUES)
    )


def _met_last():
    return ExpressionWrapper(Q(met_at__isnull=False), output_field=BooleanField()).asc()


def regulatory_clock_rows(deadlines, now: datetime) -> list[RegulatoryClock]:
    """The rows of `deadlines` (of regulatory_deadlines) with their incidents: one query."""
    deadlines = list(deadlines)
    # The system by a subquery on its key: a join would hash every system (2,000 at an
    # enterprise's size) for the page's 50 incidents.
    system = AISystem.objects.filter(pk=OuterRef("system_id"))
    rows = (
        Incident.objects.filter(pk__in=[int(d["subject_id"]) for d in deadlines])
        .order_by()
        .annotate(of=Subquery(system.values(json=JSONObject(system_id="system_id", name="name"))))
        .values("pk", "incident_id", "title", "of")
    )
    incidents = {
        row["pk"]: ClockIncident(
            row["pk"], row["incident_id"], row["title"], ClockSystem(**row["of"])
        )
        for row in rows
    }
    return [
        RegulatoryClock(incidents[int(d["subject_id"])], _clock_of_row(d, now))
        for d in deadlines
        if int(d["subject_id"]) in incidents
    ]


def regulatory_clocks_running(now: datetime, user=None) -> list[RegulatoryClock]:
    """Every row of regulatory_deadlines (3 queries). Given `user`, empty unless they may
    see the page."""
    if user is not None and not can(user, "incidents.regulatory.view"):
        return []
    return regulatory_clock_rows(regulatory_deadlines(now), now)


def incidents_open_for_system(system):
    """The system's incidents not closed, most recently discovered first."""
    return (
        Incident.objects.filter(system=system)
        .exclude(status=IncidentStatus.CLOSED)
        .select_related("lead")
        .order_by("-discovered_at", "-pk")
    )


def incident_list_for(user, params=None, *, now=None, time_zone: str = "UTC"):
    """The incident list (incidents.lists.incident.INCIDENT_LIST) as `params` filter and sort it:
    the page, the API and the CSV export all come through here."""
    from django.utils import timezone

    from incidents.lists.incident import INCIDENT_LIST

    context = {"now": now or timezone.now(), "time_zone": time_zone}
    return INCIDENT_LIST.query(incidents_visible_to(user), params, **context)


@dataclass(frozen=True)
class TimelineLine:
    """One line of the timeline as a page shows it: the incident's own entries and the
    clocks' alerts that core's sweep sent (warnings, due, escalations), by time."""

    at: datetime
    kind: str
    text: str
    actor: str  # "" for the portal itself


def incident_timeline(incident: Incident) -> list[TimelineLine]:
    """Every step, note, checklist item and clock event, oldest first (3 queries)."""
    from core.clocks.rules import DUE_KEY
    from core.models import DeadlineAlert

    lines = [
        TimelineLine(e.at, e.kind, e.text, (e.actor.full_name or e.actor.email) if e.actor else "")
        for e in incident.timeline.select_related("actor")
    ]
    alerts = DeadlineAlert.objects.filter(
        deadline__subject_type=ContentType.objects.get_for_model(Incident),
        deadline__subject_id=str(incident.pk),
        deadline__kind__startswith=PREFIX,
    ).select_related("deadline")
    for alert in alerts:
        label = alert.deadline.label
        if alert.threshold == DUE_KEY:
            text = f"{label}: due now; the owner was told."
        elif alert.threshold.startswith("escalate"):
            text = f"{label}: breached; escalated ({alert.recipients} people told)."
        else:
            text = f"{label}: warning sent ({alert.threshold.removeprefix('warn-')} before due)."
        lines.append(TimelineLine(alert.sent_at, "clock", text, ""))
    return sorted(lines, key=lambda line: line.at)


def art73_unreported_for_system(system) -> list[Incident]:
    """The system's incidents whose EU AI Act Art. 73 report has not been made (the
    clock runs): while any, changes to the system ask for a confirmation."""
    running = Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(Incident),
        kind=deadline_kind(ClockKind.AI_ACT_ART73),
        met_at__isnull=True,
        cancelled_at__isnull=True,
    ).values("subject_id")
    return list(
        Incident.objects.filter(system=system)
        .annotate(pk_text=Cast("pk", CharField()))
        .filter(pk_text__in=running)
        .order_by("discovered_at", "pk")
    )


SERIOUS = (
    Q(death=True)
    | Q(critical_infrastructure_disruption=True)
    | Q(widespread_infringement=True)
    | Q(other_serious_harm=True)
)


def art73_unreported(system) -> list[Incident]:
    """Open serious incidents of a high-risk system with no Art. 73 report sent (one
    query; none for a system that is not high-risk): the system's change guard."""
    if getattr(system, "ai_act_category", "") != "high_risk":
        return []
    reported = IncidentNotification.objects.filter(
        incident=OuterRef("pk"),
        audience=Audience.REGULATOR,
        regime=ClockKind.AI_ACT_ART73,
        sent_at__isnull=False,
    )
    return list(
        Incident.objects.filter(SERIOUS, system=system)
        .exclude(status=IncidentStatus.CLOSED)
        .exclude(Exists(reported))
        .order_by("discovered_at")
    )


def breaches_visible_to(user):
    """The personal-data breaches (GDPR Art. 33(5)'s register) `user` may read: the
    DPO, Legal, the CISO, the board, auditors and administrators; nobody else."""
    if not can(user, "incidents.breach_register.view"):
        return Incident.objects.none()
    return Incident.objects.filter(personal_data_exposed=True)


def breach_list_for(user, params=None, *, now=None, time_zone: str = "UTC"):
    """The breach register (incidents.lists.breach.BREACH_LIST) as `params` filter and
    sort it: its page and its CSV/XLSX export come through here."""
    from django.utils import timezone

    from incidents.lists.breach import BREACH_LIST

    context = {"now": now or timezone.now(), "time_zone": time_zone}
    return BREACH_LIST.query(breaches_visible_to(user), params, **context)
