"""DOMAIN.md 2.1 and 2.2 through the pure rules, with worked examples and properties."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry import rules
from registry.data import shipped_scoring_scheme
from registry.vocabulary import DIMENSION_VALUES, DIMENSIONS, TIER_ORDER
from tests.factories import BILLING_CHATBOT, DOCUMENT_SUMMARIZER, HIRING_SCREENER

V1 = shipped_scoring_scheme()


@pytest.mark.parametrize(
    ("inputs", "score", "tier"),
    [
        (HIRING_SCREENER, 13, "high"),
        (BILLING_CHATBOT, 11, "medium"),
        (DOCUMENT_SUMMARIZER, 6, "low"),
    ],
    ids=["hiring-screener", "billing-chatbot", "document-summarizer"],
)
def test_worked_examples_give_the_domain_scores_and_tiers(inputs, score, tier):
    result = rules.classify(inputs, V1)
    assert (result.score, result.tier) == (score, tier)


@pytest.mark.parametrize(
    ("score", "tier"),
    [
        (6, "low"),
        (7, "medium"),
        (11, "medium"),
        (12, "high"),
        (16, "high"),
        (17, "critical"),
        (24, "critical"),
    ],
)
def test_tier_thresholds_sit_at_7_12_and_17(score, tier):
    assert rules.tier_for_score(score, V1) == tier


def test_unknown_value_names_the_dimension():
    with pytest.raises(rules.UnknownDimensionValue) as err:
        rules.classify({**HIRING_SCREENER, "human_oversight": "sometimes"}, V1)
    assert err.value.dimension == "human_oversight"
    assert "sometimes" in str(err.value)


def test_missing_dimension_is_refused():
    partial = dict(HIRING_SCREENER)
    del partial["deployment_scale"]
    with pytest.raises(ValueError, match="deployment_scale"):
        rules.classify(partial, V1)


classification_inputs = st.fixed_dictionaries(
    {dim: st.sampled_from(DIMENSION_VALUES[dim]) for dim in DIMENSIONS}
)


@given(classification_inputs)
def test_score_always_stays_within_the_schemes_bounds(inputs):
    assert V1.min_score <= rules.classify(inputs, V1).score <= V1.max_score


@given(classification_inputs, st.sampled_from(DIMENSIONS), st.data())
def test_raising_any_dimension_never_lowers_the_tier(inputs, dimension, data):
    scale = V1.points[dimension]
    current = scale[inputs[dimension]]
    higher = [value for value, points in scale.items() if points >= current]
    raised = {**inputs, dimension: data.draw(st.sampled_from(sorted(higher)))}
    before, after = rules.classify(inputs, V1), rules.classify(raised, V1)
    assert rules.tier_rank(after.tier) >= rules.tier_rank(before.tier)
    assert after.score >= before.score


@given(classification_inputs)
def test_the_preview_of_six_answers_is_the_classification(inputs):
    preview, result = rules.score_preview(inputs, V1), rules.classify(inputs, V1)
    assert (preview.score, preview.tier, preview.answered) == (result.score, result.tier, 6)


@given(classification_inputs, st.sets(st.sampled_from(DIMENSIONS), min_size=1))
def test_the_preview_gives_no_tier_until_every_dimension_is_answered(inputs, left_out):
    given_so_far = {d: v for d, v in inputs.items() if d not in left_out}
    preview = rules.score_preview(given_so_far, V1)
    assert preview.tier is None and preview.answered == 6 - len(left_out)
    assert preview.score == sum(V1.points[d][v] for d, v in given_so_far.items())


def test_the_preview_counts_a_value_off_the_scale_as_not_given():
    preview = rules.score_preview({**HIRING_SCREENER, "decision_impact": "lunch"}, V1)
    assert preview.answered == 5 and preview.tier is None


def test_version_1_spans_5_to_23():
    assert (V1.version, V1.min_score, V1.max_score) == (1, 5, 23)


def test_version_1_requires_the_domain_control_counts_per_tier():
    counts = {tier: len(V1.tier_controls[tier]) for tier in TIER_ORDER}
    assert counts == {"critical": 15, "high": 11, "medium": 7, "low": 3}


# --- a new scheme: its checks and what it would move --------------------------------------

points_tables = st.fixed_dictionaries(
    {
        dim: st.fixed_dictionaries({v: st.integers(0, 9) for v in DIMENSION_VALUES[dim]})
        for dim in DIMENSIONS
    }
)
descending = st.lists(st.integers(0, 60), min_size=3, max_size=3, unique=True).map(
    lambda ns: dict(zip(("critical", "high", "medium"), sorted(ns, reverse=True), strict=True))
)


def _problems(**overrides):
    values = {
        "points": V1.points,
        "thresholds": V1.thresholds,
        "tier_controls": V1.tier_controls,
        "known_controls": {k for keys in V1.tier_controls.values() for k in keys},
        **overrides,
    }
    return rules.scheme_problems(**values)


def test_version_1_passes_its_own_checks():
    assert _problems() == {}


@given(points_tables, descending)
def test_any_points_of_0_or_more_and_descending_thresholds_are_accepted(points, thresholds):
    assert _problems(points=points, thresholds=thresholds) == {}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (
            {"points": {**V1.points, "human_oversight": {"none": -1, "partial": 2, "full": 1}}},
            "points.human_oversight.none",
        ),
        (
            {"points": {**V1.points, "deployment_scale": {"millions": 3}}},
            "points.deployment_scale.thousands",
        ),
        ({"thresholds": {"critical": 17, "high": 17, "medium": 7}}, "thresholds.high"),
        ({"thresholds": {"critical": 17, "high": 12, "medium": 13}}, "thresholds.medium"),
        ({"thresholds": {"critical": "17", "high": 12, "medium": 7}}, "thresholds.critical"),
        (
            {"tier_controls": {**V1.tier_controls, "low": ("annual-review", "astrology")}},
            "controls.low",
        ),
    ],
)
def test_a_refused_scheme_names_the_field(overrides, field):
    assert field in _problems(**overrides)


@given(st.lists(classification_inputs, min_size=1, max_size=20), points_tables, descending)
def test_a_new_scheme_moves_exactly_the_systems_whose_score_or_tier_changes(
    inputs_list, points, thresholds
):
    current = [
        (n, inputs, rules.classify(inputs, V1).score, rules.classify(inputs, V1).tier)
        for n, inputs in enumerate(inputs_list)
    ]
    candidate = rules.Scheme(version=2, points=points, thresholds=thresholds)
    moved = {move.key for move in rules.scheme_moves(current, candidate)}
    for n, inputs, score, tier in current:
        after = rules.classify(inputs, candidate)
        assert (n in moved) == ((after.score, after.tier) != (score, tier))


@given(st.lists(classification_inputs, max_size=20))
def test_the_same_points_and_thresholds_move_nothing(inputs_list):
    current = [(n, i, *_score_tier(i)) for n, i in enumerate(inputs_list)]
    same = rules.Scheme(version=2, points=V1.points, thresholds=V1.thresholds)
    assert rules.scheme_moves(current, same) == []


def _score_tier(inputs):
    result = rules.classify(inputs, V1)
    return result.score, result.tier


NOON = datetime(2026, 11, 30, 12, tzinfo=UTC)


def test_a_proposal_is_stale_when_the_system_changed_after_it_or_the_scheme_moved_on():
    def reason(changed, version=1):
        return rules.proposal_stale_reason(
            proposed_at=NOON,
            system_changed_at=changed,
            scheme_version=1,
            current_scheme_version=version,
        )

    assert reason(NOON - timedelta(minutes=1)) is None
    assert reason(NOON) is None
    assert "changed after this proposal" in reason(NOON + timedelta(seconds=1))
    assert "version 2 is now in force" in reason(NOON - timedelta(days=1), version=2)


def test_shipped_library_has_the_domain_counts_per_tier():
    from registry.data import shipped_control_library

    library = shipped_control_library()
    counts = {tier: sum(tier in e["tiers"] for e in library.values()) for tier in TIER_ORDER}
    assert counts == {"critical": 15, "high": 11, "medium": 7, "low": 3}


def test_tier_change_adds_and_retires_controls():
    delta = rules.control_delta({"model-card", "annual-review"}, {"model-card", "quarterly-review"})
    assert delta.added == ("quarterly-review",)
    assert delta.retired == ("annual-review",)
    assert delta.kept == ("model-card",)


def test_reclassification_is_needed_when_use_population_type_or_scale_change():
    before = {
        "intended_uses": "Screen CVs",
        "user_population": "general_public",
        "decision_type": "employment",
        "deployment_scale": "thousands",
        "name": "A",
    }
    assert rules.reclassification_reasons(before, {**before, "name": "B"}) == []
    after = {**before, "deployment_scale": "millions", "intended_uses": "Screen and rank CVs"}
    assert rules.reclassification_reasons(before, after) == ["use case changed", "scale changed"]


@given(st.lists(st.booleans(), min_size=4, max_size=4))
def test_any_yes_in_the_ai_act_screening_presumes_high_risk(answers):
    assert rules.ai_act_presumed_high_risk(answers) == any(answers)


def test_only_legal_may_set_aside_the_high_risk_presumption():
    problems = rules.ai_act_decision_problems(
        presumed_high_risk=True,
        category="minimal",
        annex_area="",
        decided_by_legal=False,
        rationale="",
    )
    assert set(problems) == {"category", "rationale"}
    assert (
        rules.ai_act_decision_problems(
            presumed_high_risk=True,
            category="minimal",
            annex_area="",
            decided_by_legal=True,
            rationale="Internal helper; no effect on persons.",
        )
        == {}
    )


def test_high_risk_needs_its_annex_iii_area():
    problems = rules.ai_act_decision_problems(
        presumed_high_risk=True,
        category="high_risk",
        annex_area="",
        decided_by_legal=False,
        rationale="",
    )
    assert problems == {"annex_area": "A high-risk system needs its Annex III area."}


def _decision(**overrides):
    values = {
        "presumed_high_risk": False,
        "category": "minimal",
        "annex_area": "",
        "decided_by_legal": False,
        "rationale": "",
        **overrides,
    }
    return rules.ai_act_decision_problems(**values)


@pytest.mark.parametrize("current", ["high_risk", "prohibited"])
@pytest.mark.parametrize("category", ["limited", "minimal"])
def test_only_legal_lowers_a_system_screened_high_risk_or_prohibited(current, category):
    lowered = _decision(current_category=current, category=category, rationale="Re-scoped.")
    assert lowered == {"category": "Only Legal may lower a system screened as high-risk."}
    by_legal = {"current_category": current, "category": category, "decided_by_legal": True}
    assert _decision(**by_legal) == {"rationale": "Say why the system is no longer high-risk."}
    assert _decision(**by_legal, rationale="Now only drafts e-mails; no effect on persons.") == {}


def test_raising_or_keeping_a_category_needs_no_legal_decision():
    assert _decision(current_category="minimal", category="limited") == {}
    assert _decision(current_category="prohibited", category="prohibited") == {}
    assert _decision(current_category="limited", category="minimal") == {}


def test_a_recorded_legal_effect_must_be_answered_yes():
    problems = _decision(legal_effect_recorded=True, answered_legal_effect=False)
    assert set(problems) == {"legal_effect"}
    assert (
        _decision(
            legal_effect_recorded=True,
            answered_legal_effect=True,
            presumed_high_risk=True,
            category="high_risk",
            annex_area="employment",
        )
        == {}
    )


@given(
    st.sampled_from(rules.AI_ACT_SEVERITY[1:]),
    st.sampled_from(rules.AI_ACT_SEVERITY[1:]),
    st.booleans(),
)
def test_without_legal_a_screening_never_lowers_high_risk_or_prohibited(current, new, presumed):
    annex = "employment" if new == "high_risk" else ""
    problems = _decision(
        current_category=current,
        category=new,
        annex_area=annex,
        presumed_high_risk=presumed,
        rationale="r",
    )
    lowered = rules.AI_ACT_SEVERITY.index(new) < rules.AI_ACT_SEVERITY.index(current)
    if current in rules.LOWERED_ONLY_BY_LEGAL and lowered:
        assert "category" in problems


@pytest.mark.parametrize(
    ("last", "months", "due"),
    [
        (datetime(2027, 1, 31, 9, tzinfo=UTC), 1, datetime(2027, 2, 28, 9, tzinfo=UTC)),
        (datetime(2028, 1, 31, 9, tzinfo=UTC), 1, datetime(2028, 2, 29, 9, tzinfo=UTC)),
        (datetime(2100, 1, 31, 9, tzinfo=UTC), 1, datetime(2100, 2, 28, 9, tzinfo=UTC)),
        (datetime(2026, 11, 30, 9, tzinfo=UTC), 3, datetime(2027, 2, 28, 9, tzinfo=UTC)),
        (datetime(2026, 3, 15, 9, tzinfo=UTC), 12, datetime(2027, 3, 15, 9, tzinfo=UTC)),
        (datetime(2026, 8, 31, 9, tzinfo=UTC), 36, datetime(2029, 8, 31, 9, tzinfo=UTC)),
    ],
)
def test_a_review_falls_due_whole_calendar_months_later_on_the_last_day_if_shorter(
    last, months, due
):
    assert rules.review_due_at(last, "high", {"high": months}) == due
