"""Register (or update) the portal as the provider's one confidential client."""

from django.core.management.base import BaseCommand
from oidc_provider.models import Client, ResponseType


class Command(BaseCommand):
    help = "Register the portal as a client: its id, secret and redirect URIs."

    def add_arguments(self, parser):
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--secret", required=True)
        parser.add_argument("--redirect-uri", action="append", required=True)

    def handle(self, *args, **options):
        client, _ = Client.objects.update_or_create(
            client_id=options["client_id"],
            defaults={
                "name": "AI Governance Portal",
                "client_type": "confidential",
                "client_secret": options["secret"],
                "jwt_alg": "RS256",
                "require_consent": False,  # the organisation's own app: no consent page
                "redirect_uris": options["redirect_uri"],
            },
        )
        client.response_types.set(ResponseType.objects.filter(value="code"))
