"""Compliance's entries in the bar: the board's matrix and the framework library, in the
"Governance" menu beside the board and its risk register (core.navigation; registered
from compliance.contributions). A menu of their own would be a sixth area of the bar,
which keeps to five so it fits one line (tests/core/test_navigation.py)."""

from __future__ import annotations


def navigation_register() -> None:
    from core.navigation import NavEntry, register_nav_entry

    for label, url_name, position in (
        ("Compliance matrix", "compliance:matrix", 63),
        ("Compliance frameworks", "compliance:framework_list", 64),
    ):
        register_nav_entry(
            NavEntry(label, url_name, "compliance.view", position=position, group="Governance")
        )
