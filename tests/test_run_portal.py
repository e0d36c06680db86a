"""The pieces of `make run`: static files collected only when changed, and the
supervisor that stops every child when one dies or on Ctrl-C."""

import io
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.devserver import Supervisor, collectstatic_if_changed
from core.management.commands.run_portal import Command, _describe

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


def test_a_second_interrupt_kills_without_waiting_for_the_timeout(tmp_path):
    ready = tmp_path / "ready"
    supervisor = Supervisor(out=io.StringIO())
    supervisor.start("worker", [sys.executable, "-c", STUBBORN, str(ready)])
    deadline = time.monotonic() + 30
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    started = time.monotonic()
    supervisor.stop_all(timeout=60, give_up=lambda: True)
    assert supervisor.children["worker"].returncode == -signal.SIGKILL
    assert time.monotonic() - started < 10
    assert "killing the remaining processes now" in supervisor.out.getvalue()


# The real run_portal command, with set-up and readiness stubbed and sleepers for children.
# `stage` says where a signal lands: in set-up, while the children start (after a fork,
# before the child is recorded), or while serving (sent by the test); or none lands.
RUN_PORTAL = """
import os, subprocess, sys
from core.management.commands import run_portal

stage, sig, port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
started, real_popen = [], subprocess.Popen


def land_signal_here():
    os.kill(os.getpid(), sig)
    (lambda: None)()  # Python runs a pending handler at the next call: this one


def popen(*args, **kwargs):
    started.append(real_popen(*args, **kwargs))
    if stage == "starting" and len(started) == 2:
        land_signal_here()
    return started[-1]


class Stubbed(run_portal.Command):
    def prepare(self, opts):
        if stage == "set-up":
            land_signal_here()

    def children(self, opts, bind):
        return {name: [sys.executable, "-c", "import time; time.sleep(60)"]
                for name in ("web", "worker", "beat")}


subprocess.Popen = popen
run_portal.wait_for_http = lambda url, supervisor: True
try:
    Stubbed().handle(port=port, host="127.0.0.1", no_demo=True, reload=False)
except run_portal.CommandError as error:  # as manage.py reports it
    print("CommandError:", error)
    sys.exit(1)
finally:
    # stop_all waits for every child it knows; one it never knew has no returncode.
    print("started", len(started), "left running", sum(p.returncode is None for p in started))
"""


def run_portal_until(stage: str, sig: int, port: int = 0) -> tuple[int, str]:
    proc = subprocess.Popen(
        [sys.executable, "-u", "-c", RUN_PORTAL, stage, str(int(sig)), str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if stage == "serving":
        for line in proc.stdout:
            if line.startswith("Press Ctrl-C"):
                break
        proc.send_signal(sig)
    output, _ = proc.communicate(timeout=60)
    return proc.returncode, output


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_ctrl_c_sigterm_and_a_closed_terminal_all_shut_down_cleanly(sig):
    code, output = run_portal_until("serving", sig)
    assert "Stopped." in output and "Traceback" not in output, output
    assert output.strip().endswith("started 3 left running 0")
    assert code == 0


def test_a_sigterm_while_the_children_start_stops_every_child_started():
    code, output = run_portal_until("starting", signal.SIGTERM)
    assert "Stopped." in output and "Traceback" not in output, output
    assert output.strip().endswith("started 2 left running 0")
    assert code == 0


def test_a_sigterm_during_set_up_starts_no_child():
    code, output = run_portal_until("set-up", signal.SIGTERM)
    assert "Interrupted during set-up." in output and "Traceback" not in output, output
    assert output.strip().endswith("started 0 left running 0")
    assert code == 130


def test_a_busy_port_is_refused_before_set_up_and_before_any_child():
    with socket.create_server(("127.0.0.1", 0)) as taken:
        code, output = run_portal_until("port taken", signal.SIGTERM, taken.getsockname()[1])
    assert "Cannot listen on 127.0.0.1:" in output and "Is the portal already running?" in output
    assert output.strip().endswith("started 0 left running 0")
    assert code == 1


def test_the_web_server_gets_the_socket_run_portal_holds():
    argv = Command().children({"reload": False}, bind="fd://7")["web"]
    assert argv[argv.index("--bind") + 1] == "fd://7"


def test_audit_packs_render_in_a_second_worker_recycled_after_every_render(settings):
    children = Command().children({"reload": False}, bind="fd://7")
    exports, worker = children["exports"], children["worker"]
    assert f"--queues={settings.PACK_EXPORT_QUEUE}" in exports
    assert "--concurrency=1" in exports and "--max-tasks-per-child=1" in exports
    # The first worker keeps the sweeps and e-mails, never a render.
    assert f"--queues={settings.CELERY_TASK_DEFAULT_QUEUE}" in worker
    assert not any(settings.PACK_EXPORT_QUEUE in part for part in worker)
    hostnames = [a for argv in (exports, worker) for a in argv if a.startswith("--hostname=")]
    assert len(set(hostnames)) == 2  # two node names, or Celery warns of a duplicate
