"""`manage.py reviews_schedule --as admin@example.com`: open the review deadline of every
classified system that has none (systems classified before reviews ran on the clocks)."""

from django.core.management.base import BaseCommand, CommandError

from core.models import User
from registry.services.reviews import system_reviews_schedule_missing


class Command(BaseCommand):
    help = "Open missing system review deadlines, acting as the named administrator."

    def add_arguments(self, parser):
        parser.add_argument("--as", dest="email", required=True, help="An administrator's e-mail.")

    def handle(self, *args, email: str, **options):
        actor = User.objects.filter(email__iexact=email, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user {email}.")
        opened = system_reviews_schedule_missing(actor=actor)
        self.stdout.write(f"Opened {len(opened)} review deadline(s): {', '.join(opened) or '-'}")
