"""The pieces of `make run`: static files collected only when changed, and the
supervisor that stops every child when one dies or on Ctrl-C."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.devserver import Supervisor, collectstatic_if_changed
from core.management.commands.run_portal import _describe

ROOT = Path(__file__).resolve().parents[1]
SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
STUBBORN = (
    "import pathlib, signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
    "pathlib.Path(sys.argv[1]).touch(); time.sleep(60)"
)


def test_collectstatic_runs_again_only_after_a_static_file_changes(tmp_path, settings):
    source, root = tmp_path / "static", tmp_path / "collected"
    source.mkdir()
    root.mkdir()
    (source / "portal.css").write_text("body { color: black; }")
    settings.STATICFILES_DIRS = [source]
    settings.STATIC_ROOT = root
    stamp, runs = tmp_path / "static.fingerprint", []

    assert collectstatic_if_changed(stamp, lambda: runs.append(1)) is True
    assert collectstatic_if_changed(stamp, lambda: runs.append(1)) is False
    (source / "portal.css").write_text("body { color: navy; }")
    assert collectstatic_if_changed(stamp, lambda: runs.append(1)) is True
    assert len(runs) == 2


def test_a_dying_child_is_reported_and_the_others_are_stopped():
    supervisor = Supervisor()
    supervisor.start("web", SLEEPER)
    supervisor.start("beat", [sys.executable, "-c", "raise SystemExit(3)"])
    assert supervisor.watch(interval=0.05) == ("beat", 3)
    supervisor.stop_all(timeout=10)
    assert supervisor.children["web"].returncode == -signal.SIGTERM


def test_a_child_that_ignores_sigterm_is_killed_after_the_timeout(tmp_path):
    ready = tmp_path / "ready"
    supervisor = Supervisor()
    supervisor.start("worker", [sys.executable, "-c", STUBBORN, str(ready)])
    deadline = time.monotonic() + 30
    while not ready.exists() and time.monotonic() < deadline:  # its handler is installed
        time.sleep(0.05)
    started = time.monotonic()
    supervisor.stop_all(timeout=1)
    assert supervisor.children["worker"].returncode == -signal.SIGKILL
    assert time.monotonic() - started < 5


def test_service_urls_are_printed_without_their_password():
    shown = _describe("postgres://aigov:s3cret@db.internal:5432/aigov")
    assert "s3cret" not in shown and "db.internal:5432/aigov" in shown
    assert shown.endswith("(external)")


HANGS_UP = (
    "import time; from core.devserver import interrupt_on_signals; interrupt_on_signals()\n"
    "print('ready', flush=True)\n"
    "try:\n    time.sleep(60)\nexcept KeyboardInterrupt:\n    print('clean shutdown', flush=True)\n"
)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_ctrl_c_sigterm_and_a_closed_terminal_all_shut_down_cleanly(sig):
    proc = subprocess.Popen(
        [sys.executable, "-c", HANGS_UP], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "ready"
    proc.send_signal(sig)
    assert proc.stdout.readline().strip() == "clean shutdown"
    assert proc.wait(timeout=10) == 0
