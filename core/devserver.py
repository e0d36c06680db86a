"""The pieces of `manage.py run_portal`: static-file fingerprint and a small supervisor.

The supervisor starts the web server, the Celery worker and Celery beat as
child processes, watches them, and stops them all when one dies or when the
operator presses Ctrl-C (or sends SIGTERM).
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

STOP_TIMEOUT = 20.0  # seconds a child gets to finish its work after SIGTERM
PR_SET_PDEATHSIG = 1


def static_fingerprint() -> str:
    """A hash of every file collectstatic would copy (path, size, mtime) and the storage."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    entries = []
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            prefix = getattr(storage, "prefix", None) or ""
            entries.append(f"{prefix}/{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def collectstatic_if_changed(stamp: Path, run_collectstatic) -> bool:
    """Run collectstatic only when the static files changed since the stamp was written."""
    from django.conf import settings

    fingerprint = static_fingerprint()
    current = stamp.read_text().strip() if stamp.exists() else ""
    if current == fingerprint and Path(settings.STATIC_ROOT).is_dir():
        return False
    run_collectstatic()
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint + "\n")
    return True


def _die_with_parent() -> None:
    # Runs in the child between fork and exec: if run_portal is killed outright
    # (SIGKILL), the kernel sends this child SIGTERM instead of orphaning it.
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


@dataclass
class Supervisor:
    """Child processes started in their own sessions, so that a Ctrl-C reaches only
    us and we stop them in order, each with time to finish its current work."""

    out: object = sys.stdout
    children: dict[str, subprocess.Popen] = field(default_factory=dict)

    def start(self, name: str, argv: list[str]) -> None:
        self.children[name] = subprocess.Popen(
            argv, start_new_session=True, preexec_fn=_die_with_parent
        )

    def first_exited(self) -> tuple[str, int] | None:
        for name, proc in self.children.items():
            code = proc.poll()
            if code is not None:
                return name, code
        return None

    def watch(self, interval: float = 0.5) -> tuple[str, int]:
        """Block until a child exits; return its name and exit code."""
        while True:
            exited = self.first_exited()
            if exited:
                return exited
            time.sleep(interval)

    def stop_all(self, timeout: float = STOP_TIMEOUT) -> None:
        """SIGTERM every live child (last started first), wait, then SIGKILL leftovers."""
        for proc in reversed(list(self.children.values())):
            if proc.poll() is None:
                _signal_quietly(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        try:
            for proc in self.children.values():
                _wait_until(proc, deadline)
        except KeyboardInterrupt:
            self.out.write("Second interrupt: killing the remaining processes.\n")
        for proc in self.children.values():
            # The whole process group: gunicorn workers, the Celery pool.
            _signal_quietly(proc.pid, signal.SIGKILL, group=True)
            proc.wait()


def _wait_until(proc: subprocess.Popen, deadline: float) -> None:
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=max(0.0, deadline - time.monotonic()))


def _signal_quietly(pid: int, sig: int, group: bool = False) -> None:
    try:
        if group:
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def wait_for_http(url: str, supervisor: Supervisor, timeout: float = 120.0) -> bool:
    """Poll `url` until it answers, a child dies, or the timeout passes."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if supervisor.first_exited():
            return False
        try:
            with opener.open(url, timeout=2) as response:
                if response.status < 500:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    return False


def interrupt_on_signals() -> None:
    """Ctrl-C, SIGTERM and SIGHUP (the terminal closed) raise KeyboardInterrupt, so one
    clean shutdown (and atexit, which stops the embedded servers) runs. SIGINT is set
    explicitly: a shell starts background jobs with it ignored, and Python keeps an
    inherited 'ignore'."""

    def _raise(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise)
    signal.signal(signal.SIGHUP, _raise)
