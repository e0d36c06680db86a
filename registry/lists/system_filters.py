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
  board_approval     true | false: its "Board or executive approval" control is implemented
                     (the board's "critical systems without board approval" is
                     tier=critical&board_approval=false)
  classification_waiting   true | false: a classification proposal waits for a reviewer,
                     or it is flagged for re-classification (the board's block)
  q                  words found in system ID, name, description or model version
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet

from core.lists import ListFilterSet, StrictBooleanFilter, WordSearchFilter
from core.models import Team
from core.widgets import PlainSelect
from registry.choices import (
    AIActCategory,
    ClassificationStatus,
    ControlStatus,
    LifecycleStage,
    Regulation,
    RiskTier,
)
from registry.models import AISystem, Classification, SystemControl

UNCLASSIFIED = "unclassified"
BOARD_APPROVAL_KEY = "board-or-executive-approval"


def board_approved() -> Exists:
    """The system's "Board or executive approval" control is implemented (not retired)."""
    return Exists(
        SystemControl.objects.filter(
            system=OuterRef("pk"),
            control__key=BOARD_APPROVAL_KEY,
            status=ControlStatus.IMPLEMENTED,
            retired_at__isnull=True,
        )
    )


def proposals_waiting() -> QuerySet[Classification]:
    """The classifications a product owner proposed that no reviewer decided yet."""
    return Classification.objects.filter(status=ClassificationStatus.PROPOSED)


def classification_waiting() -> Q:
    """A proposal waits for a reviewer, or the system is flagged for re-classification:
    the reviewers' queue, what the board's block counts and what the list's
    classification_waiting filter lists."""
    return Q(reclassification_needed=True) | Q(pk__in=proposals_waiting().values("system_id"))


def _tier_is(qs: QuerySet, _name: str, value: str) -> QuerySet:
    return qs.filter(risk_tier="" if value == UNCLASSIFIED else value)


def tier_filter(label: str = "Risk tier") -> django_filters.ChoiceFilter:
    """A system's risk tier now, or unclassified (the system list, the review queue)."""
    return django_filters.ChoiceFilter(
        label=label,
        choices=[*RiskTier.choices, (UNCLASSIFIED, "Unclassified")],
        method=_tier_is,
        widget=PlainSelect,
    )


def team_filter() -> django_filters.ModelChoiceFilter:
    """The system's owner team, by slug."""
    return django_filters.ModelChoiceFilter(
        label="Owner team",
        field_name="owner_team",
        to_field_name="slug",
        queryset=Team.objects.all(),
        widget=PlainSelect,
    )


class SystemFilter(ListFilterSet):
    tier = tier_filter()
    stage = django_filters.ChoiceFilter(
        label="Lifecycle stage",
        field_name="lifecycle_stage",
        choices=LifecycleStage.choices,
        widget=PlainSelect,
    )
    team = team_filter()
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
    board_approval = StrictBooleanFilter(
        label="Board or executive approval in place", method="filter_board_approval"
    )
    classification_waiting = StrictBooleanFilter(
        label="Classification waiting (a proposal or a re-classification)",
        method="filter_classification_waiting",
    )
    q = WordSearchFilter("system_id", "name", "description", "model_version")

    class Meta:
        model = AISystem
        fields: list[str] = []

    def filter_board_approval(self, qs: QuerySet, _name: str, value: bool) -> QuerySet:
        return qs.filter(board_approved()) if value else qs.exclude(board_approved())

    def filter_classification_waiting(self, qs: QuerySet, _name: str, value: bool) -> QuerySet:
        waiting = classification_waiting()
        return qs.filter(waiting) if value else qs.exclude(waiting)

    def filter_regulation(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(regulatory_scope__contains=[value])
