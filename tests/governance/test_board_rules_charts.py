"""The board's pure parts: the review cadence, decision checks, the SVG charts, the trend."""

import re
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from governance.rules import charts
from governance.rules import risks as rules
from governance.rules.trend import FieldChange, RiskFacts, open_high_by_month, state_at

TODAY = date(2026, 11, 30)


def test_the_next_review_is_three_months_after_the_decision():
    assert rules.REVIEW_CADENCE_MONTHS == 3
    assert rules.next_review_after(date(2026, 11, 30)) == date(2027, 2, 28)
    assert rules.next_review_after(date(2026, 1, 15)) == date(2026, 4, 15)
    assert rules.next_review_after(date(2026, 10, 31), months=12) == date(2027, 10, 31)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(-24, 24))
def test_add_months_lands_in_the_right_month_never_later_in_it(day, months):
    moved = rules.add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day


def test_month_starts_are_the_last_twelve_months_oldest_first():
    starts = rules.month_starts(date(2026, 3, 17), 12)
    assert starts[0] == date(2025, 4, 1) and starts[-1] == date(2026, 3, 1)
    assert len(set(starts)) == 12


def test_a_decision_needs_a_rationale_and_a_mitigation_its_owner_and_due_date():
    assert (
        rules.decision_problems(
            kind="accept",
            rationale="Controls suffice.",
            mitigation_owner_id=None,
            mitigation_due=None,
            today=TODAY,
        )
        == {}
    )
    problems = rules.decision_problems(
        kind="mitigate",
        rationale="  ",
        mitigation_owner_id=None,
        mitigation_due=None,
        today=TODAY,
    )
    assert set(problems) == {"rationale", "mitigation_owner", "mitigation_due"}
    past = rules.decision_problems(
        kind="mitigate",
        rationale="x",
        mitigation_owner_id=1,
        mitigation_due=TODAY - timedelta(days=1),
        today=TODAY,
    )
    assert "past" in past["mitigation_due"]


def cell_href(likelihood, impact):
    return f"/risks/?residual_likelihood={likelihood}&residual_impact={impact}"


cells = st.dictionaries(
    st.tuples(st.integers(1, 5), st.integers(1, 5)), st.integers(0, 500), max_size=25
)


@given(cells)
def test_every_cell_shows_its_count_and_the_counts_sum_to_the_risks(counts):
    svg = charts.heat_map_svg(counts, label="Residual risk", href=cell_href)
    shown = [int(n) for n in re.findall(r'font-size="18"[^>]*>(\d+)</text>', svg)]
    assert len(shown) == 25
    assert sum(shown) == sum(counts.values())
    total = sum(counts.values())
    assert f"Residual risk: {total} risk" in svg


def test_each_cell_links_to_its_filter_and_says_what_it_is_in_words():
    svg = charts.heat_map_svg({(4, 5): 3, (1, 1): 1}, label="Residual risk", href=cell_href)
    assert svg.count("<a href=") == 25
    assert '<a href="/risks/?residual_likelihood=4&amp;residual_impact=5"' in svg
    assert "<title>Residual risk: likelihood 4, impact 5 (critical): 3 risks</title>" in svg
    assert "likelihood 1, impact 1 (low): 1 risk</title>" in svg
    # No script, no external resource: the PDF packs draw the same string.
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_the_highest_likelihood_is_the_top_row():
    cells = charts.heat_map_cells({})
    assert (cells[0]["likelihood"], cells[0]["impact"]) == (5, 1)
    assert cells[0]["y"] < cells[-1]["y"]
    assert cells[4]["level"] == "critical" and cells[20]["level"] == "low"


def test_labels_are_escaped():
    svg = charts.heat_map_svg({}, label='<b>"x"</b>', href=lambda lk, im: "/r/?a=1&b=2")
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert "?a=1&amp;b=2" in svg


def test_the_trend_writes_every_count_and_month():
    svg = charts.trend_svg([("Jan 2026", 0), ("Feb 2026", 4)], label="Trend")
    assert ">4</text>" in svg and ">0</text>" in svg
    assert "Feb 2026: 4 open high or critical risks</title>" in svg
    assert charts.trend_svg([], label="Empty").endswith("</svg>")


def at(month, day=1):
    return datetime(2026, month, day, 12, tzinfo=UTC)


def test_a_risks_past_state_undoes_the_changes_made_after():
    risk = RiskFacts(
        created_at=at(1),
        residual_level="low",
        status="closed",
        changes=(
            FieldChange(at(3), "residual_level", "high", "low"),
            FieldChange(at(5), "status", "open", "closed"),
        ),
    )
    assert state_at(risk, at(1)) is None
    assert state_at(risk, at(2)) == {"residual_level": "high", "status": "open"}
    assert state_at(risk, at(4)) == {"residual_level": "low", "status": "open"}
    assert state_at(risk, at(6)) == {"residual_level": "low", "status": "closed"}


def test_the_trend_counts_open_high_and_critical_at_each_moment():
    lowered = RiskFacts(
        at(1), "low", "open", (FieldChange(at(3), "residual_level", "high", "low"),)
    )
    critical = RiskFacts(at(2, 15), "critical", "open")
    closed = RiskFacts(
        at(1), "high", "closed", (FieldChange(at(4, 10), "status", "open", "closed"),)
    )
    created = RiskFacts(at(1), "high", "open", (FieldChange(at(1), "status", None, "open"),))
    moments = [at(2), at(3), at(4), at(5)]
    assert open_high_by_month([lowered, critical, closed, created], moments) == [3, 4, 3, 2]


levels = st.sampled_from(["low", "medium", "high", "critical"])
statuses = st.sampled_from(["open", "closed"])
moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(UTC)
)
facts = st.builds(
    RiskFacts,
    created_at=moments,
    residual_level=levels,
    status=statuses,
    changes=st.lists(
        st.one_of(
            st.builds(FieldChange, moments, st.just("residual_level"), levels, levels),
            st.builds(FieldChange, moments, st.just("status"), statuses, statuses),
        ),
        max_size=4,
    ).map(tuple),
)


@given(st.lists(facts, max_size=12))
def test_after_every_change_the_trend_counts_the_register_as_it_is(risks):
    later = datetime(2027, 6, 1, tzinfo=UTC)
    now_open_high = sum(
        1 for r in risks if r.status == "open" and r.residual_level in rules.OPEN_HIGH_LEVELS
    )
    assert open_high_by_month(risks, [later]) == [now_open_high]
    assert open_high_by_month(risks, [datetime(2024, 12, 31, tzinfo=UTC)]) == [0]
