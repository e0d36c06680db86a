"""Audit packs (issue 10): PDF evidence packs exported in the background, signed, with
a JSON manifest attached, kept for a while and then deleted."""

from django.db import models
from django.db.models import Q

from core.models import AuditCheckpoint, user_fk
from registry.models import AISystem


class AuditPack(models.Model):
    """One export: what was asked (scope, systems, dates), how far it got, and the file it
    produced. The row outlives the file: after the retention time the PDF is deleted and
    `deleted_at` says when, so the list still shows who exported what."""

    class Scope(models.TextChoices):
        SYSTEM = "system", "Systems"
        PORTFOLIO = "portfolio", "Portfolio"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    scope = models.CharField(max_length=10, choices=Scope.choices)
    systems = models.ManyToManyField(AISystem, blank=True, related_name="+")
    date_from = models.DateField("from")
    date_to = models.DateField("to")
    requested_by = user_fk()
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="0 to 100.")
    stage = models.CharField(max_length=100, blank=True, help_text="What the export is doing.")
    error = models.TextField(blank=True, help_text="Why it failed, in words for the requester.")
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    # A run not finished by then is dead (its worker killed or over the time limit): the
    # exports sweep marks it failed, so no pack stays "running" for ever.
    running_until = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    storage_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True, help_text="Bytes.")
    pages = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    checkpoint = models.ForeignKey(
        AuditCheckpoint, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Deleted after this.")
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["status", "running_until"], name="pack_running_until"),
            models.Index(
                fields=["expires_at"], name="pack_expiry", condition=Q(deleted_at__isnull=True)
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="pack_progress_0_100"),
            models.CheckConstraint(
                condition=Q(date_from__lte=models.F("date_to")), name="pack_dates_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.pack_id

    @property
    def pack_id(self) -> str:
        """The ID printed on every page and in the manifest."""
        return f"PACK-{self.pk:05d}"
