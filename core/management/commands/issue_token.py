"""`manage.py issue_token EMAIL [--name NAME]`: a new API token for a person, printed once."""

from django.core.management.base import BaseCommand, CommandError

from core.models import User
from core.permissions import CONSOLE
from core.services import api_token_issue


class Command(BaseCommand):
    help = "Issue an API token for the user with this e-mail and print its key (shown once)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="Issued with manage.py", help="What it is for.")

    def handle(self, *args, email: str, name: str, **options):
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with the e-mail {email}.")
        issued = api_token_issue(actor=CONSOLE, user=user, name=name)
        self.stdout.write(issued.key)
