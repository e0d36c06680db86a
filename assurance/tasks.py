"""Assurance's Celery tasks: thin, taking ids, calling a service.

Monitoring has none of its own: a batch of values is judged in the request that brings
it (one statement and the episodes it touches), and silence is a deadline that core's
sweep (core.tasks) tells when it passes."""

from __future__ import annotations

from celery import shared_task

from assurance.services.red_team_clock import red_team_clocks_open_missing


@shared_task(name="assurance.tasks.red_team_clocks_open_missing", acks_late=True)
def red_team_clocks_open_missing_task() -> int:
    """Daily (beat): a system that became high or critical tier gets its quarterly
    red-team clock (no tier-change listener exists to open it at once); one that no
    longer needs one has it cancelled. Safe to run twice."""
    return red_team_clocks_open_missing()
