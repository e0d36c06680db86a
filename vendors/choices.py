"""Enumerations of vendor (third-party AI) risk, DOMAIN.md section 8."""

from django.db import models


class ProductKind(models.TextChoices):
    MODEL = "model", "Model"
    API = "api", "API"
    LICENSED_WEIGHTS = "licensed_weights", "Licensed weights"
    OTHER = "other", "Other"


class AccessType(models.TextChoices):
    API = "api", "API"
    SELF_HOSTED = "self_hosted", "Self-hosted"
    FINE_TUNED = "fine_tuned", "Fine-tuned"
    LICENSED_WEIGHTS = "licensed_weights", "Licensed weights"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent to vendor"
    ANSWERED = "answered", "Answered"
    SCORED = "scored", "Scored"
    SUPERSEDED = "superseded", "Superseded"


class AssessmentReason(models.TextChoices):
    INITIAL = "initial", "Initial"
    ANNUAL = "annual", "Annual re-assessment"
    VENDOR_CHANGE = "vendor_change", "Vendor change"


class RiskTier(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Severity(models.TextChoices):
    CRITICAL = "critical", "Critical"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class EvidenceKind(models.TextChoices):
    SOC2_REPORT = "soc2_report", "SOC 2 report"
    DPA = "dpa", "Data processing agreement"
    PENTEST_SUMMARY = "pentest_summary", "Penetration test summary"
    SIGNED_AMENDMENT = "signed_amendment", "Signed contract amendment (remediation)"
    OTHER = "other", "Other"


class ChangeKind(models.TextChoices):
    MODEL = "model", "Model"
    TERMS = "terms", "Terms"
    DATA_HANDLING = "data_handling", "Data handling"
