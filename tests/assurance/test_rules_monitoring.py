"""The monitoring rules (DOMAIN.md 11) as worked examples and properties: which side of
a threshold is past, how far, the severity it proposes, when silence is due, and the
chart drawn from values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assurance.rules.monitoring import (
    breach_severity,
    distance_past,
    is_past,
    silence_due,
    worse,
)
from assurance.rules.monitoring_chart import metric_chart_svg

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
direction = st.sampled_from(["at_least", "at_most"])


@pytest.mark.parametrize(
    ("value", "threshold", "direction", "past", "distance", "severity"),
    [
        (0.95, 0.9, "at_least", False, 0.0, "low"),
        (0.9, 0.9, "at_least", False, 0.0, "low"),  # the threshold itself is within
        (0.85, 0.9, "at_least", True, 0.0556, "low"),  # 5.6% below
        (0.7, 0.9, "at_least", True, 0.2222, "medium"),
        (0.6, 0.9, "at_least", True, 0.3333, "high"),
        (0.4, 0.9, "at_least", True, 0.5556, "critical"),
        (1200, 800, "at_most", True, 0.5, "critical"),  # latency 50% over
        (880, 800, "at_most", True, 0.1, "medium"),
        (0.03, 0, "at_most", True, 0.03, "low"),  # a zero threshold: absolute distance
    ],
)
def test_worked_examples(value, threshold, direction, past, distance, severity):
    assert is_past(value=value, threshold=threshold, direction=direction) is past
    found = distance_past(value=value, threshold=threshold, direction=direction)
    assert found == pytest.approx(distance, abs=1e-4)
    assert breach_severity(distance=found) == severity


def test_an_unknown_direction_is_refused():
    with pytest.raises(ValueError, match="unknown direction"):
        is_past(value=1, threshold=1, direction="around")


@given(finite, finite, direction)
def test_a_value_is_past_exactly_when_its_distance_is_positive(value, threshold, way):
    past = is_past(value=value, threshold=threshold, direction=way)
    assert (distance_past(value=value, threshold=threshold, direction=way) > 0) == past


@given(finite, finite, finite, direction)
def test_the_worse_value_is_never_nearer_the_threshold(a, b, threshold, way):
    worst = worse(a=a, b=b, direction=way)
    assert worst in (a, b)
    far = distance_past(value=worst, threshold=threshold, direction=way)
    assert far >= distance_past(value=a, threshold=threshold, direction=way)
    assert far >= distance_past(value=b, threshold=threshold, direction=way)


@given(st.floats(min_value=0, max_value=10), st.floats(min_value=0, max_value=10))
def test_further_past_never_proposes_a_lower_severity(d1, d2):
    order = ["low", "medium", "high", "critical"]
    low, high = sorted((d1, d2))
    assert order.index(breach_severity(distance=low)) <= order.index(breach_severity(distance=high))


def test_silence_is_due_an_interval_after_the_latest_value():
    last = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert silence_due(last_value_at=last, interval=timedelta(hours=1)) == datetime(
        2026, 12, 1, 9, 0, tzinfo=UTC
    )


def test_the_chart_marks_the_values_past_the_threshold_in_words_too():
    start = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    points = [(start + timedelta(minutes=i), v) for i, v in enumerate([0.95, 0.7, 0.93])]
    svg = metric_chart_svg(points, threshold=0.9, direction="at_least", label="accuracy")
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "threshold 0.9" in svg
    assert svg.count("past the threshold</title>") == 1
    assert "0.7 at 2026-12-01 08:01 UTC" in svg
    assert metric_chart_svg([], threshold=0.9, direction="at_least", label="accuracy") == ""
    # In the reader's time zone, named: 08:01 UTC is 09:01 in Berlin in December.
    berlin = metric_chart_svg(
        points,
        threshold=0.9,
        direction="at_least",
        label="accuracy",
        zone=ZoneInfo("Europe/Berlin"),
    )
    assert "0.7 at 2026-12-01 09:01 CET" in berlin and "2026-12-01 09:02 CET" in berlin


def test_one_value_draws_without_dividing_by_zero():
    at = datetime(2026, 12, 1, tzinfo=UTC)
    svg = metric_chart_svg([(at, 5.0)], threshold=5.0, direction="at_most", label="x")
    assert "<polyline" in svg
