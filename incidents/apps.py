from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents and regulatory clocks"

    def ready(self) -> None:
        from core.deadline_list import deadline_kind_register
        from incidents import permissions  # noqa: F401 - registers the rules
        from incidents.clock_kinds import CLOCK_KIND_NAMES, deadline_kind

        for kind, name in CLOCK_KIND_NAMES.items():
            deadline_kind_register(deadline_kind(kind), name)
        # The pages' part (INCIDENTS-WEB): who notifies which audience, the navigation,
        # the system page's panel and its change guard.
        from incidents import permissions_notifications, web  # noqa: F401

        web.register()
        # Art. 73 clocks follow the system's AI Act category (registry calls core).
        from core.category_listeners import register_ai_act_category_listener
        from incidents.services.category import incidents_follow_ai_act_category

        register_ai_act_category_listener("incidents.art73", incidents_follow_ai_act_category)
