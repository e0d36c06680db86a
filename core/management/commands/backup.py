"""`manage.py backup OUT.tar`: the database, the evidence, the packs and the signing
certificate in one archive with a manifest of every file's SHA-256 (core.backup)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup.archive import backup_make
from core.backup.postgres import PostgresToolFailed


class Command(BaseCommand):
    help = "Write the whole portal to one tar archive; progress on stderr."

    def add_arguments(self, parser):
        parser.add_argument("out", help="The archive to write (e.g. portal-2026-12-07.tar).")
        parser.add_argument(
            "--with-signing-key",
            action="store_true",
            help="Include the pack-signing private key (keep the archive as secret as the key).",
        )

    def handle(self, *args, out, with_signing_key, **options):
        def progress(line: str) -> None:
            self.stderr.write(line)
            self.stderr.flush()

        try:
            made = backup_make(out=Path(out), with_signing_key=with_signing_key, progress=progress)
        except (PostgresToolFailed, FileNotFoundError) as failure:
            raise CommandError(str(failure), returncode=1) from failure
        files = ", ".join(f"{name}: {count} files" for name, count in made.files.items())
        head = made.audit_head
        self.stdout.write(
            f"Backup written: {made.path} ({made.archive_bytes} bytes; database dump "
            f"{made.database_bytes} bytes; {files}) in {made.seconds:.1f} s\n"
            f"Audit chain head: #{head['seq']} {head['hash']}"
        )
        sys.stdout.flush()
