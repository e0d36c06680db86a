"""Evidence files: uploaded artifacts with their SHA-256 (DESIGN.md section 3, Evidence).

The bytes are stored once per content, at a name derived from the SHA-256 (the same
file uploaded twice is one stored object); each upload is its own row, with its own
uploader, names and dates. Apps link rows to their own objects through their own
typed link tables (a gate artifact, a control's evidence, a checklist item).
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .people import user_fk


class EvidenceFile(models.Model):
    """One upload: what was stored (hash, size, detected type), as what name, by whom,
    when, and the dates it is valid for. Expired evidence counts toward nothing."""

    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    content_type = models.CharField(
        "detected type", max_length=100, help_text="Detected from the bytes, not the name."
    )
    original_name = models.CharField(max_length=255, help_text="As the uploader named it.")
    safe_name = models.CharField(max_length=255, help_text="The name it is downloaded as.")
    storage_name = models.CharField(max_length=200, help_text="Where the bytes are stored.")
    uploaded_by = user_fk(null=True, blank=True)
    # A questionnaire answered through a link has no account behind it.
    uploaded_by_label = models.CharField(max_length=200, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)
    applies_from = models.DateField(help_text="The date the evidence applies from.")
    expires_on = models.DateField(
        null=True, blank=True, help_text="After this date it no longer counts."
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["expires_on"], name="evidence_expiry")]
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="evidence_sha256_hex"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("applies_from")),
                name="evidence_expires_after_it_applies",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.safe_name} ({self.sha256[:12]})"

    def is_current(self, today) -> bool:
        """Counts toward requirements on `today`: applies already, not expired."""
        return self.applies_from <= today and (self.expires_on is None or today <= self.expires_on)


class EvidenceLink(models.Model):
    """What every app's typed link to an evidence file holds: the file, who attached it
    and when. It is taken off by stamping `removed_at` (core.writes.link_remove), never
    deleted, so the record keeps what was shown when. The subclass adds the row the file
    is attached to, its ordering and its `linked_once` constraint."""

    evidence = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="+")
    added_by = user_fk()
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


def linked_once(*fields: str, name: str) -> models.UniqueConstraint:
    """The rule of a link table whose links are taken off by stamping `removed_at` (an
    evidence link, a system's vendor product): the same rows are linked at most once at a
    time, and a link taken off may be made again."""
    return models.UniqueConstraint(
        fields=list(fields), condition=Q(removed_at__isnull=True), name=name
    )
