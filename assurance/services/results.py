"""Writes of red-team results: a batch of category rows, typed by a person or read from
a tool's file (assurance.exchange), recorded on an exercise (DOMAIN.md 9, issue 20).

One CategoryResult per (exercise, category): a re-import or a correction replaces the
counts (each change audited). The exercise is then judged by the current thresholds
version, and the loop (assurance.services.loop) puts successful attacks into the
register and onto the model cards, in the same transaction.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assurance.choices import ResultSource
from assurance.models import CategoryResult, Exercise, ThresholdSet
from assurance.rules.results import ResultRow, rows_problems
from assurance.services.loop import loop_run
from core.permissions import require
from core.writes import row_create, row_lock, row_update

__all__ = ["ResultRow", "current_thresholds", "results_record"]

ACTION_LABELS = {
    "red_team_result.recorded": "Recorded a red-team result (an attack category)",
    "red_team_result.updated": "Replaced a red-team result's counts",
    "red_team_result.risk_linked": "Linked a red-team result to its risk register entry",
    "exercise.thresholds_set": "Judged a red-team exercise by a thresholds version",
}


def current_thresholds() -> ThresholdSet | None:
    """The thresholds version in force: the highest."""
    return ThresholdSet.objects.order_by("-version").first()


@transaction.atomic
def results_record(
    *, actor, exercise: Exercise, rows: list[ResultRow], source: str
) -> list[CategoryResult]:
    """Record `rows` on `exercise` (one result per category, replacing earlier counts),
    judge it by the current thresholds and run the loop. Raises ValidationError naming
    `rows[i].field` (or `source`) and the problem; nothing is saved then."""
    row_lock(exercise)
    require(actor, "assurance.exercise.manage", exercise)
    rows = list(rows)
    problems = rows_problems(rows)
    if source not in ResultSource.values:
        problems["source"] = "Choose where the results come from: " + ", ".join(ResultSource.values)
    if problems:
        raise ValidationError({field: [problem] for field, problem in problems.items()})
    stored = {r.category.lower(): r for r in exercise.results.select_for_update().order_by("id")}
    results = [
        _upsert(actor=actor, exercise=exercise, row=row, source=source, stored=stored)
        for row in rows
    ]
    thresholds = current_thresholds()
    if thresholds is not None and exercise.thresholds_id != thresholds.pk:
        row_update(
            actor=actor,
            obj=exercise,
            values={"thresholds": thresholds},
            action="exercise.thresholds_set",
            audit_extra={"version": thresholds.version},
            touch=False,
        )
    loop_run(actor=actor, exercise=exercise, results=results)
    return results


def _upsert(*, actor, exercise, row: ResultRow, source: str, stored: dict) -> CategoryResult:
    counts = {
        "attempts": row.attempts,
        "successes": row.successes,
        "benign_prompts": row.benign_prompts,
        "refusals": row.refusals,
        "source": source,
        "notes": (row.notes or "").strip(),
    }
    category = row.category.strip()
    existing = stored.get(category.lower())
    if existing is None:
        return row_create(
            actor=actor,
            model=CategoryResult,
            values={
                "exercise": exercise,
                "category": category,
                **counts,
                "recorded_by": actor,
                "recorded_at": timezone.now(),
            },
            action="red_team_result.recorded",
        )
    row_update(
        actor=actor,
        obj=existing,
        values=counts,
        also={"recorded_by": actor, "recorded_at": timezone.now()},
        action="red_team_result.updated",
        audit_extra={"category": existing.category},
    )
    return existing
