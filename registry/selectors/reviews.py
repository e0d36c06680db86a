"""Reads of system reviews: the cadence in force and a system's recorded reviews."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from core.lists import page_of
from core.models import Deadline
from registry import rules
from registry.models import AISystem, ReviewCadence, SystemReview

SYSTEM_REVIEW_KIND = "registry.system_review"  # the board's page queries this kind
PROPOSAL_WAIT_KIND = "registry.proposal_wait"


def review_cadence_in_force() -> dict[str, int]:
    """Months between reviews by tier: the latest version, or the defaults (one query)."""
    latest = ReviewCadence.objects.order_by("-version").values_list("months", flat=True).first()
    return {**rules.REVIEW_CADENCE_MONTHS, **(latest or {})}


def system_reviews_page(system: AISystem, params):
    """A system's recorded reviews, latest first, one page of them (two queries)."""
    reviews = SystemReview.objects.filter(system=system).select_related("reviewed_by")
    return page_of(
        reviews, params, default_size=10, counted=SystemReview.objects.filter(system=system)
    )


def system_review_deadline(system: AISystem) -> Deadline | None:
    """The system's open review deadline with its owner, if any (one query; the content
    type is cached)."""
    return (
        Deadline.objects.select_related("owner")
        .filter(
            subject_type=ContentType.objects.get_for_model(AISystem),
            subject_id=str(system.pk),
            kind=SYSTEM_REVIEW_KIND,
            met_at__isnull=True,
            cancelled_at__isnull=True,
        )
        .first()
    )
