"""The loop (DOMAIN.md 9, issue 20 section 1): what a red-team result changes elsewhere.

Every category with successful attacks creates or updates a risk register entry (its
category mapped from the attack category, linked to the exercise's systems, likelihood
from the ASR band, impact from the highest tier, owner the system's owning team, due
for review today so the next quarterly session's agenda holds it) and flags the model
cards of each system for a new version, the findings in the reason (which the card's
next version's safety section takes up).

Who acts: recording results needs assurance.exercise.manage (the AI safety lead, the
CISO, the security lead, a system's own team); adding to the register needs the
board's governance.risk.create. The register entry is the portal's own consequence of
a result its actor was allowed to record, so the loop writes through governance's
risk_record/risk_revise (no permission of their own) as one actor, an Outsider
labelled with the exercise and the person who recorded it: the trail shows both.
Runs inside results_record's transaction.
"""

from __future__ import annotations

from django.utils import timezone

from assurance.models import CategoryResult, Exercise, ThresholdSet
from assurance.rules import rates
from assurance.rules import thresholds as rules
from cards.services.flags import card_new_version_needed
from core.audit import Outsider, actor_label
from core.writes import row_update
from governance.choices import RiskStatus
from governance.models import Risk
from governance.services.risks import risk_record, risk_revise
from registry.models import LONG_TEXT

TIER_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3, "": 4}


def loop_actor(*, actor, exercise: Exercise) -> Outsider:
    """The portal acting on a result: named by the exercise and who recorded it."""
    who = actor_label(actor) or "a scheduled task"
    return Outsider(f"Red-team loop: {exercise.exercise_id} results recorded by {who}")


def highest_tier_system(systems: list):
    """The system whose tier says the most harm (unclassified counts after low)."""
    return min(systems, key=lambda s: (TIER_ORDER.get(s.risk_tier, 4), s.system_id))


def rate_text(name: str, value: rates.Rate) -> str:
    """'ASR 12.0% (95% CI 6.8%–20.2%)'."""
    return (
        f"{name} {rates.percent(value.value)} "
        f"(95% CI {rates.percent(value.low)}–{rates.percent(value.high)})"
    )


def finding_lines(result: CategoryResult, *, tier: str, limits: dict) -> list[str]:
    """What a result says against one tier's limits, one line per measured rate that
    matters: successful attacks always, a false refusal rate above its limit."""
    asr = rates.asr(result.successes, result.attempts)
    frr = rates.frr(result.refusals, result.benign_prompts)
    above = {f.rate: f for f in rules.findings(tier=tier, asr=asr, frr=frr, limits=limits)}
    tier_name = tier or "unclassified (judged as high)"
    lines = []
    for key, name, value in (("asr", "ASR", asr), ("frr", "FRR", frr)):
        finding = above.get(key)
        if finding is not None:
            lines.append(
                f"{result.category} {rate_text(name, value)} above the {tier_name} tier's "
                f"{rates.percent(finding.limit)}"
            )
        elif key == "asr" and result.successes > 0:
            lines.append(f"{result.category} {rate_text(name, value)} within the limit")
    return lines


def loop_run(*, actor, exercise: Exercise, results: list[CategoryResult]) -> None:
    """Put `results` into the register and onto the model cards (see the module)."""
    systems = sorted(exercise.systems.select_related("owner_team"), key=lambda s: s.system_id)
    if not systems:
        return
    thresholds = exercise.thresholds or ThresholdSet.objects.order_by("-version").first()
    limits = thresholds.limits if thresholds else rules.DEFAULT_LIMITS
    portal = loop_actor(actor=actor, exercise=exercise)
    for result in results:
        if result.successes > 0:
            _risk_for(portal=portal, exercise=exercise, result=result, systems=systems)
    for system in systems:
        lines = [
            line
            for result in results
            for line in finding_lines(result, tier=system.risk_tier, limits=limits)
        ]
        if lines:
            reason = f"Red team {exercise.exercise_id}: " + "; ".join(lines)
            card_new_version_needed(actor=portal, system=system, reason=reason)


def previous_risk(*, result: CategoryResult, systems: list) -> Risk | None:
    """The open risk a result of the same category on one of these systems linked."""
    earlier = (
        CategoryResult.objects.filter(
            category__iexact=result.category,
            exercise__systems__in=systems,
            risk__isnull=False,
            risk__status=RiskStatus.OPEN,
        )
        .select_related("risk")
        .order_by("-recorded_at", "-id")
        .first()
    )
    return earlier.risk if earlier else None


def _risk_for(*, portal, exercise: Exercise, result: CategoryResult, systems: list) -> None:
    asr = rates.asr(result.successes, result.attempts)
    top = highest_tier_system(systems)
    likelihood = rules.likelihood_from_asr(asr.value)
    impact = rules.impact_for_tier(top.risk_tier)
    line = (
        f"Red team {exercise.exercise_id} ({exercise.title}): {result.category} attacks "
        f"succeeded {result.successes} of {result.attempts} times, {rate_text('ASR', asr)}."
    )
    today = timezone.localdate()
    risk = result.risk if result.risk_id else previous_risk(result=result, systems=systems)
    if risk is None or risk.status != RiskStatus.OPEN:
        data = _new_risk(result, systems, top, line, today, likelihood, impact)
        risk = risk_record(actor=portal, data=data)
    else:
        data = _raised(risk, systems, line, today, likelihood, impact)
        risk_revise(actor=portal, risk=risk, data=data)
    if result.risk_id != risk.pk:
        row_update(
            actor=portal,
            obj=result,
            values={"risk": risk},
            action="red_team_result.risk_linked",
            audit_extra={"risk": risk.risk_id},
            touch=False,
        )


def _new_risk(result, systems, top, line, today, likelihood, impact) -> dict:
    ids = ", ".join(s.system_id for s in systems)
    return {
        "title": f"Red team: {result.category} attacks succeed on {ids}"[:200],
        "description": line,
        "category": rules.risk_category_for(result.category),
        "inherent_likelihood": likelihood,
        "inherent_impact": impact,
        "residual_likelihood": likelihood,
        "residual_impact": impact,
        "owner_team": top.owner_team,
        "next_review": today,
        "systems": systems,
        "regulatory_reference": "EU AI Act Art. 15; NIST AI RMF MEASURE 2.7",
    }


def _raised(risk: Risk, systems, line, today, likelihood, impact) -> dict:
    """An update only raises the ratings, never lowers them (a quieter exercise does
    not undo an earlier finding: the board does, on review)."""
    linked = {s.pk: s for s in risk.systems.all()}
    linked.update({s.pk: s for s in systems})
    description = risk.description if line in risk.description else f"{risk.description}\n{line}"
    return {
        "description": description[-LONG_TEXT:],
        "inherent_likelihood": max(risk.inherent_likelihood, likelihood),
        "inherent_impact": max(risk.inherent_impact, impact),
        "residual_likelihood": max(risk.residual_likelihood, likelihood),
        "residual_impact": max(risk.residual_impact, impact),
        "next_review": min(risk.next_review, today) if risk.next_review else today,
        "systems": list(linked.values()),
    }
