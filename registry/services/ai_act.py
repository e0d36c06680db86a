"""The EU AI Act four-question screening and the category decided on it (DOMAIN.md 2.2)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import audit_record
from core.category_listeners import ai_act_category_changed
from core.permissions import can, require
from core.writes import row_create, row_lock, row_update
from registry import rules
from registry.choices import AIActCategory, AnnexIIIArea
from registry.models import AIActScreening, AISystem
from registry.services.common import clean_except
from registry.vocabulary import AI_ACT_ANSWER_KEYS


@transaction.atomic
def ai_act_screening_record(
    *,
    actor,
    system: AISystem,
    answers: dict[str, bool],
    category: str,
    annex_area: str = "",
    rationale: str = "",
) -> AIActScreening:
    """Record the four-question screening and the AI Act category decided on it."""
    # The permission, the category being lowered and the audit's "before" are all
    # judged on what is stored now.
    row_lock(system)
    require(actor, "registry.ai_act.screen", system)
    annex_area, rationale = annex_area or "", (rationale or "").strip()
    _validate_screening_input(answers, category, annex_area)
    presumed = rules.ai_act_presumed_high_risk(answers[k] for k in AI_ACT_ANSWER_KEYS)
    _refuse_decision_problems(
        actor, system, answers, category=category, annex_area=annex_area, rationale=rationale
    )
    answered = {k: answers[k] for k in AI_ACT_ANSWER_KEYS}
    screening = row_create(
        actor=actor,
        model=AIActScreening,
        values={
            "system": system,
            "presumed_high_risk": presumed,
            "category": category,
            "annex_area": annex_area,
            "rationale": rationale,
            "decided_by": actor,
            **answered,
        },
        action=None,  # one event below, for the screening and the category it set
        validate=clean_except("system", "decided_by"),
    )
    before = system.ai_act_category
    changes = row_update(
        actor=actor,
        obj=system,
        values={"ai_act_category": category, "ai_act_annex_area": annex_area},
        action=None,
    ).changes
    changes.update(screening_id=screening.pk, answers=answered, presumed_high_risk=presumed)
    audit_record(actor=actor, action="system.ai_act_screened", obj=system, changes=changes)
    # Higher apps follow the category (incidents: Art. 73 clocks), in this transaction.
    ai_act_category_changed(actor=actor, system=system, before=before, after=category)
    return screening


def _refuse_decision_problems(
    actor, system: AISystem, answers: dict, *, category: str, annex_area: str, rationale: str
) -> None:
    """The rules of DOMAIN.md 2.2 on the decision (rules.ai_act_decision_problems)."""
    problems = rules.ai_act_decision_problems(
        presumed_high_risk=rules.ai_act_presumed_high_risk(answers[k] for k in AI_ACT_ANSWER_KEYS),
        category=category,
        annex_area=annex_area,
        decided_by_legal=can(actor, "registry.ai_act.override_presumption", system),
        rationale=rationale,
        current_category=system.ai_act_category,
        legal_effect_recorded=system.legal_effect_decisions,
        answered_legal_effect=answers["legal_effect"],
    )
    if problems:
        raise ValidationError({field: [message] for field, message in problems.items()})


def _validate_screening_input(answers: dict[str, bool], category: str, annex_area: str) -> None:
    errors: dict[str, list[str]] = {}
    for key in AI_ACT_ANSWER_KEYS:
        if not isinstance(answers.get(key), bool):
            errors[key] = ["Answer this question with yes or no."]
    for key in sorted(set(answers) - set(AI_ACT_ANSWER_KEYS)):
        errors[key] = ["This is not a screening question."]
    if category not in AIActCategory.values or category == AIActCategory.UNASSESSED:
        errors["category"] = ["Choose prohibited, high-risk, limited or minimal risk."]
    if annex_area and annex_area not in AnnexIIIArea.values:
        errors["annex_area"] = [f"'{annex_area}' is not an Annex III area."]
    if errors:
        raise ValidationError(errors)
