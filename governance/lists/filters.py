"""What the governance lists' filters share: a choice, a text box, and the words search
every list has (`q`: every word in one of the fields, case ignored)."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from core.widgets import PlainSelect, PlainTextInput


def choice(label: str, choices, **kwargs) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(label=label, choices=choices, widget=PlainSelect, **kwargs)


def text(label: str, method: str, max_length: int = 200) -> django_filters.CharFilter:
    return django_filters.CharFilter(
        label=label, method=method, max_length=max_length, widget=PlainTextInput
    )


def search() -> django_filters.CharFilter:
    """The `q` filter; its filter set's `filter_search` reads it (words_match)."""
    return text("Search", "filter_search")


def words_match(value: str, *fields: str) -> Q:
    """Every word of `value` in one of `fields` (icontains)."""
    found = Q()
    for word in value.split():
        either = Q()
        for name in fields:
            either |= Q(**{f"{name}__icontains": word})
        found &= either
    return found
