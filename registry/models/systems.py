"""The AI system registry: systems, their classifications, controls and AI Act screening."""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.utils import timezone

from core.models import Team, person_or_team, user_fk
from registry import choices as c
from registry import rules

LONG_TEXT = 20_000  # characters; a description longer than this is refused with a 400

# What a system ID in a URL may look like; the validator below is stricter.
SYSTEM_ID_URL_PATTERN = "[A-Za-z0-9-]{1,20}"
system_id_validator = RegexValidator(
    r"^SYS-\d{3,6}$", "Use the form SYS-001: 'SYS-' and three to six digits."
)


class AISystem(models.Model):
    """One AI system the company runs or builds (DOMAIN.md section 2)."""

    system_id = models.CharField(
        "system ID", max_length=10, unique=True, validators=[system_id_validator]
    )
    name = models.CharField(max_length=200)
    description = models.TextField(validators=[MaxLengthValidator(LONG_TEXT)])
    owner_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="systems")
    deployment_date = models.DateField(null=True, blank=True)
    lifecycle_stage = models.CharField(
        max_length=20, choices=c.LifecycleStage.choices, default=c.LifecycleStage.CONCEPTION
    )
    model_version = models.CharField("model or API version running", max_length=200, blank=True)
    intended_uses = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    prohibited_uses = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    user_population = models.CharField(
        max_length=30, choices=c.UserVulnerability.choices, blank=True
    )
    decision_type = models.CharField(max_length=30, choices=c.DecisionImpact.choices, blank=True)
    deployment_scale = models.CharField(
        max_length=30, choices=c.DeploymentScale.choices, blank=True
    )
    processes_eu_personal_data = models.BooleanField(
        "processes personal data of EU residents", default=False
    )
    legal_effect_decisions = models.BooleanField(
        "makes or substantially influences decisions with legal effect", default=False
    )
    # Who works an incident of this system besides the responders: a person or a team
    # (its members hold a role in it). Rights come from these accounts, never from an
    # e-mail address, which anyone can type into their own profile.
    incident_contact_user, incident_contact_team = person_or_team(
        "incident contact", related_name="incident_contact_for"
    )
    # An on-call alias or mailbox, shown to people; it grants nobody anything.
    incident_contact = models.CharField(
        "incident contact address (shown only)", max_length=254, blank=True
    )
    regulatory_scope = ArrayField(
        models.CharField(max_length=20, choices=c.Regulation.choices), default=list, blank=True
    )
    gate_status = models.CharField(
        max_length=20, choices=c.GateStatus.choices, default=c.GateStatus.NONE
    )
    # The current classification, kept on the row so lists filter and sort on it.
    risk_score = models.PositiveSmallIntegerField(null=True, blank=True)
    risk_tier = models.CharField(max_length=10, choices=c.RiskTier.choices, blank=True)
    ai_act_category = models.CharField(
        max_length=20, choices=c.AIActCategory.choices, default=c.AIActCategory.UNASSESSED
    )
    ai_act_annex_area = models.CharField(max_length=40, choices=c.AnnexIIIArea.choices, blank=True)
    ai_act_role = models.CharField(
        "our role under the AI Act",
        max_length=10,
        choices=c.AIActRole.choices,
        default=c.AIActRole.PROVIDER,
        help_text="Provider: we develop it (or have it developed) and put it into service "
        "under our name; deployer: we use someone else's system under our authority.",
    )
    eu_database_number = models.CharField(
        "EU database registration number",
        max_length=40,
        blank=True,
        help_text="The number the EU database (Art. 49) gave the system; blank if it is not "
        "registered.",
    )
    reclassification_needed = models.BooleanField(default=False)
    # Registered at its real stage past development (DOMAIN.md 4) without passing the
    # gates before it; cleared when the system next passes a gate (its retroactive review).
    not_gated = models.BooleanField(
        default=False, help_text="Registered past development without passing its gates."
    )
    reclassification_reasons = ArrayField(models.CharField(max_length=80), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["system_id"]
        verbose_name = "AI system"
        indexes = [
            models.Index(fields=["risk_tier"]),
            models.Index(fields=["lifecycle_stage"]),
            models.Index(fields=["owner_team", "system_id"]),
            models.Index(fields=["ai_act_category"]),
        ]

    def __str__(self) -> str:
        return f"{self.system_id} {self.name}"


class ScoringScheme(models.Model):
    """One version of the scoring scheme (DOMAIN.md 2.1): points per dimension value,
    the lowest score of each tier, and the control keys each tier requires.

    Versions are never edited: publishing a change saves a new version (a trigger
    refuses UPDATE and DELETE). The highest version is the one in force.
    """

    version = models.PositiveIntegerField(unique=True)
    points = models.JSONField(help_text="{dimension: {value: points}}")
    thresholds = models.JSONField(help_text="{critical|high|medium: lowest score}")
    tier_controls = models.JSONField(help_text="{tier: [control keys]}")
    # The score range of this version, stored so the database can check a
    # classification's score against the scheme it used (a trigger does).
    min_score = models.PositiveSmallIntegerField()
    max_score = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    created_by = user_fk(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_score__lte=models.F("max_score")),
                name="scoring_scheme_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"Scoring scheme v{self.version}"

    def as_rules(self) -> rules.Scheme:
        return rules.Scheme(
            version=self.version,
            points=self.points,
            thresholds=self.thresholds,
            tier_controls={t: tuple(keys) for t, keys in self.tier_controls.items()},
        )


class Classification(models.Model):
    """A dated, permanent record of one internal risk classification.

    A product owner's self-assessment is `proposed` until a reviewer confirms it
    (then `effective`), records different answers (the proposal is `superseded`
    by the reviewer's effective record) or rejects it. Only an effective
    classification sets the system's tier; the one before it becomes `superseded`.
    """

    system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="classifications")
    decision_impact = models.CharField(max_length=30, choices=c.DecisionImpact.choices)
    human_oversight = models.CharField(max_length=30, choices=c.HumanOversight.choices)
    data_sensitivity = models.CharField(max_length=30, choices=c.DataSensitivity.choices)
    user_vulnerability = models.CharField(max_length=30, choices=c.UserVulnerability.choices)
    deployment_scale = models.CharField(max_length=30, choices=c.DeploymentScale.choices)
    decision_reversibility = models.CharField(
        max_length=30, choices=c.DecisionReversibility.choices
    )
    score = models.PositiveSmallIntegerField()
    tier = models.CharField(max_length=10, choices=c.RiskTier.choices)
    scheme = models.ForeignKey(ScoringScheme, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=12,
        choices=c.ClassificationStatus.choices,
        default=c.ClassificationStatus.EFFECTIVE,
    )
    rationale = models.TextField(validators=[MaxLengthValidator(LONG_TEXT)])
    classified_by = user_fk()
    classified_at = models.DateTimeField(default=timezone.now)
    # Who made it effective (or rejected or replaced the proposal), when, and why.
    reviewer = user_fk(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    # A reviewer's own answers to a proposal point at the proposal they replace.
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-classified_at", "-id"]
        indexes = [models.Index(fields=["status", "classified_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["system"],
                condition=models.Q(status="effective"),
                name="one_effective_classification_per_system",
            ),
            models.UniqueConstraint(
                fields=["system"],
                condition=models.Q(status="proposed"),
                name="one_pending_proposal_per_system",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["effective", "rejected"])
                | models.Q(reviewer__isnull=False, reviewed_at__isnull=False),
                name="decided_classification_names_its_reviewer",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.system.system_id}: {self.score} {self.tier} {self.status} "
            f"({self.classified_at:%Y-%m-%d})"
        )


class ControlDefinition(models.Model):
    """One control of the default library, and the tiers that require it."""

    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    required_for_tiers = ArrayField(
        models.CharField(max_length=10, choices=c.RiskTier.choices), default=list
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SystemControl(models.Model):
    """A control a system's tier requires, with its status and evidence notes."""

    system = models.ForeignKey(AISystem, on_delete=models.CASCADE, related_name="controls")
    control = models.ForeignKey(ControlDefinition, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=c.ControlStatus.choices, default=c.ControlStatus.MISSING
    )
    justification = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    evidence_links = models.TextField(
        blank=True,
        help_text="One link or reference per line.",
        validators=[MaxLengthValidator(LONG_TEXT)],
    )
    added_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when a tier change no longer requires it."
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["control__name"]
        constraints = [
            models.UniqueConstraint(fields=["system", "control"], name="control_once_per_system"),
            models.CheckConstraint(
                condition=~models.Q(status="not_applicable") | ~models.Q(justification=""),
                name="not_applicable_needs_justification",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.system.system_id}: {self.control.name} ({self.status})"


class AIActScreening(models.Model):
    """The four-question EU AI Act screening and the decision recorded on it."""

    system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="ai_act_screenings")
    affects_access = models.BooleanField()
    physical_safety_risk = models.BooleanField()
    public_authority_annex_iii = models.BooleanField()
    legal_effect = models.BooleanField()
    presumed_high_risk = models.BooleanField()
    category = models.CharField(max_length=20, choices=c.AIActCategory.choices)
    annex_area = models.CharField(max_length=40, choices=c.AnnexIIIArea.choices, blank=True)
    rationale = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    decided_by = user_fk()
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = "EU AI Act screening"

    def __str__(self) -> str:
        return f"{self.system.system_id}: {self.category}"


class ReviewCadence(models.Model):
    """The months between system reviews by tier, as an administrator set them. Each
    change is a new version; the latest is in force (defaults: registry.rules)."""

    version = models.PositiveIntegerField(unique=True)
    months = models.JSONField(help_text="{tier: months between reviews}")
    changed_by = user_fk(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Review cadence v{self.version}"


class SystemReview(models.Model):
    """One recorded review of a system (the RACI's "annual AI system review"): who, when,
    their note, and the next review it set."""

    system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="reviews")
    reviewed_by = user_fk()
    reviewed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(validators=[MaxLengthValidator(LONG_TEXT)])
    tier = models.CharField(max_length=10, choices=c.RiskTier.choices)
    next_due_at = models.DateTimeField()

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        indexes = [models.Index(fields=["system", "-reviewed_at"], name="system_review_latest")]

    def __str__(self) -> str:
        return f"Review of {self.system_id} on {self.reviewed_at:%Y-%m-%d}"
