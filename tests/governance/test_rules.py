"""The register's pure rules: worked examples of DOMAIN.md 5 and properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.rules.risks import LEVEL_ORDER, level_rank, rating_problems, risk_level, risk_rating

scale = st.integers(min_value=1, max_value=5)


@pytest.mark.parametrize(
    ("likelihood", "impact", "score", "level"),
    [
        (4, 4, 16, "critical"),  # route optimiser, inherent: likely and severe
        (3, 5, 15, "critical"),
        (2, 5, 10, "high"),
        (3, 3, 9, "medium"),  # residual medium after guardrails and dispatcher review
        (1, 5, 5, "medium"),
        (2, 2, 4, "low"),
        (1, 1, 1, "low"),
    ],
)
def test_worked_examples(likelihood, impact, score, level):
    rating = risk_rating(likelihood, impact)
    assert (rating.score, rating.level) == (score, level)


@pytest.mark.parametrize("bad", [0, 6, -1, 2.5, "3", True, None])
def test_a_rating_outside_one_to_five_is_refused(bad):
    with pytest.raises(ValueError, match="likelihood"):
        risk_rating(bad, 3)
    problems = rating_problems(
        inherent_likelihood=bad, inherent_impact=3, residual_likelihood=1, residual_impact=1
    )
    assert list(problems) == ["inherent_likelihood"]


def test_a_residual_level_above_the_inherent_one_is_refused_with_a_message():
    problems = rating_problems(
        inherent_likelihood=2, inherent_impact=2, residual_likelihood=3, residual_impact=3
    )
    assert (
        "residual level (medium, score 9) is above the inherent level (low"
        in problems["residual_impact"]
    )


def test_a_higher_residual_score_at_the_same_level_is_accepted():
    assert not rating_problems(
        inherent_likelihood=2, inherent_impact=3, residual_likelihood=3, residual_impact=3
    )


@given(scale, scale)
def test_score_is_the_product_and_level_follows_the_bands(likelihood, impact):
    rating = risk_rating(likelihood, impact)
    assert rating.score == likelihood * impact
    assert rating.level == risk_level(rating.score)
    assert 1 <= rating.score <= 25


@given(scale, scale, scale, scale)
def test_refused_exactly_when_the_residual_level_is_higher(il, ii, rl, ri):
    problems = rating_problems(
        inherent_likelihood=il, inherent_impact=ii, residual_likelihood=rl, residual_impact=ri
    )
    higher = level_rank(risk_rating(rl, ri).level) > level_rank(risk_rating(il, ii).level)
    assert bool(problems) == higher
    assert set(problems) <= {"residual_impact"}


@given(st.integers(min_value=1, max_value=24))
def test_levels_never_fall_as_the_score_rises(score):
    assert LEVEL_ORDER.index(risk_level(score)) <= LEVEL_ORDER.index(risk_level(score + 1))
