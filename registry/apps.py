from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "AI system registry"

    def ready(self) -> None:
        from registry import contributions, permissions  # noqa: F401 - registers the rules

        contributions.contributions_register()
