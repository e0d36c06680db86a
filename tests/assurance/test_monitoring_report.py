"""The monthly monitoring report (issue 20 section 2): values per metric, breaches,
incidents opened and silences, as a page and as the audit pack's section, in a fixed
number of queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assurance.models import BreachEpisode
from assurance.selectors.monitoring_report import (
    monitoring_pack_section,
    month_span,
    monthly_report,
    reports_for,
)
from assurance.services.breaches import episode_incident_open
from core.pack_sections import PackSpan
from tests.assurance.test_metrics import T0, batch, planned_system, push, signed_in

pytestmark = pytest.mark.django_db
DECEMBER = month_span(date(2026, 12, 1))


def test_a_month_is_its_calendar_span_in_utc_by_default():
    assert month_span(date(2026, 12, 1)) == (
        datetime(2026, 12, 1, tzinfo=UTC),
        datetime(2027, 1, 1, tzinfo=UTC),
    )


def test_a_readers_month_starts_at_their_midnight(personas):
    """A value observed at 23:30 UTC on 30 November is December's for a reader in
    Berlin (00:30 on 1 December there), and November's for a reader in UTC."""
    from zoneinfo import ZoneInfo

    from assurance.models import MonitoringPlan

    system = planned_system(personas)
    late = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    push(personas, system, batch([0.95], start=late), at=late + timedelta(minutes=5))
    plan = MonitoringPlan.objects.get(system=system)
    berlin = monthly_report(plan, date(2026, 12, 1), ZoneInfo("Europe/Berlin"))
    in_utc = monthly_report(plan, date(2026, 12, 1))
    assert berlin.start == datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
    assert [m.count for m in berlin.metrics] == [1]
    assert [m.count for m in in_utc.metrics] == [0]
    personas.auditor.time_zone = "Europe/Berlin"
    personas.auditor.save(update_fields=["time_zone"])
    with time_machine.travel(late + timedelta(days=2), tick=False):
        page = signed_in(personas.auditor).get(
            reverse("assurance:monitoring_report", args=["SYS-001", "2026-12"])
        )
    assert "The calendar month in your time zone, 2026-12-01 00:00" in page.content.decode()


def test_the_report_sums_values_breaches_incidents_and_silences(personas):
    system = planned_system(personas)  # accuracy at least 0.9, one value an hour at most
    push(personas, system, batch([0.95, 0.6, 0.7, 0.96]), at=T0 + timedelta(minutes=5))
    later = T0 + timedelta(hours=3)
    push(personas, system, batch([0.97], start=later), at=later)
    with time_machine.travel(T0 + timedelta(hours=4), tick=False):
        incident = episode_incident_open(actor=personas.owner, episode=BreachEpisode.objects.get())
        report = reports_for([system.pk], *DECEMBER)[system.pk]
        page = signed_in(personas.auditor).get(
            reverse("assurance:monitoring_report", args=["SYS-001", "2026-12"])
        )
    [accuracy] = report.metrics
    assert (accuracy.count, accuracy.least, accuracy.most, accuracy.past) == (5, 0.6, 0.97, 2)
    assert [e.values_past for e in report.episodes] == [2]
    assert report.incidents == [incident]
    # Before the first value nothing is a silence (it came within the hour); between
    # 08:03 and 11:00 the system was silent; after 11:00 the month is not over yet.
    assert report.silences == [(T0 + timedelta(minutes=3), later)]
    text = page.content.decode()
    assert page.status_code == 200
    assert incident.incident_id in text and "No value from 2026-12-01" in text


def test_the_pack_section_reads_in_a_fixed_number_of_queries(personas):
    from assurance.services.plans import plan_save
    from tests.factories import AISystemFactory

    system = planned_system(personas)
    push(personas, system, batch([0.95, 0.6]))
    span = PackSpan(*DECEMBER, as_of=T0 + timedelta(days=2))
    with CaptureQueriesContext(connection) as one:
        monitoring_pack_section([system.pk], span)
    others = [AISystemFactory(owner_team=personas.people_ops) for _ in range(3)]
    for other in others:
        plan_save(
            actor=personas.owner,
            system=other,
            interval=timedelta(hours=1),
            metrics=[{"metric": "accuracy", "direction": "at_least", "threshold": 0.9}],
        )
    with CaptureQueriesContext(connection) as four:
        data = monitoring_pack_section([system.pk, *(o.pk for o in others)], span)
    assert len(four) == len(one)
    assert data.by_system[system.pk]["report"].metrics[0].past == 1
    assert [r["breaches"] for r in data.portfolio["rows"]][0] == 1
