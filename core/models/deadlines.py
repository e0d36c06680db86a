"""Deadlines: every due time of the portal, one row each (DESIGN.md section 3, Clocks)."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.choices import Role

from .people import user_fk


class Deadline(models.Model):
    """A due time on a subject of any app (a system review, a risk's mitigation, an
    incident's 72-hour clock). Warnings go to the owner `warn_before` ahead and at the
    due moment; `escalate_after` past due, the holders of `escalation_role` and of
    each of `escalation_roles` are told (an incident clock escalates to the CISO, and a
    GDPR one to the DPO as well).

    `notified` lists the threshold keys already handled for the current `due_at`;
    `next_alert_at` is the earliest threshold not yet handled (None once met,
    cancelled or fully notified), so the sweep is an index range scan on it."""

    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64)
    label = models.CharField(max_length=200, help_text="e.g. 'Review of SYS-001'.")
    link = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=60, help_text="Named by the app, e.g. 'system_review'.")
    due_at = models.DateTimeField()
    warn_before = ArrayField(models.DurationField(), default=list, blank=True)
    escalate_after = models.DurationField(null=True, blank=True)
    owner = user_fk(related_name="deadlines")
    escalation_role = models.CharField(max_length=40, choices=Role.choices, blank=True)
    escalation_roles = ArrayField(
        models.CharField(max_length=40, choices=Role.choices), default=list, blank=True
    )
    notified = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    next_alert_at = models.DateTimeField(null=True, blank=True)
    met_at = models.DateTimeField(null=True, blank=True)
    met_by = user_fk(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            # The sweep's query: open rows whose next threshold has come (a range scan).
            models.Index(
                fields=["next_alert_at"],
                name="deadline_next_alert_open",
                condition=Q(next_alert_at__isnull=False),
            ),
            models.Index(fields=["owner", "due_at"], name="deadline_owner_due"),
            # The navigation's count of a person's overdue deadlines, on every page: the
            # open ones only (an enterprise's owner has thousands met).
            models.Index(
                fields=["owner", "due_at"],
                name="deadline_owner_open",
                condition=Q(met_at__isnull=True, cancelled_at__isnull=True),
            ),
            # My deadlines counts a person's deadlines, met ones too, not cancelled ones.
            models.Index(
                fields=["owner", "due_at"],
                name="deadline_owner_live",
                condition=Q(cancelled_at__isnull=True),
            ),
            # Counting them (My deadlines, /api/v1/deadlines/: 43,000 of the DPO's at an
            # enterprise's size): on the owner alone, equal keys share one entry
            # (deduplication), and an index-only count reads 1.4 ms, not 2.2 ms.
            models.Index(
                fields=["owner"],
                name="deadline_owner_live_count",
                condition=Q(cancelled_at__isnull=True),
            ),
            # The DPO's clocks page: a kind's running clocks and those met lately.
            models.Index(fields=["kind", "met_at"], name="deadline_kind_met"),
            models.Index(fields=["subject_type", "subject_id"], name="deadline_subject"),
        ]
        constraints = [
            # One open clock per subject and kind: a review done opens the next one.
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind"],
                condition=Q(met_at__isnull=True, cancelled_at__isnull=True),
                name="deadline_one_open_per_subject_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} (due {self.due_at:%Y-%m-%d %H:%M} UTC)"

    @property
    def is_open(self) -> bool:
        return self.met_at is None and self.cancelled_at is None


class DeadlineAlert(models.Model):
    """The record that one threshold of one due date was notified: its unique key is what
    makes a retried, duplicated or crashed sweep send at most once."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="alerts")
    due_at = models.DateTimeField()
    threshold = models.CharField(max_length=40)
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "due_at", "threshold"], name="deadline_alert_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.threshold} ({self.due_at:%Y-%m-%d %H:%M})"
