from django.apps import AppConfig


class SsoProviderConfig(AppConfig):
    """The test provider's own commands: provider_client, provider_person."""

    name = "tests.sso_provider"
    label = "sso_provider"
