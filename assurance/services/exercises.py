"""Writes of red-team exercises: create and edit (DOMAIN.md 9, issue 20). Completing an
exercise meets its systems' quarterly red-team deadline and opens the next
(assurance.services.red_team_clock)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from assurance.choices import ExerciseStatus
from assurance.models import Exercise
from core.audit import audit_record, diff_fields
from core.permissions import require
from core.writes import row_create, row_lock, row_update

ACTION_LABELS = {
    "exercise.created": "Recorded a red-team exercise",
    "exercise.updated": "Edited a red-team exercise",
}
EXERCISE_FIELDS = (
    "title",
    "scope",
    "attacker_personas",
    "assets",
    "methods",
    "stack_tested",
    "started_on",
    "ended_on",
    "run_by",
    "status",
)
NO_SYSTEMS = "Choose the system or systems the exercise tested."


def exercise_id_next_free() -> str:
    """The ID after the highest RT-NNN in use (RT-001 for none)."""
    highest = Exercise.objects.aggregate(
        n=Max(Cast(Substr("exercise_id", 4), output_field=IntegerField()))
    )["n"]
    return f"RT-{(highest or 0) + 1:03d}"


def _refuse_unknown(data: dict[str, Any]) -> None:
    unknown = sorted(set(data) - {*EXERCISE_FIELDS, "systems"})
    if unknown:
        raise ValidationError({k: ["This field cannot be set here."] for k in unknown})


def _problems(values: dict[str, Any], systems) -> dict[str, str]:
    problems = {}
    if systems is not None and not list(systems):
        problems["systems"] = NO_SYSTEMS
    if "methods" in values and not values["methods"]:
        problems["methods"] = "Choose how the exercise attacked: automated, human or bug bounty."
    if "stack_tested" in values and not values["stack_tested"]:
        problems["stack_tested"] = (
            "Choose the parts of the production stack tested (not the base model alone)."
        )
    started, ended = values.get("started_on"), values.get("ended_on")
    if started and ended and ended < started:
        problems["ended_on"] = "The exercise cannot end before it starts."
    if values.get("status") == ExerciseStatus.COMPLETED and not ended:
        problems["ended_on"] = "Give the day a completed exercise ended."
    return problems


def _systems_snapshot(systems) -> list[str]:
    return sorted(s.system_id for s in systems)


@transaction.atomic
def exercise_create(*, actor, data: dict[str, Any]) -> Exercise:
    """Record an exercise with the next free RT-NNN; its systems are required."""
    require(actor, "assurance.exercise.create")
    _refuse_unknown(data)
    data = dict(data)
    systems = list(data.pop("systems", None) or [])
    data.setdefault("methods", [])
    data.setdefault("stack_tested", [])
    refused = _problems(data, systems)
    try:
        with transaction.atomic():
            exercise = row_create(
                actor=actor,
                model=Exercise,
                values={
                    **data,
                    "exercise_id": exercise_id_next_free(),
                    "created_by": actor,
                    "created_at": timezone.now(),
                    "updated_at": timezone.now(),
                },
                action=None,
                refused=refused,
            )
    except IntegrityError:  # two at once took the same ID: the person tries again
        again = "Another exercise was saved at the same moment; save again."
        raise ValidationError({"title": [again]}) from None
    exercise.systems.set(systems)
    # Whoever records it must be allowed to change it: a product owner records exercises
    # of their own team's systems only.
    require(actor, "assurance.exercise.manage", exercise)
    audit_record(
        actor=actor,
        action="exercise.created",
        obj=exercise,
        changes={
            **diff_fields({}, data),
            "systems": [None, _systems_snapshot(systems)],
        },
    )
    if exercise.status == ExerciseStatus.COMPLETED:
        _completed(actor=actor, exercise=exercise)
    return exercise


@transaction.atomic
def exercise_update(*, actor, exercise: Exercise, data: dict[str, Any]) -> Exercise:
    """Change an exercise's fields and systems (its ID is fixed)."""
    row_lock(exercise)
    require(actor, "assurance.exercise.manage", exercise)
    _refuse_unknown(data)
    data = dict(data)
    was_completed = exercise.status == ExerciseStatus.COMPLETED
    new_systems = data.pop("systems", None)
    current = list(exercise.systems.all())
    merged = {f: data.get(f, getattr(exercise, f)) for f in ("started_on", "ended_on", "status")}
    change = row_update(
        actor=actor,
        obj=exercise,
        values=data,
        action=None,
        refused=_problems(merged, new_systems),
    )
    links = {}
    if new_systems is not None:
        links = diff_fields(
            {"systems": _systems_snapshot(current)},
            {"systems": _systems_snapshot(new_systems)},
        )
        if links:
            exercise.systems.set(list(new_systems))
    if change.changed or links:
        changes = {**change.changes, **links}
        audit_record(actor=actor, action="exercise.updated", obj=exercise, changes=changes)
    completed = exercise.status == ExerciseStatus.COMPLETED
    if completed and (not was_completed or links or change.changed):
        _completed(actor=actor, exercise=exercise)
    return exercise


def _completed(*, actor, exercise: Exercise) -> None:
    from assurance.services.red_team_clock import red_team_clock_after_exercise

    red_team_clock_after_exercise(actor=actor, exercise=exercise)
