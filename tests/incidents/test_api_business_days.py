"""Business days are the organisation's (DOMAIN.md 6, 13): its time zone and public
holidays from the organisation profile, never UTC dates. Each case goes through the API
(POST an incident, read its clocks' due times), and each assertion says its input, the
expected due time and the one we got."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import organisation_profile

pytestmark = pytest.mark.django_db
URL = "/api/v1/incidents/"
BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")


def report(severity: str, discovered_at: datetime) -> dict:
    return {
        "system": "SYS-001",
        "type": "performance_regression",
        "severity": severity,
        "discovered_at": discovered_at.isoformat(),
        "description": "Answers got slower.",
        "affected_people_estimate": 0,
        "eu_residents_affected": False,
        "personal_data_exposed": False,
        "death": False,
        "critical_infrastructure_disruption": False,
        "widespread_infringement": False,
    }


def due_times(api_client, person, severity: str, discovered_at: datetime) -> dict[str, datetime]:
    """POST the incident a minute after its discovery; its clocks' due times, by kind."""
    api_client.force_authenticate(person)
    with time_machine.travel(discovered_at + timedelta(minutes=1), tick=False):
        response = api_client.post(URL, report(severity, discovered_at), format="json")
    assert response.status_code == 201, response.json()
    return {
        clock["kind"]: datetime.fromisoformat(clock["due_at"].replace("Z", "+00:00"))
        for clock in response.json()["clocks"]
    }


def check(kind: str, got: dict, discovered: datetime, expected: datetime) -> None:
    at = got[kind]
    assert at == expected.astimezone(UTC), (
        f"{kind}: input discovered {discovered.isoformat()}, "
        f"expected {expected.isoformat()}, got {at.astimezone(expected.tzinfo).isoformat()}"
    )


def test_low_discovered_saturday_0030_berlin_triages_monday_0030_berlin(
    api_client, personas, screener
):
    """Input: low, Saturday 28 Nov 2026 00:30 Europe/Berlin (Friday 23:30 UTC).
    Expected: triage Monday 30 Nov 00:30 Berlin, containment (3 business days) Wednesday
    2 Dec 00:30 Berlin, leadership in the weekly report of Monday 30 Nov 09:00 Berlin.
    Got before: triage Tuesday 1 Dec 00:30 Berlin (the UTC date was Friday)."""
    organisation_profile()
    discovered = datetime(2026, 11, 28, 0, 30, tzinfo=BERLIN)
    got = due_times(api_client, personas.owner, "low", discovered)
    check("triage", got, discovered, datetime(2026, 11, 30, 0, 30, tzinfo=BERLIN))
    check("containment", got, discovered, datetime(2026, 12, 2, 0, 30, tzinfo=BERLIN))
    check("leadership", got, discovered, datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN))


def test_new_york_friday_2000_gives_monday_2000_est_never_a_sunday(api_client, personas, screener):
    """Input: organisation in America/New_York (US holidays), low, Friday 27 Nov 2026
    20:00 EST (Saturday 01:00 UTC). Expected: triage Monday 30 Nov 20:00 EST.
    Got before: Sunday 29 Nov 20:00 EST (Monday 01:00 UTC)."""
    organisation_profile(
        time_zone="America/New_York", holiday_country="US", holiday_subdivision="NY"
    )
    discovered = datetime(2026, 11, 27, 20, 0, tzinfo=NEW_YORK)
    got = due_times(api_client, personas.owner, "low", discovered)
    check("triage", got, discovered, datetime(2026, 11, 30, 20, 0, tzinfo=NEW_YORK))
    assert got["triage"].astimezone(NEW_YORK).strftime("%A") == "Monday"


def test_thanksgiving_is_skipped_for_a_us_calendar(api_client, personas, screener):
    """Input: organisation in New York with US holidays, low, Wednesday 25 Nov 2026 10:00
    EST. Expected: triage Friday 27 Nov 10:00 EST (Thursday 26 Nov is Thanksgiving).
    Got before: Thursday 26 Nov (German holidays, UTC dates)."""
    organisation_profile(time_zone="America/New_York", holiday_country="US", holiday_subdivision="")
    discovered = datetime(2026, 11, 25, 10, 0, tzinfo=NEW_YORK)
    got = due_times(api_client, personas.owner, "low", discovered)
    check("triage", got, discovered, datetime(2026, 11, 27, 10, 0, tzinfo=NEW_YORK))


def test_whit_monday_is_skipped_for_a_german_calendar(api_client, personas, screener):
    """Input: organisation in Berlin with German holidays, low, Friday 22 May 2026 14:00
    CEST. Expected: triage Tuesday 26 May 14:00 CEST (Monday 25 May is Whit Monday)."""
    organisation_profile()
    discovered = datetime(2026, 5, 22, 14, 0, tzinfo=BERLIN)
    got = due_times(api_client, personas.owner, "low", discovered)
    check("triage", got, discovered, datetime(2026, 5, 26, 14, 0, tzinfo=BERLIN))


def test_a_us_calendar_does_not_skip_whit_monday(api_client, personas, screener):
    """Input: organisation in New York with US holidays, low, Friday 14 May 2027 14:00
    EDT. Expected: triage Monday 17 May 2027 14:00 EDT (Whit Monday is no US holiday;
    in 2026 it fell on Memorial Day)."""
    organisation_profile(time_zone="America/New_York", holiday_country="US", holiday_subdivision="")
    discovered = datetime(2027, 5, 14, 14, 0, tzinfo=NEW_YORK)
    got = due_times(api_client, personas.owner, "low", discovered)
    check("triage", got, discovered, datetime(2027, 5, 17, 14, 0, tzinfo=NEW_YORK))


def test_medium_next_business_day_across_the_march_dst_change_keeps_its_local_time(
    api_client, personas, screener
):
    """Input: Berlin, medium, Friday 27 Mar 2026 10:00 CET (09:00 UTC); clocks go forward
    on Sunday 29 Mar. Expected: regulatory assessment ("next business day") Monday 30 Mar
    10:00 CEST (08:00 UTC), not 11:00 CEST (24 business hours in UTC)."""
    organisation_profile()
    discovered = datetime(2026, 3, 27, 10, 0, tzinfo=BERLIN)
    got = due_times(api_client, personas.owner, "medium", discovered)
    check("regulatory_assessment", got, discovered, datetime(2026, 3, 30, 10, 0, tzinfo=BERLIN))
    assert got["regulatory_assessment"] == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)


def test_low_leadership_notice_goes_into_the_next_weekly_report(api_client, personas, screener):
    """Input: Berlin, low, Tuesday 1 Dec 2026 15:00 CET. Expected: leadership notice due
    with the weekly leadership report, Monday 7 Dec 09:00 Berlin. Got before: Thursday
    3 Dec 15:00 (a 2-business-day clock)."""
    organisation_profile()
    discovered = datetime(2026, 12, 1, 15, 0, tzinfo=BERLIN)
    got = due_times(api_client, personas.owner, "low", discovered)
    check("leadership", got, discovered, datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN))


def test_a_low_incident_on_monday_morning_is_in_that_mondays_report(api_client, personas, screener):
    """Input: New York, low, Monday 30 Nov 2026 08:00 EST. Expected: leadership notice in
    the report of the same Monday 09:00 EST; one at 09:00 itself goes to the next week's."""
    organisation_profile(time_zone="America/New_York", holiday_country="US", holiday_subdivision="")
    discovered = datetime(2026, 11, 30, 8, 0, tzinfo=NEW_YORK)
    got = due_times(api_client, personas.owner, "low", discovered)
    check("leadership", got, discovered, datetime(2026, 11, 30, 9, 0, tzinfo=NEW_YORK))
