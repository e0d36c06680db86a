"""DOMAIN.md section 4 through the pure gate rules: the must-show examples and properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.choices import Role
from registry import rules
from registry.data import shipped_gates

GATES = {g["slug"]: rules.gate_spec(g, dict(Role.choices)) for g in shipped_gates()}
PRE_DEPLOYMENT = GATES["pre-deployment-security-review"]


def evaluate(
    spec,
    tier="high",
    artifacts=(),
    tests=None,
    approvals=None,
    checklist=(),
    category="minimal",
    screened=True,
):
    """A system screened "minimal" (its screening current) unless told otherwise."""
    return rules.gate_evaluate(
        spec=spec,
        tier=tier,
        present_artifacts=set(artifacts),
        test_results=tests or {},
        approvals=approvals or {},
        checklist_missing=list(checklist),
        ai_act_category=category,
        ai_act_screening_current=screened,
    )


def everything(spec):
    """Every artifact, a passed result for every test, an approval in every slot."""
    return {
        "artifacts": {a.key for a in spec.artifacts},
        "tests": {t.key: True for t in spec.tests},
        "approvals": {role: "approved" for role in spec.approval_roles},
    }


def test_the_shipped_gates_are_domain_section_4():
    assert list(GATES) == [
        "development-authorization",
        "pre-deployment-security-review",
        "production-deployment",
        "annual-production-review",
        "deprecation",
        "decommissioning",
    ]
    counts = {s: (len(g.artifacts), g.approval_roles, len(g.tests)) for s, g in GATES.items()}
    assert counts == {
        "development-authorization": (5, ("board",), 0),
        "pre-deployment-security-review": (7, ("ciso", "legal", "product_owner"), 4),
        "production-deployment": (4, ("eng_manager", "security_lead"), 2),
        "annual-production-review": (4, ("product_owner", "ai_safety"), 2),
        "deprecation": (3, ("product_owner",), 0),
        "decommissioning": (1, ("product_owner",), 0),
    }
    assert [g.blocking for g in GATES.values()] == [True, True, True, False, False, True]
    assert GATES["production-deployment"].requires_checklist
    assert GATES["deprecation"].tiers == {"critical", "high", "medium", "low"}


def test_hiring_screener_is_blocked_at_pre_deployment_with_every_gap_named():
    evaluation = evaluate(PRE_DEPLOYMENT, approvals={"product_owner": "sign_off"})
    assert evaluation.result == "blocked" and not evaluation.can_proceed
    assert len(evaluation.missing_artifacts) == 7
    assert "Model card (final)" in evaluation.missing_artifacts
    assert evaluation.missing_approvals == ("CISO", "Legal")
    assert evaluation.missing_tests == (
        "Security penetration test",
        "Adversarial robustness evaluation",
        "Bias benchmark suite",
        "Out-of-distribution behaviour testing",
    )


def test_hiring_screener_passes_with_7_artifacts_3_approvals_4_tests():
    full = everything(PRE_DEPLOYMENT)
    assert len(full["artifacts"]) == 7 and len(full["tests"]) == 4
    passed = evaluate(PRE_DEPLOYMENT, **full)
    assert (passed.result, passed.can_proceed, passed.has_gaps) == ("approved", True, False)


@pytest.mark.parametrize("kind", ["artifacts", "tests", "approvals"])
def test_hiring_screener_cannot_move_while_any_one_thing_is_missing(kind):
    full = everything(PRE_DEPLOYMENT)
    for key in list(full[kind]):
        short = {**full, kind: _without(full[kind], key)}
        assert evaluate(PRE_DEPLOYMENT, **short).result == "blocked", key


def _without(items, key):
    if isinstance(items, dict):
        return {k: v for k, v in items.items() if k != key}
    return items - {key}


def test_a_failed_test_and_a_rejection_count_as_missing():
    full = everything(PRE_DEPLOYMENT)
    failed = evaluate(
        PRE_DEPLOYMENT,
        artifacts=full["artifacts"],
        tests={**full["tests"], "bias-benchmark-suite": False},
        approvals={**full["approvals"], "legal": "rejected"},
    )
    assert failed.missing_tests == ("failed: Bias benchmark suite",)
    assert failed.missing_approvals == ("rejected: Legal",)


def test_document_summarizer_low_passes_development_authorization_as_not_required():
    evaluation = evaluate(GATES["development-authorization"], tier="low")
    assert (evaluation.result, evaluation.can_proceed) == ("not_required", True)
    assert evaluation.note == "gate not required for this risk tier"


def test_a_medium_systems_annual_production_review_is_not_required():
    evaluation = evaluate(GATES["annual-production-review"], tier="medium")
    assert evaluation.result == "not_required"
    assert evaluate(GATES["annual-production-review"], tier="high").result == "blocked"


def test_an_unclassified_system_meets_every_gate():
    assert rules.gate_applies(GATES["development-authorization"], "")
    assert evaluate(GATES["development-authorization"], tier="").result == "blocked"


def test_shadow_mode_validation_is_asked_only_if_applicable():
    gate = GATES["production-deployment"]
    full = everything(gate)
    without_shadow = {**full, "tests": {"smoke-test-suite": True}}
    assert evaluate(gate, tier="medium", **without_shadow).result == "approved"
    failed = {**full, "tests": {**full["tests"], "shadow-mode-validation": False}}
    assert evaluate(gate, tier="medium", **failed).missing_tests == (
        "failed: Shadow mode validation",
    )
    not_applicable = {**full, "tests": {**full["tests"], "shadow-mode-validation": None}}
    assert evaluate(gate, tier="medium", **not_applicable).result == "approved"


def test_the_checklist_counts_only_where_the_gate_requires_it():
    production = GATES["production-deployment"]
    missing = ["Audit log schema tested"]
    blocked = evaluate(production, checklist=missing, **everything(production))
    assert blocked.missing_checklist == ("Audit log schema tested",)
    assert blocked.result == "blocked"
    review = GATES["annual-production-review"]
    assert evaluate(review, checklist=missing, **everything(review)).result == "approved"


def test_the_lifecycle_path():
    assert rules.next_gate_slug("conception") == "development-authorization"
    assert rules.next_gate_slug("development") == "pre-deployment-security-review"
    assert rules.next_gate_slug("pre_deployment") == "production-deployment"
    assert rules.gate_slugs_from("production") == ("annual-production-review", "deprecation")
    assert rules.next_gate_slug("deprecated") == "decommissioning"
    assert rules.next_gate_slug("decommissioned") is None
    for spec in GATES.values():
        assert spec.slug in rules.gate_slugs_from(spec.from_stage)


def test_a_recorded_result_says_what_it_recorded():
    blocked = rules.gate_recorded_evaluation("blocked", {"artifacts": ["Red team report"]})
    assert (blocked.can_proceed, blocked.missing_artifacts) == (False, ("Red team report",))
    assert rules.gate_recorded_evaluation("remediation", {"tests": ["x"]}).can_proceed
    assert not rules.gate_recorded_evaluation("withdrawn", {}).can_proceed


# --- properties ---------------------------------------------------------------------

gate_specs = st.sampled_from(list(GATES.values()))
tiers = st.sampled_from(["", "low", "medium", "high", "critical"])
decisions = st.sampled_from(["approved", "rejected", "sign_off"])
roles = st.sampled_from([r.value for r in Role])


@st.composite
def gathered(draw):
    spec = draw(gate_specs)
    artifact_keys = [a.key for a in spec.artifacts] + ["something-else"]
    test_keys = [t.key for t in spec.tests]
    return {
        "spec": spec,
        "tier": draw(tiers),
        "artifacts": draw(st.sets(st.sampled_from(artifact_keys))),
        "tests": draw(
            st.dictionaries(st.sampled_from(test_keys), st.booleans() | st.none())
            if test_keys
            else st.just({})
        ),
        "approvals": draw(st.dictionaries(roles, decisions)),
        "checklist": draw(st.lists(st.sampled_from(["a", "b"]), unique=True)),
    }


@given(gathered())
def test_can_proceed_exactly_when_nothing_is_missing_or_the_gate_does_not_apply(g):
    evaluation = _evaluate(g)
    applies = rules.gate_applies(g["spec"], g["tier"])
    assert evaluation.can_proceed == (not evaluation.has_gaps or not applies)
    assert evaluation.result == (
        "approved"
        if applies and not evaluation.has_gaps
        else "not_required"
        if not applies
        else "blocked"
    )


def _evaluate(g):
    return evaluate(
        g["spec"],
        tier=g["tier"],
        artifacts=g["artifacts"],
        tests=g["tests"],
        approvals=g["approvals"],
        checklist=g["checklist"],
    )


@given(gathered(), st.data())
def test_adding_a_present_artifact_never_adds_a_gap(g, data):
    before = _evaluate(g)
    keys = [a.key for a in g["spec"].artifacts] or ["none"]
    more = {**g, "artifacts": g["artifacts"] | {data.draw(st.sampled_from(keys))}}
    after = _evaluate(more)
    for kind, gaps in after.gaps.items():
        assert set(gaps) <= set(before.gaps[kind])
    assert after.can_proceed or not before.can_proceed


def test_a_test_result_needs_its_report_a_file_or_a_link():
    missing = {"report": "Attach the report or give a link to it."}
    assert rules.gate_test_report_problems(has_file=False, link="") == missing
    assert rules.gate_test_report_problems(has_file=False, link="   ") == missing
    assert rules.gate_test_report_problems(has_file=True, link="") == {}
    assert rules.gate_test_report_problems(has_file=False, link="https://ci.example/7") == {}
