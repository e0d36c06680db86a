"""Serializers of the gate API: they parse input and shape output; the gate services
decide (and name the field of every refusal)."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from core.api.serializers import StrictInput
from core.choices import Role
from registry import choices as c
from registry.models import LONG_TEXT, SYSTEM_ID_URL_PATTERN
from registry.rules import gate_test_report_problems


class EvaluationSerializer(serializers.Serializer):
    """What the gate says now (live while open; as recorded once decided)."""

    can_proceed = serializers.BooleanField()
    result = serializers.ChoiceField(choices=c.GateRequestStatus.choices)
    missing_artifacts = serializers.ListField(child=serializers.CharField())
    missing_approvals = serializers.ListField(child=serializers.CharField())
    missing_tests = serializers.ListField(child=serializers.CharField())
    missing_checklist = serializers.ListField(child=serializers.CharField())
    missing_ai_act = serializers.ListField(
        child=serializers.CharField(),
        help_text="What the EU AI Act holds against the gate: a prohibited practice "
        "(Art. 5) or no current screening.",
    )


class CheckSerializer(EvaluationSerializer):
    """The pipeline's answer: fail the build when `can_proceed` is false."""


class EvidenceDownloadField(serializers.CharField):
    """An evidence file as the absolute URL it is downloaded from (the request in the
    serializer's context names the host)."""

    def to_representation(self, value):
        url = reverse("core:evidence_download", args=[value.pk])
        return self.context["request"].build_absolute_uri(url)


# The answer serializers read their fields off the models (`source`); null where a
# nullable relation (an artifact's file, a remediation owner) is not set.


class ArtifactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    requirement = serializers.CharField()
    label = serializers.CharField()
    sha256 = serializers.CharField()
    file_name = serializers.CharField(source="evidence.safe_name", allow_null=True)
    download = EvidenceDownloadField(
        source="evidence", allow_null=True, help_text="The file's download URL."
    )
    record_type = serializers.CharField(allow_blank=True)
    record_id = serializers.IntegerField(allow_null=True)
    added_by = serializers.EmailField(source="added_by.email")
    added_at = serializers.DateTimeField()
    replaced_at = serializers.DateTimeField(allow_null=True)


class TestResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    requirement = serializers.CharField()
    name = serializers.CharField()
    passed = serializers.BooleanField()
    run_on = serializers.DateField()
    report_sha256 = serializers.CharField(source="report.sha256", allow_null=True)
    report_url = serializers.CharField(allow_blank=True)
    recorded_by = serializers.EmailField(source="recorded_by.email")
    recorded_at = serializers.DateTimeField()
    replaced_at = serializers.DateTimeField(allow_null=True)


class ApprovalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.CharField()
    approver = serializers.EmailField(source="approver.email")
    decision = serializers.ChoiceField(choices=c.ApprovalDecision.choices)
    comment = serializers.CharField(allow_blank=True)
    decided_at = serializers.DateTimeField()
    artifact_hashes = serializers.DictField(
        child=serializers.CharField(), help_text="{artifact id: SHA-256} as the approver saw them."
    )
    classification = serializers.IntegerField(source="classification_id", allow_null=True)
    tier = serializers.CharField(allow_blank=True)
    voided_at = serializers.DateTimeField(allow_null=True)
    void_reason = serializers.CharField(allow_blank=True)


class GateRequestFieldsSerializer(serializers.Serializer):
    """What a request shows in the list and on its own."""

    id = serializers.IntegerField()
    system = serializers.CharField(source="system.system_id")
    gate = serializers.CharField(source="gate.slug", help_text="The gate's slug.")
    gate_name = serializers.CharField(source="gate.name")
    gate_version = serializers.IntegerField(source="gate.version")
    from_stage = serializers.CharField()
    to_stage = serializers.CharField()
    status = serializers.ChoiceField(choices=c.GateRequestStatus.choices)
    tier = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True)
    requested_by = serializers.EmailField(source="requested_by.email")
    requested_at = serializers.DateTimeField(help_text="When it was opened, as a draft.")
    submitted_at = serializers.DateTimeField(
        allow_null=True, help_text="When its owner submitted it and the approvers were asked."
    )
    decided_at = serializers.DateTimeField(allow_null=True)
    voided_reason = serializers.CharField(allow_blank=True)
    remediation_due = serializers.DateField(allow_null=True)


class GateRequestRecordSerializer(GateRequestFieldsSerializer):
    """A request's own fields, read off the request (registry.api.gate_shapes adds what it
    gathered)."""

    remediation_plan = serializers.CharField(allow_blank=True)
    remediation_owner = serializers.EmailField(source="remediation_owner.email", allow_null=True)
    remediation_done_at = serializers.DateTimeField(allow_null=True)
    remediation_done_by = serializers.EmailField(
        source="remediation_done_by.email", allow_null=True
    )
    remediation_outcome = serializers.CharField(allow_blank=True)


class GateRequestSerializer(GateRequestRecordSerializer):
    """One request with its live evaluation and everything it gathered (history too)."""

    evaluation = EvaluationSerializer()
    artifacts = ArtifactSerializer(many=True)
    tests = TestResultSerializer(many=True)
    approvals = ApprovalSerializer(many=True)


class GateRequestListSerializer(GateRequestFieldsSerializer):
    """A row of the list (the list kit builds the rows)."""

    waiting_days = serializers.IntegerField(allow_null=True)


class GateRequestOpenSerializer(StrictInput, serializers.Serializer):
    system = serializers.RegexField(SYSTEM_ID_URL_PATTERN, max_length=20)
    gate = serializers.SlugField(
        max_length=60, required=False, help_text="Default: the gate after the system's stage."
    )
    summary = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True)


class ArtifactInputSerializer(StrictInput, serializers.Serializer):
    """A file (multipart `file`) or a portal record (`record_type`, `record_id`)."""

    requirement = serializers.CharField(max_length=80)
    file = serializers.FileField(required=False)
    record_type = serializers.ChoiceField(
        choices=c.ArtifactRecordType.choices, required=False, allow_blank=True
    )
    record_id = serializers.IntegerField(required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The registered sources as they stand (a model card version), not at import.
        self.fields["record_type"].choices = c.artifact_record_choices()

    def validate(self, data):
        has_file, has_record = "file" in data, bool(data.get("record_type"))
        if has_file == has_record:
            raise serializers.ValidationError(
                {"file": ["Give a file, or a record_type and record_id, not both."]}
            )
        if has_record and "record_id" not in data:
            raise serializers.ValidationError({"record_id": ["Name the record."]})
        return data


class TestInputSerializer(StrictInput, serializers.Serializer):
    requirement = serializers.CharField(max_length=80)
    name = serializers.CharField(max_length=200, required=False)
    passed = serializers.BooleanField()
    run_on = serializers.DateField()
    report = serializers.FileField(required=False)
    report_url = serializers.URLField(max_length=500, required=False, allow_blank=True)

    def validate(self, data):
        link = data.get("report_url") or ""
        problems = gate_test_report_problems(has_file="report" in data, link=link)
        if problems:
            raise serializers.ValidationError({k: [v] for k, v in problems.items()})
        return data


class ApprovalInputSerializer(StrictInput, serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    decision = serializers.ChoiceField(
        choices=[c.ApprovalDecision.APPROVED, c.ApprovalDecision.REJECTED]
    )
    comment = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True)


class RemediationInputSerializer(StrictInput, serializers.Serializer):
    plan = serializers.CharField(max_length=LONG_TEXT)
    owner = serializers.EmailField(help_text="The plan owner's e-mail.")
    due = serializers.DateField()


class RemediationCompleteInputSerializer(StrictInput, serializers.Serializer):
    outcome = serializers.CharField(max_length=LONG_TEXT, help_text="What was done.")


class WithdrawInputSerializer(StrictInput, serializers.Serializer):
    reason = serializers.CharField(max_length=LONG_TEXT)
