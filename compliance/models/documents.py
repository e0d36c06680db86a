"""Documents uploaded as compliance evidence: a policy for the whole organisation (the
AI governance policy) or a record of one system (its architecture documentation), of a
named type (compliance/data/document_types.yaml), with the file's dates deciding how
long it counts."""

from django.db import models

from compliance import choices as c
from core.models import EvidenceLink, linked_once


class ComplianceDocument(EvidenceLink):
    """One evidence file filed as a document of a type, for a system or (no system) for
    the whole organisation. Taken off by stamping `removed_at`, never deleted."""

    system = models.ForeignKey(
        "registry.AISystem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="compliance_documents",
    )
    document_type = models.SlugField(max_length=120)
    scope = models.CharField(max_length=20, choices=c.DocumentScope.choices)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["document_type", "-added_at", "-id"]
        indexes = [models.Index(fields=["document_type", "system"], name="document_lookup")]
        constraints = [
            linked_once("system", "document_type", "evidence", name="document_filed_once"),
            models.CheckConstraint(
                condition=models.Q(scope="organisation", system__isnull=True)
                | models.Q(scope="system", system__isnull=False),
                name="document_scope_matches_system",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_type}: {self.title}"
