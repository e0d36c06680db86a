"""The filters and search of the AI system list (the list kit adds `ordering`).

Query parameters (blank means any, see core.lists):
  tier               critical | high | medium | low | unclassified
  stage              a lifecycle stage (conception, development, ...)
  team               an owner team's slug
  regulation         a regulation in the system's regulatory scope (gdpr, eu_ai_act, ...)
  ai_act             an EU AI Act category (high_risk, limited, ...)
  reclassification   true | false: flagged for re-classification
  not_gated          true | false: registered at its real stage without its gates
  eu_personal_data   true | false: processes personal data of EU residents
  legal_effect       true | false: makes decisions with legal effect on people
  q                  words found in system ID, name, description or model version
"""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from core.lists import ListFilterSet, StrictBooleanFilter
from core.models import Team
from core.widgets import PlainSelect, PlainTextInput
from registry.choices import AIActCategory, LifecycleStage, Regulation, RiskTier
from registry.models import AISystem

UNCLASSIFIED = "unclassified"


class SystemFilter(ListFilterSet):
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
    not_gated = StrictBooleanFilter(label="Not gated", field_name="not_gated")
    eu_personal_data = StrictBooleanFilter(
        label="EU personal data", field_name="processes_eu_personal_data"
    )
    legal_effect = StrictBooleanFilter(
        label="Legal-effect decisions", field_name="legal_effect_decisions"
    )
    q = django_filters.CharFilter(
        label="Search", method="filter_search", max_length=200, widget=PlainTextInput
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
