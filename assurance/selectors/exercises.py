"""Reads of red-team exercises: the list (assurance.lists), one exercise with its
results as people read them (each rate "x of n = p% (95% CI a%–b%)", the findings
against the thresholds version named), and the thresholds' history. Every member reads
every exercise (assurance.view), as every member reads every system."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from assurance.lists import EXERCISE_LIST
from assurance.models import CategoryResult, Exercise, ThresholdSet
from assurance.rules import rates
from assurance.rules import thresholds as rules
from core.lists import ListQuery
from core.permissions import can

TIER_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def exercises_visible_to(user):
    if not can(user, "assurance.view"):
        return Exercise.objects.none()
    return Exercise.objects.all()


def exercise_list_for(user, params=None, *, time_zone: str = "UTC") -> ListQuery:
    return EXERCISE_LIST.query(exercises_visible_to(user), params, time_zone=time_zone)


def exercise_get_for(user, *, exercise_id: str) -> Exercise:
    """One exercise with its systems and thresholds version (404 when unknown)."""
    exercise = (
        exercises_visible_to(user)
        .select_related("thresholds", "created_by")
        .prefetch_related("systems__owner_team")
        .filter(exercise_id=exercise_id.upper())
        .first()
    )
    if exercise is None:
        raise Http404("No such exercise.")
    return exercise


def rate_text(value: rates.Rate) -> str:
    """'3 of 40 = 7.5% (95% CI 2.6%–19.9%)', or 'not measured (0 sent)'."""
    if not value.measured:
        return "Not measured (none sent)"
    return (
        f"{value.hits} of {value.n} = {rates.percent(value.value)} "
        f"(95% CI {rates.percent(value.low)}–{rates.percent(value.high)})"
    )


@dataclass(frozen=True)
class ResultView:
    """One category's result as the page and the API show it."""

    result: CategoryResult
    asr: rates.Rate
    frr: rates.Rate
    findings: tuple[rules.Finding, ...]

    @property
    def asr_text(self) -> str:
        return rate_text(self.asr)

    @property
    def frr_text(self) -> str:
        return rate_text(self.frr)

    @property
    def finding_texts(self) -> list[str]:
        names = {"asr": "ASR", "frr": "FRR"}
        return [
            f"{names[f.rate]} {rates.percent(f.value)} above {rates.percent(f.limit)}"
            for f in self.findings
        ]

    @property
    def trade_off(self) -> bool:
        """Refusing this much legitimate traffic is no success, whatever the ASR."""
        return self.frr.value is not None and self.frr.value >= rules.FRR_TRADE_OFF_WARNING


def judged_tier(exercise: Exercise) -> str:
    """The tier an exercise's results are judged by: its strictest system's
    (an unclassified system counts as high, as rules.findings does)."""
    tiers = [s.risk_tier or "high" for s in exercise.systems.all()]
    return min(tiers, key=lambda t: TIER_ORDER.get(t, 1)) if tiers else "high"


def exercise_results(exercise: Exercise) -> list[ResultView]:
    """The exercise's results in category order, with rates and findings (one query,
    the risks with them; the thresholds are the version the exercise was judged by)."""
    limits = exercise.thresholds.limits if exercise.thresholds else rules.DEFAULT_LIMITS
    tier = judged_tier(exercise)
    views = []
    for result in exercise.results.select_related("risk").order_by("category"):
        asr = rates.asr(result.successes, result.attempts)
        frr = rates.frr(result.refusals, result.benign_prompts)
        found = rules.findings(tier=tier, asr=asr, frr=frr, limits=limits)
        views.append(ResultView(result=result, asr=asr, frr=frr, findings=tuple(found)))
    return views


def thresholds_history() -> list[ThresholdSet]:
    """Every version, newest first, with who set it."""
    return list(ThresholdSet.objects.select_related("created_by").order_by("-version"))


def thresholds_current() -> ThresholdSet | None:
    return ThresholdSet.objects.order_by("-version").first()
