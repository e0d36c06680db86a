"""Digests of the systems' own logs (DOMAIN.md 12, issue 20)."""

from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from registry.models import LONG_TEXT, AISystem

hex64 = RegexValidator(r"^[0-9a-f]{64}$", "Give 64 lowercase hexadecimal characters.")


class LogDigest(models.Model):
    """A system's digest of one day's batch of its own logs: record count, SHA-256 (or a
    Merkle root) and where the batch is kept. Recorded in the portal's audit chain
    (`audit_sequence`), so the batch can later be proven unchanged. One per system and day;
    a later one for the same day is a correction naming the one it corrects."""

    system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="log_digests")
    date = models.DateField()
    records = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, blank=True, validators=[hex64])
    merkle_root = models.CharField(max_length=64, blank=True, validators=[hex64])
    location = models.CharField(max_length=500, help_text="Where the batch is kept.")
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrected_by"
    )
    correction_reason = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    # Where it sits in the audit chain: the sequence number of the event that recorded
    # it (a number, not a key: the append-only table takes no foreign keys).
    audit_sequence = models.PositiveBigIntegerField(null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "date"],
                condition=Q(corrects__isnull=True),
                name="log_digest_one_per_day",
            ),
            models.CheckConstraint(
                condition=~Q(sha256="") | ~Q(merkle_root=""), name="log_digest_has_a_hash"
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="log_digest_correction_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.system.system_id} logs of {self.date:%Y-%m-%d}"
