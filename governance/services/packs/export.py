"""Exporting audit packs: request one, run it in the export worker, retry a failed one,
record a download, and sweep dead runs and expired files (issue 10, section 1 and 3).

A run is claimed with a conditional update (queued -> running), so a redelivered task or
a second worker does nothing; every later write of the run is conditional on the same
attempt still running, so a run the sweep has given up on (killed worker, time limit)
cannot come back and overwrite what the retry does. No pack stays "running" for ever:
`running_until` is the render's time limit plus a margin, and the sweep fails what
passes it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.audit import audit_record
from core.crash_pause import pause_if_asked
from core.operations.metrics import pack_render_failed, pack_render_observe
from core.permissions import require
from core.rules import organisation_missing
from core.selectors import organisation_profile_get
from core.writes import row_create, row_lock, row_update
from governance.models import AuditPack
from governance.rules import packs as rules
from governance.services.packs.storage import pack_file_store, pack_storage
from registry.models import AISystem
from registry.selectors.systems import systems_visible_to

logger = logging.getLogger(__name__)
Status = AuditPack.Status
WAITING = "Waiting for the export worker"
# Tests set this to a file path: a run then stops once it reports PAUSE_AT percent (its
# progress committed) until the file is removed, so a test can watch it mid-render or
# kill its worker there (as core.clocks.sweep.PAUSE_ENV).
PAUSE_ENV = "PACK_EXPORT_PAUSE_FILE"
PAUSE_AT = 35
# A request refused for want of an organisation profile item names it under this key (as
# incidents' notices do); the page shows it above the form, the API as a field error.
ORGANISATION = "organisation"
START_AGAIN = "start the export again"


def _pack_enqueue(pack_id: int) -> None:
    from governance.tasks import pack_export

    pack_export.apply_async((pack_id,), queue=settings.PACK_EXPORT_QUEUE)


def _request_problems(actor, scope: str, systems: list, date_from, date_to) -> dict[str, str]:
    problems = rules.pack_range_problems(date_from, date_to, timezone.localdate())
    if date_from is None:
        problems["date_from"] = "Choose the first day the pack covers."
    if date_to is None:
        problems["date_to"] = "Choose the last day the pack covers."
    if scope not in rules.SCOPES:
        problems["scope"] = "Choose system or portfolio."
    elif scope == AuditPack.Scope.SYSTEM and not systems:
        problems["systems"] = "Choose at least one system."
    elif scope == AuditPack.Scope.PORTFOLIO and systems:
        problems["systems"] = "A portfolio pack covers every system: choose none."
    asked = systems_visible_to(actor).filter(pk__in=[s.pk for s in systems])
    visible = set(asked.values_list("pk", flat=True))
    unseen = sorted(s.system_id for s in systems if s.pk not in visible)
    if unseen:
        problems["systems"] = f"No such system: {', '.join(unseen)}."
    missing = organisation_missing(organisation_profile_get(), rules.PROFILE_ITEMS)
    if missing:  # refused now, not by the worker later (pack_build keeps the last check)
        problems[ORGANISATION] = rules.profile_missing_words(missing, then=START_AGAIN)
    return problems


@transaction.atomic
def pack_request(
    *,
    actor,
    scope: str,
    systems: Iterable[AISystem],
    date_from: date | None,
    date_to: date | None,
) -> AuditPack:
    """Ask for a pack: checked, saved as queued, audited, and handed to the export worker
    once the transaction commits (a rolled-back request renders nothing)."""
    require(actor, "governance.pack.request")
    systems = list({s.pk: s for s in systems}.values())
    problems = _request_problems(actor, scope, systems, date_from, date_to)
    if problems:
        raise ValidationError(problems)
    if scope == AuditPack.Scope.PORTFOLIO:
        require(actor, "governance.pack.request_portfolio")
    for system in systems:
        require(actor, "governance.pack.request_system", system)
    pack = row_create(
        actor=actor,
        model=AuditPack,
        values={
            "scope": scope,
            "date_from": date_from,
            "date_to": date_to,
            "requested_by": actor,
            "requested_at": timezone.now(),
            "stage": WAITING,
        },
        action="pack.requested",
        audit_changes={
            "scope": scope,
            "systems": sorted(s.system_id for s in systems),
            "from": date_from.isoformat(),
            "to": date_to.isoformat(),
        },
    )
    pack.systems.set(systems)
    transaction.on_commit(lambda: _pack_enqueue(pack.pk))
    return pack


@transaction.atomic
def pack_retry(*, actor, pack: AuditPack) -> AuditPack:
    """Queue a failed export again (a new attempt, on a fresh worker)."""
    require(actor, "governance.pack.retry", pack)
    row_lock(pack)
    if pack.status != Status.FAILED:
        shown = pack.get_status_display().lower()
        problem = f"Only a failed export is retried; this one is {shown}."
        raise ValidationError({"status": [problem]})
    row_update(
        actor=actor,
        obj=pack,
        values={
            "status": Status.QUEUED,
            "progress": 0,
            "stage": WAITING,
            "error": "",
            "started_at": None,
            "running_until": None,
            "finished_at": None,
        },
        action="pack.retried",
        audit_changes={"attempts": pack.attempts},
    )
    transaction.on_commit(lambda: _pack_enqueue(pack.pk))
    return pack


@transaction.atomic
def pack_download_record(*, actor, pack: AuditPack) -> None:
    """Downloads are part of the record: who fetched which pack's bytes, when."""
    require(actor, "governance.pack.view", pack)
    audit_record(
        actor=actor,
        action="pack.downloaded",
        obj=pack,
        changes={"sha256": pack.sha256, "size": pack.size, "pages": pack.pages},
    )


class PackRunAbandoned(Exception):
    """The run is no longer this attempt's (swept as dead, or retried): stop rendering."""


def _claim(pack_id: int, now: datetime) -> int | None:
    """The attempt number this run owns, or None when the pack is not queued."""
    limit = timedelta(seconds=settings.PACK_RENDER_TIME_LIMIT) + rules.RUN_MARGIN
    claimed = AuditPack.objects.filter(pk=pack_id, status=Status.QUEUED).update(
        status=Status.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        running_until=now + limit,
        progress=0,
        stage="Starting",
        error="",
    )
    if not claimed:
        return None
    return AuditPack.objects.filter(pk=pack_id).values_list("attempts", flat=True).get()


def _progress_writer(pack_id: int, attempt: int):
    paused = []

    def on_progress(percent: int, stage: str) -> None:
        moved = AuditPack.objects.filter(
            pk=pack_id, status=Status.RUNNING, attempts=attempt
        ).update(progress=max(0, min(int(percent), 99)), stage=stage[:100])
        if not moved:
            raise PackRunAbandoned(pack_id)
        if percent >= PAUSE_AT and not paused:
            paused.append(percent)
            pause_if_asked(PAUSE_ENV)

    return on_progress


def pack_run(*, pack_id: int) -> None:
    """Build a queued pack, store it and record its facts (what the export task calls).

    Not one transaction: progress must be seen while the render runs. The claim, each
    progress step and the ending are each one conditional write; the ending (done or
    failed) is atomic with its audit event.
    """
    from celery.exceptions import SoftTimeLimitExceeded

    from governance.services.packs.build import PackRefused, pack_build

    attempt = _claim(pack_id, timezone.now())
    if attempt is None:
        return  # done, failed, running elsewhere, or gone: a redelivery does nothing
    pack = AuditPack.objects.get(pk=pack_id)
    started = time.monotonic()
    try:
        built = pack_build(pack=pack, on_progress=_progress_writer(pack_id, attempt))
        name = pack_file_store(pack_id=pack.pack_id, sha256=built.sha256, data=built.data)
    except PackRunAbandoned:
        return
    except PackRefused as refused:  # a missing profile item: the words name it
        _pack_fail(pack_id, attempt, str(refused))
        return
    except SoftTimeLimitExceeded:
        pack_render_failed()
        _pack_fail(pack_id, attempt, rules.over_time_words(settings.PACK_RENDER_TIME_LIMIT))
        return
    except Exception:
        logger.exception("Audit pack %s failed", pack.pack_id)
        pack_render_failed()
        _pack_fail(pack_id, attempt, _failure_words(pack_id))
        return
    pack_render_observe(time.monotonic() - started)  # the operators' histogram (/metrics)
    if not _pack_finish(pack_id, attempt, built, name):
        pack_storage().delete(name)  # given up on meanwhile: keep no orphan file


def _failure_words(pack_id: int) -> str:
    stage = AuditPack.objects.filter(pk=pack_id).values_list("stage", flat=True).first() or ""
    return rules.failure_words(stage)


def _running(pack_id: int, attempt: int | None) -> AuditPack | None:
    """The pack, locked, while it is still running this attempt (any attempt for None):
    a run the sweep gave up on, or a retry replaced, writes nothing more."""
    pack = AuditPack.objects.filter(pk=pack_id).first()
    if pack is None:
        return None
    row_lock(pack)
    if pack.status != Status.RUNNING or attempt not in (None, pack.attempts):
        return None
    return pack


@transaction.atomic
def _pack_finish(pack_id: int, attempt: int, built, name: str) -> bool:
    pack = _running(pack_id, attempt)
    if pack is None:
        return False
    now = timezone.now()
    size = pack_storage().size(name)
    row_update(
        actor=None,
        obj=pack,
        values={
            "status": Status.DONE,
            "progress": 100,
            "stage": rules.DONE_STAGE,
            "storage_name": name,
            "size": size,
            "pages": built.pages,
            "sha256": built.sha256,
            "checkpoint": built.checkpoint,
            "finished_at": now,
            "expires_at": now + timedelta(days=settings.PACK_RETENTION_DAYS),
            "running_until": None,
        },
        action="pack.exported",
        audit_changes={
            "sha256": built.sha256,
            "pages": built.pages,
            "size": size,
            "checkpoint_seq": built.checkpoint.seq,
            "attempt": attempt,
        },
    )
    return True


@transaction.atomic
def _pack_fail(pack_id: int, attempt: int | None, error: str) -> bool:
    """Running -> failed (this attempt's run, or any when `attempt` is None), audited."""
    pack = _running(pack_id, attempt)
    if pack is None:
        return False
    row_update(
        actor=None,
        obj=pack,
        values={
            "status": Status.FAILED,
            "error": error,
            "finished_at": timezone.now(),
            "running_until": None,
        },
        action="pack.failed",
        audit_changes={"error": error, "attempt": pack.attempts, "stage": pack.stage},
    )
    return True


@dataclass(frozen=True)
class PackSweepCounts:
    failed: int  # runs found dead and failed
    deleted: int  # files deleted after the retention time


def packs_sweep(*, now: datetime | None = None) -> PackSweepCounts:
    """Fail the runs past `running_until`; delete the files past `expires_at` (the rows
    stay, with `deleted_at`). Each pack in a transaction of its own, claimed by a
    conditional update (a dead run) or under SKIP LOCKED (an expired file): two sweeps at
    once, or a sweep run twice, do each thing once."""
    now = now or timezone.now()
    dead = AuditPack.objects.filter(status=Status.RUNNING, running_until__lt=now)
    failed = sum(_pack_fail(pk, None, rules.KILLED) for pk in dead.values_list("pk", flat=True))
    expired = AuditPack.objects.filter(
        status=Status.DONE, deleted_at__isnull=True, expires_at__lte=now
    ).values_list("pk", flat=True)
    deleted = sum(_pack_expire(pk, now) for pk in expired)
    return PackSweepCounts(failed=failed, deleted=deleted)


@transaction.atomic
def _pack_expire(pack_id: int, now: datetime) -> bool:
    pack = (
        AuditPack.objects.select_for_update(skip_locked=True)
        .filter(pk=pack_id, status=Status.DONE, deleted_at__isnull=True, expires_at__lte=now)
        .first()
    )
    if pack is None:
        return False
    # Deleted before the commit: a crash in between leaves the row to the next sweep,
    # which deletes nothing more and marks it (no file is ever left behind unmarked).
    if pack.storage_name:
        pack_storage().delete(pack.storage_name)
    row_update(
        actor=None,
        obj=pack,
        values={"deleted_at": now},
        action="pack.deleted",
        audit_changes={
            "sha256": pack.sha256,
            "expired": pack.expires_at.isoformat(),
            "retention_days": settings.PACK_RETENTION_DAYS,
        },
    )
    return True
