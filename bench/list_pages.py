"""List-page budgets of DESIGN.md section 8, measured in one run against its own baseline.

    .venv/bin/python bench/list_pages.py [--runs 50] [--strict] [--queries]

Creates a throw-away database (aigov_bench) on the same server, fills the
registry with 100 classified systems and then with 10,000, and times, with
Django's test client logged in as an administrator:

  - the /systems/ list page (first page, 50 rows) and /api/v1/systems/;
  - a bare `.values()` JSON view of the same 50 rows (the baseline, defined here).

It prints medians, query counts and the ratios against the budgets: a page
within 3x of the baseline, within 1.3x of the same page at 100 rows, and at
most 8 queries whatever the row count. Exits non-zero only with --strict.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["AIGOV_TEST_DB"] = "aigov_bench"  # the "test" database below is ours alone

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, include, path, reverse  # noqa: E402

from bench import data  # noqa: E402
from bench.harness import run_in_throwaway_database  # noqa: E402

BASELINE_FIELDS = (
    "system_id",
    "name",
    "owner_team__name",
    "lifecycle_stage",
    "risk_score",
    "risk_tier",
    "ai_act_category",
    "gate_status",
)
PAGE_ROWS = 50
BUDGET_VS_BASELINE = 3.0
BUDGET_VS_SMALL = 1.3
BUDGET_QUERIES = 8


def baseline_view(request):
    """The floor: the same 50 rows as bare dicts, no permissions, no template."""
    from registry.models import AISystem

    rows = AISystem.objects.order_by("system_id").values(*BASELINE_FIELDS)[:PAGE_ROWS]
    return JsonResponse({"results": list(rows)})


# This module is the bench's urlconf: the portal's URLs plus the baseline.
urlpatterns = [
    path("bench/values/", baseline_view, name="bench_values"),
    path("", include("config.urls")),
]


class QueryCounter:
    """Counts (and times) every SQL statement the request runs, sessions and auth included."""

    def __init__(self):
        self.queries: list[tuple[float, str]] = []

    @property
    def count(self) -> int:
        return len(self.queries)

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - start) * 1000, sql))


@dataclass
class Timing:
    median_ms: float
    queries: int
    status: int
    sql: list[tuple[float, str]]


def timed_get(client: Client, url: str) -> float:
    start = time.perf_counter()
    client.get(url)
    return (time.perf_counter() - start) * 1000


def profile(client: Client, url: str) -> tuple[int, QueryCounter]:
    """Warm up (caches, templates, connection), then count one request's queries."""
    for _ in range(3):
        client.get(url)
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response = client.get(url)
    return response.status_code, counter


def targets() -> dict[str, str]:
    try:
        page = reverse("registry:system_list")
    except NoReverseMatch:
        page = "/systems/"
    return {"page": page, "api": "/api/v1/systems/", "baseline": "/bench/values/"}


def measure_all(client: Client, runs: int) -> dict[str, Timing]:
    """Time the views in interleaved rounds, so that a load spike on the machine
    hits the page, the API and the baseline alike."""
    urls = targets()
    profiles = {name: profile(client, url) for name, url in urls.items()}
    samples: dict[str, list[float]] = {name: [] for name in urls}
    for _ in range(runs):
        for name, url in urls.items():
            samples[name].append(timed_get(client, url))
    return {
        name: Timing(statistics.median(samples[name]), counter.count, status, counter.queries)
        for name, (status, counter) in profiles.items()
    }


def ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def report(small: dict[str, Timing], large: dict[str, Timing]) -> list[str]:
    """Print the table and the budget checks; return the failed checks."""
    print(f"\n{'view':<10}{'rows':>8}{'median ms':>12}{'queries':>9}{'status':>8}")
    for rows, results in ((100, small), (10_000, large)):
        for name, t in results.items():
            print(f"{name:<10}{rows:>8}{t.median_ms:>12.2f}{t.queries:>9}{t.status:>8}")
    base = large["baseline"].median_ms
    checks = []
    for name in ("page", "api"):
        checks += [
            (f"{name} 10k / baseline", ratio(large[name].median_ms, base), BUDGET_VS_BASELINE),
            (
                f"{name} 10k / {name} 100",
                ratio(large[name].median_ms, small[name].median_ms),
                BUDGET_VS_SMALL,
            ),
            (f"{name} queries at 10k", large[name].queries, BUDGET_QUERIES),
        ]
    print(f"\n{'check':<26}{'value':>8}{'budget':>8}  result")
    failed = []
    for label, value, budget in checks:
        ok = value <= budget
        print(f"{label:<26}{value:>8.2f}{budget:>8.1f}  {'ok' if ok else 'OVER'}")
        failed += [] if ok else [label]
    for name in ("page", "api"):
        same = small[name].queries == large[name].queries
        print(
            f"{name} queries 100 vs 10k: {small[name].queries} vs {large[name].queries}"
            f"  {'same' if same else 'DIFFERENT'}"
        )
        failed += [] if same else [f"{name} query count grows with rows"]
        if large[name].status != 200:
            failed.append(f"{name} answered {large[name].status}")
    return failed


def show_queries(results: dict[str, Timing]) -> None:
    """Each statement of one request at 10,000 rows, slowest first."""
    for name in ("page", "api"):
        print(f"\nSQL of {name} at 10,000 rows:")
        for ms, sql in sorted(results[name].sql, reverse=True):
            print(f"  {ms:7.2f} ms  {' '.join(sql.split())[:150]}")


def run(runs: int, queries: bool = False) -> list[str]:
    settings.ROOT_URLCONF = sys.modules[__name__]
    settings.DEBUG = False  # no query log, no template debug: as served
    logging.getLogger("django.request").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise, no collectstatic
    admin = data.admin_user()
    client = Client()
    client.force_login(admin)
    print(f"Loading 100 systems ... {data.load_systems(100, actor=admin):.1f} s")
    small = measure_all(client, runs)
    print(f"Loading 9,900 more ... {data.load_systems(10_000, actor=admin):.1f} s")
    large = measure_all(client, runs)
    if queries:
        show_queries(large)
    return report(small, large)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=50, help="timed requests per view")
    parser.add_argument("--strict", action="store_true", help="exit 1 when over a budget")
    parser.add_argument("--queries", action="store_true", help="print each query at 10k rows")
    args = parser.parse_args(argv)
    return run_in_throwaway_database(
        lambda: run(args.runs, queries=args.queries), strict=args.strict
    )


if __name__ == "__main__":
    sys.exit(main())
