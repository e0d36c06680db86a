"""Ten years of the enterprise's audit events, chained after the demo's, by COPY
(bench/audit_rows.py), about its systems, risks and incidents, by the demo's people.

The trigram index on `object_repr` (the trail's "Object" search) is dropped before
the COPY and built again after it: one build over the table is faster than keeping a
GIN index up to date row by row (see README, "At an enterprise's size")."""

from __future__ import annotations

import time

from django.db import connection
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat

from bench.audit_rows import audit_events_copy
from bench.scale_data.records import People
from core.models import AuditEvent
from governance.models import Risk
from incidents.models import Incident
from registry.models import AISystem

TRIGRAM_INDEX = "audit_repr_trgm"


def subjects() -> list[tuple[str, str, str]]:
    """(object_type, object_id, object_repr) of every system, risk and incident, as
    `audit_record` names them."""
    kinds = (
        ("registry.aisystem", AISystem, "system_id", "name"),
        ("governance.risk", Risk, "risk_id", "title"),
        ("incidents.incident", Incident, "incident_id", "title"),
    )
    found = []
    for label, model, code, title in kinds:
        rows = model.objects.order_by("pk").values_list(
            Cast("pk", CharField()), Concat(F(code), Value(" "), F(title))
        )
        found += [(label, pk, name[:200]) for pk, name in rows]
    return found


def _trigram_index():
    return next(i for i in AuditEvent._meta.indexes if i.name == TRIGRAM_INDEX)


def load_audit_events(count: int, people: People, *, keep_index: bool = False) -> dict:
    """Append `count` events; returns the seconds of the COPY and of the index build."""
    actors = [(u.pk, u.email) for u in people.everyone]
    took = {}
    if not keep_index:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
    start = time.perf_counter()
    audit_events_copy(count=count, subjects=subjects(), actors=actors)
    took["copy"] = time.perf_counter() - start
    if not keep_index:
        start = time.perf_counter()
        with connection.cursor() as cursor:
            # Inside a caller's transaction (the generator's test), PostgreSQL builds no
            # index on a table with foreign key checks still pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with connection.schema_editor() as editor:
            editor.add_index(AuditEvent, _trigram_index())
        took["trigram index"] = time.perf_counter() - start
    print(f"    ({', '.join(f'{k} {v:.1f} s' for k, v in took.items())})", flush=True)
    return took
