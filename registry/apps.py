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
        from registry.services.not_gated import RETROACTIVE_REVIEW_KIND

        audit_display.register()
        _vendor_hooks_register()
        deadline_kind_register(SYSTEM_REVIEW_KIND, "System review")
        deadline_kind_register(PROPOSAL_WAIT_KIND, "Classification proposal waiting")
        deadline_kind_register(REMEDIATION_KIND, "Gate remediation plan")
        deadline_kind_register(RETROACTIVE_REVIEW_KIND, "Retroactive gate review (not gated)")
        register_nav_entry(
            NavEntry("Portfolio", "registry:portfolio", "registry.system.view", position=10)
        )
        register_nav_entry(
            NavEntry("AI systems", "registry:system_list", "registry.system.view", position=20)
        )
        register_nav_entry(
            NavEntry(
                "Review queue",
                "registry:review_queue",
                "registry.classification.review_queue",
                count=review_queue_count_for,
                position=50,
            )
        )


def _vendor_hooks_register() -> None:
    """Vendors cannot import registry: registry gives it the function that warns the
    owners of systems using a product that must be re-assessed, and the vendor page's
    panel of dependent systems."""
    from core.panels import Panel, register_panel
    from registry.services.vendor_links import product_dependents_warn
    from vendors.contributions import product_dependents_notify_register

    product_dependents_notify_register(product_dependents_warn)
    register_panel(
        Panel(
            "vendors.vendor_detail",
            "Systems using its products",
            "registry:product_dependents_panel",
            "registry.system.view",
        )
    )
