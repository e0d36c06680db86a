"""The named checks behind /healthz: each answers "ok" or says what is wrong.

- database: a query answers;
- redis: the broker's Redis answers a PING;
- worker: a worker's heartbeat (core.operations.heartbeat) is younger than
  HEARTBEAT_LASTS seconds (60: a beat every 15 s, three missed);
- beat: the clocks' last sweep (enqueued by beat every minute) is younger than
  SWEEP_STALE_AFTER seconds (180: two minutes' sweeps missed).
"""

from __future__ import annotations

import logging
import time

from django.db import connection

from core.operations import marks
from core.operations.broker import redis_ping

logger = logging.getLogger("aigov.operations")
OK = "ok"
# What the web needs to serve pages (run_portal waits for these before the worker and
# beat have started, and a load balancer asks only these: ?ready=web).
WEB_CHECKS = ("database", "redis")


def database_check() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        return f"down: {_words(error)}"
    return OK


def redis_check() -> str:
    try:
        redis_ping()
    except Exception as error:
        return f"down: {_words(error)}"
    return OK


def worker_check() -> str:
    try:
        mark = marks.worker_heartbeat()
    except Exception as error:
        return f"unknown: Redis did not answer ({_words(error)})"
    if mark is None:
        return f"down: no worker heartbeat in the last {marks.HEARTBEAT_LASTS} seconds"
    return OK


def beat_check(now: float | None = None) -> str:
    try:
        mark = marks.last_sweep()
    except Exception as error:
        return f"unknown: Redis did not answer ({_words(error)})"
    if mark is None:
        return "down: no sweep of the deadlines has run yet"
    age = (time.time() if now is None else now) - mark.at
    if age > marks.SWEEP_STALE_AFTER:
        return (
            f"stale: the last sweep of the deadlines ran {round(age)} seconds ago "
            f"(stale after {marks.SWEEP_STALE_AFTER})"
        )
    return OK


CHECKS = {
    "database": database_check,
    "redis": redis_check,
    "worker": worker_check,
    "beat": beat_check,
}


def health(names=tuple(CHECKS)) -> dict[str, str]:
    """Each named check's answer, in order."""
    return {name: CHECKS[name]() for name in names}


def _words(error: Exception) -> str:
    """The error's kind for the public answer; its text (host names, socket paths) only
    in the log."""
    logger.warning("Health check failed: %s", error)
    return type(error).__name__
