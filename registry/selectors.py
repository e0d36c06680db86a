"""Every read of the registry that a page or an endpoint needs.

Each one costs a fixed number of queries, however many systems there are.

Lists and filters (see registry/filters.py for the parameters):
  system_filterset_for(user, params)  the bound `SystemFilter` over the systems the
                                       user may see: `.is_valid()`, `.errors`, `.qs`,
                                       and `.form` for rendering the filter form.
  system_filter_errors(params)        {parameter: [messages]}; empty when valid. A page
                                       or endpoint answers 400 naming the parameter.
  system_list_for(user, params=...)   the filtered, sorted queryset; an invalid filter
                                       gives an empty list (never raises, never shows
                                       everything under a filter that did not apply).
  system_list_rows(queryset)          narrowed to the columns the list page shows.
Single systems:
  system_get_for(user, system_id=...)      404 for missing and forbidden alike.
  system_detail_for(user, system_id=...)   the system with its history and controls.
  system_id_next_free()                    the ID to offer a new system (SYS-015).
The dashboard:
  portfolio_summary_for(user)              counts by tier and stage, and the lists
                                           that need someone's attention.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, Coalesce, Substr
from django.http import Http404, QueryDict

from core.permissions import can
from registry import rules
from registry.choices import ControlStatus, LifecycleStage, RiskTier
from registry.filters import UNCLASSIFIED, SystemFilter
from registry.models import AIActScreening, AISystem, Classification, SystemControl

ATTENTION_LIST_LIMIT = 50  # rows shown on the dashboard; the counts are always complete

Params = dict | QueryDict | None


def systems_visible_to(user) -> QuerySet[AISystem]:
    """The systems the user may see, with team, vendor and control counts in one query."""
    if not can(user, "registry.system.view"):
        return AISystem.objects.none()
    return AISystem.objects.select_related("owner_team", "vendor").annotate(**CONTROL_COUNTS)


def _active_control_count(**filters) -> Coalesce:
    counted = (
        SystemControl.objects.filter(system=OuterRef("pk"), retired_at__isnull=True, **filters)
        .order_by()
        .values("system")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# Built once: the expressions are templates that every annotate() copies, and
# building them per request was a fifth of a list request's time.
CONTROL_COUNTS = {
    "controls_required": _active_control_count(),
    "controls_implemented": _active_control_count(status=ControlStatus.IMPLEMENTED),
    "controls_in_progress": _active_control_count(status=ControlStatus.IN_PROGRESS),
    "controls_not_applicable": _active_control_count(status=ControlStatus.NOT_APPLICABLE),
}


def system_filterset_for(user, params: Params = None) -> SystemFilter:
    """The bound filter set over the user's visible systems."""
    return SystemFilter(data=params or {}, queryset=systems_visible_to(user))


def system_filter_errors(params: Params) -> dict[str, list[str]]:
    """What is wrong with the filter parameters, by parameter name; {} when all is well."""
    filterset = SystemFilter(data=params or {}, queryset=AISystem.objects.none())
    return {name: list(messages) for name, messages in filterset.errors.items()}


def system_list_for(user, *, params: Params = None) -> QuerySet[AISystem]:
    """The user's visible systems, filtered, searched and sorted by `params`."""
    filterset = system_filterset_for(user, params)
    if not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs


# What a row of the system list page shows; the long texts stay in the database.
LIST_ROW_FIELDS = (
    "system_id",
    "name",
    "owner_team__name",
    "risk_score",
    "risk_tier",
    "lifecycle_stage",
    "ai_act_category",
    "reclassification_needed",
)


def system_list_rows(systems: QuerySet[AISystem]) -> QuerySet[AISystem]:
    """A visible-systems queryset narrowed to the list page's columns (half the cost)."""
    return systems.select_related(None).select_related("owner_team").only(*LIST_ROW_FIELDS)


def system_get_for(user, *, system_id: str) -> AISystem:
    """One visible system; Http404 when it does not exist or the user may not see it."""
    system = systems_visible_to(user).filter(system_id=system_id).first()
    if system is None:
        raise Http404("No such AI system.")
    return system


@dataclass(frozen=True)
class SystemDetail:
    system: AISystem
    classifications: list[Classification]  # newest first, with classified_by
    controls: list[SystemControl]  # active ones first (by name), then retired ones
    ai_act_screenings: list[AIActScreening]  # newest first, with decided_by

    @property
    def active_controls(self) -> list[SystemControl]:
        return [c for c in self.controls if c.retired_at is None]

    @property
    def retired_controls(self) -> list[SystemControl]:
        return [c for c in self.controls if c.retired_at is not None]

    @property
    def current_classification(self) -> Classification | None:
        return self.classifications[0] if self.classifications else None


def system_detail_for(user, *, system_id: str) -> SystemDetail:
    """A system with its classification history, controls and AI Act screenings."""
    controls = SystemControl.objects.select_related("control").order_by(
        F("retired_at").asc(nulls_first=True), "control__name"
    )
    system = (
        systems_visible_to(user)
        .prefetch_related(
            Prefetch(
                "classifications",
                queryset=Classification.objects.select_related("classified_by"),
            ),
            Prefetch("controls", queryset=controls),
            Prefetch(
                "ai_act_screenings",
                queryset=AIActScreening.objects.select_related("decided_by"),
            ),
        )
        .filter(system_id=system_id)
        .first()
    )
    if system is None:
        raise Http404("No such AI system.")
    return SystemDetail(
        system=system,
        classifications=list(system.classifications.all()),
        controls=list(system.controls.all()),
        ai_act_screenings=list(system.ai_act_screenings.all()),
    )


@dataclass(frozen=True)
class PortfolioSummary:
    total: int
    by_tier: dict[str, int]  # critical, high, medium, low, unclassified (all present)
    by_stage: dict[str, int]  # every lifecycle stage (all present)
    unclassified_count: int
    unclassified: list[AISystem]  # at most ATTENTION_LIST_LIMIT, by system ID
    eu_personal_data_count: int
    legal_effect_count: int
    reclassification_count: int
    reclassification: list[AISystem]  # at most ATTENTION_LIST_LIMIT, by system ID


def portfolio_summary_for(user) -> PortfolioSummary:
    """The portfolio in numbers: three queries, whatever the number of systems."""
    if not can(user, "registry.system.view"):
        return _empty_summary()
    visible = AISystem.objects.all()
    counts = visible.aggregate(**_summary_aggregates())
    by_tier = {tier: counts[f"tier_{tier}"] for tier in RiskTier.values}
    by_tier[UNCLASSIFIED] = counts[f"tier_{UNCLASSIFIED}"]
    attention = visible.select_related("owner_team").order_by("system_id")
    return PortfolioSummary(
        total=counts["total"],
        by_tier=by_tier,
        by_stage={stage: counts[f"stage_{stage}"] for stage in LifecycleStage.values},
        unclassified_count=by_tier[UNCLASSIFIED],
        unclassified=list(attention.filter(risk_tier="")[:ATTENTION_LIST_LIMIT]),
        eu_personal_data_count=counts["eu_personal_data"],
        legal_effect_count=counts["legal_effect"],
        reclassification_count=counts["reclassification"],
        reclassification=list(
            attention.filter(reclassification_needed=True)[:ATTENTION_LIST_LIMIT]
        ),
    )


def _summary_aggregates() -> dict[str, Count]:
    aggregates = {
        "total": Count("pk"),
        f"tier_{UNCLASSIFIED}": Count("pk", filter=Q(risk_tier="")),
        "eu_personal_data": Count("pk", filter=Q(processes_eu_personal_data=True)),
        "legal_effect": Count("pk", filter=Q(legal_effect_decisions=True)),
        "reclassification": Count("pk", filter=Q(reclassification_needed=True)),
    }
    for tier in RiskTier.values:
        aggregates[f"tier_{tier}"] = Count("pk", filter=Q(risk_tier=tier))
    for stage in LifecycleStage.values:
        aggregates[f"stage_{stage}"] = Count("pk", filter=Q(lifecycle_stage=stage))
    return aggregates


def _empty_summary() -> PortfolioSummary:
    return PortfolioSummary(
        total=0,
        by_tier={**{tier: 0 for tier in RiskTier.values}, UNCLASSIFIED: 0},
        by_stage={stage: 0 for stage in LifecycleStage.values},
        unclassified_count=0,
        unclassified=[],
        eu_personal_data_count=0,
        legal_effect_count=0,
        reclassification_count=0,
        reclassification=[],
    )


def system_id_next_free() -> str:
    """The system ID after the highest SYS-number in use, whoever can see it (IDs are
    unique across the registry). One query."""
    numbered = AISystem.objects.filter(system_id__regex=r"^SYS-[0-9]+$")
    number = Cast(Substr("system_id", 5), IntegerField())
    return rules.next_system_id(numbered.aggregate(highest=Max(number))["highest"])
