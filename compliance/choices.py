from django.db import models


class FrameworkSource(models.TextChoices):
    SHIPPED = "shipped", "Shipped with the portal"
    CISO_ASSISTANT = "ciso_assistant", "CISO Assistant library"
    OSCAL = "oscal", "OSCAL catalog"
    CUSTOM = "custom", "Written by the organisation"


class Relationship(models.TextChoices):
    """How a source requirement relates to a target one (read "source is <relationship>
    of target", as CISO Assistant's mapping sets do)."""

    EQUAL = "equal", "Equal"
    SUBSET = "subset", "Subset"
    SUPERSET = "superset", "Superset"
    INTERSECT = "intersect", "Overlap"


class RequirementStatus(models.TextChoices):
    MET = "met", "Met"
    REVIEW_NEEDED = "review_needed", "Review needed"
    PARTIAL = "partial", "Partial"
    GAP = "gap", "Gap"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class ItemState(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    REVIEW_NEEDED = "review_needed", "Review needed"
    AWAITING_REVIEW = "awaiting_review", "Present, awaiting review"
    MISSING = "missing", "Missing"


class Decision(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class DocumentScope(models.TextChoices):
    ORGANISATION = "organisation", "The whole organisation"
    SYSTEM = "system", "One system"
