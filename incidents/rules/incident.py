"""Pure rules of incidents (DOMAIN.md section 6): the SLA table, business days, the
clocks an incident runs and when each is due, warnings, severity changes, the status
flow and the late-GDPR rule. No ORM, no I/O, no clock reads: time is a parameter, and
the holiday calendar is passed in (incidents.selectors.calendar builds it).

Calendar windows are calendar hours in UTC (72 hours is 72 hours across weekends and
daylight saving). Business-day windows (low severity, medium's regulatory assessment)
land on the same local time of the N-th business day after discovery, in the
organisation's time zone, skipping weekends and its public holidays (the calendar is
built from the organisation profile by incidents.selectors.calendar). A low incident's leadership
notice is due with the next weekly leadership report, Monday 09:00 local.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from incidents.choices import ClockKind, IncidentStatus, Severity

K = ClockKind
# Minutes from discovery (DOMAIN.md 6). Low's 1440/4320/2880 count as 1/3/2 business
# days ("next business day", "3 business days", the weekly report); critical's
# regulatory assessment is immediate (0); low has none.
DEFAULT_SLA_MINUTES: dict[str, dict[str, int]] = {
    Severity.CRITICAL: {
        K.TRIAGE: 15,
        K.CONTAINMENT: 120,
        K.LEADERSHIP: 30,
        K.REGULATORY_ASSESSMENT: 0,
    },
    Severity.HIGH: {
        K.TRIAGE: 60,
        K.CONTAINMENT: 480,
        K.LEADERSHIP: 120,
        K.REGULATORY_ASSESSMENT: 1440,
    },
    Severity.MEDIUM: {
        K.TRIAGE: 240,
        K.CONTAINMENT: 1440,
        K.LEADERSHIP: 480,
        K.REGULATORY_ASSESSMENT: 1440,
    },
    Severity.LOW: {K.TRIAGE: 1440, K.CONTAINMENT: 4320, K.LEADERSHIP: 2880},
}
# A severity ("low": all its clocks) or one clock of one ("medium.regulatory_assessment")
# whose minutes count as business days of 1440 minutes.
DEFAULT_BUSINESS_DAYS = ["low", "medium.regulatory_assessment"]
DEFAULT_WARN_FRACTIONS = [0.5, 0.75]
DEFAULT_GDPR_WARN_HOURS = 6
MINUTES_PER_BUSINESS_DAY = 1440
# DOMAIN.md 6: a low incident's leadership notice goes into the weekly leadership report,
# Monday 09:00 in the organisation's zone, whatever the table's minutes say.
WEEKLY_REPORT_CLOCKS = frozenset({(Severity.LOW, K.LEADERSHIP)})
WEEKLY_REPORT_WEEKDAY = 0  # Monday
WEEKLY_REPORT_TIME = time(9, 0)

GDPR_WINDOW = timedelta(hours=72)  # GDPR Art. 33(1): calendar hours from awareness
ART73_DAYS_DEFAULT = 15  # Art. 73(2)
ART73_DAYS_DEATH = 10  # Art. 73(4)
ART73_DAYS_WIDESPREAD = 2  # Art. 73(3): widespread infringement or critical infrastructure

OLDEST_AWARENESS = timedelta(days=3653)  # an older date is a typing mistake
SEVERITY_RANK = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2, Severity.CRITICAL: 3}
STATUS_FLOW = [
    IncidentStatus.REPORTED,
    IncidentStatus.TRIAGED,
    IncidentStatus.CONTAINED,
    IncidentStatus.RESOLVED,
    IncidentStatus.CLOSED,
]
# The clock a status step meets.
STEP_MEETS = {IncidentStatus.TRIAGED: K.TRIAGE, IncidentStatus.CONTAINED: K.CONTAINMENT}
REGULATORY_KINDS = (K.GDPR_72H, K.AI_ACT_ART73)
SLA_KINDS = (K.TRIAGE, K.CONTAINMENT, K.LEADERSHIP, K.REGULATORY_ASSESSMENT)


# The facts a person records on an incident (IncidentFacts' booleans, the estimate of
# people affected and the nature of a personal-data breach), and the moments of
# awareness the regulatory clocks run from.
FACT_FIELDS = (
    "affected_people_estimate",
    "eu_residents_affected",
    "personal_data_exposed",
    "death",
    "critical_infrastructure_disruption",
    "widespread_infringement",
    "other_serious_harm",
    "breach_nature",
)


class IncidentFacts(Protocol):
    """What the regulatory clocks depend on (an Incident has these attributes): the
    facts, the moments the organisation learned them (None: not recorded, then
    discovery), and the DPO's "unlikely to result in a risk" decision."""

    eu_residents_affected: bool
    personal_data_exposed: bool
    death: bool
    critical_infrastructure_disruption: bool
    widespread_infringement: bool
    other_serious_harm: bool
    personal_data_aware_at: datetime | None
    serious_incident_aware_at: datetime | None
    gdpr_no_risk_at: datetime | None


@dataclass(frozen=True)
class Facts:
    """IncidentFacts as a value, for tests and for a change not yet saved."""

    eu_residents_affected: bool = False
    personal_data_exposed: bool = False
    death: bool = False
    critical_infrastructure_disruption: bool = False
    widespread_infringement: bool = False
    other_serious_harm: bool = False
    personal_data_aware_at: datetime | None = None
    serious_incident_aware_at: datetime | None = None
    gdpr_no_risk_at: datetime | None = None


@dataclass(frozen=True)
class SlaTerms:
    """The SLA policy's terms (an SlaPolicy row has the same attributes)."""

    minutes: dict = field(default_factory=lambda: DEFAULT_SLA_MINUTES)
    business_day_severities: list = field(default_factory=lambda: list(DEFAULT_BUSINESS_DAYS))
    warn_fractions: list = field(default_factory=lambda: list(DEFAULT_WARN_FRACTIONS))
    gdpr_warn_hours: int = DEFAULT_GDPR_WARN_HOURS


DEFAULT_SLA = SlaTerms()


@dataclass(frozen=True)
class BusinessCalendar:
    """The organisation's working days: not Saturday or Sunday, not a holiday, with
    dates read in `zone`."""

    holidays: frozenset[date] = frozenset()
    zone: str = "UTC"

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays


def business_days_after(start: datetime, days: int, calendar: BusinessCalendar) -> datetime:
    """The same local time on the `days`-th business day after `start`'s date."""
    zone = ZoneInfo(calendar.zone)
    local = start.astimezone(zone)
    day, counted = local.date(), 0
    while counted < days:
        day += timedelta(days=1)
        counted += calendar.is_business_day(day)
    wall = datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=zone)
    return wall.astimezone(UTC)


def weekly_report_after(start: datetime, zone: str) -> datetime:
    """The first weekly leadership report after `start`: the next Monday 09:00 (local
    time in `zone`) strictly later than `start`; a Monday 08:59 start makes that day's."""
    tz = ZoneInfo(zone)
    local = start.astimezone(tz)
    day = local.date() + timedelta(days=(WEEKLY_REPORT_WEEKDAY - local.weekday()) % 7)
    at = datetime.combine(day, WEEKLY_REPORT_TIME, tzinfo=tz)
    if at <= local:
        at = datetime.combine(day + timedelta(days=7), WEEKLY_REPORT_TIME, tzinfo=tz)
    return at.astimezone(UTC)


def weekly_report_covers(report_at: datetime, zone: str) -> tuple[datetime, datetime]:
    """What the weekly leadership report of `report_at` (a Monday 09:00 in `zone`)
    lists: the low incidents discovered from the previous report (the Monday before,
    09:00 local, included) to this one (excluded), as UTC times."""
    tz = ZoneInfo(zone)
    local = report_at.astimezone(tz)
    previous = datetime.combine(local.date() - timedelta(days=7), WEEKLY_REPORT_TIME, tzinfo=tz)
    return previous.astimezone(UTC), local.astimezone(UTC)


def counts_business_days(policy, severity: str, kind: str) -> bool:
    marks = set(policy.business_day_severities)
    return severity in marks or f"{severity}.{kind}" in marks


def sla_due_at(
    *, policy, severity: str, kind: str, discovered_at: datetime, calendar: BusinessCalendar
) -> datetime | None:
    """One SLA clock's due time, None when the table has no such clock for the severity."""
    minutes = policy.minutes.get(severity, {}).get(kind)
    if minutes is None:
        return None
    if (severity, kind) in WEEKLY_REPORT_CLOCKS:
        return weekly_report_after(discovered_at, calendar.zone)
    if minutes and counts_business_days(policy, severity, kind):
        days = max(1, round(minutes / MINUTES_PER_BUSINESS_DAY))
        return business_days_after(discovered_at, days, calendar)
    return discovered_at.astimezone(UTC) + timedelta(minutes=minutes)


def gdpr_applies(facts: IncidentFacts) -> bool:
    """Art. 33: a personal-data breach affecting EU residents."""
    return bool(facts.eu_residents_affected and facts.personal_data_exposed)


def gdpr_clock_runs(facts: IncidentFacts) -> bool:
    """The 72-hour clock applies: Art. 33 applies and the DPO has not decided the
    breach is unlikely to result in a risk to people."""
    return gdpr_applies(facts) and getattr(facts, "gdpr_no_risk_at", None) is None


def is_serious(facts: IncidentFacts) -> bool:
    """A serious incident in the sense of Art. 3(49): any of its facts."""
    return bool(
        facts.death
        or facts.critical_infrastructure_disruption
        or facts.widespread_infringement
        or facts.other_serious_harm
    )


def regulatory_start(kind: str, *, discovered_at: datetime, facts: IncidentFacts) -> datetime:
    """When a clock's window starts: a regulatory clock at the awareness of the fact
    that triggers it (DOMAIN 6), when recorded; every other clock at discovery."""
    moment = None
    if kind == K.GDPR_72H:
        moment = getattr(facts, "personal_data_aware_at", None)
    elif kind == K.AI_ACT_ART73:
        moment = getattr(facts, "serious_incident_aware_at", None)
    return moment or discovered_at


def gdpr_due_at(discovered_at: datetime) -> datetime:
    # In UTC first: Python adds a timedelta to an aware time as wall-clock time in its
    # own zone, so 72 h over a daylight-saving change would come out 71 or 73 h.
    return discovered_at.astimezone(UTC) + GDPR_WINDOW


def art73_days(facts: IncidentFacts, *, ai_act_high_risk: bool) -> int | None:
    """Days to report a serious incident of a high-risk system; the earliest that
    applies wins; None when Art. 73 does not apply."""
    if not ai_act_high_risk:
        return None
    found = []
    if facts.critical_infrastructure_disruption or facts.widespread_infringement:
        found.append(ART73_DAYS_WIDESPREAD)
    if facts.death:
        found.append(ART73_DAYS_DEATH)
    if facts.other_serious_harm:
        found.append(ART73_DAYS_DEFAULT)
    return min(found, default=None)


def clock_due_times(
    *,
    severity: str,
    discovered_at: datetime,
    facts: IncidentFacts,
    ai_act_high_risk: bool,
    policy=DEFAULT_SLA,
    holidays: BusinessCalendar | frozenset[date] = frozenset(),
) -> dict[ClockKind, datetime]:
    """Every clock that applies to an incident, with its due time (UTC)."""
    if timezone_naive(discovered_at):
        raise ValueError("discovered_at must carry a time zone.")
    calendar = holidays if isinstance(holidays, BusinessCalendar) else BusinessCalendar(holidays)
    due: dict[ClockKind, datetime] = {}
    for kind in SLA_KINDS:
        at = sla_due_at(
            policy=policy,
            severity=severity,
            kind=kind,
            discovered_at=discovered_at,
            calendar=calendar,
        )
        if at is not None:
            due[kind] = at
    if gdpr_clock_runs(facts):
        aware = regulatory_start(K.GDPR_72H, discovered_at=discovered_at, facts=facts)
        due[K.GDPR_72H] = gdpr_due_at(aware)
    days = art73_days(facts, ai_act_high_risk=ai_act_high_risk)
    if days is not None:
        aware = regulatory_start(K.AI_ACT_ART73, discovered_at=discovered_at, facts=facts)
        due[K.AI_ACT_ART73] = aware.astimezone(UTC) + timedelta(days=days)
    return due


def timezone_naive(value: datetime) -> bool:
    return value.tzinfo is None or value.tzinfo.utcoffset(value) is None


def warn_offsets(
    *, kind: str, discovered_at: datetime, due_at: datetime, policy=DEFAULT_SLA
) -> list[timedelta]:
    """How long before `due_at` the owner is warned: when `warn_fractions` of the window
    have passed (50% and 75% by default), and `gdpr_warn_hours` before a GDPR clock.
    Whole minutes, positive, distinct."""
    window = due_at.astimezone(UTC) - discovered_at.astimezone(UTC)
    offsets = {window * (1 - fraction) for fraction in policy.warn_fractions}
    if kind == K.GDPR_72H:
        offsets.add(timedelta(hours=policy.gdpr_warn_hours))
    minutes = {int(o.total_seconds() // 60) for o in offsets if o < window}
    return sorted((timedelta(minutes=m) for m in minutes if m > 0), reverse=True)


def severity_change_problems(old: str, new: str, reason: str) -> dict[str, str]:
    """What is wrong with a severity change, by field (empty: fine)."""
    if new not in SEVERITY_RANK:
        return {"severity": f"'{new}' is not a severity."}
    if new == old:
        return {"severity": f"The severity is {old} already."}
    if SEVERITY_RANK[new] < SEVERITY_RANK[old] and not (reason or "").strip():
        return {"reason": "Say why the severity is lowered."}
    return {}


def severity_raised(old: str, new: str) -> bool:
    return SEVERITY_RANK[new] > SEVERITY_RANK[old]


def status_step_problems(current: str, target: str, *, has_review: bool) -> dict[str, str]:
    """An incident moves one step at a time along STATUS_FLOW; closing needs the
    post-incident review."""
    if current == IncidentStatus.CLOSED:
        return {"status": "The incident is closed."}
    if target not in STATUS_FLOW or STATUS_FLOW.index(target) != STATUS_FLOW.index(current) + 1:
        label = IncidentStatus(current).label.lower()
        return {"status": f"A {label} incident cannot be marked {target} now."}
    if target == IncidentStatus.CLOSED and not has_review:
        return {"status": "Record the post-incident review before closing."}
    return {}


def awareness_problems(discovered_at: datetime, now: datetime) -> dict[str, str]:
    if timezone_naive(discovered_at):
        return {"discovered_at": "Give the time with its time zone."}
    if discovered_at > now:
        return {"discovered_at": "The discovery time cannot be in the future."}
    if discovered_at < now - OLDEST_AWARENESS:
        return {"discovered_at": "More than ten years ago: check the date."}
    return {}


AWARENESS_FIELDS = ("personal_data_aware_at", "serious_incident_aware_at")
# A moment within this of "now" is "now": a client's clock and ours differ a little.
NOW_TOLERANCE = timedelta(minutes=1)


def awareness_moment_problems(
    field: str, at: datetime, *, discovered_at: datetime, now: datetime, reason: str
) -> dict[str, str]:
    """What is wrong with setting an awareness moment (`field`) to `at`, by field: it
    carries its time zone, is never in the future, never before discovery, and one
    earlier than now says why (`reason`)."""
    if timezone_naive(at):
        return {field: "Give the time with its time zone."}
    if at > now + NOW_TOLERANCE:
        return {field: "The moment of awareness cannot be in the future."}
    if at < discovered_at:
        return {field: "The moment of awareness cannot be before the incident's discovery."}
    if at < now - NOW_TOLERANCE and not (reason or "").strip():
        return {"reason": "Say why the moment of awareness is earlier than now."}
    return {}


def no_risk_decision_problems(facts: IncidentFacts, reasons: str, *, gdpr_met: bool) -> dict:
    """The DPO's "unlikely to result in a risk" decision: only for a GDPR breach whose
    authority was not notified yet, once, and with reasons."""
    if not gdpr_applies(facts):
        return {"reasons": "No GDPR personal-data breach of EU residents is recorded."}
    if getattr(facts, "gdpr_no_risk_at", None) is not None:
        return {"reasons": "The DPO has decided this already."}
    if gdpr_met:
        return {"reasons": "The supervisory authority has been notified already."}
    if not (reasons or "").strip():
        return {"reasons": "Say why the breach is unlikely to result in a risk to people."}
    return {}


def gdpr_late_needs_reasons(due_at: datetime, sent_at: datetime, reasons: str) -> str | None:
    """Art. 33(1): a notification after the 72 hours carries the reasons for the delay.
    The message to show on `delay_reasons`, or None when fine."""
    if sent_at > due_at and not (reasons or "").strip():
        return "Sent after the 72 hours: record the reasons for the delay."
    return None


def incident_id_for(number: int) -> str:
    return f"INC-{number:04d}"


def remaining(due_at: datetime, now: datetime) -> timedelta:
    """Time left (negative once breached)."""
    return due_at - now
