"""Compliance's Celery tasks: thin, take ids, call one service, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from compliance.services.coverage import coverage_refresh, coverage_refresh_all
from compliance.services.review import review_clocks_update


@shared_task(name="compliance.tasks.coverage_refresh", acks_late=True)
def coverage_refresh_task(system_pks: list[int]) -> int:
    """Recompute the stored statuses of these systems (after a decision on them)."""
    now = timezone.now()
    result = coverage_refresh(system_pks=system_pks, today=timezone.localdate(now), now=now)
    review_clocks_update(back_to_review=result.back_to_review, now=now)
    return result.changed


@shared_task(name="compliance.tasks.coverage_refresh_all", acks_late=True)
def coverage_refresh_all_task() -> int:
    """Every system (beat): evidence changed in the apps that own it, or expired."""
    now = timezone.now()
    result = coverage_refresh_all(today=timezone.localdate(now), now=now)
    # Then the review clocks: requirements met before and needing review now get one.
    review_clocks_update(back_to_review=result.back_to_review, now=now)
    return result.changed


@shared_task(
    name="compliance.tasks.annex_iv_render",
    acks_late=True,
    time_limit=settings.PACK_RENDER_TIME_LIMIT,
    soft_time_limit=max(1, int(settings.PACK_RENDER_TIME_LIMIT * 0.95)),
)
def annex_iv_render_task(render_id: int) -> None:
    """Render one Annex IV document (on the export queue, like the audit packs). A
    redelivered or duplicated task finds the render claimed and does nothing."""
    from compliance.services.annex import annex_iv_run

    annex_iv_run(render_id=render_id)
