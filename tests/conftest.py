"""Shared fixtures: the test database setting, personas for every role, factories."""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from hypothesis import settings as hypothesis_settings

from tests.factories import PersonaSet, make_personas

# Property tests check rules, not speed: hypothesis's default 200 ms deadline per example
# fails ("Unreliable test timings") whenever a loaded machine pauses the process.
hypothesis_settings.register_profile("portal", deadline=None)
hypothesis_settings.load_profile("portal")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    # Django's test flush truncates every table; the audit trigger allows that
    # only when the session says so, and only the tests say so.
    from django.conf import settings

    options = settings.DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = "-c aigov.allow_audit_truncate=on"


@pytest.fixture(scope="session", autouse=True)
def celery_queue_of_this_run():
    """Tasks the suite enqueues go to a queue of its own, deleted at the end. The embedded
    Redis is this checkout's: a `make run` worker beside the suite would otherwise run
    them against its own database (and e-mail the wrong notification)."""
    from config.celery import app

    previous, queue = app.conf.task_default_queue, f"test-run-{uuid.uuid4().hex}"
    app.conf.task_default_queue = queue
    yield queue
    app.conf.task_default_queue = previous
    delete_celery_queue(queue)


def delete_celery_queue(name: str) -> None:
    """Delete a queue and its binding keys from Redis (they would stay there for good).
    Declared first: a new channel knows no bindings, and deletes only what it knows."""
    from config.celery import app

    with app.connection_for_write() as connection:
        queue = app.amqp.queues[name](connection.default_channel)
        queue.declare()
        queue.delete()


def spawn_worker(queue: str, log: Path, env: dict[str, str]) -> subprocess.Popen:
    """A real worker process on this test's database and queue, that Redis hands an
    unacknowledged task again 2 seconds after its worker died (a test can SIGKILL it)."""
    from django.db import connection

    url = urlsplit(os.environ["DATABASE_URL"])
    database = urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))
    env = (
        os.environ
        | env
        | {
            "DATABASE_URL": database,
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "CELERY_VISIBILITY_TIMEOUT": "2",
        }
    )
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        f"--queues={queue}",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]
    root = Path(__file__).resolve().parents[1]
    with log.open("w") as out:
        return subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)


@pytest.fixture(autouse=True)
def cache_of_this_test(settings):
    """Cache keys under a prefix of this test's own, on the real Redis: a rate-limit counter
    (five failed logins per address) left by another test, an earlier run or a `make run`
    beside the suite would otherwise refuse this test's logins."""
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    }


@pytest.fixture(autouse=True)
def no_idle_timeout(settings):
    """Tests move the clock by hours and days with a signed-in client; the idle timeout
    (core.sessions) would sign it out. Its own tests (tests/core/test_sso_sessions.py)
    turn it on."""
    settings.SESSION_IDLE_TIMEOUT = 0


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher costs ~0.3 s per user; the personas would take seconds per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def evidence_storage_of_this_test(settings, tmp_path_factory):
    """Evidence bytes in a temporary folder of this test, never the developer's var/."""
    location = tmp_path_factory.mktemp("evidence")
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    return location


@pytest.fixture(autouse=True)
def pack_storage_of_this_test(settings, tmp_path_factory, celery_queue_of_this_run):
    """Audit packs in a temporary folder of this test, never the developer's var/; their
    renders enqueued on the run's own queue, never to a `make run` export worker."""
    location = tmp_path_factory.mktemp("packs")
    settings.STORAGES = {
        **settings.STORAGES,
        "packs": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    settings.PACK_EXPORT_QUEUE = celery_queue_of_this_run
    return location


@contextlib.contextmanager
def queue_of_this_test(prefix: str):
    """A Celery default queue of one test's own, deleted afterwards: leftovers of a
    `make run` are not consumed, and nothing of the test's is left in Redis."""
    from config.celery import app

    name, previous = f"{prefix}-{uuid.uuid4().hex}", app.conf.task_default_queue
    app.conf.task_default_queue = name
    try:
        yield name
    finally:
        app.conf.task_default_queue = previous
        delete_celery_queue(name)


@pytest.fixture
def pack_queue(settings):
    """The export queue of this test alone: its worker takes nothing else's renders."""
    with queue_of_this_test("test-packs") as name:
        settings.PACK_EXPORT_QUEUE = name
        yield name


@pytest.fixture
def pack_worker(pack_queue):
    """A real Celery worker (solo pool, in this process) on the test's export queue."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, queues=[pack_queue]) as w:
        yield w


@pytest.fixture(scope="session")
def signing_pair_of_this_run(tmp_path_factory):
    """One self-signed signing pair for the whole run (generating one per test would
    cost a key generation each), in a temporary folder: no test touches var/signing."""
    from core.signing import signing_pair_ensure

    folder = tmp_path_factory.mktemp("signing")
    key, cert = folder / "pack-signing.key", folder / "pack-signing.crt"
    signing_pair_ensure(key_path=key, cert_path=cert, organisation="Test Organisation")
    return key, cert


@pytest.fixture(autouse=True)
def signing_pair_of_this_test(settings, signing_pair_of_this_run):
    """Every test signs and verifies packs with the run's pair."""
    settings.PACK_SIGNING_KEY, settings.PACK_SIGNING_CERT = signing_pair_of_this_run
    return signing_pair_of_this_run


@pytest.fixture
def shipped_libraries(transactional_db) -> None:
    """The default libraries that data migrations install, for tests on committed data.

    A transactional test (live server, real Celery worker) ends with a flush of every
    table, so the next one would otherwise find the control library empty.
    """
    from registry.data import (
        install_control_library,
        install_gate_definitions,
        install_scoring_scheme,
    )
    from registry.models import ControlDefinition, GateDefinition, ScoringScheme

    install_control_library(ControlDefinition)
    install_scoring_scheme(ScoringScheme)
    install_gate_definitions(GateDefinition)
    from compliance.services.library import library_install

    library_install()
    from assurance.models import ThresholdSet
    from assurance.rules.thresholds import DEFAULT_LIMITS

    if not ThresholdSet.objects.exists():  # assurance's migration 0002
        ThresholdSet.objects.create(version=1, limits=DEFAULT_LIMITS)


@pytest.fixture
def tamper_with():
    """What an attacker with the table owner's rights could do to the audit trail:
    `tamper_with(seq, action)` rewrites one event's action, bypassing the trigger."""
    from django.db import connection

    trigger = "core_auditevent_no_update_delete"

    def rewrite(seq: int, action: str) -> None:
        with connection.cursor() as cursor:
            # Pending deferred checks would make Postgres refuse the ALTER: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE core_auditevent DISABLE TRIGGER {trigger}")
            cursor.execute("UPDATE core_auditevent SET action = %s WHERE seq = %s", [action, seq])
            cursor.execute(f"ALTER TABLE core_auditevent ENABLE TRIGGER {trigger}")

    return rewrite


@pytest.fixture
def personas(db) -> PersonaSet:
    """One user per role of DOMAIN.md section 1, with the demo teams."""
    return make_personas()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


def pytest_terminal_summary(terminalreporter, config):
    """The test order's seed at the end as well, where a failure is read, even with -q
    (pytest-randomly prints it only in the header, which -q leaves out)."""
    seed = getattr(config.option, "randomly_seed", None)
    if config.pluginmanager.hasplugin("randomly") and isinstance(seed, int):
        replay = f"-p randomly --randomly-seed={seed}"
        terminalreporter.write_line(f"Test order seed: {seed} (replay with {replay})")


class Listener:
    """A TCP socket on a free local port that counts the connections it is offered."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.stopped.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture
def listener():
    """A local port that counts connections: a rendered document must make none."""
    server = Listener()
    yield server
    server.close()
