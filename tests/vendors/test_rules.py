"""DOMAIN.md section 8's vendor risk score: the worked examples and its properties."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vendors.rules import scoring as rules
from vendors.rules.questionnaire import send_refusal

TODAY = date(2026, 11, 30)
ALL_GOOD = {
    "soc2_type2_certified": True,
    "penetration_tested": True,
    "data_retention_days": 30,
    "opt_out_of_training": True,
    "has_dpa": True,
    "audit_rights": True,
    "has_fallback_provider": True,
    "sla_uptime_percentage": Decimal("99.5"),
}


def score(answers, *, soc2_report_current=True):
    return rules.assessment_score(answers, soc2_report_current=soc2_report_current, today=TODAY)


def test_no_soc2_no_dpa_no_training_opt_out_is_9_points_high_escalate_not_approved():
    result = score(
        {**ALL_GOOD, "soc2_type2_certified": False, "has_dpa": False, "opt_out_of_training": False}
    )
    assert result.points == 9
    assert result.tier == "high"
    assert result.recommendation.startswith("Escalate")
    assert result.use_approved is False
    assert sorted(f.severity for f in result.findings) == ["critical", "high", "high"]


def test_60_day_retention_and_no_audit_rights_is_3_points_low_approved():
    result = score({**ALL_GOOD, "data_retention_days": 60, "audit_rights": False})
    assert (result.points, result.tier, result.use_approved) == (3, "low", True)
    assert result.recommendation.startswith("Approved")
    assert [(f.severity, f.points) for f in result.findings] == [("medium", 2), ("low", 1)]


def test_everything_good_at_the_limits_has_no_finding():
    # 30 days is not "over 30"; 99.5% is not "under 99.5%".
    assert score(ALL_GOOD).findings == ()


def test_a_claimed_soc2_without_a_current_report_scores_as_none():
    result = score(ALL_GOOD, soc2_report_current=False)
    assert result.points == 3
    assert result.findings[0].severity == "high"
    assert "without a current SOC 2 report" in result.findings[0].issue


def test_medium_is_approved_only_without_a_critical_finding():
    no_dpa_no_pentest = score({**ALL_GOOD, "has_dpa": False, "penetration_tested": False})
    assert (no_dpa_no_pentest.tier, no_dpa_no_pentest.use_approved) == ("medium", False)
    two_mediums = score({**ALL_GOOD, "has_fallback_provider": False, "penetration_tested": False})
    assert (two_mediums.tier, two_mediums.use_approved) == ("medium", True)
    assert two_mediums.recommendation.startswith("Conditional")


def test_scoring_refuses_missing_answers_naming_them():
    answers = {**ALL_GOOD, "has_dpa": None}
    del answers["audit_rights"]
    assert rules.missing_answers(answers) == ["has_dpa", "audit_rights"]
    try:
        score(answers)
    except ValueError as exc:
        assert "has_dpa, audit_rights" in str(exc)
    else:
        raise AssertionError("scored with missing answers")


def test_high_tier_needs_ciso_approval_and_the_remediation_done():
    """The finding: a high-tier product was approved once a plan with a due date existed.
    Expected: approved only with the CISO's approval and the remediation done."""
    assert rules.use_approved_high(ciso_approved=True, remediation_done=True) is True
    assert rules.use_approved_high(ciso_approved=True, remediation_done=False) is False
    assert rules.use_approved_high(ciso_approved=False, remediation_done=True) is False
    assert (
        rules.use_approved_high(
            ciso_approved=True, remediation_done=True, personal_data_without_dpa=True
        )
        is False
    )


def test_personal_data_without_a_dpa_is_never_approved_whatever_the_score():
    """The finding: a product receiving personal data was approved without a DPA (no DPA
    alone is 3 points, low). Expected: not approved, the reason in the recommendation."""
    answers = {**ALL_GOOD, "has_dpa": False, "personal_data_sent": True}
    result = rules.assessment_score(answers, soc2_report_current=True, today=date(2026, 12, 1))
    assert (result.points, result.tier, result.use_approved) == (3, "low", False)
    assert "personal data without a DPA" in result.recommendation
    no_personal_data = {**answers, "personal_data_sent": False}
    kept = rules.assessment_score(
        no_personal_data, soc2_report_current=True, today=date(2026, 12, 1)
    )
    assert kept.use_approved is True
    with_dpa = {**answers, "has_dpa": True}
    approved = rules.assessment_score(with_dpa, soc2_report_current=True, today=date(2026, 12, 1))
    assert approved.use_approved is True


@given(st.sampled_from(["low", "medium", "high"]), st.booleans(), st.booleans())
def test_personal_data_without_a_dpa_blocks_every_tier(tier, ciso, done):
    assert rules.use_approved(tier, [], personal_data_without_dpa=True) is False
    assert (
        rules.use_approved_high(
            ciso_approved=ciso, remediation_done=done, personal_data_without_dpa=True
        )
        is False
    )


def test_reassessment_is_due_a_year_after_scoring():
    assert rules.reassessment_due(date(2026, 11, 30)) == date(2027, 11, 30)
    assert rules.reassessment_due(date(2028, 2, 29)) == date(2029, 2, 28)


ANSWERS = st.fixed_dictionaries(
    {
        "soc2_type2_certified": st.booleans(),
        "penetration_tested": st.booleans(),
        "data_retention_days": st.integers(min_value=0, max_value=3650),
        "opt_out_of_training": st.booleans(),
        "has_dpa": st.booleans(),
        "audit_rights": st.booleans(),
        "has_fallback_provider": st.booleans(),
        "sla_uptime_percentage": st.decimals(min_value=0, max_value=100, places=3),
    }
)


@given(ANSWERS, st.booleans())
def test_points_are_the_sum_of_the_findings_points(answers, current):
    result = score(answers, soc2_report_current=current)
    assert result.points == sum(f.points for f in result.findings)
    assert 0 <= result.points <= 17


@pytest.mark.parametrize(
    ("bad_answers", "points", "tier"),
    [
        ({"soc2_type2_certified": False}, 3, "low"),
        ({"penetration_tested": False, "data_retention_days": 60}, 4, "medium"),
        (
            {
                "soc2_type2_certified": False,
                "penetration_tested": False,
                "has_fallback_provider": False,
            },
            7,
            "medium",
        ),
        (
            {
                "soc2_type2_certified": False,
                "opt_out_of_training": False,
                "has_fallback_provider": False,
            },
            8,
            "high",
        ),
    ],
    ids=["3-low", "4-medium", "7-medium", "8-high"],
)
def test_the_tier_thresholds_sit_at_4_and_8(bad_answers, points, tier):
    result = score({**ALL_GOOD, **bad_answers})
    assert (result.points, result.tier) == (points, tier)
    assert result.use_approved is (tier != "high")  # no critical finding among these


WORSE = {
    "soc2_type2_certified": False,
    "penetration_tested": False,
    "data_retention_days": 365,
    "opt_out_of_training": False,
    "has_dpa": False,
    "audit_rights": False,
    "has_fallback_provider": False,
    "sla_uptime_percentage": Decimal("90"),
}
TIER_ORDER = ["low", "medium", "high"]


@given(ANSWERS, st.sampled_from(sorted(WORSE)))
def test_a_worse_answer_never_lowers_the_tier_nor_approves(answers, worse):
    before = score(answers)
    after = score({**answers, worse: WORSE[worse]})
    assert TIER_ORDER.index(after.tier) >= TIER_ORDER.index(before.tier)
    assert after.use_approved <= before.use_approved


@given(st.integers(min_value=0, max_value=40))
def test_tier_boundaries(points):
    expected = "high" if points >= 8 else "medium" if points >= 4 else "low"
    assert rules.risk_tier(points) == expected
    assert rules.risk_tier(3) == "low" and rules.risk_tier(4) == "medium"
    assert rules.risk_tier(7) == "medium" and rules.risk_tier(8) == "high"


@pytest.mark.parametrize(
    ("status", "link_open", "refused_with"),
    [
        ("draft", False, ""),
        ("sent", False, ""),  # every link lapsed: nobody can answer it, send a new one
        ("sent", True, "withdraw the open link"),
        ("answered", False, "review their answers"),
        ("scored", False, "A scored assessment is not sent"),
        ("superseded", False, "A superseded assessment is not sent"),
    ],
)
def test_only_a_draft_questionnaire_is_sent(status, link_open, refused_with):
    refusal = send_refusal(status, link_open=link_open)
    if refused_with:
        assert refused_with in refusal
    else:
        assert refusal == ""
