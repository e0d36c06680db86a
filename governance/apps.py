from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance board"

    def ready(self) -> None:
        from core.navigation import NavEntry, register_nav_entry
        from core.panels import Panel, register_panel
        from governance import (  # noqa: F401 - registers the rules
            audit_display_board,
            pack_audit_display,
            permissions,
            risk_audit_display,
        )

        audit_display_board.register()
        risk_audit_display.register()
        pack_audit_display.register()

        register_nav_entry(NavEntry("Board", "governance:board", "governance.board.view"))
        register_nav_entry(
            NavEntry("Risk register", "governance:risk_list", "governance.risk.view")
        )
        register_panel(
            Panel(
                slot="registry.system_detail",
                title="Risks",
                url_name="governance:system_risks_panel",
                action="governance.risk.view",
            )
        )
