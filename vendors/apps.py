from django.apps import AppConfig


class VendorsConfig(AppConfig):
    name = "vendors"
    verbose_name = "Vendor (third-party AI) risk"

    def ready(self) -> None:
        from core.deadline_list import deadline_kind_register
        from vendors import permissions  # noqa: F401 - registers the rules
        from vendors.clock_kinds import REASSESSMENT, REMEDIATION

        deadline_kind_register(REASSESSMENT, "Vendor re-assessment")
        deadline_kind_register(REMEDIATION, "Vendor remediation plan")
