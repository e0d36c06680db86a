"""Enumerations of the registry, with the values DOMAIN.md section 2 uses."""

from django.db import models


class DecisionImpact(models.TextChoices):
    LIFE_SAFETY = "life_safety", "Life or safety"
    EMPLOYMENT = "employment", "Employment"
    FINANCIAL = "financial", "Financial"
    ACCESS_TO_SERVICES = "access_to_services", "Access to services"
    REPUTATIONAL = "reputational", "Reputational"
    INFORMATIONAL = "informational", "Informational"


class HumanOversight(models.TextChoices):
    NONE = "none", "None"
    PARTIAL = "partial", "Partial"
    FULL = "full", "Full"


class DataSensitivity(models.TextChoices):
    SPECIAL_CATEGORY = "special_category", "Special category"
    HIGHLY_SENSITIVE = "highly_sensitive", "Highly sensitive"
    SENSITIVE = "sensitive", "Sensitive"
    NON_SENSITIVE = "non_sensitive", "Non-sensitive"


class UserVulnerability(models.TextChoices):
    VULNERABLE_POPULATIONS = "vulnerable_populations", "Vulnerable populations"
    GENERAL_PUBLIC = "general_public", "General public"
    PROFESSIONALS = "professionals", "Professionals"


class DeploymentScale(models.TextChoices):
    MILLIONS = "millions", "Millions"
    HUNDREDS_OF_THOUSANDS = "hundreds_of_thousands", "Hundreds of thousands"
    THOUSANDS = "thousands", "Thousands"
    INTERNAL = "internal", "Internal"


class DecisionReversibility(models.TextChoices):
    IRREVERSIBLE = "irreversible", "Irreversible"
    DIFFICULT_TO_REVERSE = "difficult_to_reverse", "Difficult to reverse"
    REVERSIBLE = "reversible", "Reversible"


class RiskTier(models.TextChoices):
    CRITICAL = "critical", "Critical"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class ClassificationStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    EFFECTIVE = "effective", "Effective"
    SUPERSEDED = "superseded", "Superseded"
    REJECTED = "rejected", "Rejected"


class LifecycleStage(models.TextChoices):
    CONCEPTION = "conception", "Conception"
    DEVELOPMENT = "development", "Development"
    PRE_DEPLOYMENT = "pre_deployment", "Pre-deployment"
    PRODUCTION = "production", "Production"
    DEPRECATED = "deprecated", "Deprecated"
    DECOMMISSIONED = "decommissioned", "Decommissioned"


class GateStatus(models.TextChoices):
    NONE = "none", "No gate requested"
    PENDING = "pending", "Gate request pending"
    APPROVED = "approved", "Last gate approved"
    REMEDIATION = "remediation", "Proceeding with remediation plan"
    BLOCKED = "blocked", "Last gate blocked"


class Regulation(models.TextChoices):
    EU_AI_ACT = "eu_ai_act", "EU AI Act"
    GDPR = "gdpr", "GDPR"
    CCPA = "ccpa", "CCPA"
    EEOC = "eeoc", "EEOC"
    ECOA = "ecoa", "ECOA / Reg B"
    HIPAA = "hipaa", "HIPAA"
    DSA = "dsa", "EU Digital Services Act"
    NIST_AI_RMF = "nist_ai_rmf", "NIST AI RMF"
    ISO_42001 = "iso_42001", "ISO/IEC 42001"


class AIActCategory(models.TextChoices):
    UNASSESSED = "unassessed", "Not yet screened"
    PROHIBITED = "prohibited", "Prohibited"
    HIGH_RISK = "high_risk", "High-risk"
    LIMITED = "limited", "Limited risk (transparency)"
    MINIMAL = "minimal", "Minimal risk"


class AIActRole(models.TextChoices):
    """Our role for a system under the AI Act (Art. 3, DOMAIN.md 2.2): a serious incident
    is the provider's Art. 73 report, or the deployer's Art. 26(5) notice."""

    PROVIDER = "provider", "Provider"
    DEPLOYER = "deployer", "Deployer"
    BOTH = "both", "Provider and deployer"


class AnnexIIIArea(models.TextChoices):
    BIOMETRICS = "biometrics", "Biometrics"
    CRITICAL_INFRASTRUCTURE = "critical_infrastructure", "Critical infrastructure"
    EDUCATION = "education", "Education and vocational training"
    EMPLOYMENT = "employment", "Employment, worker management, access to self-employment"
    ESSENTIAL_SERVICES = "essential_services", "Access to essential private and public services"
    LAW_ENFORCEMENT = "law_enforcement", "Law enforcement"
    MIGRATION = "migration", "Migration, asylum and border control"
    JUSTICE = "justice", "Administration of justice and democratic processes"


class ControlStatus(models.TextChoices):
    MISSING = "missing", "Missing"
    IN_PROGRESS = "in_progress", "In progress"
    IMPLEMENTED = "implemented", "Implemented"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class GateRequestStatus(models.TextChoices):
    # The owner gathers artifacts and tests; nobody is asked yet (issue 17).
    DRAFT = "draft", "Draft"
    # Submitted: the approvers are asked.
    OPEN = "open", "Open"
    APPROVED = "approved", "Approved"
    REMEDIATION = "remediation", "Proceed with remediation plan"
    NOT_REQUIRED = "not_required", "Gate not required for this risk tier"
    BLOCKED = "blocked", "Blocked"
    WITHDRAWN = "withdrawn", "Withdrawn"


# A request still in progress: one per system (registry.models.GateRequest's
# one_open_gate_request), artifacts and tests may still be given.
GATE_REQUEST_IN_PROGRESS = (GateRequestStatus.DRAFT, GateRequestStatus.OPEN)


class ApprovalDecision(models.TextChoices):
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    SIGN_OFF = "sign_off", "Signed off by submitting"


class ArtifactRecordType(models.TextChoices):
    CLASSIFICATION = "classification", "Classification record"
    AI_ACT_SCREENING = "ai_act_screening", "EU AI Act screening"
    CONTROL = "control", "Control with its evidence"


class SystemChangeKind(models.TextChoices):
    """What changed in what a system runs (DOMAIN.md 7: each needs a new model card)."""

    RETRAINING = "retraining", "Retraining"
    FINE_TUNE = "fine_tune", "New fine-tune"
    RETRIEVAL = "retrieval", "Retrieval change"
    GUARDRAIL = "guardrail", "Guardrail change"


def artifact_record_choices() -> list[tuple[str, str]]:
    """The registry's own record types, then those higher apps answer through core's
    gate artifact sources (a model card version). A callable, so the field's choices
    follow the registered sources without a migration each."""
    from core.gate_artifact_sources import artifact_sources

    contributed = [(source.record_type, source.label) for source in artifact_sources()]
    return [*ArtifactRecordType.choices, *contributed]
