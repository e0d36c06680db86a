"""Thin serializers of the vendors API: they parse input and shape output; the rules
(one assessment in progress, a plan for a high tier) are the services'."""

from __future__ import annotations

from rest_framework import serializers

from core.api.serializers import StrictInput
from vendors import choices as c
from vendors.models import LONG_TEXT

ID = {"min_value": 1, "max_value": 2**63 - 1}


def _yes_no(help_text: str = "") -> serializers.BooleanField:
    return serializers.BooleanField(
        required=False, allow_null=True, help_text=help_text or "null: not answered yet."
    )


def _text(max_length: int = LONG_TEXT, **kw) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, **kw)


class ProductShortSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=c.ProductKind.choices)


class VendorSerializer(serializers.Serializer):
    """A vendor as the API shows it (the list's API columns, vendors/lists.py)."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    website = serializers.CharField(read_only=True)
    product_count = serializers.IntegerField(read_only=True)
    notes = serializers.CharField(read_only=True)
    products = ProductShortSerializer(many=True, read_only=True)


class VendorInputSerializer(StrictInput, serializers.Serializer):
    name = serializers.CharField(max_length=200)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    notes = _text()


class VendorUpdateSerializer(VendorInputSerializer):
    """Only the fields given change."""

    name = serializers.CharField(max_length=200, required=False)


class ProductInputSerializer(StrictInput, serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=c.ProductKind.choices)
    description = _text()


class VendorChangeInputSerializer(StrictInput, serializers.Serializer):
    product = serializers.IntegerField(**ID, help_text="One of this vendor's products (id).")
    kind = serializers.ChoiceField(choices=c.ChangeKind.choices)
    description = serializers.CharField(max_length=LONG_TEXT)


class VendorChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=c.ChangeKind.choices)
    description = serializers.CharField()
    at = serializers.DateTimeField()
    assessment = serializers.IntegerField(help_text="The re-assessment now in progress.")


class AnswersSerializer(StrictInput, serializers.Serializer):
    """The answers of DOMAIN.md 8; only the fields given change."""

    access_type = serializers.ChoiceField(
        choices=c.AccessType.choices, required=False, allow_blank=True
    )
    data_sent = _text()
    use_case = _text()
    soc2_type2_certified = _yes_no()
    iso27001_certified = _yes_no()
    penetration_tested = _yes_no()
    bug_bounty_program = _yes_no()
    data_retention_days = serializers.IntegerField(
        min_value=0, max_value=36_500, required=False, allow_null=True
    )
    opt_out_of_training = _yes_no()
    sla_uptime_percentage = serializers.DecimalField(
        max_digits=6,
        decimal_places=3,
        min_value=0,
        max_value=100,
        required=False,
        allow_null=True,
        help_text="0 to 100.",
    )
    has_fallback_provider = _yes_no()
    has_dpa = _yes_no()
    eu_data_residency = _yes_no()
    liability_cap = _text()
    audit_rights = _yes_no()
    personal_data_sent = serializers.BooleanField(
        required=False,
        help_text="Whether the product receives personal data (default no): without a DPA "
        "it is never approved for use.",
    )


class AssessmentCreateSerializer(AnswersSerializer):
    product = serializers.IntegerField(**ID, help_text="The product assessed (id).")
    reason = serializers.ChoiceField(
        choices=c.AssessmentReason.choices, required=False, default=c.AssessmentReason.INITIAL
    )


class FindingSerializer(serializers.Serializer):
    issue = serializers.CharField()
    severity = serializers.ChoiceField(choices=c.Severity.choices)
    points = serializers.IntegerField()


class EvidenceShortSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=c.EvidenceKind.choices)
    name = serializers.CharField()
    sha256 = serializers.CharField()
    applies_from = serializers.DateField()
    expires_on = serializers.DateField(allow_null=True)


class AssessmentSerializer(serializers.Serializer):
    """An assessment as the API shows it (the list's API columns, vendors/lists.py)."""

    id = serializers.IntegerField()
    vendor = serializers.CharField()
    product = serializers.IntegerField()
    product_name = serializers.CharField()
    status = serializers.ChoiceField(choices=c.AssessmentStatus.choices)
    reason = serializers.ChoiceField(choices=c.AssessmentReason.choices)
    access_type = serializers.CharField()
    data_sent = serializers.CharField()
    use_case = serializers.CharField()
    soc2_type2_certified = serializers.BooleanField(allow_null=True)
    iso27001_certified = serializers.BooleanField(allow_null=True)
    penetration_tested = serializers.BooleanField(allow_null=True)
    bug_bounty_program = serializers.BooleanField(allow_null=True)
    data_retention_days = serializers.IntegerField(allow_null=True)
    opt_out_of_training = serializers.BooleanField(allow_null=True)
    sla_uptime_percentage = serializers.DecimalField(
        max_digits=6, decimal_places=3, allow_null=True
    )
    has_fallback_provider = serializers.BooleanField(allow_null=True)
    has_dpa = serializers.BooleanField(allow_null=True)
    eu_data_residency = serializers.BooleanField(allow_null=True)
    liability_cap = serializers.CharField()
    audit_rights = serializers.BooleanField(allow_null=True)
    personal_data_sent = serializers.BooleanField()
    risk_score = serializers.IntegerField(allow_null=True)
    risk_tier = serializers.ChoiceField(choices=c.RiskTier.choices, allow_null=True)
    recommendation = serializers.CharField()
    findings = FindingSerializer(many=True)
    use_approved = serializers.BooleanField()
    assessor = serializers.EmailField()
    created_at = serializers.DateTimeField()
    scored_at = serializers.DateTimeField(allow_null=True)
    ciso_approved_by = serializers.EmailField(allow_null=True)
    ciso_approved_at = serializers.DateTimeField(allow_null=True)
    ciso_comment = serializers.CharField()
    remediation_plan = serializers.CharField()
    remediation_due_on = serializers.DateField(allow_null=True)
    remediation_done_at = serializers.DateTimeField(allow_null=True)
    evidence = EvidenceShortSerializer(many=True)


class EmptyInputSerializer(StrictInput, serializers.Serializer):
    """No fields."""


class CisoApprovalInputSerializer(StrictInput, serializers.Serializer):
    remediation_plan = serializers.CharField(
        max_length=LONG_TEXT, help_text="The contractual remediation plan."
    )
    remediation_due_on = serializers.DateField(help_text="When the remediation is due.")
    comment = _text()


class EvidenceInputSerializer(StrictInput, serializers.Serializer):
    kind = serializers.ChoiceField(choices=c.EvidenceKind.choices)
    file = serializers.FileField(allow_empty_file=True, help_text="The document.")
    applies_from = serializers.DateField(required=False, allow_null=True)
    expires_on = serializers.DateField(
        required=False, allow_null=True, help_text="Required for a SOC 2 report."
    )
