"""Publishing a new version of the scoring scheme (DOMAIN.md 2.1).

A version is never edited: each publication saves the next one. It re-tiers
nothing: the systems whose score or tier it would change are flagged for
re-classification (and listed beforehand by
`registry.selectors.classification.scheme_moves`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import audit_record
from core.permissions import require
from core.writes import row_create, row_lock
from registry import rules
from registry.models import AISystem, ControlDefinition, ScoringScheme
from registry.selectors.classification import scheme_moves
from registry.services.common import clean_except, reclassification_flag
from registry.vocabulary import tier_label


@dataclass(frozen=True)
class SchemePublication:
    scheme: ScoringScheme
    flagged: tuple[str, ...]  # system IDs flagged for re-classification


@transaction.atomic
def scoring_scheme_publish(
    *,
    actor,
    points: Mapping[str, Mapping[str, int]],
    thresholds: Mapping[str, int],
    tier_controls: Mapping[str, list[str]],
    note: str = "",
) -> SchemePublication:
    """Save the next version and flag the systems it would move; no tier changes."""
    require(actor, "registry.scheme.publish")
    # Publications queue up behind the version in force, so two cannot share a number.
    current = ScoringScheme.objects.select_for_update().order_by("-version").first()
    problems = rules.scheme_problems(
        points=points,
        thresholds=thresholds,
        tier_controls=tier_controls,
        known_controls=ControlDefinition.objects.values_list("key", flat=True),
    )
    if problems:
        raise ValidationError({field: [message] for field, message in problems.items()})
    version = current.version + 1 if current else 1
    candidate = rules.Scheme(
        version=version,
        points=points,
        thresholds=thresholds,
        tier_controls={t: tuple(keys) for t, keys in tier_controls.items()},
    )
    moves = scheme_moves(candidate)
    _flag(actor, version, moves)
    flagged = tuple(move.key[1] for move in moves)
    scheme = _save_version(actor, candidate, note, current, flagged)
    return SchemePublication(scheme, flagged)


def _save_version(
    actor, candidate: rules.Scheme, note: str, current: ScoringScheme | None, flagged
) -> ScoringScheme:
    low, high = rules.score_bounds(candidate.points)
    content = {
        "points": {d: dict(values) for d, values in candidate.points.items()},
        "thresholds": dict(candidate.thresholds),
        "tier_controls": {t: sorted(keys) for t, keys in candidate.tier_controls.items()},
    }
    return row_create(
        actor=actor,
        model=ScoringScheme,
        values={
            "version": candidate.version,
            **content,
            "min_score": low,
            "max_score": high,
            "note": (note or "").strip(),
            "created_by": actor,
        },
        action="scoring_scheme.published",
        audit_changes={
            "version": candidate.version,
            "previous_version": current.version if current else None,
            **content,
            "flagged_systems": list(flagged),
        },
        validate=clean_except("created_by"),
    )


def move_reason(version: int, move: rules.SchemeMove) -> str:
    """Why a system is flagged, in words that fit the system's 80-character reasons."""
    if move.tier != move.new_tier:
        return (
            f"scheme v{version} moves it to {tier_label(move.new_tier)} "
            f"(score {move.score} to {move.new_score})"
        )
    return f"scheme v{version} changes its score from {move.score} to {move.new_score}"


def _flag(actor, version: int, moves: list[rules.SchemeMove]) -> None:
    by_pk = {move.key[0]: move for move in moves}
    for system in AISystem.objects.filter(pk__in=by_pk).order_by("pk"):
        row_lock(system)  # in pk order, as every writer of several systems locks them
        reason = move_reason(version, by_pk[system.pk])
        was_flagged = reclassification_flag(actor=actor, system=system, reason=reason)
        audit_record(
            actor=actor,
            action="system.reclassification_flagged",
            obj=system,
            changes={
                "reclassification_needed": [was_flagged, True],
                "reclassification_reasons": [reason],
            },
        )
