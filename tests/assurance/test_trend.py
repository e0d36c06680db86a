"""A system's red-team trend (issue 20, DOMAIN.md 9): both rates over its exercises,
together, as an SVG whose numbers are text and as a table, with the sentence that a low
ASR bought with 30% false refusals is not a success; shown on its own page and in a
panel of the registry's system page."""

from __future__ import annotations

from datetime import date

import pytest

from assurance.selectors.trend import system_trend, trend_chart
from tests.assurance.factories import CategoryResultFactory, ExerciseFactory
from tests.factories import RiskFactory, people_ops_system

pytestmark = pytest.mark.django_db
WARNING = "a low ASR bought this way is not a success"


@pytest.fixture
def system(personas):
    return people_ops_system(personas, risk_tier="high")


@pytest.fixture
def two_exercises(system):
    """RT-001: 12 of 100 attacks succeed, 2 of 50 benign refused; RT-002 after hardening:
    0 of 500 succeed, but 90 of 300 legitimate prompts refused (30%)."""
    first = ExerciseFactory(exercise_id="RT-001", systems=[system], started_on=date(2026, 8, 3))
    CategoryResultFactory(exercise=first, attempts=100, successes=12, benign_prompts=50, refusals=2)
    second = ExerciseFactory(exercise_id="RT-002", systems=[system], started_on=date(2026, 11, 2))
    CategoryResultFactory(
        exercise=second,
        attempts=500,
        successes=0,
        benign_prompts=300,
        refusals=90,
        risk=RiskFactory(risk_id="RISK-077"),
    )
    return first, second


def test_the_trend_pools_each_exercise_and_flags_the_trade_off(system, two_exercises):
    trend = system_trend(system)
    first, second = trend.points
    assert (first.asr.hits, first.asr.n, first.frr.hits, first.frr.n) == (12, 100, 2, 50)
    assert not first.refuses_too_much and first.finding_count == 1
    assert second.asr.value == 0 and second.frr.value == 0.3
    assert second.refuses_too_much, "30% is at the warning, which counts"
    assert trend.limits == {"asr_max": 0.05, "frr_max": 0.10}


def test_the_chart_draws_both_lines_with_intervals_and_numbers(system, two_exercises):
    chart = trend_chart(system_trend(system))
    assert [m["text"] for m in chart["asr"]] == ["12.0%", "0.0%"]
    assert [m["text"] for m in chart["frr"]] == ["4.0%", "30.0%"]
    for mark in chart["asr"] + chart["frr"]:
        assert mark["high"] <= mark["y"] <= mark["low"], "the interval holds the rate"
    assert "95% interval 7.0% to 19.8%" in chart["asr"][0]["title"]
    assert [label["text"] for label in chart["labels"]] == ["RT-001", "RT-002"]
    assert [limit["text"] for limit in chart["limits"]] == ["ASR limit 5.0%", "FRR limit 10.0%"]


def test_the_page_shows_both_rates_the_warning_and_the_latest_categories(
    client, personas, system, two_exercises
):
    client.force_login(personas.board)
    page = client.get("/assurance/systems/SYS-001/red-team/").content.decode()
    assert "<svg" in page and "ASR 12.0%" in page and "FRR 30.0%" in page
    assert "Attack success rate and false refusal rate of SYS-001 over 2 exercises" in page
    assert "SYS-001 refuses 30.0% of legitimate requests" in page and WARNING in page
    assert "12.0% (12 of 100)" in page and "7.0% to 19.8%" in page
    assert "30.0% (90 of 300)" in page and "25.1% to 35.4%" in page
    assert "False refusal rate 30.0% above the limit of 10.0%" in page
    assert 'href="/risks/RISK-077/"' in page
    assert 'href="/assurance/exercises/RT-002/report.pdf"' in page


def test_no_warning_below_the_trade_off_and_an_empty_state_without_results(
    client, personas, system
):
    client.force_login(personas.board)
    assert "No results yet" in client.get("/assurance/systems/SYS-001/red-team/").content.decode()
    CategoryResultFactory(
        exercise=ExerciseFactory(systems=[system]), benign_prompts=100, refusals=29
    )
    page = client.get("/assurance/systems/SYS-001/red-team/").content.decode()
    assert "29.0% (29 of 100)" in page and WARNING not in page


def test_the_system_page_loads_the_panel_with_the_latest_exercise(
    client, personas, system, two_exercises
):
    client.force_login(personas.owner)
    url = "/assurance/systems/SYS-001/red-team/panel/"
    assert f'hx-get="{url}"' in client.get("/systems/SYS-001/").content.decode()
    panel = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in panel and "Latest exercise:" in panel
    assert "RT-002" in panel and "ASR 0.0%" in panel and "FRR 30.0%" in panel
    assert WARNING in panel and "<svg" in panel
    assert 'href="/assurance/systems/SYS-001/red-team/"' in panel
    # Without JavaScript the link opens a page of its own.
    assert "<html" in client.get(url).content.decode()


def test_an_outsider_sees_neither(client, personas, system, two_exercises):
    client.force_login(personas.outsider)
    assert client.get("/assurance/systems/SYS-001/red-team/").status_code == 403
    assert client.get("/assurance/systems/SYS-001/red-team/panel/").status_code == 403
    client.force_login(personas.board)
    assert client.get("/assurance/systems/SYS-999/red-team/").status_code == 404


@pytest.mark.parametrize("count", [1, 20])
def test_the_trend_reads_in_four_queries(system, count, django_assert_num_queries):
    for n in range(count):
        exercise = ExerciseFactory(systems=[system], started_on=date(2026, 1, 1 + n))
        CategoryResultFactory(exercise=exercise, category="jailbreak")
        CategoryResultFactory(exercise=exercise, category="prompt injection")
    with django_assert_num_queries(4):
        trend = system_trend(system)
        trend_chart(trend)
        [p.categories[0].result.risk for p in trend.points]
    assert len(trend.points) == count
