"""The incident clock rules (DOMAIN.md 6), proved on pure functions."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidents import rules
from incidents.choices import ClockKind as K
from incidents.choices import IncidentStatus as S
from incidents.rules import BusinessCalendar, Facts

GERMANY_2026 = BusinessCalendar(frozenset(holidays.country_holidays("DE", years=[2026])))
PRIVACY = Facts(eu_residents_affected=True, personal_data_exposed=True)
NO_FACTS = Facts()
NO_HOLIDAYS = BusinessCalendar()
ZONES = sorted(available_timezones() - {"Factory", "localtime"})


def due(severity, at, facts=NO_FACTS, high_risk=False, calendar=NO_HOLIDAYS):
    return rules.clock_due_times(
        severity=severity,
        discovered_at=at,
        facts=facts,
        ai_act_high_risk=high_risk,
        policy=rules.DEFAULT_SLA,
        holidays=calendar,
    )


def test_a_critical_incident_at_nine_shows_triage_915_leadership_930_containment_11():
    clocks = due("critical", datetime(2026, 3, 4, 9, 0, tzinfo=UTC))
    assert clocks[K.TRIAGE] == datetime(2026, 3, 4, 9, 15, tzinfo=UTC)
    assert clocks[K.LEADERSHIP] == datetime(2026, 3, 4, 9, 30, tzinfo=UTC)
    assert clocks[K.CONTAINMENT] == datetime(2026, 3, 4, 11, 0, tzinfo=UTC)
    assert clocks[K.REGULATORY_ASSESSMENT] == datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    assert K.GDPR_72H not in clocks and K.AI_ACT_ART73 not in clocks


def test_high_and_medium_regulatory_assessment():
    friday = datetime(2026, 3, 6, 16, 0, tzinfo=UTC)
    assert due("high", friday)[K.REGULATORY_ASSESSMENT] == friday + timedelta(hours=24)
    # medium: the next business day (Friday -> Monday), same time of day
    assert due("medium", friday)[K.REGULATORY_ASSESSMENT] == datetime(2026, 3, 9, 16, tzinfo=UTC)
    assert due("medium", friday)[K.TRIAGE] == friday + timedelta(minutes=240)
    assert K.REGULATORY_ASSESSMENT not in due("low", friday)


@given(
    local=st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2060, 12, 31),
        timezones=st.sampled_from(ZONES).map(ZoneInfo),
    ),
    severity=st.sampled_from(["critical", "high", "medium", "low"]),
)
def test_gdpr_deadline_is_exactly_72_calendar_hours_after_awareness(local, severity):
    clocks = due(severity, local, facts=PRIVACY)
    gdpr = clocks[K.GDPR_72H]
    assert gdpr.tzinfo == UTC
    # Exactly 72 h of elapsed time, whatever the zone's weekends or DST changes.
    # (Subtracting times of different zones is exact elapsed time, in UTC.)
    assert gdpr - local == timedelta(hours=72)
    assert gdpr == local.astimezone(UTC) + timedelta(hours=72)


def test_gdpr_across_the_spring_dst_change_in_berlin_is_71_wall_clock_hours():
    aware = datetime(2026, 3, 27, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # a Friday
    gdpr = due("low", aware, facts=PRIVACY)[K.GDPR_72H]
    assert gdpr.astimezone(ZoneInfo("Europe/Berlin")) == datetime(
        2026, 3, 30, 13, 0, tzinfo=ZoneInfo("Europe/Berlin")
    )


@pytest.mark.parametrize(
    ("facts", "days"),
    [
        (Facts(other_serious_harm=True), 15),
        (Facts(death=True), 10),
        (Facts(critical_infrastructure_disruption=True), 2),
        (Facts(widespread_infringement=True), 2),
        (Facts(death=True, other_serious_harm=True), 10),
        (Facts(death=True, widespread_infringement=True), 2),
        (Facts(death=True, critical_infrastructure_disruption=True), 2),
        (Facts(other_serious_harm=True, widespread_infringement=True), 2),
        (Facts(), None),
        (Facts(eu_residents_affected=True, personal_data_exposed=True), None),
    ],
)
def test_art73_table_case_by_case(facts, days):
    at = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    clocks = due("medium", at, facts=facts, high_risk=True)
    if days is None:
        assert K.AI_ACT_ART73 not in clocks
    else:
        assert clocks[K.AI_ACT_ART73] == at + timedelta(days=days)


def test_art73_only_for_a_high_risk_system():
    at = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    assert K.AI_ACT_ART73 not in due("critical", at, facts=Facts(death=True), high_risk=False)


def test_gdpr_needs_both_eu_residents_and_personal_data():
    at = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    assert K.GDPR_72H not in due("high", at, facts=Facts(eu_residents_affected=True))
    assert K.GDPR_72H not in due("high", at, facts=Facts(personal_data_exposed=True))


def test_low_severity_windows_skip_weekends():
    friday = datetime(2026, 3, 6, 10, 0, tzinfo=UTC)
    clocks = due("low", friday)
    assert clocks[K.TRIAGE] == datetime(2026, 3, 9, 10, tzinfo=UTC)  # Monday
    # The leadership notice goes into the weekly report, Monday 09:00 (DOMAIN.md 6).
    assert clocks[K.LEADERSHIP] == datetime(2026, 3, 9, 9, tzinfo=UTC)
    assert clocks[K.CONTAINMENT] == datetime(2026, 3, 11, 10, tzinfo=UTC)  # Wednesday
    saturday = datetime(2026, 3, 7, 10, 0, tzinfo=UTC)
    assert due("low", saturday)[K.TRIAGE] == datetime(2026, 3, 9, 10, tzinfo=UTC)


def test_low_severity_windows_skip_the_countrys_holidays():
    # Thursday before Easter 2026: Good Friday (3 Apr) and Easter Monday (6 Apr) are
    # German public holidays, so the next business day is Tuesday 7 April.
    thursday = datetime(2026, 4, 2, 10, 0, tzinfo=UTC)
    assert due("low", thursday)[K.TRIAGE] == datetime(2026, 4, 3, 10, tzinfo=UTC)
    clocks = due("low", thursday, calendar=GERMANY_2026)
    assert clocks[K.TRIAGE] == datetime(2026, 4, 7, 10, tzinfo=UTC)
    assert clocks[K.CONTAINMENT] == datetime(2026, 4, 9, 10, tzinfo=UTC)
    # The same week in a country without these holidays
    us = BusinessCalendar(frozenset(holidays.country_holidays("US", years=[2026])))
    assert due("low", thursday, calendar=us)[K.TRIAGE] == datetime(2026, 4, 3, 10, tzinfo=UTC)


def test_business_days_keep_local_time_in_the_calendar_zone():
    berlin = BusinessCalendar(zone="Europe/Berlin")
    friday_late = datetime(2026, 3, 6, 23, 30, tzinfo=UTC)  # Saturday 00:30 in Berlin
    # Monday 00:30 in Berlin, not Monday 23:30 UTC (the UTC date was a Friday)
    assert rules.business_days_after(friday_late, 1, berlin) == datetime(
        2026, 3, 9, 0, 30, tzinfo=ZoneInfo("Europe/Berlin")
    )


def test_warnings_at_half_and_three_quarters_and_six_hours_before_gdpr():
    at = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    clocks = due("critical", at, facts=PRIVACY)
    offsets = rules.warn_offsets(kind=K.TRIAGE, discovered_at=at, due_at=clocks[K.TRIAGE])
    assert offsets == [timedelta(minutes=7), timedelta(minutes=3)]
    gdpr = rules.warn_offsets(kind=K.GDPR_72H, discovered_at=at, due_at=clocks[K.GDPR_72H])
    assert gdpr == [timedelta(hours=36), timedelta(hours=18), timedelta(hours=6)]
    immediate = clocks[K.REGULATORY_ASSESSMENT]
    kind = K.REGULATORY_ASSESSMENT
    assert rules.warn_offsets(kind=kind, discovered_at=at, due_at=immediate) == []


def test_lowering_severity_needs_a_reason_raising_does_not():
    assert rules.severity_change_problems("high", "low", "") == {
        "reason": "Say why the severity is lowered."
    }
    assert rules.severity_change_problems("high", "low", "false alarm") == {}
    assert rules.severity_change_problems("low", "critical", "") == {}
    assert "severity" in rules.severity_change_problems("low", "urgent", "")
    assert "severity" in rules.severity_change_problems("low", "low", "")


def test_status_flow_one_step_at_a_time_and_closing_needs_the_review():
    assert rules.status_step_problems(S.REPORTED, S.TRIAGED, has_review=False) == {}
    assert "status" in rules.status_step_problems(S.REPORTED, S.CONTAINED, has_review=False)
    assert rules.status_step_problems(S.RESOLVED, S.CLOSED, has_review=False) == {
        "status": "Record the post-incident review before closing."
    }
    assert rules.status_step_problems(S.RESOLVED, S.CLOSED, has_review=True) == {}
    assert "status" in rules.status_step_problems(S.CLOSED, S.CLOSED, has_review=True)


def test_a_late_gdpr_notification_needs_reasons():
    due_at = datetime(2026, 3, 7, 9, 0, tzinfo=UTC)
    assert rules.gdpr_late_needs_reasons(due_at, due_at, "") is None
    late = due_at + timedelta(minutes=1)
    assert rules.gdpr_late_needs_reasons(late, late + timedelta(hours=1), "") is not None
    assert rules.gdpr_late_needs_reasons(due_at, late, "  ") is not None
    assert rules.gdpr_late_needs_reasons(due_at, late, "facts were missing") is None


def test_a_future_discovery_is_refused_naming_the_field():
    now = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    assert "discovered_at" in rules.awareness_problems(now + timedelta(seconds=1), now)
    assert rules.awareness_problems(now, now) == {}


# --- the weekly leadership report (DOMAIN.md 6): Monday 09:00 in the organisation's zone ---


def test_the_weekly_report_is_the_next_monday_0900_local_strictly_after():
    berlin = ZoneInfo("Europe/Berlin")
    tuesday = datetime(2026, 12, 1, 15, 0, tzinfo=berlin)
    assert rules.weekly_report_after(tuesday, "Europe/Berlin") == datetime(
        2026, 12, 7, 9, 0, tzinfo=berlin
    )
    monday_0900 = datetime(2026, 12, 7, 9, 0, tzinfo=berlin)
    assert rules.weekly_report_after(monday_0900, "Europe/Berlin") == datetime(
        2026, 12, 14, 9, 0, tzinfo=berlin
    )


def test_the_weekly_report_across_the_march_dst_change_covers_the_local_week():
    """The report of Monday 30 Mar 2026 09:00 CEST lists what was discovered from
    Monday 23 Mar 09:00 CET (08:00 UTC) up to 07:00 UTC on the 30th: 167 hours."""
    report = datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
    start, end = rules.weekly_report_covers(report, "Europe/Berlin")
    assert (start, end) == (datetime(2026, 3, 23, 8, 0, tzinfo=UTC), report)


@given(
    at=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
    ),
    zone=st.sampled_from(["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC"]),
)
def test_the_weekly_report_is_always_a_monday_0900_within_the_coming_week(at, zone):
    due = rules.weekly_report_after(at, zone)
    local = due.astimezone(ZoneInfo(zone))
    assert (local.weekday(), local.hour, local.minute) == (0, 9, 0)
    assert at < due <= at + timedelta(days=7, hours=1)
    start, end = rules.weekly_report_covers(due, zone)
    assert start <= at < end


@given(
    at=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 1), timezones=st.just(UTC)
    ),
    zone=st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Sydney"]),
    days=st.integers(min_value=1, max_value=5),
)
def test_business_days_land_on_a_business_day_at_the_same_local_time(at, zone, days):
    """Whatever the zone and daylight saving: the due day is a business day of the
    organisation's calendar, later than the start's local date, at its local time
    (a wall time that does not exist that night moves forward by the gap only)."""
    german = frozenset(holidays.country_holidays("DE", years=[2026, 2027]))
    calendar = BusinessCalendar(german, zone)
    due = rules.business_days_after(at, days, calendar)
    start, local = at.astimezone(ZoneInfo(zone)), due.astimezone(ZoneInfo(zone))
    assert calendar.is_business_day(local.date()) and local.date() > start.date()
    counted = sum(
        calendar.is_business_day(start.date() + timedelta(days=n))
        for n in range(1, (local.date() - start.date()).days + 1)
    )
    assert counted == days
    assert abs((local.hour * 60 + local.minute) - (start.hour * 60 + start.minute)) in (
        0,
        60,
    )  # equal, or shifted by a spring-forward gap
