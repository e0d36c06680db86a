"""The vendor risk score of DOMAIN.md section 8, as pure functions (no ORM, no clock).

Reading of "an expired SOC 2 report counts as none" (issue 9): a vendor's claim of SOC 2
Type 2 only counts when the assessment holds a SOC 2 report that is current on the
scoring day. A claim without a current report, or a report whose expiry date has
passed, scores as "no SOC 2 Type 2" (+3, high); the finding says which it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from vendors.choices import RiskTier, Severity

HIGH_FROM = 8
MEDIUM_FROM = 4
RETENTION_LIMIT_DAYS = 30  # retention over this many days is a finding
SLA_FLOOR = Decimal("99.5")  # an SLA under this uptime is a finding

RECOMMENDATIONS = {
    RiskTier.HIGH: "Escalate: CISO approval and contractual remediation before use",
    RiskTier.MEDIUM: "Conditional: address critical and high findings first",
    RiskTier.LOW: "Approved: monitor annually",
}
# The answers the score reads; every one must be given before scoring (besides
# `personal_data_sent`, which defaults to no and decides approval, not points).
SCORED_ANSWERS = (
    "soc2_type2_certified",
    "penetration_tested",
    "data_retention_days",
    "opt_out_of_training",
    "has_dpa",
    "audit_rights",
    "has_fallback_provider",
    "sla_uptime_percentage",
)


@dataclass(frozen=True)
class Finding:
    issue: str
    severity: str
    points: int

    def as_dict(self) -> dict[str, Any]:
        return {"issue": self.issue, "severity": self.severity, "points": self.points}


@dataclass(frozen=True)
class Result:
    points: int
    tier: str
    findings: tuple[Finding, ...]
    recommendation: str
    use_approved: bool


def missing_answers(answers: Mapping[str, Any]) -> list[str]:
    """The scored answers not given yet (None or absent), in the questionnaire's order."""
    return [name for name in SCORED_ANSWERS if answers.get(name) is None]


def assessment_findings(answers: Mapping[str, Any], *, soc2_report_current: bool) -> list[Finding]:
    """The findings of DOMAIN.md 8, each with its severity and points."""
    found = []
    if not answers["soc2_type2_certified"]:
        found.append(Finding("No SOC 2 Type 2 certification", Severity.HIGH, 3))
    elif not soc2_report_current:
        found.append(
            Finding("SOC 2 Type 2 claimed without a current SOC 2 report", Severity.HIGH, 3)
        )
    if not answers["penetration_tested"]:
        found.append(Finding("Not penetration tested", Severity.MEDIUM, 2))
    if answers["data_retention_days"] > RETENTION_LIMIT_DAYS:
        days = answers["data_retention_days"]
        found.append(Finding(f"Data retained {days} days (over 30)", Severity.MEDIUM, 2))
    if not answers["opt_out_of_training"]:
        found.append(Finding("Cannot opt out of training on our data", Severity.HIGH, 3))
    if not answers["has_dpa"]:
        found.append(Finding("No DPA: GDPR at risk", Severity.CRITICAL, 3))
    if not answers["audit_rights"]:
        found.append(Finding("No audit rights", Severity.LOW, 1))
    if not answers["has_fallback_provider"]:
        found.append(Finding("No fallback provider", Severity.MEDIUM, 2))
    if Decimal(str(answers["sla_uptime_percentage"])) < SLA_FLOOR:
        found.append(Finding("SLA uptime under 99.5%", Severity.LOW, 1))
    return found


def risk_tier(points: int) -> str:
    if points >= HIGH_FROM:
        return RiskTier.HIGH
    return RiskTier.MEDIUM if points >= MEDIUM_FROM else RiskTier.LOW


NO_DPA_FOR_PERSONAL_DATA = (
    "Not approved: the product receives personal data without a DPA "
    "(GDPR Art. 28(3) makes the processor contract mandatory)"
)


def personal_data_without_dpa(answers: Mapping[str, Any]) -> bool:
    """The product receives personal data and no DPA is signed (DOMAIN.md 8)."""
    return bool(answers.get("personal_data_sent")) and not answers.get("has_dpa")


def use_approved(
    tier: str, findings: tuple[Finding, ...] | list, *, personal_data_without_dpa: bool = False
) -> bool:
    """Low, or medium with no critical finding; never a product that receives personal
    data without a DPA, whatever its score. High: see `use_approved_high`."""
    if personal_data_without_dpa:
        return False
    if tier == RiskTier.LOW:
        return True
    return tier == RiskTier.MEDIUM and not any(_severity(f) == Severity.CRITICAL for f in findings)


def _severity(finding) -> str:
    return finding.severity if isinstance(finding, Finding) else finding["severity"]


def assessment_score(
    answers: Mapping[str, Any], *, soc2_report_current: bool, today: date
) -> Result:
    """Points, tier, findings, recommendation and "use approved" of one assessment.

    `today` is the scoring day (the caller decided `soc2_report_current` on it); it is
    a parameter so that the function reads no clock. Raises ValueError naming the
    answers still missing."""
    missing = missing_answers(answers)
    if missing:
        raise ValueError(f"Answers missing: {', '.join(missing)}")
    findings = tuple(assessment_findings(answers, soc2_report_current=soc2_report_current))
    points = sum(f.points for f in findings)
    tier = risk_tier(points)
    no_dpa = personal_data_without_dpa(answers)
    recommendation = NO_DPA_FOR_PERSONAL_DATA if no_dpa else RECOMMENDATIONS[tier]
    approved = use_approved(tier, findings, personal_data_without_dpa=no_dpa)
    return Result(points, tier, findings, recommendation, approved)


def use_approved_high(
    *, ciso_approved: bool, remediation_done: bool, personal_data_without_dpa: bool = False
) -> bool:
    """A high-tier product is approved for use only once the CISO has approved it and
    the contractual remediation is done (the signed amendment attached), not when a plan
    with a due date merely exists; never while it receives personal data without a DPA."""
    return ciso_approved and remediation_done and not personal_data_without_dpa


def reassessment_due(scored_on: date) -> date:
    """One year after scoring (29 February scores fall due on 28 February)."""
    try:
        return scored_on.replace(year=scored_on.year + 1)
    except ValueError:
        return scored_on.replace(year=scored_on.year + 1, day=28)
