"""Checkpoints of the audit chain: its head (sequence number and hash) at a moment the
portal handed a copy of it to someone, such as an exported audit pack."""

from django.db import models
from django.utils import timezone


class AuditCheckpoint(models.Model):
    """The chain's head when something was exported. A chain rewritten afterwards no
    longer has this hash at this sequence number, which `verify_pack` reports."""

    seq = models.BigIntegerField(help_text="Sequence number of the head event (0: empty chain).")
    hash = models.CharField(max_length=64, help_text="Hash of the head event.")
    created_at = models.DateTimeField(default=timezone.now)
    label = models.CharField(max_length=200, help_text="What took it, e.g. the pack ID.")
    # Set when a walk of the chain found it whole up to `seq`: the next verification
    # starts here instead of at event #1 (core.audit), so its time does not grow with
    # a chain kept for years.
    verified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the chain up to this head was found whole."
    )
    verified_from = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="The sequence number that walk started after (0: from the first event).",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["seq"], name="checkpoint_seq"),
            models.Index(
                fields=["-seq"],
                name="checkpoint_verified_seq",
                condition=models.Q(verified_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}… ({self.label})"
