"""The append-only, hash-chained audit trail (DESIGN.md section 3)."""

from django.contrib.postgres.indexes import GinIndex
from django.db import models

from .people import user_fk


class AuditEvent(models.Model):
    """One governance-relevant event. Rows are never updated or deleted: a database
    trigger rejects it, and each row's hash covers the previous row's hash."""

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    actor = user_fk(null=True, blank=True)
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The trail's object search (a whole word of object_repr, by regex) stays an
            # index lookup as the trail grows over the years it is kept.
            GinIndex(fields=["object_repr"], opclasses=["gin_trgm_ops"], name="audit_repr_trgm"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"
