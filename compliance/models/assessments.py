"""What reviewers decided for a system's requirements: the records they accepted (or
refused) as an evidence item, and the requirements they found not applicable with a
justification. Decisions are never edited: a new decision on the same record withdraws
the earlier one (`withdrawn_at`), so the history stays readable."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from compliance import choices as c
from core.models import user_fk

from .frameworks import LONG_TEXT, Requirement


class EvidenceAcceptance(models.Model):
    """A reviewer's decision on one record as one evidence item of a requirement for a
    system. It binds to the record's fingerprint and expiry as they were when decided:
    a record that changed, expired or was superseded since sends the item back to
    review (compliance.rules.status)."""

    system = models.ForeignKey(
        "registry.AISystem", on_delete=models.PROTECT, related_name="evidence_acceptances"
    )
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, related_name="acceptances"
    )
    item = models.PositiveSmallIntegerField(help_text="The evidence item's position.")
    kind = models.CharField(max_length=40)
    detail = models.CharField(max_length=120, blank=True)
    record_type = models.CharField(max_length=60)
    record_id = models.CharField(max_length=64)
    label = models.CharField(max_length=300)
    fingerprint = models.CharField(max_length=200)
    expires_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=c.Decision.choices)
    note = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    decided_by = user_fk()
    decided_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["system", "requirement"], name="acceptance_lookup")]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "requirement", "item", "record_type", "record_id"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_open_decision_per_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.system_id} {self.requirement_id}#{self.item}: {self.decision} {self.label}"


class NotApplicable(models.Model):
    """A requirement found not to apply to a system, with the justification DOMAIN.md 3
    asks for. Withdrawn, never deleted."""

    system = models.ForeignKey(
        "registry.AISystem", on_delete=models.PROTECT, related_name="not_applicable"
    )
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, related_name="not_applicable"
    )
    justification = models.TextField(validators=[MaxLengthValidator(LONG_TEXT)])
    decided_by = user_fk()
    decided_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "requirement"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_open_not_applicable",
            ),
            models.CheckConstraint(condition=~Q(justification=""), name="compliance_na_justified"),
        ]

    def __str__(self) -> str:
        return f"{self.system_id} {self.requirement_id}: not applicable"
