"""The clock sweep's budget of DESIGN.md section 8, measured in one run.

    .venv/bin/python bench/clock_sweep.py [--runs 50] [--strict]

Creates a throw-away database (aigov_bench_clocks) on the same server and fills it
with 100,000 open deadlines (1,000 of them past a warning threshold, the rest due
over the coming year) and 50,000 met ones. Then it times:

  - the sweep's query: claim one batch (FOR UPDATE SKIP LOCKED) of the crossed rows;
  - an idle sweep: the whole `deadlines_sweep_run` when nothing has crossed (the
    cost paid every minute of every quiet day);
  - the baseline, defined here: the same batch of rows fetched by primary key.

It prints medians, the ratios against the baseline, the EXPLAIN of the sweep's query
(which must be an index scan on `deadline_next_alert_open`), and one full sweep that
sends the 1,000 alerts. Budget: the sweep's query under 50 ms. Exits non-zero only
with --strict.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["AIGOV_TEST_DB"] = "aigov_bench_clocks"  # the "test" database below is ours alone

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.harness import run_in_throwaway_database  # noqa: E402
from core.clocks.sweep import BATCH_SIZE, deadlines_due, deadlines_sweep_run  # noqa: E402
from core.models import Deadline, Team  # noqa: E402

OPEN, CROSSED, MET = 100_000, 1_000, 50_000
BUDGET_MS = 50.0
INDEX = "deadline_next_alert_open"


class Rollback(Exception):
    """Leaves a timed transaction without keeping its locks or writes."""


def load(now) -> float:
    """Insert the deadlines in three SQL statements; return the seconds it took."""
    from bench import data

    start = time.perf_counter()
    owner = data.admin_user()
    team, _ = Team.objects.get_or_create(name="Bench clocks", slug="bench-clocks")
    ids = (ContentType.objects.get_for_model(Team).pk, owner.pk)
    with connection.cursor() as cursor:
        for first, count, due, next_alert, met in (
            # crossed: due in 2 days, the 3-day warning has come
            (
                1,
                CROSSED,
                "n * interval '1 second' + interval '2 days'",
                "due - interval '3 days'",
                "NULL",
            ),
            # the rest of the open ones: due over the coming year, first warning ahead
            (
                CROSSED + 1,
                OPEN - CROSSED,
                "interval '15 days' + (n % 350) * interval '1 day'",
                "due - interval '14 days'",
                "NULL",
            ),
            # met: no next alert, outside the sweep's partial index
            (OPEN + 1, MET, "-(n % 700) * interval '1 day'", "NULL", "now"),
        ):
            cursor.execute(
                _insert_sql(now.isoformat(), ids, range(first, first + count), due, next_alert, met)
            )
        cursor.execute("ANALYZE")  # plans as a live database would have them
    return time.perf_counter() - start


def _insert_sql(now: str, ids: tuple[int, int], numbers: range, due, next_alert, met) -> str:
    """Generated rows, no parameters (so `%` is SQL's modulo); every value is ours."""
    content_type, owner = ids
    met = f"'{now}'::timestamptz" if met == "now" else met
    return f"""
        INSERT INTO {Deadline._meta.db_table} (subject_type_id, subject_id, label, link,
            kind, due_at, warn_before, escalate_after, owner_id, escalation_role, escalation_roles,
            notified, next_alert_at, met_at, created_at)
        SELECT {content_type}, n::text, 'Review of BENCH-' || n, '', 'bench_review', due,
            ARRAY[interval '14 days', interval '3 days'], interval '1 day', {owner},
            'board', '{{}}', '{{}}', {next_alert}, {met}, '{now}'::timestamptz
        FROM (SELECT n, '{now}'::timestamptz + {due} AS due
              FROM generate_series({numbers.start}, {numbers.stop - 1}) AS n) AS generated
    """


def median_ms(work: Callable[[], object], runs: int) -> float:
    """Median milliseconds of `work` in a transaction that is rolled back each time."""
    samples = []
    for _ in range(runs):
        try:
            with transaction.atomic():
                start = time.perf_counter()
                work()
                samples.append((time.perf_counter() - start) * 1000)
                raise Rollback
        except Rollback:
            pass
    return statistics.median(samples)


def explain(now) -> str:
    try:
        with transaction.atomic():
            plan = deadlines_due(now)[:BATCH_SIZE].explain(analyze=True, buffers=True)
            raise Rollback
    except Rollback:
        return plan


def run(runs: int) -> list[str]:
    now = timezone.now()
    print(f"Loading {OPEN:,} open and {MET:,} met deadlines ... {load(now):.1f} s")
    batch_ids = list(
        Deadline.objects.filter(next_alert_at__lte=now)
        .order_by("next_alert_at")
        .values_list("pk", flat=True)[:BATCH_SIZE]
    )
    timings = {
        "sweep query": median_ms(lambda: list(deadlines_due(now)[:BATCH_SIZE]), runs),
        "idle sweep": median_ms(lambda: deadlines_sweep_run(now=now - timedelta(days=1)), runs),
        "baseline": median_ms(lambda: list(Deadline.objects.filter(pk__in=batch_ids)), runs),
    }
    plan = explain(now)
    return report(timings, plan, full_sweep_seconds(now))


def full_sweep_seconds(now) -> tuple[int, float]:
    start = time.perf_counter()
    sent = deadlines_sweep_run(now=now)
    return sent, time.perf_counter() - start


def report(timings: dict[str, float], plan: str, full: tuple[int, float]) -> list[str]:
    base = timings["baseline"]
    print(f"\n{'measure':<14}{'median ms':>11}{'x baseline':>12}")
    for name, ms in timings.items():
        print(f"{name:<14}{ms:>11.2f}{ms / base if base else float('inf'):>12.2f}")
    print(f"\nEXPLAIN of the sweep's query (one batch of {BATCH_SIZE}):\n{plan}")
    sent, seconds = full
    print(f"\nOne full sweep sending {sent:,} alerts: {seconds:.2f} s")
    failed = []
    for name in ("sweep query", "idle sweep"):
        ok = timings[name] <= BUDGET_MS
        print(f"{name} {timings[name]:.2f} ms, budget {BUDGET_MS:.0f} ms: {'ok' if ok else 'OVER'}")
        failed += [] if ok else [name]
    uses_index = f"Index Scan using {INDEX}" in plan and "Seq Scan" not in plan
    print(f"index scan on {INDEX}: {'yes' if uses_index else 'NO'}")
    return failed + ([] if uses_index else ["the sweep's query is not an index scan"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=50, help="timed runs per measure")
    parser.add_argument("--strict", action="store_true", help="exit 1 when over a budget")
    args = parser.parse_args(argv)
    return run_in_throwaway_database(lambda: run(args.runs), strict=args.strict)


if __name__ == "__main__":
    sys.exit(main())
