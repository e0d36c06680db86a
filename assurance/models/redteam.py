"""Red-team exercises and their results (DOMAIN.md 9, issue 20)."""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from assurance import choices as c
from core.models import EvidenceFile, user_fk
from registry.models import LONG_TEXT, AISystem


class ThresholdSet(models.Model):
    """The rates a red-team result must stay within, per tier, as administrators last
    set them. Versioned: an edit is a new row, and a result names the version it was
    judged by, so an old finding stays explained after the thresholds change.

    `limits` is {tier: {"asr_max": 0.05, "frr_max": 0.10}} (rates, not percentages).
    """

    version = models.PositiveIntegerField(unique=True)
    limits = models.JSONField()
    note = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    created_by = user_fk(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Red-team thresholds v{self.version}"


class Exercise(models.Model):
    """One red-team exercise over one or several systems: its scope and threat model, the
    methods and the stack it tested, when and by whom. Its results are CategoryResults."""

    exercise_id = models.CharField("exercise ID", max_length=12, unique=True)
    title = models.CharField(max_length=200)
    systems = models.ManyToManyField(AISystem, related_name="red_team_exercises")
    scope = models.TextField(validators=[MaxLengthValidator(LONG_TEXT)])
    attacker_personas = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    assets = models.TextField(
        "assets attackers want", blank=True, validators=[MaxLengthValidator(LONG_TEXT)]
    )
    methods = ArrayField(models.CharField(max_length=20, choices=c.Method.choices), default=list)
    stack_tested = ArrayField(
        models.CharField(max_length=20, choices=c.StackPart.choices), default=list
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    run_by = models.CharField(max_length=200, help_text="Who ran it: a team, a person or a firm.")
    status = models.CharField(
        max_length=10, choices=c.ExerciseStatus.choices, default=c.ExerciseStatus.PLANNED
    )
    thresholds = models.ForeignKey(
        ThresholdSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The threshold version its results were judged by.",
    )
    created_by = user_fk()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="exercise_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise_id} {self.title}"


class CategoryResult(models.Model):
    """One attack category's result in one exercise: attacks tried and succeeded (ASR),
    benign prompts sent and refused (FRR). Rates and intervals are computed by
    assurance.rules.rates, never stored. `risk` is the register entry the loop created
    or updated for its successful attacks."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="results")
    category = models.CharField(max_length=80, help_text="The attack category, e.g. jailbreak.")
    attempts = models.PositiveIntegerField(default=0)
    successes = models.PositiveIntegerField(default=0)
    benign_prompts = models.PositiveIntegerField(default=0)
    refusals = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=10, choices=c.ResultSource.choices)
    notes = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    risk = models.ForeignKey(
        "governance.Risk",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="red_team_results",
    )
    recorded_by = user_fk()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["exercise", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["exercise", "category"], name="result_one_per_exercise_category"
            ),
            models.CheckConstraint(
                condition=Q(successes__lte=F("attempts")), name="result_successes_within_attempts"
            ),
            models.CheckConstraint(
                condition=Q(refusals__lte=F("benign_prompts")),
                name="result_refusals_within_benign",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise.exercise_id}: {self.category}"


class ResultImport(models.Model):
    """A tool's result file imported into an exercise, kept as evidence (its SHA-256 is
    the file's), with what it contributed."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="imports")
    source = models.CharField(max_length=10, choices=c.ResultSource.choices)
    file = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="+")
    categories = models.PositiveIntegerField(default=0)
    imported_by = user_fk()
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} into {self.exercise.exercise_id}"
