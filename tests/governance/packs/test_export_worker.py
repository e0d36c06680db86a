"""Section 3 of issue 10 against the real Redis and real Celery workers: an export runs to
done in a worker, two at once both finish, and a worker killed mid-render leaves the
export failed after the sweep, never stuck as running, and a retry on a new worker
finishes it. Worker processes read the real clock; time-machine moves only this one."""

from __future__ import annotations

import os
import signal
import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.db import connection

from core.models import AuditEvent
from governance.models import AuditPack
from governance.rules import packs as pack_rules
from governance.services.packs import export as services
from governance.services.packs.export import pack_request, pack_retry, packs_sweep
from governance.tasks import pack_export
from tests.conftest import spawn_worker

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, timeout: float = 40.0) -> None:
    """Wait for another process or thread to get somewhere (never for the clock)."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out waiting for the worker"
        time.sleep(0.1)


def status_of(pack) -> str:
    return AuditPack.objects.values_list("status", flat=True).get(pk=pack.pk)


def ask(actor, systems, dates):
    return pack_request(
        actor=actor, scope="system", systems=systems, date_from=dates[0], date_to=dates[1]
    )


def test_an_export_runs_to_done_in_a_real_worker(
    personas, screener, last_year, pack_queue, pack_worker
):
    pack = ask(personas.auditor, [screener], last_year)
    wait_for(lambda: status_of(pack) in ("done", "failed"))
    pack.refresh_from_db()
    assert (pack.status, pack.progress, pack.stage) == ("done", 100, "Done")
    data = services.pack_storage().open(pack.storage_name).read()
    assert data.startswith(b"%PDF") and len(data) == pack.size
    assert AuditEvent.objects.filter(action="pack.exported", object_id=str(pack.pk)).exists()
    # The same task delivered again (a duplicate, a redelivery) finds it done: nothing moves.
    pack_export.apply_async((pack.pk,), queue=pack_queue).get(timeout=30)
    again = AuditPack.objects.get(pk=pack.pk)
    assert (again.attempts, again.sha256, again.finished_at) == (1, pack.sha256, pack.finished_at)
    assert AuditEvent.objects.filter(action="pack.exported").count() == 1


def test_two_exports_requested_at_once_both_finish(
    personas, screener, chatbot, last_year, pack_worker
):
    start, packs = threading.Barrier(2), []

    def request(actor, system):
        try:
            start.wait()
            packs.append(ask(actor, [system], last_year))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=request, args=(personas.auditor, screener)),
        threading.Thread(target=request, args=(personas.board, chatbot)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(packs) == 2
    wait_for(lambda: all(status_of(p) in ("done", "failed") for p in packs))
    done = AuditPack.objects.filter(pk__in=[p.pk for p in packs])
    assert sorted(done.values_list("status", flat=True)) == ["done", "done"]
    assert len(set(done.values_list("sha256", flat=True))) == 2


def test_a_worker_killed_mid_render_leaves_the_export_failed_then_a_retry_finishes_it(
    personas,
    screener,
    last_year,
    pack_queue,
    pack_storage_of_this_test,
    tmp_path,
    signing_pair_of_this_test,
):
    pause = tmp_path / "render-paused"
    key, cert = signing_pair_of_this_test
    # The worker processes store and sign where this test's settings say.
    env = {
        "PACK_ROOT": str(pack_storage_of_this_test),
        "PACK_SIGNING_KEY": str(key),
        "PACK_SIGNING_CERT": str(cert),
    }
    first = spawn_worker(pack_queue, tmp_path / "first.log", env | {services.PAUSE_ENV: str(pause)})
    try:
        pack = ask(personas.auditor, [screener], last_year)
        wait_for(pause.exists)  # mid-render, its progress committed
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        first.kill()
    pack.refresh_from_db()
    assert pack.status == "running" and 0 < pack.progress < 100
    assert packs_sweep().failed == 0  # not yet past its time: it may still be rendering
    with time_machine.travel(pack.running_until + timedelta(seconds=1)):
        assert packs_sweep().failed == 1
    pack.refresh_from_db()
    assert (pack.status, pack.error) == ("failed", pack_rules.KILLED)
    pack_retry(actor=personas.auditor, pack=pack)
    second = spawn_worker(pack_queue, tmp_path / "second.log", env)
    try:
        wait_for(lambda: status_of(pack) == "done")
    finally:
        second.terminate()
        second.wait(timeout=20)
    pack.refresh_from_db()
    assert (pack.status, pack.attempts, pack.progress) == ("done", 2, 100)
    assert services.pack_storage().open(pack.storage_name).read().startswith(b"%PDF")
    events = list(
        AuditEvent.objects.filter(object_id=str(pack.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert events == ["pack.requested", "pack.failed", "pack.retried", "pack.exported"]
