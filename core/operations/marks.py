"""Marks the checks read: a worker's heartbeat and the clocks' last sweep.

Both live in the cache (Redis): every web process reads what any worker wrote, and
nothing here is a row (a heartbeat every 15 seconds would fill a table for nothing).
The heartbeat key expires on its own, so a worker that died leaves no mark behind.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache

HEARTBEAT_KEY = "operations:worker-heartbeat"
LAST_SWEEP_KEY = "operations:last-sweep"
# A worker writes its heartbeat this often (seconds), and it lasts this long: three
# missed beats (a worker busy in a long task with the solo pool, or gone) read as down.
HEARTBEAT_EVERY = 15
HEARTBEAT_LASTS = 60
# Beat enqueues the sweep every minute: three minutes without one is two missed.
SWEEP_STALE_AFTER = 180


@dataclass(frozen=True)
class Mark:
    who: str  # the worker's host name, or the sweep's task id
    at: float  # seconds since the epoch


def worker_heartbeat_write(hostname: str, *, now: float | None = None) -> None:
    """One worker says it is alive (the newest of any worker's beats is kept)."""
    _write(HEARTBEAT_KEY, hostname, now, timeout=HEARTBEAT_LASTS)


def worker_heartbeat() -> Mark | None:
    return _read(HEARTBEAT_KEY)


def sweep_done_write(task_id: str, *, now: float | None = None) -> None:
    """The clocks' sweep finished (kept without expiry: its age is what is checked)."""
    _write(LAST_SWEEP_KEY, task_id, now, timeout=None)


def last_sweep() -> Mark | None:
    return _read(LAST_SWEEP_KEY)


def _write(key: str, who: str, now: float | None, *, timeout: int | None) -> None:
    cache.set(key, {"who": who, "at": time.time() if now is None else now}, timeout=timeout)


def _read(key: str) -> Mark | None:
    found = cache.get(key)
    return Mark(found["who"], found["at"]) if found else None
