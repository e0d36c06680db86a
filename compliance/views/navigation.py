"""Compliance's entries in the bar: a "Compliance" menu with the board's matrix and the
framework library (core.navigation; registered from compliance.contributions)."""

from __future__ import annotations


def navigation_register() -> None:
    from core.navigation import NavEntry, register_nav_entry

    for label, url_name, position in (
        ("Compliance matrix", "compliance:matrix", 65),
        ("Frameworks", "compliance:framework_list", 66),
    ):
        register_nav_entry(
            NavEntry(label, url_name, "compliance.view", position=position, group="Compliance")
        )
