"""The vocabulary of model cards and datasheets (DOMAIN.md 7)."""

from django.db import models


class CardVersionStatus(models.TextChoices):
    """A model card version's lifecycle. A rejected version goes back to draft with the
    reviewer's note (its author fixes it and submits again), so there is no "rejected"
    state to get stuck in; approved versions are superseded by the next approval."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"


class DatasheetStatus(models.TextChoices):
    """A datasheet version's lifecycle: approved directly from draft, then superseded."""

    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"


# The statuses whose rows the database keeps as they are (migration 0001's trigger).
FROZEN = ("approved", "superseded")
