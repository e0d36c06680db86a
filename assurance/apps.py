from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "assurance"
    verbose_name = "Assurance"

    def ready(self) -> None:
        from assurance import permissions  # noqa: F401 - registers the rules
        from assurance.contributions import contributions_register

        contributions_register()
