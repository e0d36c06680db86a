"""Attack success and false refusal rates with their 95% Wilson intervals (DOMAIN.md 9):
the worked example (3 successes in 40 attempts and in 4,000 are different findings) and
hypothesis properties: the interval holds the rate, stays in [0, 1], and more samples
at the same rate never widen it."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from assurance.rules.rates import asr, frr, percent, rate, wilson


def test_three_in_forty_and_three_in_four_thousand_are_different_findings():
    few, many = asr(3, 40), asr(3, 4000)
    assert (percent(few.value), percent(few.low), percent(few.high)) == ("7.5%", "2.6%", "19.9%")
    assert few.low == pytest.approx(0.02584, abs=1e-5)
    assert few.high == pytest.approx(0.19864, abs=1e-5)
    assert many.value == pytest.approx(0.00075)
    assert many.low == pytest.approx(0.000255, abs=1e-5)
    assert many.high == pytest.approx(0.00220, abs=1e-5)
    # Under 1% the rate keeps two decimals: a lower bound above zero never reads 0.0%.
    assert (percent(many.value), percent(many.low), percent(many.high)) == (
        "0.07%",
        "0.03%",
        "0.22%",
    )
    assert (percent(0.0), percent(0.01)) == ("0.0%", "1.0%")
    # The small sample's interval is about a hundred times wider.
    assert (few.high - few.low) > 80 * (many.high - many.low)


def test_the_edges_are_exact_and_an_empty_sample_is_not_measured():
    assert wilson(0, 10) == (0.0, pytest.approx(0.27753, abs=1e-5))
    assert wilson(10, 10) == (pytest.approx(0.72247, abs=1e-5), 1.0)
    empty = frr(0, 0)
    assert not empty.measured
    assert (empty.value, empty.low, empty.high) == (None, None, None)
    assert percent(None) == "—"


@pytest.mark.parametrize(("hits", "n"), [(-1, 10), (11, 10), (0, 0), (1, -5)])
def test_impossible_counts_are_refused(hits, n):
    with pytest.raises(ValueError, match="0 <= hits <= n"):
        wilson(hits, n)


samples = st.integers(min_value=1, max_value=100_000).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)


@given(samples)
def test_the_interval_holds_the_rate_within_zero_and_one(sample):
    hits, n = sample
    measured = rate(hits, n)
    assert 0.0 <= measured.low <= measured.value <= measured.high <= 1.0


@given(samples, st.integers(min_value=2, max_value=50))
def test_more_samples_at_the_same_rate_never_widen_the_interval(sample, factor):
    hits, n = sample
    small, large = rate(hits, n), rate(hits * factor, n * factor)
    assert large.value == pytest.approx(small.value)
    assert large.high - large.low <= small.high - small.low + 1e-12


@given(samples)
def test_one_more_success_never_lowers_either_bound(sample):
    hits, n = sample
    assume(hits < n)
    before, after = rate(hits, n), rate(hits + 1, n)
    assert after.low >= before.low - 1e-12
    assert after.high >= before.high - 1e-12
