"""A record's ID in a page's URL (SYS-001, RISK-001), matched by its model's pattern:
anything else is a 404 before the database sees it (a NUL byte would make PostgreSQL
refuse the query). An app subclasses `IdConverter` with the pattern and registers it
(django.urls.register_converter) under the name its routes use."""

from __future__ import annotations


class IdConverter:
    """An ID matched by the subclass's `regex`, passed through as text both ways."""

    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
