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


class SessionKind(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly review (everything due)"
    AD_HOC = "ad_hoc", "Ad-hoc review"


class AdHocReason(models.TextChoices):
    NEW_USE_CASE = "new_use_case", "New use case"
    MODEL_UPDATE = "model_update", "Major model update"
    OUTSIDE_INCIDENT = "outside_incident", "Outside incident"


# A review session is open or closed as a risk is: the same two values and words.
SessionStatus = RiskStatus


class DecisionKind(models.TextChoices):
    ACCEPT = "accept", "Accept the residual risk (sign-off)"
    MITIGATE = "mitigate", "Require mitigation"
    ESCALATE = "escalate", "Escalate"
    CLOSE = "close", "Close the risk"
