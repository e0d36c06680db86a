from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "AI system registry"

    def ready(self) -> None:
        from core.navigation import NavEntry, register_nav_entry
        from registry import audit_display, permissions  # noqa: F401 - registers the rules
        from registry.classification_selectors import review_queue_count_for

        audit_display.register()
        register_nav_entry(
            NavEntry(
                "Review queue",
                "registry:review_queue",
                "registry.classification.review_queue",
                count=review_queue_count_for,
            )
        )
