"""/healthz names each check (database, Redis, a worker's heartbeat, beat's last sweep),
answers 503 when one is down, and `?ready=web` asks only what the web needs (run_portal
and a load balancer wait for it). The heartbeat comes from a real worker."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache

from config.celery import app
from core.operations import marks
from core.operations.broker import broker
from core.tasks import deadlines_sweep
from tests.conftest import queue_of_this_test


def test_with_no_worker_and_no_sweep_yet_it_says_so_with_503(client, db):
    response = client.get("/healthz")  # anonymous: a load balancer has no login
    assert response.status_code == 503
    assert response.json() == {
        "database": "ok",
        "redis": "ok",
        "worker": "down: no worker heartbeat in the last 60 seconds",
        "beat": "down: no sweep of the deadlines has run yet",
    }


def test_ready_web_asks_only_the_database_and_redis(client, db):
    response = client.get("/healthz?ready=web")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok"}


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_beats_and_a_sweep_marks_beat_then_all_is_well(client):
    with (
        queue_of_this_test("test-health") as queue,
        start_worker(app, pool="solo", perform_ping_check=False, queues=[queue]) as worker,
    ):
        heartbeat = marks.worker_heartbeat()
        assert heartbeat is not None and heartbeat.who == worker.hostname
        assert time.time() - heartbeat.at < 10
        deadlines_sweep.delay().get(timeout=20)  # beat's entry, run by that worker
        response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json() == {"database": "ok", "redis": "ok", "worker": "ok", "beat": "ok"}
    assert marks.last_sweep().at > heartbeat.at - 1


def test_a_sweep_older_than_three_minutes_is_stale(client, db):
    marks.worker_heartbeat_write("worker@test")
    marks.sweep_done_write("task-1", now=time.time() - 200)
    response = client.get("/healthz")
    assert response.status_code == 503
    beat = response.json()["beat"]
    assert beat.startswith("stale: the last sweep of the deadlines ran 20")
    assert beat.endswith("seconds ago (stale after 180)")
    assert response.json()["worker"] == "ok"
    marks.sweep_done_write("task-2", now=time.time() - 170)
    assert client.get("/healthz").status_code == 200


def test_a_heartbeat_expires_with_its_worker(client, db):
    marks.worker_heartbeat_write("worker@gone")
    marks.sweep_done_write("task-1")
    assert client.get("/healthz").status_code == 200
    ttl = broker().ttl(cache.make_key(marks.HEARTBEAT_KEY))  # what Redis will expire
    assert marks.HEARTBEAT_LASTS - 5 < ttl <= marks.HEARTBEAT_LASTS
    cache.delete(marks.HEARTBEAT_KEY)  # what the expiry does after 60 seconds
    assert client.get("/healthz").json()["worker"].startswith("down: no worker heartbeat")


def test_redis_down_is_named_and_the_marks_are_unknown(client, db, settings, tmp_path):
    gone = f"unix://{tmp_path / 'no-redis.sock'}"
    settings.REDIS_URL = gone
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": gone}
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "database": "ok",
        "redis": "down: ConnectionError",
        "worker": "unknown: Redis did not answer (ConnectionError)",
        "beat": "unknown: Redis did not answer (ConnectionError)",
    }
    assert client.get("/healthz?ready=web").status_code == 503
