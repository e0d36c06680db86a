"""What the governance lists' filters share: a text box in the list kit's plain widget
(a pick-list is core's PlainChoiceFilter, the `q` box core's WordSearchFilter)."""

from __future__ import annotations

import django_filters

from core.widgets import PlainTextInput


def text(label: str, method: str, max_length: int = 200) -> django_filters.CharFilter:
    return django_filters.CharFilter(
        label=label, method=method, max_length=max_length, widget=PlainTextInput
    )
