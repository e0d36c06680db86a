from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Compliance"

    def ready(self) -> None:
        from compliance import permissions  # noqa: F401 - registers the rules
        from compliance.contributions import contributions_register

        contributions_register()
