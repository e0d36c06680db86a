"""`manage.py verify_pack FILE`: check an audit pack's signature, its evidence and its
audit checkpoint against this portal; exit 0 when all hold, 1 naming what does not."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from governance.services.packs.verify import pack_verify


class Command(BaseCommand):
    help = "Verify an audit pack (PDF): signature, evidence files, audit checkpoint."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The pack's PDF file.")

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        verification = pack_verify(data=data)
        self.stdout.write(f"{path}: {verification.pack_id or 'no pack ID'}")
        for check in verification.checks:
            self.stdout.write(f"{check.name}: {'OK' if check.ok else 'FAILED'}")
            if check.detail:
                self.stdout.write(f"  {check.detail}")
            for finding in check.findings:
                self.stdout.write(f"  - {finding}")
        if not verification.ok:
            raise CommandError(
                "The pack does not verify:\n" + "\n".join(f"- {f}" for f in verification.findings)
            )
        self.stdout.write(self.style.SUCCESS("The pack verifies: all checks hold."))
