"""An enterprise's portfolio on top of the demo, in bulk, for bench/scale.py.

At factor 1: 2,000 systems (bench/data.py's generator: every tier, stage and AI Act
category, classified, with their controls), 50,000 risks (the same module's),
100,000 incidents with their clocks, 300,000 deadlines in all, 20,000 gate requests
with their artifacts, 500 vendors with products and assessments, and 5,000,000
audit events in a valid chain (bench/audit_rows.py). The demo's own people own and
act on much of it, so the pages they live on grow with it.

Bulk inserts and COPY bypass the services on purpose: a throw-away database for
timing reads, never the portal's own.

    from bench.scale_data import build_enterprise
    seconds_by_kind = build_enterprise(factor=0.1)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection

from bench import data
from bench.scale_data import audit, records, suppliers

# Counts at factor 1, as issue 21 names them.
SYSTEMS = 2_000
RISKS = 50_000
INCIDENTS = 100_000
DEADLINES = 300_000
GATE_REQUESTS = 20_000
VENDORS = 500
AUDIT_EVENTS = 5_000_000


@dataclass(frozen=True)
class Counts:
    """What one factor asks for; deadlines are the incidents' clocks and the risks'
    review and mitigation dates, topped up with systems' reviews to the total."""

    systems: int
    risks: int
    incidents: int
    deadlines: int
    gate_requests: int
    vendors: int
    audit_events: int

    @classmethod
    def at(cls, factor: float) -> Counts:
        def scaled(n: int) -> int:
            return max(1, round(n * factor))

        return cls(
            scaled(SYSTEMS),
            scaled(RISKS),
            scaled(INCIDENTS),
            scaled(DEADLINES),
            scaled(GATE_REQUESTS),
            scaled(VENDORS),
            scaled(AUDIT_EVENTS),
        )


def _timed(took: dict[str, float], kind: str, build: Callable[[], object]) -> None:
    start = time.perf_counter()
    build()
    took[kind] = time.perf_counter() - start
    print(f"  {kind:<28}{took[kind]:>8.1f} s", flush=True)


def build_enterprise(factor: float = 1.0) -> dict[str, float]:
    """Add the enterprise set at `factor` to whatever is there (the demo); returns the
    seconds each kind took to build, ANALYZE included."""
    counts, took = Counts.at(factor), {}
    admin = data.admin_user()
    people = records.demo_people()
    have_systems = data.AISystem.objects.count()
    _timed(took, "systems", lambda: _systems(have_systems + counts.systems, admin))
    have_risks = records.Risk.objects.count()
    _timed(took, "risks", lambda: data.load_risks(have_risks + counts.risks, actor=people.board))
    clocks: list[int] = []
    _timed(
        took,
        "incidents + clocks",
        lambda: clocks.append(records.load_incidents(counts.incidents, people)),
    )
    wanted = counts.deadlines - clocks[0]
    _timed(took, "other deadlines", lambda: records.load_deadlines(wanted, people))
    _timed(
        took,
        "gate requests + artifacts",
        lambda: suppliers.load_gate_requests(counts.gate_requests, people),
    )
    _timed(took, "vendors", lambda: suppliers.load_vendors(counts.vendors, people))
    _timed(took, "audit events", lambda: audit.load_audit_events(counts.audit_events, people))
    _timed(took, "analyze", _analyze)
    took["total"] = sum(took.values())
    return took


def _systems(total: int, admin) -> None:
    data.load_systems(total, actor=admin)
    records.share_with_demo_teams()


def _analyze() -> None:
    """Statistics and visibility as a live database has them: autovacuum visits a table
    after a bulk insert, so counts read indexes only. (Inside a transaction, as in the
    generator's test, VACUUM cannot run: statistics alone.)"""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
