from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "AI system registry"

    def ready(self) -> None:
        from core.deadline_list import deadline_kind_register
        from core.navigation import NavEntry, register_nav_entry
        from registry import audit_display, permissions  # noqa: F401 - registers the rules
        from registry.classification_selectors import review_queue_count_for
        from registry.gate_selectors import REMEDIATION_KIND
        from registry.review_selectors import PROPOSAL_WAIT_KIND, SYSTEM_REVIEW_KIND

        audit_display.register()
        deadline_kind_register(SYSTEM_REVIEW_KIND, "System review")
        deadline_kind_register(PROPOSAL_WAIT_KIND, "Classification proposal waiting")
        deadline_kind_register(REMEDIATION_KIND, "Gate remediation plan")
        register_nav_entry(
            NavEntry(
                "Review queue",
                "registry:review_queue",
                "registry.classification.review_queue",
                count=review_queue_count_for,
            )
        )
