"""AI incidents (DOMAIN.md section 6): the incident, its timeline, its playbook
checklist, the notifications drafted and sent, the post-incident review, and the SLA
policy in force. The clocks themselves are core's Deadline rows (kind
`incidents.<ClockKind>`), so the one sweep warns and escalates them.
"""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import EvidenceLink, linked_once, user_fk
from incidents import choices as c
from registry.models import LONG_TEXT, AISystem


def _fact_text(verbose_name: str, help_text: str) -> models.TextField:
    """A notice fact in prose: blank until known, as long as the registry's long texts."""
    return models.TextField(
        verbose_name, blank=True, validators=[MaxLengthValidator(LONG_TEXT)], help_text=help_text
    )


class Incident(models.Model):
    """One incident reported against one system. `discovered_at` is the moment of
    awareness every clock runs from; it changes only through a correction with a
    reason (audited, in the timeline)."""

    incident_id = models.CharField("incident ID", max_length=12, unique=True)
    system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="incidents")
    type = models.CharField(max_length=30, choices=c.IncidentType.choices)
    severity = models.CharField(max_length=10, choices=c.Severity.choices)
    status = models.CharField(
        max_length=12, choices=c.IncidentStatus.choices, default=c.IncidentStatus.REPORTED
    )
    title = models.CharField(max_length=200)
    description = models.TextField(validators=[MaxLengthValidator(LONG_TEXT)])
    discovered_at = models.DateTimeField(help_text="When the organisation became aware.")
    affected_people_estimate = models.PositiveIntegerField(default=0)
    eu_residents_affected = models.BooleanField(default=False)
    personal_data_exposed = models.BooleanField("personal data affected", default=False)
    # GDPR Art. 4(12): destruction, loss, alteration, unauthorised disclosure or access.
    breach_nature = ArrayField(
        models.CharField(max_length=12, choices=c.BreachNature.choices),
        default=list,
        blank=True,
        verbose_name="nature of the personal-data breach",
    )
    # Each regulatory clock runs from the moment the organisation learned the fact that
    # triggers it (DOMAIN 6), often later than the discovery: set when the fact is
    # first set (now, or earlier with a reason), corrected with a reason, audited.
    personal_data_aware_at = models.DateTimeField(
        "aware that personal data was affected", null=True, blank=True
    )
    personal_data_aware_by = user_fk(null=True, blank=True)
    serious_incident_aware_at = models.DateTimeField(
        "aware that the incident is serious", null=True, blank=True
    )
    serious_incident_aware_by = user_fk(null=True, blank=True)
    # The DPO's decision that the breach is unlikely to result in a risk to people
    # (Art. 33(1)): the GDPR clock closes; the reasons stay in the breach register.
    gdpr_no_risk_reasons = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    gdpr_no_risk_by = user_fk(null=True, blank=True)
    gdpr_no_risk_at = models.DateTimeField(null=True, blank=True)
    # The facts the notifications carry (GDPR Art. 33(3), Art. 34, AI Act Art. 73), filled
    # in by the DPO or those working the incident; blank means not known yet, which the
    # drafts say rather than fill the gap.
    affected_records_estimate = models.PositiveIntegerField(
        "personal data records affected (estimate)",
        null=True,
        blank=True,
        help_text="How many records (rows, files, messages) of personal data; blank if not "
        "yet known.",
    )
    data_subject_categories = models.CharField(
        "categories of people affected",
        max_length=500,
        blank=True,
        help_text="e.g. job applicants, customers, employees, children.",
    )
    personal_data_categories = models.CharField(
        "categories of personal data",
        max_length=500,
        blank=True,
        help_text="e.g. names, e-mail addresses, CVs, health data (say if special categories).",
    )
    likely_consequences = _fact_text(
        "likely consequences",
        "What may happen to the people affected: e.g. identity theft, "
        "discrimination, loss of confidentiality, financial loss, distress.",
    )
    measures_taken = _fact_text(
        "measures taken or proposed",
        "What was done or is proposed to address the incident and to mitigate "
        "its possible adverse effects.",
    )
    advice_to_people = _fact_text(
        "what the people affected can do",
        "For the notice to people: e.g. watch for messages that mention this "
        "incident, change a password, contact their bank.",
    )
    causal_link = _fact_text(
        "causal link with the AI system",
        "For the AI Act report: how far the AI system caused or contributed to "
        "the incident, as far as known.",
    )
    # The serious-incident facts of the EU AI Act (Art. 3(49), Art. 73).
    death = models.BooleanField("a person died", default=False)
    critical_infrastructure_disruption = models.BooleanField(
        "serious and irreversible disruption of critical infrastructure", default=False
    )
    widespread_infringement = models.BooleanField(default=False)
    # Art. 3(49)'s other serious incidents (15 days): serious harm to a person's
    # health, to property or the environment, or a breach of fundamental-rights law.
    other_serious_harm = models.BooleanField(
        "other serious harm (health, property, environment, fundamental rights)",
        default=False,
    )
    lead = user_fk(null=True, blank=True, help_text="The incident lead.")
    reported_by = user_fk()
    reported_at = models.DateTimeField(default=timezone.now)
    triaged_at = models.DateTimeField(null=True, blank=True)
    contained_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-discovered_at", "-id"]
        indexes = [
            models.Index(fields=["status", "severity"], name="incident_status_severity"),
            models.Index(fields=["system", "-discovered_at"], name="incident_system"),
            # The list's and the API's order: their first page without sorting them all.
            models.Index(fields=["-discovered_at", "-id"], name="incident_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(discovered_at__lte=models.F("reported_at")),
                name="incident_discovered_before_reported",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="closed_incident_has_closed_at",
            ),
            models.CheckConstraint(
                condition=Q(personal_data_aware_at__isnull=True)
                | Q(personal_data_aware_at__gte=models.F("discovered_at")),
                name="incident_personal_data_aware_after_discovery",
            ),
            models.CheckConstraint(
                condition=Q(serious_incident_aware_at__isnull=True)
                | Q(serious_incident_aware_at__gte=models.F("discovered_at")),
                name="incident_serious_aware_after_discovery",
            ),
            models.CheckConstraint(
                condition=Q(gdpr_no_risk_at__isnull=True) | ~Q(gdpr_no_risk_reasons=""),
                name="incident_gdpr_no_risk_has_reasons",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.title}"


class TimelineEntry(models.Model):
    """One line of an incident's timeline: a step, a note, a checklist item, a clock
    event, a severity or awareness change, a notification. Never edited."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="timeline")
    kind = models.CharField(max_length=20, choices=c.TimelineKind.choices)
    text = models.TextField(validators=[MaxLengthValidator(LONG_TEXT)])
    data = models.JSONField(default=dict, blank=True)
    actor = user_fk(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["incident", "at"], name="timeline_incident_at")]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class PlaybookItem(models.Model):
    """One default action of the playbook (DOMAIN.md 6): for a type (blank: any type)
    and a severity (blank: any severity), an immediate action or a containment
    option. Shipped in incidents/data/playbook.yaml; administrators edit it."""

    phase = models.CharField(max_length=12, choices=c.PlaybookPhase.choices)
    type = models.CharField(max_length=30, choices=c.IncidentType.choices, blank=True)
    severity = models.CharField(max_length=10, choices=c.Severity.choices, blank=True)
    text = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["phase", "order", "id"]

    def __str__(self) -> str:
        return self.text


class ChecklistItem(models.Model):
    """A playbook action copied onto an incident when it was reported (or its severity
    raised); ticking it writes a timeline line."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="checklist")
    phase = models.CharField(max_length=12, choices=c.PlaybookPhase.choices)
    text = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    done_by = user_fk(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["phase", "order", "id"]

    def __str__(self) -> str:
        return self.text


class IncidentNotification(models.Model):
    """A notification to one audience, drafted from a template with the incident's
    facts, edited by a person and marked sent (then frozen: text, recipient, time,
    sender, reference). The regulator's initial GDPR report meets the 72-hour clock;
    sent late it carries the reasons for the delay."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="notifications")
    audience = models.CharField(max_length=12, choices=c.Audience.choices)
    phase = models.CharField(
        max_length=12, choices=c.NotificationPhase.choices, default=c.NotificationPhase.INITIAL
    )
    regime = models.CharField(
        max_length=20,
        choices=[("gdpr_72h", "GDPR Art. 33"), ("ai_act_art73", "EU AI Act Art. 73")],
        blank=True,
        help_text="The regulatory clock this report answers, for a regulator's report.",
    )
    recipient = models.CharField(max_length=300, blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField(validators=[MaxLengthValidator(LONG_TEXT)])
    created_by = user_fk()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = user_fk(null=True, blank=True)
    reference = models.CharField(max_length=200, blank=True)
    delay_reasons = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(sent_by__isnull=False),
                name="sent_notification_names_sender",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.audience} {self.phase}"


class PostIncidentReview(models.Model):
    """What was learned (DOMAIN.md 6, "After every incident"); closing needs it.
    `risk_id` names the risk register entry created or updated (the register lives
    in governance, above this app, so it is linked by its ID)."""

    incident = models.OneToOneField(Incident, on_delete=models.PROTECT, related_name="review")
    root_cause = models.TextField(validators=[MaxLengthValidator(LONG_TEXT)])
    test_cases = models.TextField(validators=[MaxLengthValidator(LONG_TEXT)])
    control_changes = models.TextField(validators=[MaxLengthValidator(LONG_TEXT)])
    risk_id = models.CharField("risk register entry", max_length=20, blank=True)
    model_card_change_needed = models.BooleanField(default=False)
    reviewed_by = user_fk()
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "post-incident review"

    def __str__(self) -> str:
        return f"Review of {self.incident_id}"


class IncidentEvidenceLink(EvidenceLink):
    """An evidence file (core's: hash, size, type, uploader) attached to a record of an
    incident by a person; core's link, which also names who took it off."""

    removed_by = user_fk(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["added_at", "id"]


class ReviewEvidence(IncidentEvidenceLink):
    """A file behind the post-incident review: the root-cause analysis, the fix, the
    test that now catches it."""

    review = models.ForeignKey(
        PostIncidentReview, on_delete=models.PROTECT, related_name="evidence"
    )

    class Meta(IncidentEvidenceLink.Meta):
        verbose_name = "post-incident review evidence"
        verbose_name_plural = verbose_name
        constraints = [linked_once("review", "evidence", name="review_evidence_once")]

    def __str__(self) -> str:
        return f"Review {self.review_id}: {self.evidence_id}"


class NotificationEvidence(IncidentEvidenceLink):
    """A file that shows what a sent notification was: the authority's receipt, the
    report as filed, the slides shown to leadership."""

    notification = models.ForeignKey(
        IncidentNotification, on_delete=models.PROTECT, related_name="evidence"
    )

    class Meta(IncidentEvidenceLink.Meta):
        verbose_name = "notification evidence"
        verbose_name_plural = verbose_name
        constraints = [linked_once("notification", "evidence", name="notification_evidence_once")]

    def __str__(self) -> str:
        return f"Notification {self.notification_id}: {self.evidence_id}"


class SlaPolicy(models.Model):
    """One version of the incident SLA policy (DOMAIN.md 6's table as data): minutes per
    severity and clock, which severities count in business days, the holiday country,
    and when warnings go out. The highest version is in force; clocks already running
    keep the due times they were given."""

    version = models.PositiveIntegerField(unique=True)
    minutes = models.JSONField(help_text="{severity: {clock kind: minutes}}")
    business_day_severities = models.JSONField(default=list, help_text="e.g. ['low']")
    holiday_country = models.CharField(max_length=10, default="DE")
    warn_fractions = models.JSONField(default=list, help_text="e.g. [0.5, 0.75]")
    gdpr_warn_hours = models.PositiveSmallIntegerField(default=6, validators=[MinValueValidator(1)])
    changed_by = user_fk(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]
        verbose_name = "SLA policy"

    def __str__(self) -> str:
        return f"SLA policy v{self.version}"
