"""The weekly leadership report (DOMAIN.md 6): every Monday 09:00 in the organisation's
zone, leadership hears of the week's low-severity incidents, which notify leadership
through it rather than one by one.

What the report lists: the low incidents discovered from the previous report (Monday
09:00 local, included) up to this one (excluded), whatever their status, with their
system, type, status, the state of their triage and containment clocks, and whether
their leadership notice is met. Each of their leadership clocks is due at the report's
moment (incidents.rules.weekly_report_after); recording the report as presented meets
those still open. Higher severities notify leadership within their own SLA and are not
listed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.selectors import organisation_profile_get
from incidents import rules
from incidents.choices import ClockKind, Severity
from incidents.models import Incident
from incidents.selectors.incident import Clock, incident_clocks_many, incidents_visible_to


@dataclass(frozen=True)
class ReportLine:
    incident: Incident
    clocks: dict[str, Clock]  # by kind: triage, containment, leadership

    @property
    def leadership(self) -> Clock | None:
        return self.clocks.get(ClockKind.LEADERSHIP)


@dataclass(frozen=True)
class LeadershipReport:
    report_at: datetime  # UTC; Monday 09:00 in `zone`
    covers_from: datetime  # UTC, included
    zone: str
    lines: list[ReportLine]

    @property
    def open_notices(self) -> list[ReportLine]:
        return [line for line in self.lines if line.leadership and line.leadership.running]


def report_moment(week: date | None, now: datetime) -> tuple[datetime, str]:
    """The report of the Monday `week` (09:00 in the organisation's zone), or, without
    one, the next report after `now`. ValidationError on `week` when not a Monday."""
    zone = organisation_profile_get().time_zone or "UTC"
    if week is None:
        return rules.weekly_report_after(now, zone), zone
    if week.weekday() != rules.WEEKLY_REPORT_WEEKDAY:
        raise ValidationError({"week": f"{week.isoformat()} is not a Monday."})
    local = datetime.combine(week, rules.WEEKLY_REPORT_TIME, tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC), zone


def leadership_report_for(user, week: date | None = None, now: datetime | None = None):
    """The weekly leadership report `user` may read (members): three queries."""
    now = now or timezone.now()
    report_at, zone = report_moment(week, now)
    start, end = rules.weekly_report_covers(report_at, zone)
    incidents = list(
        incidents_visible_to(user)
        .filter(severity=Severity.LOW, discovered_at__gte=start, discovered_at__lt=end)
        .select_related("system")
        .order_by("discovered_at", "pk")
    )
    clocks = incident_clocks_many(incidents, now)
    lines = [
        ReportLine(incident, {str(c.kind): c for c in clocks.get(incident.pk, [])})
        for incident in incidents
    ]
    return LeadershipReport(report_at, start, zone, lines)


def week_of(report_at: datetime, zone: str) -> date:
    return report_at.astimezone(ZoneInfo(zone)).date()
