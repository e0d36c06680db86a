"""`manage.py audit_verify`: walk the audit chain and name the first broken link."""

from django.core.management.base import BaseCommand

from core.audit import audit_verify


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exit 1 and name the first broken seq if not."

    def handle(self, *args, **options):
        report = audit_verify()
        if not report.ok:
            self.stdout.write(f"BROKEN at seq {report.first_broken_seq}: {report.problem}")
            raise SystemExit(1)
        self.stdout.write(f"OK: {report.checked} events verified")
