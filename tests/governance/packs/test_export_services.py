"""Exporting a pack through the services, the render run in this process: what is
checked before anything is saved, who may ask for what, the facts a finished run
records, a redelivered run, a failed one and its retry, the sweep and retention."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEvent
from governance.models import AuditPack
from governance.rules import packs as pack_rules
from governance.services.packs import export as services
from governance.services.packs.export import (
    pack_download_record,
    pack_request,
    pack_retry,
    pack_run,
    packs_sweep,
)

pytestmark = pytest.mark.django_db


def ask(actor, systems, dates, scope="system"):
    return pack_request(
        actor=actor, scope=scope, systems=systems, date_from=dates[0], date_to=dates[1]
    )


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


def test_a_request_is_queued_audited_and_enqueued_on_commit(
    personas, screener, last_year, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(services, "_pack_enqueue", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        pack = ask(personas.auditor, [screener], last_year)
    assert pack.status == "queued" and pack.progress == 0
    assert list(pack.systems.values_list("system_id", flat=True)) == ["SYS-001"]
    assert sent == [pack.pk]
    event = AuditEvent.objects.get(action="pack.requested")
    assert event.actor == personas.auditor
    assert event.changes["systems"] == ["SYS-001"] and event.changes["scope"] == "system"


@pytest.mark.parametrize(
    ("scope", "use_systems", "shift", "field"),
    [
        ("everything", True, (0, 0), "scope"),
        ("system", False, (0, 0), "systems"),
        ("portfolio", True, (0, 0), "systems"),
        ("system", True, (0, 1), "date_to"),  # ends tomorrow
        ("system", True, (400, 0), "date_from"),  # starts after it ends
        ("system", True, (-3700, 0), "date_from"),  # more than ten years
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
    personas, screener, scope, use_systems, shift, field
):
    today = timezone.localdate()
    start = today - timedelta(days=365) + timedelta(days=shift[0])
    end = today + timedelta(days=shift[1])
    with pytest.raises(ValidationError) as refused:
        ask(personas.auditor, [screener] if use_systems else [], (start, end), scope=scope)
    assert field in refused.value.message_dict
    assert not AuditPack.objects.exists() and not AuditEvent.objects.exists()


def test_a_range_ending_in_the_calendars_first_ten_years_is_judged_not_a_crash():
    today = timezone.localdate()
    assert pack_rules.pack_range_problems(date(1, 1, 1), date(5, 12, 31), today) == {}
    too_long = pack_rules.pack_range_problems(date(1, 1, 1), date(12, 3, 1), today)
    assert too_long["date_from"].endswith("start on or after 0002-03-01.")


def test_who_may_export_what(personas, screener, chatbot, last_year):
    for person in (personas.auditor, personas.board, personas.admin):
        ask(person, [], last_year, scope="portfolio")
    for person in (personas.ciso, personas.dpo, personas.owner):
        ask(person, [screener], last_year)
    refused = [
        (personas.owner, [chatbot], "system"),  # another team's system
        (personas.owner, [], "portfolio"),
        (personas.ciso, [], "portfolio"),
        (personas.dpo, [], "portfolio"),
        (personas.engmanager, [screener], "system"),
        (personas.outsider, [screener], "system"),
    ]
    before = AuditPack.objects.count()
    for person, systems, scope in refused:
        with pytest.raises(PermissionDenied):
            ask(person, systems, last_year, scope=scope)
    assert AuditPack.objects.count() == before == 6


def test_a_run_stores_the_pdf_and_records_its_facts(personas, screener, last_year):
    pack = ask(personas.auditor, [screener], last_year)
    pack_run(pack_id=pack.pk)
    pack.refresh_from_db()
    assert (pack.status, pack.progress, pack.stage, pack.attempts) == ("done", 100, "Done", 1)
    stored = services.pack_storage().open(pack.storage_name).read()
    assert stored.startswith(b"%PDF")
    assert pack.size == len(stored) and pack.pages >= 1 and len(pack.sha256) == 64
    assert pack.storage_name == pack_rules.pack_storage_name(pack.pack_id, pack.sha256)
    assert pack.checkpoint is not None and pack.running_until is None
    assert pack.expires_at == pack.finished_at + timedelta(days=90)
    event = AuditEvent.objects.get(action="pack.exported")
    assert event.changes["sha256"] == pack.sha256 and event.changes["size"] == pack.size
    assert event.actor is None


def test_a_redelivered_task_for_a_done_pack_does_nothing(personas, screener, last_year):
    pack = ask(personas.auditor, [screener], last_year)
    pack_run(pack_id=pack.pk)
    pack.refresh_from_db()
    done = (pack.sha256, pack.finished_at, pack.attempts, pack.storage_name)
    pack_run(pack_id=pack.pk)
    pack.refresh_from_db()
    assert (pack.sha256, pack.finished_at, pack.attempts, pack.storage_name) == done
    assert actions().count("pack.exported") == 1


def test_a_failing_render_leaves_the_pack_failed_in_words_then_a_retry_finishes_it(
    personas, screener, last_year, monkeypatch
):
    pack = ask(personas.auditor, [screener], last_year)

    def broken(*, pack, on_progress):
        on_progress(15, "Gathering the records")
        raise RuntimeError("Traceback: secret internals")

    monkeypatch.setattr("governance.services.packs.build.pack_build", broken)
    pack_run(pack_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == "failed" and pack.running_until is None
    assert pack.error.startswith("The export failed while gathering the records. Retry it")
    assert "Traceback" not in pack.error and "secret" not in pack.error
    monkeypatch.undo()
    pack_retry(actor=personas.auditor, pack=pack)
    assert (pack.status, pack.error) == ("queued", "")
    pack_run(pack_id=pack.pk)
    pack.refresh_from_db()
    assert (pack.status, pack.attempts) == ("done", 2)
    assert actions() == ["pack.requested", "pack.failed", "pack.retried", "pack.exported"]


def test_only_a_failed_pack_is_retried_and_only_by_who_may(personas, screener, last_year):
    pack = ask(personas.owner, [screener], last_year)
    with pytest.raises(ValidationError) as refused:
        pack_retry(actor=personas.owner, pack=pack)
    assert "status" in refused.value.message_dict
    AuditPack.objects.filter(pk=pack.pk).update(status="failed")
    pack.refresh_from_db()
    for stranger in (personas.owner2, personas.ciso, personas.outsider):
        with pytest.raises(PermissionDenied):
            pack_retry(actor=stranger, pack=pack)
    pack_retry(actor=personas.auditor, pack=pack)  # sees every pack, may export
    assert AuditPack.objects.get(pk=pack.pk).status == "queued"


def test_the_sweep_fails_a_run_past_its_time_and_a_late_finish_changes_nothing(
    personas, screener, last_year
):
    pack = ask(personas.auditor, [screener], last_year)
    attempt = services._claim(pack.pk, timezone.now())
    pack.refresh_from_db()
    assert pack.status == "running"
    assert packs_sweep(now=pack.running_until - timedelta(seconds=1)).failed == 0
    counts = packs_sweep(now=pack.running_until + timedelta(seconds=1))
    assert counts.failed == 1
    pack.refresh_from_db()
    assert (pack.status, pack.error) == ("failed", pack_rules.KILLED)
    assert packs_sweep(now=timezone.now() + timedelta(days=1)).failed == 0  # once only
    # The dead run's worker comes back to life: its progress and its ending are refused.
    with pytest.raises(services.PackRunAbandoned):
        services._progress_writer(pack.pk, attempt)(50, "Laying out")
    assert AuditPack.objects.get(pk=pack.pk).status == "failed"
    assert actions().count("pack.failed") == 1


def test_retention_deletes_the_file_keeps_the_row_and_audits_it_once(
    personas, screener, last_year, settings
):
    pack = ask(personas.auditor, [screener], last_year)
    pack_run(pack_id=pack.pk)
    pack.refresh_from_db()
    storage = services.pack_storage()
    assert storage.exists(pack.storage_name)
    assert packs_sweep(now=pack.expires_at - timedelta(minutes=1)).deleted == 0
    later = pack.finished_at + timedelta(days=settings.PACK_RETENTION_DAYS, minutes=1)
    assert packs_sweep(now=later).deleted == 1
    assert packs_sweep(now=later).deleted == 0  # twice: nothing more
    pack.refresh_from_db()
    assert pack.deleted_at == later and not storage.exists(pack.storage_name)
    assert pack.sha256 and pack.status == "done"
    event = AuditEvent.objects.get(action="pack.deleted")
    assert event.actor is None and event.changes["sha256"] == pack.sha256


def test_a_download_is_recorded_for_who_may_see_the_pack(personas, screener, last_year):
    pack = ask(personas.owner, [screener], last_year)
    pack_run(pack_id=pack.pk)
    pack.refresh_from_db()
    for viewer in (personas.owner, personas.auditor, personas.board, personas.admin):
        pack_download_record(actor=viewer, pack=pack)
    for stranger in (personas.owner2, personas.ciso, personas.dpo, personas.outsider):
        with pytest.raises(PermissionDenied):
            pack_download_record(actor=stranger, pack=pack)
    downloads = AuditEvent.objects.filter(action="pack.downloaded")
    assert sorted(downloads.values_list("actor_label", flat=True)) == [
        "admin@example.com",
        "auditor@example.com",
        "board@example.com",
        "owner@example.com",
    ]


def test_time_machine_moves_the_sweeps_now(personas, screener, last_year):
    pack = ask(personas.auditor, [screener], last_year)
    services._claim(pack.pk, timezone.now())
    pack.refresh_from_db()
    with time_machine.travel(pack.running_until + timedelta(seconds=5)):
        assert packs_sweep().failed == 1


def test_a_render_over_its_soft_time_limit_fails_in_words(
    personas, screener, last_year, monkeypatch, settings
):
    from celery.exceptions import SoftTimeLimitExceeded

    def slow(*, pack, on_progress):
        on_progress(35, "Laying out the pages")
        raise SoftTimeLimitExceeded()

    settings.PACK_RENDER_TIME_LIMIT = 120
    monkeypatch.setattr("governance.services.packs.build.pack_build", slow)
    pack = ask(personas.auditor, [screener], last_year)
    pack_run(pack_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == "failed"
    assert pack.error.startswith("The export ran over its time limit (120 s). Retry it")
    assert not list(services.pack_storage().listdir("")[1])  # no file left behind
