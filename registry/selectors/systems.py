"""Every read of the AI systems that a page or an endpoint needs.

Each one costs a fixed number of queries, however many systems there are.

The list (registry/lists/systems.py declares it, lists/system_filters.py its parameters):
  system_list_for(user, params)       a core.lists.ListQuery: `.errors` (by parameter),
                                       `.queryset` (filtered, for counts), `.rows(where)`
                                       (ordered selected values) and `.page(where)`. The
                                       page, the API, the export and the portfolio use it.
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
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import Cast, Substr
from django.http import Http404, QueryDict

from core.lists import ListQuery
from core.permissions import can
from core.selectors import visible_or_404
from registry import rules
from registry.choices import LifecycleStage, RiskTier
from registry.lists.system_filters import UNCLASSIFIED
from registry.lists.systems import CONTROL_COUNTS, SYSTEM_LIST
from registry.models import (
    AIActScreening,
    AISystem,
    Classification,
    ControlEvidence,
    SystemControl,
)

ATTENTION_LIST_LIMIT = 50  # rows shown on the dashboard; the counts are always complete

Params = dict | QueryDict | None


def _systems_visible_to(user) -> QuerySet[AISystem]:
    """Who sees which systems, decided here only."""
    if not can(user, "registry.system.view"):
        return AISystem.objects.none()
    return AISystem.objects.all()


def systems_visible_to(user) -> QuerySet[AISystem]:
    """The systems the user may see, with team and control counts in one query."""
    return _systems_visible_to(user).select_related("owner_team").annotate(**CONTROL_COUNTS)


def system_list_for(user, params: Params = None) -> ListQuery:
    """The AI system list over the systems the user may see, as `params` filter and sort
    it (see registry/lists/system_filters.py and core.lists): the only way into the list
    for its page, its API, its export and the portfolio's counts. Invalid parameters give
    `.errors` and no rows, never a list wider than asked."""
    return SYSTEM_LIST.query(_systems_visible_to(user), params)


def system_get_for(user, *, system_id: str) -> AISystem:
    """One visible system; Http404 when it does not exist or the user may not see it."""
    rows = systems_visible_to(user).select_related("incident_contact_user", "incident_contact_team")
    return visible_or_404(rows, "No such AI system.", system_id=system_id)


@dataclass(frozen=True)
class SystemDetail:
    system: AISystem
    current_classification: Classification | None  # the effective one, with its scheme
    controls: list[SystemControl]  # active ones first (by name), then retired ones
    ai_act_screenings: list[AIActScreening]  # newest first, with decided_by

    @property
    def active_controls(self) -> list[SystemControl]:
        return [c for c in self.controls if c.retired_at is None]

    @property
    def retired_controls(self) -> list[SystemControl]:
        return [c for c in self.controls if c.retired_at is not None]


def system_detail_for(user, *, system_id: str) -> SystemDetail:
    """A system with its effective classification, controls (each with its attached
    evidence files in `attached_evidence`) and AI Act screenings.

    The classification history is paged separately
    (`selectors.classification.classification_history_for`): one system had 175.
    """
    attached = ControlEvidence.objects.filter(removed_at__isnull=True).select_related(
        "evidence__uploaded_by"
    )
    controls = (
        SystemControl.objects.select_related("control")
        .prefetch_related(Prefetch("evidence", queryset=attached, to_attr="attached_evidence"))
        .order_by(F("retired_at").asc(nulls_first=True), "control__name")
    )
    system = (
        systems_visible_to(user)
        .prefetch_related(
            Prefetch(
                "classifications",
                queryset=Classification.objects.filter(status="effective").select_related(
                    "classified_by", "reviewer", "scheme"
                ),
                to_attr="effective_classifications",
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
        current_classification=next(iter(system.effective_classifications), None),
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
    visible = system_list_for(user).queryset
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


def control_get_for(user, *, system_id: str, control_key: str) -> SystemControl:
    """One active required control of a visible system, by the library's key (with its
    definition and system loaded); Http404 when either is missing or not visible."""
    control = (
        SystemControl.objects.select_related("control", "system")
        .filter(
            system__in=_systems_visible_to(user),
            system__system_id=system_id,
            control__key=control_key,
            retired_at__isnull=True,
        )
        .first()
    )
    if control is None:
        raise Http404("No such control on this system.")
    return control
