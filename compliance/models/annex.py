"""Annex IV technical documentation renders (issue 19): one row per request, rendered in
the background like an audit pack, the PDF kept on the row. Never edited: a new request
regenerates the document from the records."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import user_fk


class AnnexIvRender(models.Model):
    """One render of a system's Annex IV document: who asked, how far it got, and the
    PDF/A file it produced (with the SHA-256 and the number of gaps it lists)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    system = models.ForeignKey(
        "registry.AISystem", on_delete=models.PROTECT, related_name="annex_iv_renders"
    )
    requested_by = user_fk()
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="0 to 100.")
    stage = models.CharField(max_length=100, blank=True, default="")
    error = models.TextField(blank=True, default="", help_text="Why it failed, in words.")
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    # A run not finished by then is dead (its worker killed): a new request may start.
    running_until = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    pdf = models.BinaryField(default=b"", blank=True, editable=False)
    size = models.PositiveBigIntegerField(null=True, blank=True, help_text="Bytes.")
    pages = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, default="")
    gaps = models.PositiveIntegerField(null=True, blank=True, help_text="Gaps it lists.")

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["system", "-requested_at"], name="annex_iv_latest")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="annex_iv_progress_0_100")
        ]

    def __str__(self) -> str:
        return self.render_id

    @property
    def live(self) -> bool:
        """Queued, or running within its time: a page keeps polling it."""
        if self.status == self.Status.QUEUED:
            return True
        if self.status != self.Status.RUNNING:
            return False
        return self.running_until is None or self.running_until > timezone.now()

    @property
    def render_id(self) -> str:
        return f"ANNEX-IV-{self.pk:05d}"
