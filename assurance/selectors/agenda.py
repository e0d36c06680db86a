"""Red-team findings on a review session's agenda (issue 20, DOMAIN.md 9: every
successful attack "appears on the board's next review-session agenda"): per agenda risk
that a red-team result created or updated, the exercise, the category, both rates, and
the model cards of the tested systems flagged for a new version.

Governance's session page shows this through core's panel slot
"governance.session_detail" and imports nothing of assurance. Four queries whatever the
length of the agenda: the results, their exercises' systems, the thresholds, the cards.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from assurance.models import CategoryResult, ThresholdSet
from assurance.selectors.trend import CategoryRates, category_rates, limits_of, strictest_tier
from cards.models import ModelCard
from registry.models import AISystem


@dataclass(frozen=True)
class AgendaFinding:
    risk: object  # governance.Risk
    exercise: object
    rates: CategoryRates
    systems: list
    flagged_cards: list  # ModelCard of those systems with new_version_needed_at set


def agenda_findings(risk_pks: list[int]) -> list[AgendaFinding]:
    """The red-team results linked to these risks, by risk ID then exercise, category."""
    if not risk_pks:
        return []
    results = list(
        CategoryResult.objects.filter(risk_id__in=risk_pks)
        .select_related("risk", "exercise__thresholds")
        .prefetch_related(
            Prefetch(
                "exercise__systems",
                queryset=AISystem.objects.order_by("system_id"),
            )
        )
        .order_by("risk__risk_id", "exercise__exercise_id", "category")
    )
    if not results:
        return []
    latest = ThresholdSet.objects.order_by("-version").first()
    system_pks = {s.pk for r in results for s in r.exercise.systems.all()}
    cards_by_system: dict[int, list] = {}
    flagged = (
        ModelCard.objects.filter(
            model__system_id__in=system_pks, new_version_needed_at__isnull=False
        )
        .select_related("model")
        .order_by("model__name", "model__key")
    )
    for card in flagged:
        cards_by_system.setdefault(card.model.system_id, []).append(card)
    return [_finding(result, latest, cards_by_system) for result in results]


def _finding(result, latest, cards_by_system) -> AgendaFinding:
    exercise = result.exercise
    systems = list(exercise.systems.all())
    read = category_rates(result, tier=strictest_tier(systems), limits=limits_of(exercise, latest))
    cards = [card for system in systems for card in cards_by_system.get(system.pk, [])]
    return AgendaFinding(
        risk=result.risk, exercise=exercise, rates=read, systems=systems, flagged_cards=cards
    )
