"""Lifecycle gates (DOMAIN.md section 4): the gates as versioned data, the requests
opened against them, and what each request gathers (artifacts, test results,
approvals). Requests, approvals, rejections and results are permanent records:
nothing here is deleted; a replaced artifact or a voided approval stays, marked.
"""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.choices import Role
from core.models import EvidenceFile, user_fk
from registry import choices as c

from .systems import LONG_TEXT, AISystem, Classification


def _one_current_per_requirement(*, name: str) -> models.UniqueConstraint:
    """What a request gathers for a requirement of its gate (an artifact, a test result)
    is one current row: a newer one replaces it, stamping the older one's `replaced_at`."""
    return models.UniqueConstraint(
        fields=["request", "requirement"], condition=Q(replaced_at__isnull=True), name=name
    )


class GateDefinition(models.Model):
    """One version of one gate: the move it allows and what it asks. Shipped in
    registry/data/gates.yaml; an administrator's edit saves a new version (the highest
    version of a slug is in force), so requests already opened keep the version they
    were opened on.

    `artifacts` and `tests` are lists of {"key", "name"} (a test may add
    "if_applicable": true); `approvals` lists role values (core.choices.Role)."""

    slug = models.SlugField(max_length=60)
    version = models.PositiveIntegerField(default=1)
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(help_text="Position in the lifecycle.")
    from_stage = models.CharField(max_length=20, choices=c.LifecycleStage.choices)
    to_stage = models.CharField(max_length=20, choices=c.LifecycleStage.choices)
    artifacts = models.JSONField(default=list, blank=True)
    approvals = ArrayField(models.CharField(max_length=40, choices=Role.choices), default=list)
    tests = models.JSONField(default=list, blank=True)
    tiers = ArrayField(
        models.CharField(max_length=10, choices=c.RiskTier.choices),
        help_text="The tiers the gate applies to; for others it is not required.",
    )
    blocking = models.BooleanField(
        default=True, help_text="A non-blocking gate may proceed with a remediation plan."
    )
    requires_checklist = models.BooleanField(
        default=False, help_text="The pre-deployment checklist must be complete."
    )
    note = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    created_by = user_fk(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="gate_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class GateRequest(models.Model):
    """A product owner's request to move a system through one gate. It starts as a
    `draft`: the owner gathers artifacts and tests and nobody is asked yet; submitted,
    it is `open` and the approvers are asked. While in progress, what is still missing
    is worked out live from the gate and what was gathered; it closes with a result,
    and only an `approved` or `remediation` result moves the stage."""

    system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="gate_requests")
    gate = models.ForeignKey(GateDefinition, on_delete=models.PROTECT, related_name="requests")
    status = models.CharField(
        max_length=20, choices=c.GateRequestStatus.choices, default=c.GateRequestStatus.DRAFT
    )
    from_stage = models.CharField(max_length=20, choices=c.LifecycleStage.choices)
    to_stage = models.CharField(max_length=20, choices=c.LifecycleStage.choices)
    tier = models.CharField(
        max_length=10, choices=c.RiskTier.choices, blank=True, help_text="At opening."
    )
    summary = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    requested_by = user_fk()
    requested_at = models.DateTimeField(default=timezone.now, help_text="Opened (as a draft).")
    # When the owner submitted it and the approvers were asked: their wait counts from here.
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Who closed it: the last approver, the one who decided on remediation, the
    # requester who withdrew (None for results the portal reached by itself).
    decided_by = user_fk(null=True, blank=True)
    # The gaps at the moment of a BLOCKED result: {"artifacts": [...], "approvals":
    # [...], "tests": [...], "checklist": [...]}.
    gaps = models.JSONField(default=dict, blank=True)
    remediation_plan = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    remediation_owner = user_fk(null=True, blank=True)
    remediation_due = models.DateField(null=True, blank=True)
    # The plan carried out: when, by whom and with what outcome (meets its deadline).
    remediation_done_at = models.DateTimeField(null=True, blank=True)
    remediation_done_by = user_fk(null=True, blank=True)
    remediation_outcome = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    # Set when a material change voided the approvals given so far (shown on the page).
    voided_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="gate_request_waiting"),
            models.Index(fields=["system", "-requested_at"], name="gate_request_history"),
            # The API list's order: its first page without sorting every request.
            models.Index(fields=["-requested_at", "-id"], name="gate_request_newest"),
        ]
        constraints = [
            # One request in progress per system, a draft as much as a submitted one.
            models.UniqueConstraint(
                fields=["system"],
                condition=Q(status__in=["draft", "open"]),
                name="one_open_gate_request",
            ),
            models.CheckConstraint(
                condition=~Q(status="draft") | Q(submitted_at__isnull=True),
                name="gate_request_draft_not_submitted",
            ),
            models.CheckConstraint(
                condition=~Q(status="open") | Q(submitted_at__isnull=False),
                name="gate_request_open_is_submitted",
            ),
            models.CheckConstraint(
                condition=~Q(status="remediation")
                | Q(remediation_due__isnull=False, remediation_owner__isnull=False)
                & ~Q(remediation_plan=""),
                name="remediation_names_plan_owner_due",
            ),
            models.CheckConstraint(
                condition=Q(remediation_done_at__isnull=True)
                | Q(status="remediation", remediation_done_by__isnull=False)
                & ~Q(remediation_outcome=""),
                name="remediation_done_names_who_and_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.system.system_id}: {self.gate.name} ({self.status})"


class GateArtifact(models.Model):
    """One artifact given for one of the gate's artifact requirements: an evidence file,
    or a portal record (a classification, an AI Act screening, a control with its
    evidence). `sha256` is the file's hash, or the hash of the record's content at the
    moment it was linked; approvals record these hashes."""

    request = models.ForeignKey(GateRequest, on_delete=models.PROTECT, related_name="artifacts")
    requirement = models.CharField(max_length=80, help_text="The gate's artifact key.")
    evidence = models.ForeignKey(
        EvidenceFile, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    record_type = models.CharField(max_length=30, choices=c.artifact_record_choices, blank=True)
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    label = models.CharField(max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    added_by = user_fk()
    added_at = models.DateTimeField(default=timezone.now)
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requirement", "-added_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(evidence__isnull=False, record_type="")
                | Q(evidence__isnull=True, record_id__isnull=False) & ~Q(record_type=""),
                name="artifact_is_file_or_record",
            ),
            _one_current_per_requirement(name="one_current_artifact_per_requirement"),
        ]

    def __str__(self) -> str:
        return f"{self.requirement}: {self.label}"


class GateTestResult(models.Model):
    """A test the gate asks for, as run: passed or failed, on a date, with its report
    (a file or a link). A newer result for the same test replaces the older one."""

    request = models.ForeignKey(GateRequest, on_delete=models.PROTECT, related_name="test_results")
    requirement = models.CharField(max_length=80, help_text="The gate's test key.")
    name = models.CharField(max_length=200)
    passed = models.BooleanField()
    run_on = models.DateField()
    report = models.ForeignKey(
        EvidenceFile, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    report_url = models.URLField(max_length=500, blank=True)
    recorded_by = user_fk()
    recorded_at = models.DateTimeField(default=timezone.now)
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requirement", "-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(report__isnull=False) | ~Q(report_url=""),
                name="test_result_has_report",
            ),
            _one_current_per_requirement(name="one_current_result_per_test"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {'passed' if self.passed else 'failed'} ({self.run_on})"


class GateApproval(models.Model):
    """One approver's decision in one slot (a role) of a request, bound to what they
    saw: the hash of every artifact and the system's classification at that moment.
    Voided (never deleted) when an artifact is added or replaced, or the system
    changes materially, while the request is open; the approvers are asked again."""

    request = models.ForeignKey(GateRequest, on_delete=models.PROTECT, related_name="approvals")
    role = models.CharField(max_length=40, choices=Role.choices)
    approver = user_fk()
    decision = models.CharField(max_length=12, choices=c.ApprovalDecision.choices)
    comment = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    decided_at = models.DateTimeField(default=timezone.now)
    artifact_hashes = models.JSONField(default=dict, help_text="{artifact id: sha256}")
    classification = models.ForeignKey(
        Classification, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tier = models.CharField(max_length=10, choices=c.RiskTier.choices, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [
            # Separation of duties: one person fills at most one slot of a request...
            models.UniqueConstraint(
                fields=["request", "approver"],
                condition=Q(voided_at__isnull=True),
                name="one_slot_per_approver",
            ),
            # ...and a slot holds one standing decision.
            models.UniqueConstraint(
                fields=["request", "role"],
                condition=Q(voided_at__isnull=True),
                name="one_decision_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.role}: {self.decision}"
