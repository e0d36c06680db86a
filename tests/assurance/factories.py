"""Red-team rows written directly, for the tests of what results become for readers
(report, trend, evidence, gate artifact, agenda): the services that record them are
tested in test_exercises/test_results/test_loop."""

from __future__ import annotations

from datetime import date

import factory

from assurance.choices import ExerciseStatus, ResultSource
from assurance.models import CategoryResult, Exercise
from tests.factories import UserFactory


class ExerciseFactory(factory.django.DjangoModelFactory):
    """A completed exercise (pass `systems=[...]`), judged by no threshold version
    unless given (then the newest applies)."""

    class Meta:
        model = Exercise
        skip_postgeneration_save = True

    exercise_id = factory.Sequence(lambda n: f"RT-{n + 100:03d}")
    title = "Quarterly jailbreak sweep"
    scope = "The production assistant with retrieval and guardrails."
    attacker_personas = "A job seeker gaming the screener; a competitor scraping it."
    assets = "Candidate records; the scoring prompt."
    methods = factory.LazyFunction(lambda: ["automated", "human"])
    stack_tested = factory.LazyFunction(lambda: ["retrieval", "guardrails"])
    started_on = date(2026, 11, 2)
    ended_on = date(2026, 11, 6)
    run_by = "AI safety team"
    status = ExerciseStatus.COMPLETED
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def systems(self, create, extracted, **_kwargs):
        if create and extracted:
            self.systems.set(extracted)


class CategoryResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CategoryResult

    exercise = factory.SubFactory(ExerciseFactory)
    category = "jailbreak"
    attempts = 40
    successes = 3
    benign_prompts = 200
    refusals = 10
    source = ResultSource.GARAK
    recorded_by = factory.LazyAttribute(lambda r: r.exercise.created_by)
