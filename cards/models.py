"""Models, their cards and datasheets (DOMAIN.md 7, issue 18).

A system has one or more models (`AIModel`); each model has one `ModelCard` whose
content lives in numbered `ModelCardVersion`s. A version's content is the JSON of
`cards.rules.content.Card`. At most one version of a card is open (draft or in review)
and at most one is approved; an approved version is never edited: the database refuses
it (migration 0001's trigger), and a change is a new version with a changelog.
Datasets have versioned datasheets the same way (`DatasheetVersion`).
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cards import choices as c
from core.models import Team, user_fk

LONG_TEXT = 10_000  # characters: a description, a changelog, a reviewer's note
OPEN = (c.CardVersionStatus.DRAFT, c.CardVersionStatus.IN_REVIEW)


class AIModel(models.Model):
    """One model an AI system runs (a system may chain several), keyed per system."""

    system = models.ForeignKey(
        "registry.AISystem", on_delete=models.PROTECT, related_name="ai_models"
    )
    key = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    created_by = user_fk()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "AI model"
        ordering = ["system_id", "key"]
        constraints = [
            models.UniqueConstraint(fields=["system", "key"], name="aimodel_key_once_per_system")
        ]

    def __str__(self) -> str:
        return self.name


class ModelCard(models.Model):
    """The card of one model: the container of its versions."""

    model = models.OneToOneField(AIModel, on_delete=models.PROTECT, related_name="card")
    created_at = models.DateTimeField(default=timezone.now)
    # "A new version is needed" (DOMAIN.md 7): why and since when (a retraining recorded
    # on the system, a post-incident review); cleared when a newer version is approved.
    new_version_needed_reason = models.TextField(
        blank=True, validators=[MaxLengthValidator(LONG_TEXT)]
    )
    new_version_needed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Model card of {self.model}"


class ModelCardVersion(models.Model):
    """One numbered version of a card: its content (Card JSON), changelog and decision.
    `content_hash` is the SHA-256 of the canonical JSON, set on approval; a gate cites it."""

    card = models.ForeignKey(ModelCard, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=12, choices=c.CardVersionStatus.choices, default=c.CardVersionStatus.DRAFT
    )
    content = models.JSONField(default=dict, blank=True)
    changelog = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    content_hash = models.CharField(max_length=64, blank=True)
    created_by = user_fk()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_by = user_fk(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = user_fk(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The last reviewer's words: why it went back to draft, or a note with the approval.
    decision_note = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])

    class Meta:
        ordering = ["card_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["card", "number"], name="card_version_number_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="card_version_number_from_1"),
            models.CheckConstraint(
                condition=Q(status__in=c.CardVersionStatus.values), name="card_version_status_known"
            ),
            models.UniqueConstraint(
                fields=["card"], condition=Q(status__in=OPEN), name="card_one_open_version"
            ),
            models.UniqueConstraint(
                fields=["card"], condition=Q(status="approved"), name="card_one_approved_version"
            ),
            # A decided version names who decided, when, and the content it decided on.
            models.CheckConstraint(
                condition=~Q(status__in=c.FROZEN)
                | Q(
                    decided_by__isnull=False,
                    decided_at__isnull=False,
                    content_hash__regex="^[0-9a-f]{64}$",
                ),
                name="card_version_approved_is_stamped",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.card.model} v{self.number}"


class Dataset(models.Model):
    """A dataset in the register: what models are trained and evaluated on."""

    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    owner_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="datasets")
    created_by = user_fk()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name


class DatasheetVersion(models.Model):
    """One numbered version of a dataset's datasheet (cards.rules.datasheet content)."""

    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=12, choices=c.DatasheetStatus.choices, default=c.DatasheetStatus.DRAFT
    )
    content = models.JSONField(default=dict, blank=True)
    changelog = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    content_hash = models.CharField(max_length=64, blank=True)
    created_by = user_fk()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    approved_by = user_fk(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["dataset_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "number"], name="datasheet_version_number_once"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="datasheet_version_number_from_1"
            ),
            models.CheckConstraint(
                condition=Q(status__in=c.DatasheetStatus.values),
                name="datasheet_version_status_known",
            ),
            models.UniqueConstraint(
                fields=["dataset"], condition=Q(status="draft"), name="datasheet_one_draft"
            ),
            models.UniqueConstraint(
                fields=["dataset"], condition=Q(status="approved"), name="datasheet_one_approved"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=c.FROZEN)
                | Q(
                    approved_by__isnull=False,
                    approved_at__isnull=False,
                    content_hash__regex="^[0-9a-f]{64}$",
                ),
                name="datasheet_version_approved_is_stamped",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dataset} datasheet v{self.number}"
