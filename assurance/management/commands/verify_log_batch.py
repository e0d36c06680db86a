"""`manage.py verify_log_batch --system SYS-001 --date 2026-12-01 FILE`: is this batch
file the one whose digest the system recorded for the day (DOMAIN.md 12)?

Recomputes the file's record count, SHA-256 and Merkle root (assurance.rules.logs),
compares them with the digest in force for the day (its latest correction) as the audit
trail recorded it, and says where that digest sits in the chain: the event's sequence
number and hash, and whether the chain verifies up to it. Exit status 1 on a mismatch,
a missing digest or a broken chain; the check is itself recorded in the audit trail.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assurance.services.log_digests import BatchCheck, log_batch_verify
from core.permissions import CONSOLE
from registry.models import AISystem


class Command(BaseCommand):
    help = "Check a day's log batch file (JSON lines) against its recorded digest."

    def add_arguments(self, parser):
        parser.add_argument("--system", required=True, help="The system's ID, e.g. SYS-001.")
        parser.add_argument("--date", required=True, help="The batch's day, YYYY-MM-DD.")
        parser.add_argument("file", help="The batch file exactly as kept.")

    def handle(self, *args, **options):
        system = AISystem.objects.filter(system_id=options["system"]).first()
        if system is None:
            raise CommandError(f"No system {options['system']}.")
        try:
            day = date.fromisoformat(options["date"])
        except ValueError as why:
            raise CommandError(f"--date: give YYYY-MM-DD ({why}).") from why
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        check = log_batch_verify(actor=CONSOLE, system=system, day=day, data=path.read_bytes())
        self.stdout.write("\n".join(report_lines(check)))
        if not (check.matches and check.chain_ok):
            raise SystemExit(1)


def report_lines(check: BatchCheck) -> list[str]:
    day = f"{check.day:%Y-%m-%d}"
    computed = check.computed
    lines = [
        f"{'MATCH' if check.matches else 'MISMATCH'}: {check.system_id} log batch of {day}",
        f"  file: {computed.records} records, sha256 {computed.sha256}, "
        f"merkle root {computed.merkle_root}",
    ]
    lines += [f"  {problem}" for problem in check.differences]
    if check.event is not None:
        walked = (
            f" (walked from the verified checkpoint #{check.chain.start_seq})"
            if check.chain and check.chain.from_checkpoint
            else ""
        )
        chain = (
            f"the chain verifies up to it{walked}"
            if check.chain_ok
            else f"the chain does NOT verify: #{check.chain.first_broken_seq} {check.chain.problem}"
        )
        correction = " (a correction)" if check.digest.corrects_id else ""
        lines.append(
            f"  recorded{correction} at audit seq {check.event.seq}, event hash "
            f"{check.event.hash}; {chain}"
        )
    return lines
