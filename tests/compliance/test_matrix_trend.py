"""The trend's pure rule (compliance.rules.trend): the months, one point per framework and
month by the status rule's percentage, and an SVG that writes every point's number."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from compliance.rules.status import percentage
from compliance.rules.trend import months_back, months_recorded, trend_series, trend_svg


def test_months_back_cross_the_year():
    months = [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1)]
    assert months_back(date(2026, 1, 31), 3) == months


@given(st.dates(min_value=date(2000, 1, 1)), st.integers(min_value=1, max_value=36))
def test_months_back_are_consecutive_firsts_ending_this_month(today, count):
    months = months_back(today, count)
    assert len(months) == count and months[-1] == today.replace(day=1)
    assert all(m.day == 1 for m in months)
    for earlier, later in zip(months, months[1:], strict=False):
        assert (later.year * 12 + later.month) - (earlier.year * 12 + earlier.month) == 1


sums = st.tuples(st.integers(0, 500), st.integers(0, 500)).map(lambda p: (min(p), max(p)))


@given(st.lists(sums, min_size=1, max_size=12))
def test_each_point_is_the_rule_s_percentage_and_the_svg_writes_it(points):
    months = months_back(date(2026, 12, 7), len(points))
    found = {(7, month): point for month, point in zip(months, points, strict=True)}
    (series,) = trend_series(found, [(7, "EU AI Act")], months)
    assert list(series.points) == [percentage(*p) for p in points]
    labels = [f"{m:%b %Y}" for m in months]
    svg = trend_svg([series], labels, label="Share met")
    for label, value in zip(labels, series.points, strict=True):
        shown = f"<title>EU AI Act, {label}: {value}% met</title>"
        assert (shown in svg) == (value is not None)


def test_a_month_without_rows_is_no_point_not_zero():
    months = months_back(date(2026, 12, 7), 2)
    (series,) = trend_series({(1, months[1]): (1, 4)}, [(1, "NIST AI RMF")], months)
    assert series.points == (None, 25)


def test_the_chart_starts_at_the_first_month_recorded():
    months = months_back(date(2026, 12, 7), 12)
    assert months_recorded(months, []) == [date(2026, 12, 1)]
    assert months_recorded(months, [date(2026, 10, 1), date(2025, 1, 1)]) == months[-3:]
