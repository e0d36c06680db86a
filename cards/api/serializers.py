"""Thin serializers of the cards API: they parse input and shape output (the list kit's
API columns, cards/lists.py); what a card may hold is cards.rules.content's to say."""

from __future__ import annotations

from rest_framework import serializers

from cards.choices import CardVersionStatus, DatasheetStatus
from cards.models import LONG_TEXT
from core.api.serializers import StrictInput


def _text(max_length: int = LONG_TEXT, **kw) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, **kw)


class GapSerializer(serializers.Serializer):
    key = serializers.CharField(help_text='The field it names: "considerations.failure_modes".')
    message = serializers.CharField()


class CompletenessSerializer(serializers.Serializer):
    complete = serializers.BooleanField()
    gaps = GapSerializer(many=True)
    suitable_for_high_risk_gate = serializers.BooleanField()


class CardSerializer(serializers.Serializer):
    """A model card as its list shows it."""

    id = serializers.IntegerField()
    system = serializers.CharField()
    system_name = serializers.CharField()
    model_key = serializers.CharField()
    model = serializers.CharField()
    latest_number = serializers.IntegerField(allow_null=True)
    latest_status = serializers.ChoiceField(choices=CardVersionStatus.choices, allow_null=True)
    approved_number = serializers.IntegerField(allow_null=True)
    completeness = CompletenessSerializer(allow_null=True)
    latest_updated_at = serializers.DateTimeField(allow_null=True)


class VersionSerializer(serializers.Serializer):
    """One version of a card, its content the JSON of cards.rules.content.Card."""

    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=CardVersionStatus.choices)
    changelog = serializers.CharField()
    content = serializers.JSONField()
    content_hash = serializers.CharField()
    created_by = serializers.EmailField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    submitted_by = serializers.EmailField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    decided_by = serializers.EmailField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField()


class VersionWriteSerializer(StrictInput, serializers.Serializer):
    """A draft's content (the whole card) and/or its changelog; absent: left as it is."""

    content = serializers.JSONField(
        required=False, help_text="The whole card, section by section (see the version's)."
    )
    changelog = _text()


class DecisionInputSerializer(StrictInput, serializers.Serializer):
    decision_note = _text(help_text="Optional to approve; required to send back.")


class EmptyInputSerializer(StrictInput, serializers.Serializer):
    """No fields."""


class ModelSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    system = serializers.CharField()
    key = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    card = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()


class ModelInputSerializer(StrictInput, serializers.Serializer):
    system = serializers.CharField(max_length=20, help_text="The system's ID: SYS-001.")
    key = serializers.SlugField(max_length=80)
    name = serializers.CharField(max_length=200)
    description = _text()


class ImportInputSerializer(StrictInput, serializers.Serializer):
    card = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    file = serializers.FileField(
        help_text="A CycloneDX ML-BOM (.json) or a Hugging Face README.md."
    )


class ImportReportSerializer(serializers.Serializer):
    format = serializers.CharField()
    read = serializers.ListField(child=serializers.CharField())
    not_read = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField())


class ImportResultSerializer(serializers.Serializer):
    version = VersionSerializer()
    report = ImportReportSerializer()


class DatasetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    team = serializers.CharField()
    latest_number = serializers.IntegerField(allow_null=True)
    latest_status = serializers.ChoiceField(choices=DatasheetStatus.choices, allow_null=True)
    approved_number = serializers.IntegerField(allow_null=True)


class DatasheetVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=DatasheetStatus.choices)
    changelog = serializers.CharField()
    content = serializers.JSONField()
    content_hash = serializers.CharField()
    created_by = serializers.EmailField(source="created_by.email")
    created_at = serializers.DateTimeField()
    approved_by = serializers.EmailField(source="approved_by.email", allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
