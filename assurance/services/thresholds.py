"""Writes of the red-team thresholds: administrators set a new version (DOMAIN.md 9,
issue 20). Versions are never edited: an exercise names the version it was judged by,
so its findings stay explained after the thresholds change."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from assurance.models import ThresholdSet
from assurance.rules.thresholds import TIERS, limits_problems
from core.permissions import require
from core.writes import row_create


@transaction.atomic
def thresholds_set(*, actor, limits: dict, note: str = "") -> ThresholdSet:
    """Record `limits` ({tier: {asr_max, frr_max}}, rates 0-1) as the next version.
    Refused (by "tier.key" field) when a rate is missing or out of range."""
    require(actor, "assurance.thresholds.edit")
    problems = limits_problems(limits)
    if problems:
        raise ValidationError({field: [problem] for field, problem in problems.items()})
    clean = {
        tier: {key: float(limits[tier][key]) for key in ("asr_max", "frr_max")} for tier in TIERS
    }
    latest = ThresholdSet.objects.aggregate(n=Max("version"))["n"] or 0
    try:
        with transaction.atomic():
            return row_create(
                actor=actor,
                model=ThresholdSet,
                values={
                    "version": latest + 1,
                    "limits": clean,
                    "note": (note or "").strip(),
                    "created_by": actor,
                    "created_at": timezone.now(),
                },
                action="red_team_thresholds.created",
            )
    except IntegrityError:  # another administrator saved a version at the same moment
        raise ValidationError(
            {"note": ["Another version was saved at the same moment; look and save again."]}
        ) from None
