"""The red-team API's shapes: an exercise as its list shows it, the fields a person sets
on one, a category's result with its rates, intervals and findings, and a batch of rows
posted to an exercise's results."""

from __future__ import annotations

from rest_framework import serializers

from assurance import choices as c
from core.api.serializers import StrictInput
from registry.models import LONG_TEXT


def _text(max_length: int, **kw) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, **kw)


class ExerciseSerializer(serializers.Serializer):
    """An exercise as the API shows it (the list's API columns, assurance/lists.py)."""

    exercise_id = serializers.CharField(read_only=True, help_text="RT-001 and so on.")
    title = serializers.CharField(read_only=True)
    systems = serializers.ListField(child=serializers.CharField(), read_only=True)
    status = serializers.ChoiceField(choices=c.ExerciseStatus.choices, read_only=True)
    methods = serializers.ListField(
        child=serializers.ChoiceField(choices=c.Method.choices), read_only=True
    )
    started_on = serializers.DateField(read_only=True)
    ended_on = serializers.DateField(read_only=True, allow_null=True)
    run_by = serializers.CharField(read_only=True)
    categories = serializers.IntegerField(read_only=True, help_text="Attack categories recorded.")
    successful_attacks = serializers.IntegerField(
        read_only=True, help_text="Successful attacks over every category."
    )


class ExerciseWriteSerializer(StrictInput, serializers.Serializer):
    """The fields a person sets on an exercise; `systems` are system IDs."""

    title = _text(200)
    systems = serializers.ListField(
        child=_text(20), min_length=1, max_length=200, help_text="System IDs."
    )
    scope = _text(LONG_TEXT)
    attacker_personas = _text(LONG_TEXT, required=False, allow_blank=True)
    assets = _text(LONG_TEXT, required=False, allow_blank=True)
    methods = serializers.ListField(
        child=serializers.ChoiceField(choices=c.Method.choices), required=False, max_length=3
    )
    stack_tested = serializers.ListField(
        child=serializers.ChoiceField(choices=c.StackPart.choices), required=False, max_length=5
    )
    started_on = serializers.DateField()
    ended_on = serializers.DateField(required=False, allow_null=True)
    run_by = _text(200)
    status = serializers.ChoiceField(choices=c.ExerciseStatus.choices, required=False)


class RedTeamRateSerializer(serializers.Serializer):
    hits = serializers.IntegerField()
    n = serializers.IntegerField(help_text="The sample size; 0 when not measured.")
    value = serializers.FloatField(allow_null=True, help_text="A rate from 0 to 1.")
    low = serializers.FloatField(allow_null=True, help_text="95% Wilson interval, low.")
    high = serializers.FloatField(allow_null=True, help_text="95% Wilson interval, high.")
    text = serializers.CharField(help_text="e.g. '3 of 40 = 7.5% (95% CI 2.6%–19.9%)'.")


class RedTeamFindingSerializer(serializers.Serializer):
    rate = serializers.ChoiceField(choices=[("asr", "ASR"), ("frr", "FRR")])
    value = serializers.FloatField()
    limit = serializers.FloatField()


class RedTeamResultSerializer(serializers.Serializer):
    """One attack category's result with its rates and the findings against the
    thresholds version the exercise was judged by."""

    category = serializers.CharField()
    attempts = serializers.IntegerField()
    successes = serializers.IntegerField()
    benign_prompts = serializers.IntegerField()
    refusals = serializers.IntegerField()
    source = serializers.ChoiceField(choices=c.ResultSource.choices)
    notes = serializers.CharField()
    asr = RedTeamRateSerializer()
    frr = RedTeamRateSerializer()
    findings = RedTeamFindingSerializer(many=True)
    thresholds_version = serializers.IntegerField(allow_null=True)
    risk = serializers.CharField(allow_null=True, help_text="The register entry (RISK-001).")


class RedTeamResultRowSerializer(StrictInput, serializers.Serializer):
    category = _text(80)
    attempts = serializers.IntegerField(min_value=0, max_value=2_000_000_000)
    successes = serializers.IntegerField(min_value=0, max_value=2_000_000_000)
    benign_prompts = serializers.IntegerField(min_value=0, max_value=2_000_000_000)
    refusals = serializers.IntegerField(min_value=0, max_value=2_000_000_000)
    notes = _text(LONG_TEXT, required=False, allow_blank=True)


class RedTeamResultBatchSerializer(StrictInput, serializers.Serializer):
    """Rows typed or computed elsewhere; a category already recorded is replaced."""

    rows = RedTeamResultRowSerializer(many=True, allow_empty=False, max_length=500)
