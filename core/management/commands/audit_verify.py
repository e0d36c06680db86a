"""`manage.py audit_verify [--from-checkpoint]`: walk the audit chain and name the
first broken link.

In full (the default) the walk starts at event #1 and trusts nothing stored, with a
progress bar on stderr; `--from-checkpoint` starts at the latest verified checkpoint
(core.audit.audit_verify). An intact walk is recorded as a verified checkpoint, where
the next incremental walk (a pack's build, for one) starts. Exit status 1 when broken.
"""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand
from django.db.models import Max

from core.audit import (
    ChainReport,
    audit_checkpoint_verified,
    audit_verification_record,
    audit_verified_start,
    audit_verify,
    chain_walk_words,
)
from core.models import AuditEvent
from core.permissions import CONSOLE

BAR_WIDTH = 30
REDRAW_SECONDS = 0.5


class ProgressBar:
    """Events done / total, the rate in events a second and the time left, redrawn in
    place on one line at most twice a second."""

    def __init__(self, stream, total: int):
        self.stream, self.total = stream, max(total, 1)
        self.started = self.drawn = time.perf_counter()

    def __call__(self, done: int) -> None:
        now = time.perf_counter()
        if now - self.drawn < REDRAW_SECONDS:
            return
        self.drawn = now
        rate = done / max(now - self.started, 1e-9)
        left = max(self.total - done, 0) / rate if rate else 0
        filled = min(BAR_WIDTH, BAR_WIDTH * done // self.total)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done:,}/{self.total:,} events"
            f"  {rate:,.0f} events/s  ETA {left // 60:.0f}m{left % 60:02.0f}s",
            ending="",
        )
        self.stream.flush()


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exit 1 and name the first broken seq if not."

    def add_arguments(self, parser):
        parser.add_argument(
            "--from-checkpoint",
            action="store_true",
            help="Start at the latest verified checkpoint instead of event #1.",
        )
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="Events read per query (and per redraw)."
        )

    def handle(self, *args, **options):
        incremental = options["from_checkpoint"]
        start = audit_verified_start() if incremental else None
        head = AuditEvent.objects.aggregate(top=Max("seq"))["top"] or 0
        progress = ProgressBar(self.stderr, head - (start.seq if start else 0))
        started = time.perf_counter()
        report = audit_verify(
            from_checkpoint=incremental, batch_size=options["batch_size"], on_progress=progress
        )
        seconds = time.perf_counter() - started
        self.stderr.write("")  # end the progress line
        self._record(report)
        if not report.ok:
            walked = f" (walked {chain_walk_words(report)})" if report.from_checkpoint else ""
            self.stdout.write(f"BROKEN at seq {report.first_broken_seq}: {report.problem}{walked}")
            raise SystemExit(1)
        rate = report.checked / seconds if seconds else 0
        self.stdout.write(
            f"OK: {report.checked} event{'' if report.checked == 1 else 's'} verified "
            f"{chain_walk_words(report)}, "
            f"in {seconds:.1f} s ({rate:,.0f} events/s)"
        )

    def _record(self, report: ChainReport) -> None:
        """The intact head as a verified checkpoint (no audit event: see
        audit_checkpoint_verified). A person at a terminal, unlike the scheduler, also
        leaves an "audit.verified" event naming the console."""
        audit_checkpoint_verified(report=report, label="manage.py audit_verify")
        if sys.stdin is not None and sys.stdin.isatty():
            audit_verification_record(actor=CONSOLE, report=report)
