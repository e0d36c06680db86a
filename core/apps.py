from django.apps import AppConfig

from core.control_characters import text_inputs_refuse_control_characters

# Before any app's models, admin, forms or serializers are imported: a field built at
# import time takes its class's default validators then (core.control_characters).
text_inputs_refuse_control_characters()


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal kernel"

    def ready(self) -> None:
        from core import auth, permissions  # noqa: F401 - registers login signals and rules
        from core.deadline_list import deadline_kind_register
        from core.evidence.services import EXPIRY_KIND

        deadline_kind_register(EXPIRY_KIND, "Evidence expiry")
