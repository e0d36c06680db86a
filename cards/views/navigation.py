"""The cards app's entries in the bar's "Systems" menu, beside the systems whose models
the cards describe (core.navigation; registered from CardsConfig.ready)."""

from __future__ import annotations


def navigation_register() -> None:
    from core.navigation import NavEntry, register_nav_entry

    register_nav_entry(
        NavEntry("Model cards", "cards:card_list", "cards.model.view", position=15, group="Systems")
    )
    register_nav_entry(
        NavEntry(
            "Datasets", "cards:dataset_list", "cards.dataset.view", position=16, group="Systems"
        )
    )
