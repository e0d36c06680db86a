"""Mail to an address outside the portal's people (core.mail)."""

from django.db import models
from django.utils import timezone


class OutboundMail(models.Model):
    """One mail to an address that is not a portal account (a vendor's contact), sent
    once after the transaction that decided it commits, by core's retried task. The row
    is its trace: to whom, about what, why, and when it went out.

    A person of the portal is told by a Notification instead (inbox and e-mail)."""

    to = models.EmailField("to")
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    reason = models.CharField(max_length=200, help_text="Why this mail was sent.")
    # False when the body carries a secret (a questionnaire link's token): it is erased
    # once the mail is sent, and the database keeps no working link.
    keep_body = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "outbound mail"
        verbose_name_plural = "outbound mail"

    def __str__(self) -> str:
        return f"{self.subject} to {self.to}"
