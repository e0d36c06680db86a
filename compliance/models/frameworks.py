"""Frameworks as data: a version of a framework is a tree of requirements, each with the
evidence items it asks for (typed references, core.evidence_kinds). Loaded from the
files in compliance/data/, or imported (CISO Assistant YAML, OSCAL catalogs). A new
version of a framework is a new row: assessments made against the old one stay
readable; only the current version is assessed."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from compliance import choices as c
from core.choices import Role
from core.models import user_fk

LONG_TEXT = 10_000


class Framework(models.Model):
    """One version of a framework (the EU AI Act as of Regulation 2024/1689)."""

    key = models.SlugField(max_length=60)
    version = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    full_name = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    source = models.CharField(max_length=20, choices=c.FrameworkSource.choices)
    source_ref = models.CharField(
        max_length=300, blank=True, help_text="The library's URN or the catalog's UUID."
    )
    source_url = models.URLField(max_length=300, blank=True)
    # The regulation a system must have in its regulatory scope for the framework to
    # apply (registry.choices.Regulation); blank: every system (NIST AI RMF, voluntary).
    scope = models.CharField(max_length=20, blank=True)
    reviewer_role = models.CharField(
        max_length=20,
        choices=Role.choices,
        help_text="Who accepts evidence for this framework's requirements.",
    )
    is_current = models.BooleanField(
        default=True, help_text="The version systems are assessed against."
    )
    imported_by = user_fk(null=True, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "-imported_at"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="framework_version_once"),
            models.UniqueConstraint(
                fields=["key"], condition=Q(is_current=True), name="one_current_framework_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class Requirement(models.Model):
    """A node of a framework's tree. Grouping nodes (a NIST function) are not assessable
    and ask for nothing; an assessable one asks for evidence items
    ([{"kind", "detail", "label"}], in order) and says which systems it applies to
    ({"tiers", "ai_act_categories", "roles", "personal_data", "public_authority"}: every
    key given must hold, compliance.rules.applicability)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="requirements")
    ref_id = models.CharField(max_length=60)
    urn = models.CharField(max_length=300, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    assessable = models.BooleanField(default=True)
    order = models.PositiveIntegerField()
    depth = models.PositiveSmallIntegerField(default=1)
    applies = models.JSONField(default=dict, blank=True)
    evidence = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["framework_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "ref_id"], name="requirement_ref_once")
        ]

    def __str__(self) -> str:
        return f"{self.ref_id} {self.title}"


class RequirementMapping(models.Model):
    """A crosswalk line: evidence accepted for `source` counts toward `target` where the
    relationship allows (compliance.rules.crosswalk)."""

    source = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="mapped_to")
    target = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="mapped_from")
    relationship = models.CharField(max_length=20, choices=c.Relationship.choices)
    origin = models.CharField(max_length=20, choices=c.FrameworkSource.choices)

    class Meta:
        ordering = ["source_id", "target_id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="mapping_once"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="mapping_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.relationship} {self.target_id}"
