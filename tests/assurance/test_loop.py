"""The loop (DOMAIN.md 9, issue 20): successful attacks become a register entry linked
to the system and the result, the model card is flagged with the findings, and the next
quarterly session's agenda holds the risk."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from assurance.models import CategoryResult
from assurance.rules.results import ResultRow
from assurance.services.results import results_record
from cards.models import ModelCard
from core.models import AuditEvent
from governance.models import Risk
from governance.services.sessions import quarterly_agenda
from tests.assurance import exercise_of
from tests.cards.factories import AIModelFactory, ModelCardFactory
from tests.factories import people_ops_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def system(personas):
    system = people_ops_system(personas, risk_tier="high")
    ModelCardFactory(model=AIModelFactory(system=system, name="Screener LLM"))
    return system


def record(personas, exercise, *rows):
    return results_record(actor=personas.safety, exercise=exercise, rows=list(rows), source="garak")


def test_successful_jailbreaks_enter_the_register_flag_the_card_and_reach_the_agenda(
    personas, system
):
    exercise = exercise_of(personas.safety, system)
    record(personas, exercise, ResultRow("jailbreak", 100, 12, 0, 0))

    result = CategoryResult.objects.get(exercise=exercise)
    risk = Risk.objects.get()
    assert result.risk == risk
    assert list(risk.systems.all()) == [system]
    assert risk.category == "security"
    # 12% is in the 5%-20% band: likelihood 3; a high-tier system: impact 4.
    assert (risk.inherent_likelihood, risk.inherent_impact) == (3, 4)
    assert (risk.residual_likelihood, risk.residual_impact) == (3, 4)
    assert risk.owner_team == personas.people_ops
    assert exercise.exercise_id in risk.description
    assert "ASR 12.0% (95% CI 7.0%–19.8%)" in risk.description
    assert risk in quarterly_agenda(timezone.localdate() + timedelta(days=1))

    card = ModelCard.objects.get()
    assert card.new_version_needed_at is not None
    assert (
        f"Red team {exercise.exercise_id}: jailbreak ASR 12.0% (95% CI 7.0%–19.8%) "
        "above the high tier's 5.0%" in card.new_version_needed_reason
    )
    # The register entry is the portal's own, named with the exercise and the person.
    created = AuditEvent.objects.get(action="risk.created")
    assert created.actor is None
    assert created.actor_label == (
        f"Red-team loop: {exercise.exercise_id} results recorded by safety@example.com"
    )


def test_no_successes_no_risk_but_a_false_refusal_finding_flags_the_card(personas, system):
    exercise = exercise_of(personas.safety, system)
    record(personas, exercise, ResultRow("jailbreak", 100, 0, 100, 30))
    assert not Risk.objects.exists()
    reason = ModelCard.objects.get().new_version_needed_reason
    assert "jailbreak FRR 30.0%" in reason
    assert "above the high tier's 10.0%" in reason


def test_a_later_exercise_updates_the_same_risk_and_never_lowers_it(personas, system):
    first = exercise_of(personas.safety, system)
    record(personas, first, ResultRow("jailbreak", 10, 6, 0, 0))  # 60%: likelihood 5
    second = exercise_of(personas.safety, system, title="The next quarter")
    record(personas, second, ResultRow("jailbreak", 100, 2, 0, 0))  # 2%: likelihood 2

    risk = Risk.objects.get()
    assert CategoryResult.objects.filter(risk=risk).count() == 2
    assert risk.inherent_likelihood == 5
    assert first.exercise_id in risk.description and second.exercise_id in risk.description


def test_a_different_category_is_a_different_risk(personas, system):
    exercise = exercise_of(personas.safety, system)
    record(
        personas,
        exercise,
        ResultRow("jailbreak", 10, 1, 0, 0),
        ResultRow("pii leakage", 10, 1, 0, 0),
    )
    assert sorted(Risk.objects.values_list("category", flat=True)) == ["privacy", "security"]


def test_a_reimport_keeps_its_risk(personas, system):
    exercise = exercise_of(personas.safety, system)
    record(personas, exercise, ResultRow("jailbreak", 10, 1, 0, 0))
    record(personas, exercise, ResultRow("jailbreak", 10, 3, 0, 0))
    assert Risk.objects.count() == 1
    assert Risk.objects.get().inherent_likelihood == 4  # 30%
