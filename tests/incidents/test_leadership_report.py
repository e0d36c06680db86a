"""The weekly leadership report (DOMAIN.md 6): Monday 09:00 in the organisation's zone,
listing the week's low-severity incidents, whose leadership notice it meets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.models import Deadline
from incidents.models import Incident
from incidents.services.report import incident_report
from tests.factories import organisation_profile

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
URL = "/incidents/leadership-report/"


def reported(personas, system, severity: str, at: datetime) -> Incident:
    with time_machine.travel(at + timedelta(minutes=5), tick=False):
        return incident_report(
            actor=personas.responder,
            system=system,
            type="performance_regression",
            severity=severity,
            discovered_at=at,
            description="Slower answers.",
        )


@pytest.fixture
def week(personas, screener):
    """Berlin; low incidents on Mon 30 Nov 08:00 (last week's report), Tue 1 Dec and Sun
    6 Dec 23:00 (the report of Mon 7 Dec), Mon 7 Dec 09:00 (the next); a high one on Wed."""
    organisation_profile()
    return {
        "before": reported(personas, screener, "low", datetime(2026, 11, 30, 8, 0, tzinfo=BERLIN)),
        "tuesday": reported(personas, screener, "low", datetime(2026, 12, 1, 15, 0, tzinfo=BERLIN)),
        "high": reported(personas, screener, "high", datetime(2026, 12, 2, 10, 0, tzinfo=BERLIN)),
        "sunday": reported(personas, screener, "low", datetime(2026, 12, 6, 23, 0, tzinfo=BERLIN)),
        "after": reported(personas, screener, "low", datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)),
    }


def listed(html: str) -> list[str]:
    import re

    return re.findall(r'<tr data-incident="(INC-\d+)"', html)


def test_the_report_lists_the_low_incidents_of_its_week(client, personas, week):
    client.force_login(personas.board)
    with time_machine.travel(datetime(2026, 12, 4, 12, 0, tzinfo=UTC), tick=False):
        html = client.get(URL).content.decode()  # the next report: Monday 7 Dec
    assert "Weekly leadership report of Monday 7 December 2026" in html
    expected = [week["tuesday"].incident_id, week["sunday"].incident_id]
    assert listed(html) == expected


def test_an_earlier_week_is_chosen_by_its_monday(client, personas, week):
    client.force_login(personas.board)
    with time_machine.travel(datetime(2026, 12, 8, 12, 0, tzinfo=UTC), tick=False):
        html = client.get(URL, {"week": "2026-11-30"}).content.decode()
        assert listed(html) == [week["before"].incident_id]
        assert client.get(URL, {"week": "2026-12-01"}).status_code == 400
        assert b"week" in client.get(URL, {"week": "soon"}).content


def test_presenting_the_report_meets_its_leadership_notices(client, personas, week):
    client.force_login(personas.responder)
    at = datetime(2026, 12, 7, 8, 30, tzinfo=UTC)  # 09:30 Berlin, Monday 7 Dec
    with time_machine.travel(at, tick=False):
        response = client.post(URL, {"week": "2026-12-07"})
    assert response.status_code == 302
    met = Deadline.objects.filter(kind="incidents.leadership", met_at__isnull=False)
    ids = {int(d.subject_id) for d in met}
    assert ids == {week["tuesday"].pk, week["sunday"].pk}
    assert {d.met_at for d in met} == {at} and {d.met_by_id for d in met} == {personas.responder.pk}


def test_a_board_member_reads_but_cannot_record_the_report(client, personas, week):
    client.force_login(personas.board)
    with time_machine.travel(datetime(2026, 12, 7, 8, 30, tzinfo=UTC), tick=False):
        assert b"Record the report as presented" not in client.get(URL).content
        assert client.post(URL, {"week": "2026-12-07"}).status_code == 403
    assert not Deadline.objects.filter(kind="incidents.leadership", met_at__isnull=False).exists()
