"""Add (or update) a person at the provider, with the groups it sends for them."""

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "A person who signs in at the provider: username, password, name, groups."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--group", action="append", default=[])

    def handle(self, *args, **options):
        person, _ = User.objects.update_or_create(
            username=options["username"],
            defaults={
                "email": options["email"],
                "first_name": options["first_name"],
                "last_name": options["last_name"],
            },
        )
        person.set_password(options["password"])
        person.save()
        person.groups.set(Group.objects.get_or_create(name=n)[0] for n in options["group"])
