"""Compliance's Celery tasks: thin, take ids, call one service, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from compliance.services.coverage import coverage_refresh, coverage_refresh_all


@shared_task(name="compliance.tasks.coverage_refresh", acks_late=True)
def coverage_refresh_task(system_pks: list[int]) -> int:
    """Recompute the stored statuses of these systems (after a decision on them)."""
    now = timezone.now()
    return coverage_refresh(system_pks=system_pks, today=timezone.localdate(now), now=now).changed


@shared_task(name="compliance.tasks.coverage_refresh_all", acks_late=True)
def coverage_refresh_all_task() -> int:
    """Every system (beat): evidence changed in the apps that own it, or expired."""
    now = timezone.now()
    return coverage_refresh_all(today=timezone.localdate(now), now=now).changed
