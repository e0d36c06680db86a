"""Register (or update) the portal as the provider's one confidential client, with the
addresses it may send the browser back to after a sign-in and after a sign-out."""

from django.core.management.base import BaseCommand
from oidc_provider.models import Client, ResponseType


class Command(BaseCommand):
    help = "Register the portal as a client: its id, secret, redirect and post-logout URIs."

    def add_arguments(self, parser):
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--secret", required=True)
        parser.add_argument("--redirect-uri", action="append", required=True)
        # RP-Initiated Logout: django-oidc-provider's end-session sends the browser back
        # only to one of these, and asks the person first for any other.
        parser.add_argument("--post-logout-redirect-uri", action="append", default=[])

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
                "post_logout_redirect_uris": options["post_logout_redirect_uri"],
            },
        )
        client.response_types.set(ResponseType.objects.filter(value="code"))
