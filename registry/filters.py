"""The filters, search and sorting of the AI system list, shared by the page and the API.

Query parameters:
  tier               critical | high | medium | low | unclassified
  stage              a lifecycle stage (conception, development, ...)
  team               an owner team's slug
  regulation         a regulation in the system's regulatory scope (gdpr, eu_ai_act, ...)
  ai_act             an EU AI Act category (high_risk, limited, ...)
  reclassification   true | false: flagged for re-classification
  eu_personal_data   true | false: processes personal data of EU residents
  q                  words found in system ID, name, description or model version
  ordering           system_id, name, risk_score, risk_tier, lifecycle_stage,
                     owner_team__name, updated_at; '-' in front for descending

A value that is not on the list makes the filter set invalid (`filterset.errors`
names the parameter); it never raises.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from core.models import Team
from core.widgets import PlainSelect
from registry.choices import AIActCategory, LifecycleStage, Regulation, RiskTier
from registry.models import AISystem
from registry.rules import TIER_ORDER

UNCLASSIFIED = "unclassified"
ORDERING_FIELDS = (
    "system_id",
    "name",
    "risk_score",
    "risk_tier",
    "lifecycle_stage",
    "owner_team__name",
    "updated_at",
)
YES_NO = [("true", "Yes"), ("false", "No")]


class StrictBooleanField(forms.Field):
    """true/false (also 1/0, yes/no); anything else is an error, not 'any'."""

    widget = PlainSelect(choices=[("", "Any"), *YES_NO])
    truthy, falsy = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.truthy:
            return True
        if text in self.falsy:
            return False
        raise forms.ValidationError("Use true or false.", code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class TieBreakingOrderingFilter(django_filters.OrderingFilter):
    """Sort as asked, then by system ID, so pages are stable.

    Tiers sort by severity, not by name; unclassified systems come last either way.
    """

    def filter(self, qs: QuerySet, value) -> QuerySet:
        if not value:
            return qs
        keys = [self.get_ordering_value(param) for param in value]
        return qs.order_by(*[_ordering_expression(k) for k in keys], "system_id")


def _ordering_expression(key: str):
    name, descending = key.lstrip("-"), key.startswith("-")
    if name == "risk_tier":
        expression = Case(
            *[When(risk_tier=tier, then=Value(i)) for i, tier in enumerate(TIER_ORDER, start=1)],
            default=None,
            output_field=IntegerField(),
        )
    elif name == "risk_score":
        expression = F(name)
    else:
        return key
    return expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)


class SystemFilter(django_filters.FilterSet):
    tier = django_filters.ChoiceFilter(
        label="Risk tier",
        choices=[*RiskTier.choices, (UNCLASSIFIED, "Unclassified")],
        method="filter_tier",
        widget=PlainSelect,
    )
    stage = django_filters.ChoiceFilter(
        label="Lifecycle stage",
        field_name="lifecycle_stage",
        choices=LifecycleStage.choices,
        widget=PlainSelect,
    )
    team = django_filters.ModelChoiceFilter(
        label="Owner team",
        field_name="owner_team",
        to_field_name="slug",
        queryset=Team.objects.all(),
        widget=PlainSelect,
    )
    regulation = django_filters.ChoiceFilter(
        label="Regulation",
        choices=Regulation.choices,
        method="filter_regulation",
        widget=PlainSelect,
    )
    ai_act = django_filters.ChoiceFilter(
        label="EU AI Act category",
        field_name="ai_act_category",
        choices=AIActCategory.choices,
        widget=PlainSelect,
    )
    reclassification = StrictBooleanFilter(
        label="Needs re-classification", field_name="reclassification_needed"
    )
    eu_personal_data = StrictBooleanFilter(
        label="EU personal data", field_name="processes_eu_personal_data"
    )
    q = django_filters.CharFilter(label="Search", method="filter_search", max_length=200)
    ordering = TieBreakingOrderingFilter(
        label="Sort by",
        fields=[(f, f) for f in ORDERING_FIELDS],
        field_labels={"system_id": "System ID", "owner_team__name": "Owner team"},
    )

    class Meta:
        model = AISystem
        fields: list[str] = []

    def filter_tier(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(risk_tier="") if value == UNCLASSIFIED else qs.filter(risk_tier=value)

    def filter_regulation(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(regulatory_scope__contains=[value])

    def filter_search(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        for word in value.split():
            qs = qs.filter(
                Q(system_id__icontains=word)
                | Q(name__icontains=word)
                | Q(description__icontains=word)
                | Q(model_version__icontains=word)
            )
        return qs
