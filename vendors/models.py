"""Third-party AI providers, their products and the risk assessments of each product
(DOMAIN.md section 8, issue 9).

An assessment holds the questionnaire's answers (null while unanswered), its status
and, once scored, the stored result of `vendors.rules.scoring.assessment_score`. The current
assessment of a product is its latest scored one; older scored ones are superseded.
"""

from decimal import Decimal

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import EvidenceFile, user_fk
from vendors import choices as c

LONG_TEXT = 10_000  # characters: a free-text answer, a plan or a comment


class Vendor(models.Model):
    """A provider whose model or API one of our systems uses."""

    name = models.CharField(max_length=200, unique=True)
    website = models.URLField(blank=True)
    notes = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class VendorProduct(models.Model):
    """One thing a vendor provides (a model, an API, licensed weights); assessed alone."""

    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=c.ProductKind.choices)
    description = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])

    class Meta:
        ordering = ["vendor__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "name"], name="vendor_product_name_once"),
            models.CheckConstraint(
                condition=Q(kind__in=c.ProductKind.values), name="vendor_product_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor} {self.name}"


def _yes_no(label: str) -> models.BooleanField:
    return models.BooleanField(label, null=True, blank=True)  # null: not answered yet


class Assessment(models.Model):
    """The risk assessment of one product: the answers of DOMAIN.md 8, the stored score,
    and for a high tier the CISO's approval with a contractual remediation plan."""

    product = models.ForeignKey(VendorProduct, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(
        max_length=12, choices=c.AssessmentStatus.choices, default=c.AssessmentStatus.DRAFT
    )
    reason = models.CharField(
        max_length=16, choices=c.AssessmentReason.choices, default=c.AssessmentReason.INITIAL
    )
    # --- the answers (DOMAIN.md 8), under the API's names ---
    access_type = models.CharField(max_length=20, choices=c.AccessType.choices, blank=True)
    data_sent = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    use_case = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    # Whether the product receives personal data: without a DPA it is never approved.
    personal_data_sent = models.BooleanField("Personal data sent", default=False)
    soc2_type2_certified = _yes_no("SOC 2 Type 2 certified")
    iso27001_certified = _yes_no("ISO 27001 certified")
    penetration_tested = _yes_no("Penetration tested")
    bug_bounty_program = _yes_no("Bug bounty programme")
    data_retention_days = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(36_500)]
    )
    opt_out_of_training = _yes_no("Can opt out of training")
    sla_uptime_percentage = models.DecimalField(
        "SLA uptime %",
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    has_fallback_provider = _yes_no("Has a fallback provider")
    has_dpa = _yes_no("Has a DPA")
    eu_data_residency = _yes_no("EU data residency")
    liability_cap = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    audit_rights = _yes_no("Audit rights")
    # --- the stored result (vendors.rules.scoring.assessment_score), set when scored ---
    risk_score = models.PositiveSmallIntegerField(null=True, blank=True)
    risk_tier = models.CharField(max_length=8, choices=c.RiskTier.choices, blank=True)
    recommendation = models.CharField(max_length=200, blank=True)
    findings = models.JSONField(default=list, blank=True)  # [{issue, severity, points}]
    use_approved = models.BooleanField(default=False)
    # --- who and when ---
    assessor = user_fk()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    scored_at = models.DateTimeField(null=True, blank=True)
    scored_by = user_fk(null=True, blank=True)
    # --- high tier: the CISO's approval and the contractual remediation plan ---
    ciso_approved_by = user_fk(null=True, blank=True)
    ciso_approved_at = models.DateTimeField(null=True, blank=True)
    ciso_comment = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    remediation_plan = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    remediation_due_on = models.DateField(null=True, blank=True)
    # The remediation done: the signed amendment attached (EvidenceKind.SIGNED_AMENDMENT).
    remediation_done_at = models.DateTimeField(null=True, blank=True)
    remediation_done_by = user_fk(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["product", "status"], name="assessment_product_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=c.AssessmentStatus.values), name="assessment_status_known"
            ),
            models.CheckConstraint(
                condition=Q(sla_uptime_percentage__isnull=True)
                | Q(sla_uptime_percentage__gte=0, sla_uptime_percentage__lte=100),
                name="assessment_sla_0_100",
            ),
            models.CheckConstraint(
                condition=Q(risk_tier="") | Q(risk_tier__in=c.RiskTier.values),
                name="assessment_tier_known",
            ),
            # A scored assessment carries its result; an unscored one none.
            models.CheckConstraint(
                condition=Q(status__in=["scored", "superseded"], scored_at__isnull=False)
                | Q(status__in=["draft", "sent", "answered"], scored_at__isnull=True),
                name="assessment_scored_has_result",
            ),
            models.CheckConstraint(
                condition=Q(ciso_approved_at__isnull=True) | Q(ciso_approved_by__isnull=False),
                name="assessment_ciso_approval_named",
            ),
            # One current (scored) assessment per product, and one in progress.
            models.UniqueConstraint(
                fields=["product"], condition=Q(status="scored"), name="assessment_one_current"
            ),
            models.UniqueConstraint(
                fields=["product"],
                condition=Q(status__in=["draft", "sent", "answered"]),
                name="assessment_one_in_progress",
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment {self.pk} of {self.product}"


class AssessmentEvidence(models.Model):
    """A document behind an assessment's answers (SOC 2 report, DPA, pen-test summary),
    stored as a core evidence file with its expiry date."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="evidence")
    evidence = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=c.EvidenceKind.choices)
    # null: a vendor contact through the questionnaire link
    added_by = user_fk(null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-added_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "evidence"], name="assessment_evidence_once"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=c.EvidenceKind.values), name="assessment_evidence_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for assessment {self.assessment_id}"


class VendorChange(models.Model):
    """A vendor changed its model, terms or data handling: re-assess the product now."""

    product = models.ForeignKey(VendorProduct, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=16, choices=c.ChangeKind.choices)
    description = models.TextField(validators=[MaxLengthValidator(LONG_TEXT)])
    recorded_by = user_fk()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=c.ChangeKind.values), name="vendor_change_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} change of {self.product}"


class QuestionnaireLink(models.Model):
    """The single-use, expiring link through which a vendor contact answers one
    assessment without an account (issue 9 part 2; its services come later). Only the
    token's hash is stored."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    contact_email = models.EmailField()
    created_by = user_fk()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    draft_answers = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="questionnaire_link_expires_later",
            ),
        ]

    def __str__(self) -> str:
        return f"Questionnaire link for assessment {self.assessment_id}"
