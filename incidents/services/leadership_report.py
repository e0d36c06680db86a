"""Recording the weekly leadership report as presented (DOMAIN.md 6; what it lists:
incidents.selectors.leadership_report)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from incidents.choices import ClockKind
from incidents.selectors.leadership_report import leadership_report_for
from incidents.services.meet import incident_clock_meet


@transaction.atomic
def leadership_report_present(*, actor, week: date, now: datetime | None = None) -> int:
    """Record that the weekly report of `week` was presented to leadership, now: meets
    the open leadership clock of every incident it lists (each needs the actor's right
    to send that incident's notifications). Returns how many clocks it met."""
    now = now or timezone.now()
    report = leadership_report_for(actor, week, now)
    reference = f"Weekly leadership report of {week.isoformat()}"
    for line in report.open_notices:
        incident_clock_meet(
            actor=actor,
            incident=line.incident,
            kind=ClockKind.LEADERSHIP,
            at=now,
            reference=reference,
        )
    return len(report.open_notices)
