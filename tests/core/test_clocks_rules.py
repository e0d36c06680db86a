"""The clocks' pure rules: thresholds, what a sweep sends at a given moment, the texts."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from core.clocks import rules

DUE = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
REVIEW = rules.thresholds(DUE, [14 * DAY, 3 * DAY], escalate_after=DAY)


def keys(items) -> list[str]:
    return [t.key for t in items]


def test_a_review_warns_14_and_3_days_ahead_is_due_then_escalates_a_day_later():
    assert [(t.key, t.at, t.audience) for t in REVIEW] == [
        ("warn-20160m", datetime(2026, 11, 19, 9, 0, tzinfo=UTC), "owner"),
        ("warn-4320m", datetime(2026, 11, 30, 9, 0, tzinfo=UTC), "owner"),
        ("due", DUE, "owner"),
        ("escalate-1440m", datetime(2026, 12, 4, 9, 0, tzinfo=UTC), "escalation"),
    ]


def test_nothing_is_due_a_minute_before_the_first_warning():
    plan = rules.alert_plan(REVIEW, [], datetime(2026, 11, 19, 8, 59, tzinfo=UTC))
    assert plan.send == () and plan.skip == ()


def test_at_the_first_warning_it_is_sent_and_the_next_alert_is_the_second():
    plan = rules.alert_plan(REVIEW, [], datetime(2026, 11, 19, 9, 0, tzinfo=UTC))
    assert keys(plan.send) == ["warn-20160m"]
    assert rules.next_alert_at(REVIEW, keys(plan.send)) == datetime(2026, 11, 30, 9, tzinfo=UTC)


def test_a_late_start_sends_only_the_latest_owner_warning():
    plan = rules.alert_plan(REVIEW, [], datetime(2026, 12, 1, 12, 0, tzinfo=UTC))
    assert keys(plan.send) == ["warn-4320m"]
    assert keys(plan.skip) == ["warn-20160m"]


def test_long_overdue_sends_the_due_notice_and_the_escalation_once():
    plan = rules.alert_plan(REVIEW, ["warn-20160m"], datetime(2026, 12, 10, tzinfo=UTC))
    assert keys(plan.send) == ["due", "escalate-1440m"]
    assert keys(plan.skip) == ["warn-4320m"]
    assert rules.next_alert_at(REVIEW, keys(REVIEW)) is None


def test_calendar_hours_across_a_daylight_saving_change():
    # Berlin leaves summer time on 2026-10-25: 72 hours are still 72 hours in UTC.
    due = datetime(2026, 10, 26, 12, 0, tzinfo=UTC)
    (warn, *_) = rules.thresholds(due, [timedelta(hours=72)], None)
    assert due - warn.at == timedelta(hours=72)


def test_the_reason_says_what_when_and_why():
    warn_3 = REVIEW[1]
    assert rules.alert_reason("Review of SYS-001", warn_3, DUE, "you own it") == (
        "Review of SYS-001 is due in 3 days (due 2026-12-03 09:00 UTC); you own it"
    )
    assert (
        rules.alert_title("Review of SYS-001", REVIEW[3]) == "Review of SYS-001 is overdue by 1 day"
    )


def test_the_due_time_is_written_in_the_readers_zone_with_its_name():
    """A mail to someone in New York said 'due 2026-12-03 09:00 UTC'; it says their time."""
    new_york, berlin = ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin")
    assert rules.due_text(DUE, new_york) == "2026-12-03 04:00 EST"
    assert rules.due_text(DUE, berlin) == "2026-12-03 10:00 CET"
    assert rules.due_text(datetime(2026, 7, 1, 9, 0, tzinfo=UTC), berlin) == "2026-07-01 11:00 CEST"
    assert "(due 2026-12-03 04:00 EST)" in rules.alert_reason(
        "Review of SYS-001", REVIEW[1], DUE, "you own it", new_york
    )
    assert rules.alert_title("Review of SYS-001", REVIEW[2]) == "Review of SYS-001 is due now"


def test_durations_in_the_largest_whole_unit():
    assert [
        rules.duration_text(s)
        for s in (DAY, 2 * DAY, timedelta(hours=72 + 1), timedelta(minutes=30))
    ] == ["1 day", "2 days", "73 hours", "30 minutes"]


offsets = st.lists(st.integers(min_value=1, max_value=60 * 24 * 90), max_size=4).map(
    lambda minutes: [timedelta(minutes=m) for m in minutes]
)
escalations = st.none() | st.integers(min_value=1, max_value=60 * 24 * 30).map(
    lambda m: timedelta(minutes=m)
)
moments = st.lists(st.integers(min_value=-200 * 24 * 60, max_value=60 * 24 * 60), max_size=8)


@given(offsets, escalations, moments)
def test_sweeps_at_any_moments_send_each_threshold_at_most_once_and_lose_none(
    warn, escalate, minutes
):
    """Whatever moments the sweeps run at, no key is sent twice, every crossed threshold
    is handled, and next_alert_at is exactly the first unhandled threshold."""
    all_t = rules.thresholds(DUE, warn, escalate)
    notified: list[str] = []
    sent: list[str] = []
    for now in sorted(DUE + timedelta(minutes=m) for m in minutes):
        plan = rules.alert_plan(all_t, notified, now)
        sent += keys(plan.send)
        notified += keys(plan.send) + keys(plan.skip)
        assert all(t.at <= now for t in plan.send + plan.skip)
        assert {t.key for t in all_t if t.at <= now} <= set(notified)
        later = [t.at for t in all_t if t.key not in notified]
        assert rules.next_alert_at(all_t, notified) == (min(later) if later else None)
    assert len(sent) == len(set(sent))
    assert len(notified) == len(set(notified))


@given(offsets, escalations, st.integers(min_value=-200 * 24 * 60, max_value=60 * 24 * 60))
def test_one_sweep_sends_at_most_one_owner_alert_and_every_escalation(warn, escalate, m):
    all_t = rules.thresholds(DUE, warn, escalate)
    plan = rules.alert_plan(all_t, [], DUE + timedelta(minutes=m))
    assert len([t for t in plan.send if t.audience == rules.OWNER]) <= 1
    crossed_escalations = [
        t for t in all_t if t.audience == rules.ESCALATION and t.at <= DUE + timedelta(minutes=m)
    ]
    assert [t for t in plan.send if t.audience == rules.ESCALATION] == crossed_escalations
