from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal kernel"

    def ready(self) -> None:
        from core import auth, permissions  # noqa: F401 - registers login signals and rules
