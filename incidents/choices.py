"""The incidents app's fixed lists (DOMAIN.md section 6)."""

from django.db import models


class IncidentType(models.TextChoices):
    SAFETY_VIOLATION = "safety_violation", "Safety violation"
    SECURITY_BREACH = "security_breach", "Security breach"
    BIAS_HARM = "bias_harm", "Bias harm"
    PRIVACY_VIOLATION = "privacy_violation", "Privacy violation"
    PERFORMANCE_REGRESSION = "performance_regression", "Performance regression"
    DATA_POISONING = "data_poisoning", "Data poisoning"
    RAG_INJECTION = "rag_injection", "RAG injection"
    AVAILABILITY = "availability", "Availability"


class BreachNature(models.TextChoices):
    """What happened to the personal data (GDPR Art. 4(12)): a breach is not only a
    disclosure; losing or altering data is one too."""

    DESTRUCTION = "destruction", "Destroyed"
    LOSS = "loss", "Lost"
    ALTERATION = "alteration", "Altered"
    DISCLOSURE = "disclosure", "Disclosed without authorisation"
    ACCESS = "access", "Accessed without authorisation"


class Severity(models.TextChoices):
    CRITICAL = "critical", "Critical"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", "Reported"
    TRIAGED = "triaged", "Triaged"
    CONTAINED = "contained", "Contained"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


class ClockKind(models.TextChoices):
    """The clocks an incident may run; stored on core's Deadline as `incidents.<kind>`."""

    TRIAGE = "triage", "Triage"
    CONTAINMENT = "containment", "Containment"
    LEADERSHIP = "leadership", "Leadership notified"
    REGULATORY_ASSESSMENT = "regulatory_assessment", "Regulatory assessment"
    GDPR_72H = "gdpr_72h", "GDPR Art. 33 notification (72 h)"
    AI_ACT_ART73 = "ai_act_art73", "EU AI Act Art. 73 report"


class TimelineKind(models.TextChoices):
    REPORTED = "reported", "Reported"
    STATUS = "status", "Status changed"
    NOTE = "note", "Note"
    CHECKLIST = "checklist", "Checklist item done"
    CLOCK = "clock", "Clock event"
    SEVERITY = "severity", "Severity changed"
    AWARENESS = "awareness", "Awareness time corrected"
    NOTIFICATION = "notification", "Notification sent"
    REVIEW = "review", "Post-incident review"


class Audience(models.TextChoices):
    REGULATOR = "regulator", "Supervisory / market surveillance authority"
    USERS = "users", "Affected users"
    LEADERSHIP = "leadership", "Leadership"


class NotificationPhase(models.TextChoices):
    INITIAL = "initial", "Initial report"
    FOLLOW_UP = "follow_up", "Follow-up"
    # The EU AI Act report ends with a final one (Art. 73(5)); GDPR reports are phased.
    FINAL = "final", "Final report"


class PlaybookPhase(models.TextChoices):
    IMMEDIATE = "immediate", "Immediate action"
    CONTAINMENT = "containment", "Containment option"
