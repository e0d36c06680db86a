"""What a pack says of clocks and sign-offs (pack_rules): clocks judged at the export
moment, never at the end of the pack's range; voided sign-offs counted by reason."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from governance.rules.packs import clock_state, time_left_words, voided_sign_offs

EXPORT = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
RANGE_END = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)  # a range ending today ends at midnight


def test_the_finding_a_clock_with_1_h_16_min_left_at_export_is_running():
    due = EXPORT + timedelta(hours=1, minutes=16)
    assert due < RANGE_END  # judged at the range's end it was "missed (still open)"
    assert clock_state(due, None, EXPORT) == "running"
    assert time_left_words(due, EXPORT) == "1 h 16 min"


def test_a_clock_due_before_the_export_and_unmet_is_missed():
    assert clock_state(EXPORT - timedelta(minutes=1), None, EXPORT) == "missed"


def test_met_on_time_and_met_late():
    due = EXPORT - timedelta(hours=2)
    assert clock_state(due, due - timedelta(minutes=5), EXPORT) == "met"
    assert clock_state(due, due, EXPORT) == "met"
    assert clock_state(due, due + timedelta(minutes=5), EXPORT) == "met late"


def test_time_left_in_words():
    assert time_left_words(EXPORT + timedelta(seconds=30), EXPORT) == "under a minute"
    assert time_left_words(EXPORT + timedelta(hours=3), EXPORT) == "3 h"
    assert time_left_words(EXPORT + timedelta(days=2, hours=5, minutes=7), EXPORT) == "2 d 5 h"


@given(st.integers(min_value=-10_000, max_value=10_000))
def test_an_unmet_clock_is_missed_exactly_when_its_due_time_is_before_the_export(minutes):
    due = EXPORT + timedelta(minutes=minutes)
    assert (clock_state(due, None, EXPORT) == "missed") == (due < EXPORT)


def test_voided_sign_offs_are_grouped_by_reason_in_the_order_first_voided():
    first, later = EXPORT - timedelta(days=3), EXPORT - timedelta(days=1)
    groups = voided_sign_offs(
        [("Card replaced", first), ("New classification", later), ("Card replaced", later)]
    )
    assert [(g.reason, g.count, g.last_at) for g in groups] == [
        ("Card replaced", 2, later),
        ("New classification", 1, later),
    ]
    assert voided_sign_offs([]) == []
