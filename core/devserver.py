"""The pieces of `manage.py run_portal`: static-file fingerprint and a small supervisor.

The supervisor starts the web server, the Celery worker and Celery beat as
child processes, watches them, and stops them all when one dies or when the
operator presses Ctrl-C (or sends SIGTERM).

Signals are the race to guard against: a SIGTERM may land at any instruction.
`ShutdownSignals` raises KeyboardInterrupt once only, so a later signal cannot
cut the shutdown short, and `Supervisor.start` holds signals while a child is
forked and recorded, so no child is ever started that the shutdown does not know.
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

STOP_TIMEOUT = 20.0  # seconds a child gets to finish its work after SIGTERM
PR_SET_PDEATHSIG = 1
# Ctrl-C, SIGTERM, and SIGHUP when the terminal closes: each asks for one clean shutdown.
SHUTDOWN_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


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


def _child_setup() -> None:
    # Runs in the child between fork and exec. It inherits the signals `start` holds:
    # release them, or gunicorn would never see its SIGTERM. And if run_portal is killed
    # outright (SIGKILL), the kernel sends this child SIGTERM instead of orphaning it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SHUTDOWN_SIGNALS)
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold the shutdown signals while the block runs. One that arrives meanwhile is
    delivered as the block ends (unblocking runs its handler at once), so the block is
    never cut in half."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, SHUTDOWN_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@dataclass
class Supervisor:
    """Child processes started in their own sessions, so that a Ctrl-C reaches only
    us and we stop them in order, each with time to finish its current work."""

    out: object = sys.stdout
    children: dict[str, subprocess.Popen] = field(default_factory=dict)

    def start(self, name: str, argv: list[str], pass_fds: tuple[int, ...] = ()) -> None:
        # A signal between the fork and the line that records the child would leave a
        # child running that stop_all never stops.
        with signals_held():
            self.children[name] = subprocess.Popen(
                argv, start_new_session=True, preexec_fn=_child_setup, pass_fds=pass_fds
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

    def stop_all(
        self, timeout: float = STOP_TIMEOUT, give_up: Callable[[], bool] = lambda: False
    ) -> None:
        """SIGTERM every live child (last started first) and wait until they exit, the
        timeout passes or `give_up()` says so (a second Ctrl-C); then SIGKILL leftovers."""
        for proc in reversed(list(self.children.values())):
            if proc.poll() is None:
                _signal_quietly(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while self._any_alive() and time.monotonic() < deadline:
            if give_up():
                self.out.write("Interrupted: killing the remaining processes now.\n")
                break
            time.sleep(0.05)
        for proc in self.children.values():
            # The whole process group: gunicorn workers, the Celery pool.
            _signal_quietly(proc.pid, signal.SIGKILL, group=True)
            proc.wait()

    def _any_alive(self) -> bool:
        return any(proc.poll() is None for proc in self.children.values())


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


@dataclass
class ShutdownSignals:
    """Turns the shutdown signals into one KeyboardInterrupt, so one clean shutdown (and
    atexit, which stops the embedded servers) runs.

    Only the first signal raises: a second one (or one after `stop_raising`) is only
    counted, so it cannot break the shutdown in the middle; the shutdown asks
    `interrupted_again` to stop waiting for the children."""

    received: int = 0
    raising: bool = True
    counted_at_shutdown: int = 0

    def install(self) -> None:
        # SIGINT too: a shell starts background jobs with it ignored, and Python keeps
        # an inherited 'ignore'.
        for signum in SHUTDOWN_SIGNALS:
            signal.signal(signum, self._handle)

    def stop_raising(self) -> None:
        """The shutdown begins without a signal (a child died): later ones only count."""
        self.raising = False
        self.counted_at_shutdown = self.received

    def interrupted_again(self) -> bool:
        return self.received > self.counted_at_shutdown

    def _handle(self, signum, frame) -> None:
        # Python runs a pending handler only at a call or a loop's jump back, and there
        # is neither between the test and the raise: two signals cannot both raise.
        self.received += 1
        if self.raising:
            self.raising = False
            self.counted_at_shutdown = self.received
            raise KeyboardInterrupt
