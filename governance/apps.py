from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance board"

    def ready(self) -> None:
        from governance import contributions, permissions  # noqa: F401 - registers the rules

        contributions.contributions_register()
