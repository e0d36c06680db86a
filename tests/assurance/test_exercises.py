"""Exercise services: the next free RT-NNN, every change audited, the systems required,
and who may record or change an exercise (role x action)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assurance.models import Exercise
from assurance.services.exercises import exercise_create, exercise_update
from core.models import AuditEvent
from tests.assurance import exercise_of
from tests.factories import AISystemFactory, people_ops_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def system(personas):
    return people_ops_system(personas, risk_tier="high")


def test_exercises_take_the_next_free_id_and_their_creation_is_audited(personas, system):
    first = exercise_of(personas.safety, system)
    second = exercise_of(personas.ciso, system, title="Second")
    assert (first.exercise_id, second.exercise_id) == ("RT-001", "RT-002")
    event = AuditEvent.objects.get(action="exercise.created", object_id=str(first.pk))
    assert event.actor == personas.safety
    assert event.changes["systems"] == [None, ["SYS-001"]]
    assert event.changes["title"] == [None, "Quarterly jailbreak sweep"]


def test_a_change_of_fields_and_systems_is_one_audited_event(personas, system):
    exercise = exercise_of(personas.safety, system)
    other = AISystemFactory(system_id="SYS-002", owner_team=personas.people_ops)
    exercise_update(
        actor=personas.safety,
        exercise=exercise,
        data={"run_by": "Outside firm", "systems": [system, other]},
    )
    event = AuditEvent.objects.get(action="exercise.updated")
    assert event.changes == {
        "run_by": ["AI safety team", "Outside firm"],
        "systems": [["SYS-001"], ["SYS-001", "SYS-002"]],
    }
    exercise_update(actor=personas.safety, exercise=exercise, data={"run_by": "Outside firm"})
    assert AuditEvent.objects.filter(action="exercise.updated").count() == 1  # nothing changed


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"systems": []}, "systems"),
        ({"ended_on": date(2026, 10, 1)}, "ended_on"),
        ({"status": "completed"}, "ended_on"),
        ({"status": "finished"}, "status"),
        ({"methods": ["telepathy"]}, "methods"),
        ({"methods": []}, "methods"),
        ({"stack_tested": []}, "stack_tested"),
        ({"scope": ""}, "scope"),
        ({"exercise_id": "RT-999"}, "exercise_id"),
    ],
)
def test_a_bad_exercise_is_refused_naming_the_field(personas, system, data, field):
    with pytest.raises(ValidationError) as refused:
        exercise_of(personas.safety, system, **data)
    assert field in refused.value.message_dict
    assert not Exercise.objects.exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("safety", True),
        ("ciso", True),
        ("security", True),
        ("admin", True),
        ("owner", True),
        ("owner2", False),  # a product owner records exercises of their own systems only
        ("board", False),
        ("auditor", False),
        ("dpo", False),
        ("outsider", False),
    ],
)
def test_who_may_record_an_exercise(personas, system, who, allowed):
    if allowed:
        assert exercise_create(
            actor=getattr(personas, who),
            data={
                "title": "x",
                "scope": "y",
                "started_on": date(2026, 11, 2),
                "run_by": "z",
                "methods": ["human"],
                "stack_tested": ["guardrails"],
                "systems": [system],
            },
        )
    else:
        with pytest.raises(PermissionDenied):
            exercise_of(getattr(personas, who), system)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("safety", True), ("security", True), ("owner", True), ("owner2", False), ("board", False)],
)
def test_who_may_change_an_exercise(personas, system, who, allowed):
    exercise = exercise_of(personas.safety, system)

    def change():
        return exercise_update(
            actor=getattr(personas, who), exercise=exercise, data={"run_by": "Someone else"}
        )

    if allowed:
        assert change().run_by == "Someone else"
    else:
        with pytest.raises(PermissionDenied):
            change()
