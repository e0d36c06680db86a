"""Changes recorded on a system's models (DOMAIN.md 7): a permanent record of what
changed in what the system runs, each one making its model cards need a new version."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

from core.models import user_fk
from registry import choices as c

from .systems import LONG_TEXT, AISystem


class SystemChange(models.Model):
    """A retraining, a new fine-tune, a retrieval or a guardrail change of a system, who
    recorded it and when. Never edited nor deleted."""

    system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=20, choices=c.SystemChangeKind.choices)
    description = models.TextField(validators=[MaxLengthValidator(LONG_TEXT)])
    recorded_by = user_fk()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["system", "-recorded_at"], name="system_change_latest")]

    def __str__(self) -> str:
        return f"{self.system.system_id}: {self.get_kind_display()} ({self.recorded_at:%Y-%m-%d})"
