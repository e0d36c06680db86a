"""The registry's typed links to core's evidence files: a control's evidence and the
pre-deployment checklist (DOMAIN.md section 4) with the evidence of each item."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import EvidenceFile

from .systems import LONG_TEXT, AISystem, SystemControl


class ControlEvidence(models.Model):
    """An evidence file attached to a system's control ("implemented" on a high or
    critical system needs at least one that is current). Detached, never deleted."""

    control = models.ForeignKey(SystemControl, on_delete=models.PROTECT, related_name="evidence")
    evidence = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-added_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["control", "evidence"],
                condition=Q(removed_at__isnull=True),
                name="control_evidence_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.control_id}: {self.evidence_id}"


class ChecklistEvidence(models.Model):
    """Evidence for one item of a system's pre-deployment checklist (item keys come from
    registry/data/checklist.yaml). An item holds when it has current evidence."""

    system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="checklist")
    item = models.CharField(max_length=80)
    evidence = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item", "-added_at", "-id"]
        indexes = [models.Index(fields=["system", "item"], name="checklist_item")]

    def __str__(self) -> str:
        return f"{self.system_id} {self.item}: {self.evidence_id}"
