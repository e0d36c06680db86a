"""What the governance lists' filters share: a choice and a text box, each in the list
kit's plain widgets (the `q` box is core's WordSearchFilter)."""

from __future__ import annotations

import django_filters

from core.widgets import PlainSelect, PlainTextInput


def choice(label: str, choices, **kwargs) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(label=label, choices=choices, widget=PlainSelect, **kwargs)


def text(label: str, method: str, max_length: int = 200) -> django_filters.CharFilter:
    return django_filters.CharFilter(
        label=label, method=method, max_length=max_length, widget=PlainTextInput
    )
