"""`manage.py restore IN.tar`: check the archive against its manifest, refuse a target
that is not empty, restore, then verify the chain and every evidence file (core.backup)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup.postgres import PostgresToolFailed
from core.backup.restore import RestoreRefused, archive_check, restore_archive, target_findings
from core.backup.rules import result_table


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and storage, and verify it."

    def handle(self, *args, archive, **options):
        path, started = Path(archive), time.monotonic()
        self.stderr.write(f"Checking {path} against its manifest...")
        try:
            manifest = archive_check(path)
            refusals = target_findings(manifest)
            if refusals:
                raise RestoreRefused(refusals)
            result = restore_archive(path=path, manifest=manifest, progress=self.stderr.write)
        except RestoreRefused as refused:
            lines = "\n".join(f"  - {finding}" for finding in refused.findings)
            raise CommandError(f"Restore refused:\n{lines}", returncode=1) from refused
        except PostgresToolFailed as failure:
            raise CommandError(str(failure), returncode=1) from failure
        self.stdout.write(result_table(result))
        self.stdout.write(f"Checked, restored and verified in {time.monotonic() - started:.1f} s")
        if not result.ok:
            raise CommandError("The restored portal does not verify.", returncode=1)

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A tar written by `manage.py backup`.")
