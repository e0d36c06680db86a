"""A completed red-team exercise as the pre-deployment gate's "Red team report" (core
gate artifact sources; the registry imports nothing of assurance), and the canonical
JSON of an exercise's results that the artifact, the evidence kind and the report cite.

The SHA-256 is that of the canonical JSON of the exercise's results (its ID, the
threshold version that judged it, and per category the four counts and their source):
a result recorded or corrected afterwards changes it, so the approvals bound to the old
one go back to review, as a changed file's do.
"""

from __future__ import annotations

from cards.rules.canonical import canonical_json, content_hash
from core.gate_artifact_sources import ArtifactRecord, ArtifactSource, register_artifact_source

RECORD_TYPE = "red_team_exercise"
# The gate artifact keys (registry/data/gates.yaml) a completed exercise answers.
RED_TEAM_REQUIREMENTS = frozenset({"red-team-report"})
REFUSAL = "Link a completed red-team exercise of this system that has results."


def results_content(exercise, results) -> dict:
    """What the exercise's results say, as plain data (results fetched by the caller)."""
    return {
        "exercise": exercise.exercise_id,
        "thresholds_version": exercise.thresholds.version if exercise.thresholds_id else None,
        "results": [
            {
                "category": r.category,
                "attempts": r.attempts,
                "successes": r.successes,
                "benign_prompts": r.benign_prompts,
                "refusals": r.refusals,
                "source": r.source,
            }
            for r in sorted(results, key=lambda r: r.category)
        ],
    }


def results_json(exercise, results) -> str:
    return canonical_json(results_content(exercise, results))


def results_sha256(exercise, results) -> str:
    return content_hash(results_content(exercise, results))


def _completed(system):
    from assurance.selectors.trend import exercises_with_results

    return exercises_with_results([system.pk], completed_only=True)


def _as_artifact(exercise) -> ArtifactRecord:
    results = list(exercise.results.all())
    ended = f", ended {exercise.ended_on:%Y-%m-%d}" if exercise.ended_on else ""
    noun = "category" if len(results) == 1 else "categories"
    return ArtifactRecord(
        record_id=exercise.pk,
        label=f"Red-team exercise {exercise.exercise_id}: {exercise.title}{ended} "
        f"({len(results)} {noun})",
        sha256=results_sha256(exercise, results),
    )


def linkable_exercises(system) -> list[ArtifactRecord]:
    """The system's completed exercises with results, newest first (three queries)."""
    return [_as_artifact(exercise) for exercise in reversed(list(_completed(system)))]


def resolve_exercise(system, record_id: int) -> ArtifactRecord | None:
    """The completed exercise `record_id` of the system, with results, else None."""
    exercise = _completed(system).filter(pk=record_id).first()
    return _as_artifact(exercise) if exercise is not None else None


SOURCE = ArtifactSource(
    record_type=RECORD_TYPE,
    label="Red-team exercise",
    requirements=RED_TEAM_REQUIREMENTS,
    linkable=linkable_exercises,
    resolve=resolve_exercise,
    refusal=REFUSAL,
)


def gate_source_register() -> None:
    """Called once from assurance's contributions_register (AssuranceConfig.ready)."""
    register_artifact_source(SOURCE)
