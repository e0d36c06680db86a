"""What the governance lists' cells share: a page's URL around its key, reversed once
rather than once a row, and a date or a time as ISO 8601 for the API."""

from __future__ import annotations

import functools

from django.urls import reverse

SAMPLE = "987654321"  # a key no URL pattern of the portal refuses (digits)


@functools.cache
def _url_parts(name: str, sample: str) -> tuple[str, str]:
    return tuple(reverse(name, args=[sample]).split(sample))


def url_of(name: str, key, *, sample: str = SAMPLE) -> str:
    """The URL named `name` for `key` (already safe in a path: an id, a quoted ID);
    `sample` is a key its pattern accepts (e.g. "RISK-0" for a risk ID)."""
    start, end = _url_parts(name, sample)
    return f"{start}{key}{end}"


def iso(key: str):
    """A column's value: the row's date or time at `key` in ISO 8601, None for none."""
    return lambda row, _context: row[key].isoformat() if row[key] else None
