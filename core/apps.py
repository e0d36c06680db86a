from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal kernel"

    def ready(self) -> None:
        from core import auth, permissions  # noqa: F401 - registers login signals and rules
        from core.deadline_list import deadline_kind_register
        from core.evidence.services import EXPIRY_KIND

        deadline_kind_register(EXPIRY_KIND, "Evidence expiry")
