from django.apps import AppConfig


class VendorsConfig(AppConfig):
    name = "vendors"
    verbose_name = "Vendor (third-party AI) risk"

    def ready(self) -> None:
        from vendors import permissions  # noqa: F401 - registers the rules
        from vendors.contributions import contributions_register

        contributions_register()
