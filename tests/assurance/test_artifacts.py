"""A completed red-team exercise answers the pre-deployment gate's "Red team report"
(core.gate_artifact_sources, issue 20): the owner links one of the system's completed
exercises with results, kept with the SHA-256 of its results' canonical JSON; a running
exercise, another system's or one for another artifact is refused by name."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from assurance.choices import ExerciseStatus
from assurance.selectors.artifacts import linkable_exercises, results_json, results_sha256
from registry import services
from tests.assurance.factories import CategoryResultFactory, ExerciseFactory
from tests.factories import AISystemFactory, gate_request_submitted, hiring_screener_in_development

pytestmark = pytest.mark.django_db


@pytest.fixture
def system(personas):
    return hiring_screener_in_development(personas)


@pytest.fixture
def request_(personas, system):
    gate = "pre-deployment-security-review"
    return gate_request_submitted(personas.owner, system, gate_slug=gate)


def link(personas, request_, exercise, requirement="red-team-report"):
    return services.gate_artifact_add(
        actor=personas.owner,
        request=request_,
        requirement=requirement,
        record_type="red_team_exercise",
        record_id=exercise.pk,
    )


def test_the_canonical_json_is_sorted_compact_and_names_the_threshold_version(system):
    exercise = ExerciseFactory(exercise_id="RT-003", systems=[system])
    CategoryResultFactory(exercise=exercise, category="prompt injection", attempts=10, successes=1)
    CategoryResultFactory(exercise=exercise, category="jailbreak")
    text = results_json(exercise, exercise.results.all())
    assert text.startswith('{"exercise":"RT-003","results":[{"attempts":40,')
    assert text.index('"jailbreak"') < text.index('"prompt injection"')
    assert text.endswith('"thresholds_version":null}')


def test_a_completed_exercise_is_linked_with_its_results_hash(personas, system, request_):
    exercise = ExerciseFactory(exercise_id="RT-004", systems=[system])
    CategoryResultFactory(exercise=exercise)
    [offered] = linkable_exercises(system)
    assert offered.record_id == exercise.pk

    artifact = link(personas, request_, exercise)

    assert artifact.record_type == "red_team_exercise" and artifact.record_id == exercise.pk
    assert artifact.sha256 == results_sha256(exercise, exercise.results.all())
    assert artifact.label.startswith("Red-team exercise RT-004: Quarterly jailbreak sweep")


def test_a_running_exercise_or_another_systems_is_refused(personas, system, request_):
    running = ExerciseFactory(systems=[system], status=ExerciseStatus.RUNNING, ended_on=None)
    CategoryResultFactory(exercise=running)
    others = ExerciseFactory(systems=[AISystemFactory()])
    CategoryResultFactory(exercise=others)
    assert linkable_exercises(system) == []
    for exercise in (running, others):
        with pytest.raises(ValidationError) as refused:
            link(personas, request_, exercise)
        assert "completed red-team exercise" in str(refused.value.message_dict["record_id"])


def test_an_exercise_answers_no_other_artifact(personas, system, request_):
    exercise = ExerciseFactory(systems=[system])
    CategoryResultFactory(exercise=exercise)
    with pytest.raises(ValidationError) as refused:
        link(personas, request_, exercise, requirement="security-assessment-report")
    assert "red-team exercise does not answer" in str(refused.value.message_dict["record_type"])
