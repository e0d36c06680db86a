"""The embedded Redis is shared: the last process to leave stops it, no one earlier."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from core import embedded_redis

ROOT = Path(__file__).resolve().parents[2]
# Joins, says so, and holds the server until its standard input closes.
# Joins, says which server it reached (its run_id), and holds it until stdin closes.
USER = (
    "import sys; from pathlib import Path; from core import embedded_redis; "
    "d = Path(sys.argv[1]); embedded_redis.join(d); "
    "print(embedded_redis._client(d).info('server')['run_id'], flush=True); sys.stdin.read()"
)


@pytest.fixture
def redis_dir():
    # A short path: a unix socket's path may not exceed 107 bytes.
    with tempfile.TemporaryDirectory(prefix="aigov-redis-") as path:
        yield Path(path)
        embedded_redis._shutdown(Path(path))  # whatever a failed test left running


def user(redis_dir: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", USER, str(redis_dir)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert len(proc.stdout.readline().strip()) == 40  # a server's run_id
    return proc


def leave(proc: subprocess.Popen) -> None:
    proc.stdin.close()
    assert proc.wait(timeout=20) == 0


def test_the_server_lives_until_the_last_user_leaves(redis_dir):
    first, second = user(redis_dir), user(redis_dir)
    leave(first)
    assert embedded_redis._alive(redis_dir), "stopped while the second process still used it"
    leave(second)
    assert not embedded_redis._alive(redis_dir)


def test_processes_starting_together_share_one_server(redis_dir):
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", USER, str(redis_dir)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    run_ids = {p.stdout.readline().strip() for p in procs}
    assert len(run_ids) == 1, "the four processes reached different servers"
    server_pid = int((redis_dir / "redis.pid").read_text())
    for proc in procs:
        leave(proc)
    with pytest.raises(ProcessLookupError):
        os.kill(server_pid, 0)


def test_a_killed_user_does_not_keep_the_server_running(redis_dir):
    killed = user(redis_dir)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=20)
    last = user(redis_dir)
    leave(last)
    assert not embedded_redis._alive(redis_dir)


def test_a_stale_pid_file_naming_another_process_does_not_stall_the_start(redis_dir):
    # A server killed by a reboot left its pid file; the number now belongs to a stranger.
    stranger = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (redis_dir / "redis.pid").write_text(str(stranger.pid))
        started = time.monotonic()
        proc = user(redis_dir)
        assert time.monotonic() - started < embedded_redis.WAIT, "waited on the stranger"
        leave(proc)
        assert stranger.poll() is None, "the last user's shutdown signalled the stranger"
    finally:
        stranger.kill()
        stranger.wait()
