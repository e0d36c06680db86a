"""The EU AI Act constrains the gates (DOMAIN.md 2.2, issue 15 section 2): a prohibited
system passes no gate, every gate needs a current screening, and a high-risk or
limited-risk system meets at least the gates of the internal high tier."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry import rules
from tests.registry.test_gate_rules import GATES, evaluate, everything

FORWARD = [s for s, g in GATES.items() if g.to_stage not in {"deprecated", "decommissioned"}]
TIERS = ["low", "medium", "high", "critical"]
CATEGORIES = ["unassessed", "minimal", "limited", "high_risk", "prohibited"]


@pytest.mark.parametrize("slug", FORWARD)
def test_a_prohibited_system_passes_no_gate_naming_art_5(slug):
    """Input: a prohibited system with everything given at every tier; expected BLOCKED
    naming Art. 5."""
    gate = GATES[slug]
    for tier in TIERS:
        got = evaluate(gate, tier=tier, category="prohibited", **everything(gate))
        assert (got.result, got.can_proceed) == ("blocked", False)
        assert any("Art. 5" in gap for gap in got.missing_ai_act)
        assert got.as_check()["missing_ai_act"] == list(got.missing_ai_act)


def test_a_prohibited_system_may_still_be_taken_out_of_use():
    gate = GATES["deprecation"]
    got = evaluate(gate, tier="high", category="prohibited", **everything(gate))
    assert got.result == "approved"


def test_an_annex_iii_system_with_a_low_score_meets_the_high_tiers_gates():
    """The finding: a high-risk system scored low went live with both gates "not
    required". Expected: both gates apply and ask for everything they ask of high."""
    for slug in ("pre-deployment-security-review", "production-deployment"):
        got = evaluate(GATES[slug], tier="low", category="high_risk")
        assert got.result == "blocked", slug
        assert got.missing_artifacts, slug
    low_minimal = evaluate(GATES["pre-deployment-security-review"], tier="low")
    assert low_minimal.result == "not_required"


def test_a_limited_risk_system_meets_the_high_tiers_gates_and_checklist():
    gate = GATES["production-deployment"]
    got = evaluate(gate, tier="low", category="limited", checklist=["Audit log schema tested"])
    assert got.missing_checklist == ("Audit log schema tested",)


@pytest.mark.parametrize(
    ("tier", "category", "expected"),
    [
        ("low", "high_risk", "high"),
        ("medium", "limited", "high"),
        ("critical", "high_risk", "critical"),
        ("low", "minimal", "low"),
        ("medium", "unassessed", "medium"),
        ("", "high_risk", ""),
    ],
)
def test_the_gate_tier_is_the_stricter_of_the_two(tier, category, expected):
    assert rules.gate_tier(tier, category) == expected


@pytest.mark.parametrize("slug", FORWARD)
def test_no_gate_passes_without_a_current_screening(slug):
    """The finding: a legal-effect system passed development authorization without a
    screening. Expected: blocked, the screening named, even where the tier alone would
    make the gate "not required"."""
    gate = GATES[slug]
    for tier in ("low", "high"):
        got = evaluate(gate, tier=tier, category="unassessed", screened=False, **everything(gate))
        assert (got.result, got.can_proceed) == ("blocked", False)
        assert got.missing_ai_act == (rules.AI_ACT_SCREENING_GAP,)
    stale = evaluate(gate, tier="high", category="minimal", screened=False, **everything(gate))
    assert stale.missing_ai_act == (rules.AI_ACT_SCREENING_GAP,)


def test_a_screening_that_said_no_legal_effect_is_stale_once_the_system_has_it():
    current = rules.ai_act_screening_current
    assert current(category="minimal", legal_effect_recorded=False, screened_legal_effect=False)
    assert not current(category="minimal", legal_effect_recorded=True, screened_legal_effect=False)
    assert current(category="high_risk", legal_effect_recorded=True, screened_legal_effect=True)
    assert not current(
        category="unassessed", legal_effect_recorded=False, screened_legal_effect=None
    )


def test_the_recorded_gaps_keep_the_ai_act_gap():
    got = evaluate(GATES["development-authorization"], category="prohibited")
    again = rules.gate_recorded_evaluation("blocked", got.gaps)
    assert again.missing_ai_act == got.missing_ai_act


@given(
    st.sampled_from(FORWARD),
    st.sampled_from(TIERS),
    st.sampled_from(CATEGORIES),
    st.booleans(),
)
def test_the_ai_act_only_ever_makes_a_gate_stricter(slug, tier, category, screened):
    """Whatever the category and screening, a gate never passes more easily than it
    would for the same tier screened minimal."""
    gate = GATES[slug]
    plain = evaluate(gate, tier=tier, category="minimal", screened=True)
    got = evaluate(gate, tier=tier, category=category, screened=screened)
    if not plain.can_proceed:
        assert not got.can_proceed
    for kind, gaps in plain.gaps.items():
        if plain.result != "not_required":
            assert set(gaps) <= set(got.gaps[kind]) or category == "prohibited"
