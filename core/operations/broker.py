"""The broker's Redis, read directly: its queues' lengths and whether it answers.

The cache (django.core.cache) covers everything else; the queues are plain lists the
cache API cannot read. One client per process, on the same REDIS_URL as the broker."""

from __future__ import annotations

from functools import cache

import redis
from django.conf import settings

# kombu keeps a queue's prioritised messages in lists beside the queue's own
# (kombu.transport.redis: name + "\x06\x16" + priority step); a task without a
# priority lands in the plain list. All of them are waiting work.
PRIORITY_SEPARATOR = "\x06\x16"
PRIORITY_STEPS = (3, 6, 9)


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def broker() -> redis.Redis:
    return _client(settings.REDIS_URL)


def queue_lengths(names: list[str]) -> dict[str, int]:
    """Tasks waiting in each queue: one round trip for all."""
    pipe = broker().pipeline(transaction=False)
    for name in names:
        for key in [name, *(f"{name}{PRIORITY_SEPARATOR}{p}" for p in PRIORITY_STEPS)]:
            pipe.llen(key)
    counts = pipe.execute()
    width = 1 + len(PRIORITY_STEPS)
    return {name: sum(counts[i * width : (i + 1) * width]) for i, name in enumerate(names)}


def redis_ping() -> None:
    """Raises when Redis does not answer."""
    broker().ping()
