"""The registry's typed links to core's evidence files: a control's evidence and the
pre-deployment checklist (DOMAIN.md section 4) with the evidence of each item."""

from django.core.validators import MaxLengthValidator
from django.db import models

from core.models import EvidenceLink, linked_once

from .systems import LONG_TEXT, AISystem, SystemControl


class ControlEvidence(EvidenceLink):
    """An evidence file attached to a system's control ("implemented" on a high or
    critical system needs at least one that is current). Detached, never deleted."""

    control = models.ForeignKey(SystemControl, on_delete=models.PROTECT, related_name="evidence")

    class Meta:
        ordering = ["-added_at", "-id"]
        constraints = [linked_once("control", "evidence", name="control_evidence_once")]

    def __str__(self) -> str:
        return f"{self.control_id}: {self.evidence_id}"


class ChecklistEvidence(EvidenceLink):
    """Evidence for one item of a system's pre-deployment checklist (item keys come from
    registry/data/checklist.yaml). An item holds when it has current evidence."""

    system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="checklist")
    item = models.CharField(max_length=80)
    note = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])

    class Meta:
        ordering = ["item", "-added_at", "-id"]
        indexes = [models.Index(fields=["system", "item"], name="checklist_item")]

    def __str__(self) -> str:
        return f"{self.system_id} {self.item}: {self.evidence_id}"
