"""Post-market monitoring (DOMAIN.md 11, issue 20): a plan per system, the values the
system pushes, and the breach episodes the values make."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from assurance import choices as c
from core.models import user_fk
from registry.models import LONG_TEXT, AISystem


class MonitoringPlan(models.Model):
    """What a system in production is watched for: its metrics (PlanMetric), how often a
    value must arrive (`interval`: silence longer than this is a finding), who is told
    besides the owning team, and the retention its own logs declare (DOMAIN.md 12)."""

    system = models.OneToOneField(
        AISystem, on_delete=models.PROTECT, related_name="monitoring_plan"
    )
    interval = models.DurationField(
        help_text="The longest gap allowed between two values; silence beyond it is a finding.",
        validators=[MinValueValidator(timedelta(minutes=1))],
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", help_text="Told of breaches too."
    )
    notes = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    log_digests_expected = models.BooleanField(
        default=False, help_text="The system sends a digest of its own logs every day."
    )
    log_retention_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="How long the system keeps its own logs, in days."
    )
    created_by = user_fk()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["system__system_id"]

    def __str__(self) -> str:
        return f"Monitoring plan of {self.system.system_id}"


class PlanMetric(models.Model):
    """One watched metric, overall (`group` "") or for one group, with its threshold and
    which side of it a value must stay on. `card_metric` names the approved model card's
    metric it came from, if any."""

    plan = models.ForeignKey(MonitoringPlan, on_delete=models.CASCADE, related_name="metrics")
    metric = models.CharField(max_length=80)
    group = models.CharField(max_length=80, blank=True, default="")
    direction = models.CharField(max_length=10, choices=c.Direction.choices)
    threshold = models.FloatField()
    breach_kind = models.CharField(
        max_length=30,
        choices=c.BreachKind.choices,
        default=c.BreachKind.PERFORMANCE_REGRESSION,
        help_text="The incident a breach proposes.",
    )
    card_metric = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["metric", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "metric", "group"], name="plan_metric_once_per_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric} ({self.group})" if self.group else self.metric


class MetricValue(models.Model):
    """One pushed value. Idempotent by (system, metric, group, observed_at): a batch sent
    twice stores each value once. Read by time range, hence the index's order."""

    system = models.ForeignKey(AISystem, on_delete=models.CASCADE, related_name="+")
    metric = models.CharField(max_length=80)
    group = models.CharField(max_length=80, blank=True, default="")
    value = models.FloatField()
    observed_at = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["observed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "metric", "group", "observed_at"], name="metric_value_once"
            ),
        ]
        indexes = [models.Index(fields=["system", "observed_at"], name="metric_value_range")]

    def __str__(self) -> str:
        return f"{self.metric}={self.value} at {self.observed_at:%Y-%m-%dT%H:%M:%SZ}"


class BreachEpisode(models.Model):
    """A run of values past one metric's threshold: opened by the first, ended by the
    first value back within it. The owner is told once per episode, not per value, and
    an incident is proposed with a severity from the worst value (`proposed_severity`)."""

    plan_metric = models.ForeignKey(PlanMetric, on_delete=models.CASCADE, related_name="episodes")
    status = models.CharField(
        max_length=10, choices=c.EpisodeStatus.choices, default=c.EpisodeStatus.OPEN
    )
    started_at = models.DateTimeField(help_text="The first bad value's observation time.")
    ended_at = models.DateTimeField(null=True, blank=True)
    values_past = models.PositiveIntegerField(default=1)
    worst_value = models.FloatField()
    proposed_severity = models.CharField(max_length=10, blank=True)
    told_at = models.DateTimeField(null=True, blank=True)
    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dismissed_reason = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_metric"],
                condition=Q(status="open"),
                name="episode_one_open_per_metric",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_metric} past its threshold since {self.started_at:%Y-%m-%d %H:%M}"
