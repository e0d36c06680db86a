"""Thin serializers of the risk register's API: they parse input and shape output.

The ratings' range is checked here (so the schema says 1 to 5); every other rule
(a residual level above the inherent one, an owner, linked controls) lives in
governance.services.risks.
"""

from __future__ import annotations

from rest_framework import serializers

from core.api.serializers import StrictInput
from core.models import Team, User
from governance import choices as c
from registry.api.serializers import LookupSlugField
from registry.models import LONG_TEXT

MAX_ID = 2**31 - 1


def _rating(help_text: str, **kw) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=5, help_text=help_text, **kw)


def _text(max_length: int, **kw) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, **kw)


class RiskSerializer(serializers.Serializer):
    """A risk as the API shows it (the register's API columns, governance/lists/risks.py)."""

    risk_id = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    affected_stakeholders = serializers.CharField(read_only=True)
    category = serializers.ChoiceField(choices=c.RiskCategory.choices, read_only=True)
    status = serializers.ChoiceField(choices=c.RiskStatus.choices, read_only=True)
    inherent_likelihood = _rating("Before controls.", read_only=True)
    inherent_impact = _rating("Before controls.", read_only=True)
    inherent_score = serializers.IntegerField(min_value=1, max_value=25, read_only=True)
    inherent_level = serializers.ChoiceField(choices=c.RiskLevel.choices, read_only=True)
    residual_likelihood = _rating("After controls.", read_only=True)
    residual_impact = _rating("After controls.", read_only=True)
    residual_score = serializers.IntegerField(min_value=1, max_value=25, read_only=True)
    residual_level = serializers.ChoiceField(choices=c.RiskLevel.choices, read_only=True)
    owner = serializers.CharField(read_only=True, help_text="The owner's name, or the team's.")
    owner_user = serializers.EmailField(read_only=True, allow_null=True)
    owner_team = serializers.CharField(read_only=True, allow_null=True, help_text="Team slug.")
    systems = serializers.ListField(child=serializers.CharField(), read_only=True)
    existing_controls = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    mitigation_plan = serializers.CharField(read_only=True)
    mitigation_due = serializers.DateField(read_only=True, allow_null=True)
    last_reviewed = serializers.DateField(read_only=True, allow_null=True)
    next_review = serializers.DateField(read_only=True, allow_null=True)
    regulatory_reference = serializers.CharField(read_only=True)


class RiskWriteSerializer(StrictInput, serializers.Serializer):
    """The fields a person sets on a risk; without `risk_id` a new risk gets the next
    free one. `systems` are system IDs, `existing_controls` ids of system controls."""

    risk_id = _text(11, required=False, allow_blank=True)
    title = _text(200)
    description = _text(LONG_TEXT)
    affected_stakeholders = _text(LONG_TEXT, required=False, allow_blank=True)
    category = serializers.ChoiceField(choices=c.RiskCategory.choices)
    inherent_likelihood = _rating("Before controls: 1 rare to 5 almost certain.")
    inherent_impact = _rating("Before controls: 1 negligible to 5 severe.")
    residual_likelihood = _rating("After controls.")
    residual_impact = _rating("After controls.")
    owner_user = LookupSlugField(
        slug_field="email",
        queryset=User.objects.all(),
        allow_null=True,
        required=False,
        help_text="The owner's e-mail; or name a team.",
    )
    owner_team = LookupSlugField(
        slug_field="slug", queryset=Team.objects.all(), allow_null=True, required=False
    )
    mitigation_plan = _text(LONG_TEXT, required=False, allow_blank=True)
    mitigation_due = serializers.DateField(required=False, allow_null=True)
    last_reviewed = serializers.DateField(required=False, allow_null=True)
    next_review = serializers.DateField(required=False, allow_null=True)
    regulatory_reference = _text(200, required=False, allow_blank=True)
    systems = serializers.ListField(
        child=_text(20), required=False, max_length=200, help_text="System IDs."
    )
    existing_controls = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=500,
        help_text="Ids of the linked systems' controls.",
    )


class RiskUpdateSerializer(RiskWriteSerializer):
    """A change to a risk: its risk ID may be repeated, never changed."""
