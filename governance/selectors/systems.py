"""The registry's systems as governance's CSV import and API name them: by system ID."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from registry.models import AISystem


def systems_named(systems: QuerySet[AISystem], system_ids: Iterable[str]):
    """The systems of `systems` with these IDs, each once, and the problem in words that
    names the IDs not among them ("" when every one is): one query."""
    wanted = list(dict.fromkeys(system_ids))
    found = list(systems.filter(system_id__in=wanted))
    unknown = sorted(set(wanted) - {s.system_id for s in found})
    return found, f"No such system: {', '.join(unknown)}." if unknown else ""
