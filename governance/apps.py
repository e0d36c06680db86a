from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance board"

    def ready(self) -> None:
        from core.navigation import NavEntry, register_nav_entry
        from governance import audit_display_board, permissions  # noqa: F401 - registers the rules

        audit_display_board.register()

        register_nav_entry(NavEntry("Board", "governance:board", "governance.board.view"))
        register_nav_entry(
            NavEntry("Review sessions", "governance:session_list", "governance.session.view")
        )
