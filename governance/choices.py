"""Enumerations of the governance board's layer, with DOMAIN.md section 5's values."""

from django.db import models


class RiskCategory(models.TextChoices):
    SAFETY = "safety", "Safety"
    FAIRNESS = "fairness", "Fairness / bias"
    PRIVACY = "privacy", "Privacy"
    RELIABILITY = "reliability", "Reliability"
    COMPLIANCE = "compliance", "Compliance"
    ACCESSIBILITY = "accessibility", "Accessibility"
    REPUTATIONAL = "reputational", "Reputational"
    SECURITY = "security", "Security"


class RiskLevel(models.TextChoices):
    CRITICAL = "critical", "Critical"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
