from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents and regulatory clocks"

    def ready(self) -> None:
        from incidents import contributions, permissions  # noqa: F401 - registers the rules

        contributions.contributions_register()
