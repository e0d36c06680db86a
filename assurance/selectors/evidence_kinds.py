"""What assurance offers as evidence for a framework's requirement (core.evidence_kinds,
registered by assurance.contributions): `red_team_report`, a system's latest completed
red-team exercise with results, its report the PDF (NIST AI RMF MEASURE 2.5 and 2.7, EU
AI Act Art. 15).

The finder answers for every system asked at once in three queries. An exercise
completed before the latest is returned too, `current=False`, "superseded by RT-004":
an acceptance of it goes back to review when a newer exercise is completed. The
fingerprint is the SHA-256 of the results' canonical JSON, so a result corrected after
an acceptance sends it back to review as well.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from assurance.selectors.artifacts import results_sha256
from assurance.selectors.trend import exercises_with_results
from core.dates import day_text
from core.evidence_kinds import Found, FoundEvidence

KEY = "red_team_report"


def red_team_produce_url(system_id: str) -> str:
    """The system's red-team page: its exercises, their trend and reports."""
    return reverse("assurance:system_red_team", args=[system_id])


def red_team_reports_found(system_pks: list[int], _details: set[str], _today: date) -> Found:
    """Per system, its completed exercises with results, newest first; only the newest
    counts (three queries whatever the number of systems)."""
    asked = set(system_pks)
    newest: dict[int, str] = {}  # system pk -> the exercise ID that counts
    found: Found = {}
    for exercise in reversed(list(exercises_with_results(system_pks, completed_only=True))):
        fingerprint = results_sha256(exercise, exercise.results.all())
        for system in exercise.systems.all():
            if system.pk not in asked:
                continue
            newer = newest.setdefault(system.pk, exercise.exercise_id)
            superseded_by = "" if newer == exercise.exercise_id else newer
            found.setdefault((system.pk, ""), []).append(
                _item(exercise, fingerprint, superseded_by=superseded_by)
            )
    return found


def _item(exercise, fingerprint: str, *, superseded_by: str) -> FoundEvidence:
    when = exercise.ended_on or exercise.started_on
    return FoundEvidence(
        record_type="assurance.exercise",
        record_id=str(exercise.pk),
        label=f"Red-team exercise {exercise.exercise_id}: {exercise.title}, "
        f"completed {day_text(when)}",
        fingerprint=fingerprint,
        url=reverse("assurance:exercise_report_pdf", args=[exercise.exercise_id]),
        current=not superseded_by,
        why_not_current=f"superseded by {superseded_by}" if superseded_by else "",
    )
