"""DOMAIN.md 2.1 and 2.2 through the pure rules, with worked examples and properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry import rules

HIRING_SCREENER = {
    "decision_impact": "employment",
    "human_oversight": "partial",
    "data_sensitivity": "sensitive",
    "user_vulnerability": "general_public",
    "deployment_scale": "thousands",
    "decision_reversibility": "difficult_to_reverse",
}
BILLING_CHATBOT = {
    **HIRING_SCREENER,
    "decision_impact": "financial",
    "decision_reversibility": "reversible",
}
DOC_SUMMARIZER = {
    "decision_impact": "informational",
    "human_oversight": "full",
    "data_sensitivity": "sensitive",
    "user_vulnerability": "professionals",
    "deployment_scale": "internal",
    "decision_reversibility": "reversible",
}


@pytest.mark.parametrize(
    ("inputs", "score", "tier"),
    [(HIRING_SCREENER, 13, "high"), (BILLING_CHATBOT, 11, "medium"), (DOC_SUMMARIZER, 6, "low")],
    ids=["hiring-screener", "billing-chatbot", "document-summarizer"],
)
def test_worked_examples_give_the_domain_scores_and_tiers(inputs, score, tier):
    result = rules.classify(inputs)
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
    assert rules.tier_for_score(score) == tier


def test_unknown_value_names_the_dimension():
    with pytest.raises(rules.UnknownDimensionValue) as err:
        rules.classify({**HIRING_SCREENER, "human_oversight": "sometimes"})
    assert err.value.dimension == "human_oversight"
    assert "sometimes" in str(err.value)


def test_missing_dimension_is_refused():
    partial = dict(HIRING_SCREENER)
    del partial["deployment_scale"]
    with pytest.raises(ValueError, match="deployment_scale"):
        rules.classify(partial)


classification_inputs = st.fixed_dictionaries(
    {dim: st.sampled_from(sorted(points)) for dim, points in rules.DIMENSION_POINTS.items()}
)


@given(classification_inputs)
def test_score_always_stays_within_the_tables_bounds(inputs):
    # DOMAIN.md calls the range "6 to 24", but its own points table spans 5..23
    # (deployment scale "internal" scores 0; the maxima sum to 23). We follow the
    # table, which the worked examples confirm, and keep the property on its bounds.
    assert rules.MIN_SCORE <= rules.classify(inputs).score <= rules.MAX_SCORE
    assert 5 <= rules.classify(inputs).score <= 24


@given(classification_inputs, st.sampled_from(rules.DIMENSIONS), st.data())
def test_raising_any_dimension_never_lowers_the_tier(inputs, dimension, data):
    scale = rules.DIMENSION_POINTS[dimension]
    current = scale[inputs[dimension]]
    higher = [value for value, points in scale.items() if points >= current]
    raised = {**inputs, dimension: data.draw(st.sampled_from(sorted(higher)))}
    before, after = rules.classify(inputs), rules.classify(raised)
    assert rules.tier_rank(after.tier) >= rules.tier_rank(before.tier)
    assert after.score >= before.score


def test_points_table_spans_5_to_23():
    assert (rules.MIN_SCORE, rules.MAX_SCORE) == (5, 23)


def test_shipped_library_has_the_domain_counts_per_tier():
    from registry.library import shipped_control_library

    library = shipped_control_library()
    counts = {tier: sum(tier in e["tiers"] for e in library.values()) for tier in rules.TIER_ORDER}
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
