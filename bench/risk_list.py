"""The risk register's list budgets (DESIGN.md section 8), in one run against its own
baseline, as bench/list_pages.py measures the system list.

    .venv/bin/python bench/risk_list.py [--runs 50] [--strict] [--queries]

In a throw-away database (aigov_bench): 100 systems, then 100 risks and then 10,000,
each linked to one or two systems. Times /risks/ (50 rows) and
/api/v1/risks/ against a bare `.values()` JSON view of the same 50 rows, and prints
the ratios: a page within 3x of the baseline, within 1.3x of the same page at 100
risks, at most 8 queries and the same count at 100 and 10,000 rows.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.http import JsonResponse  # noqa: E402

from bench import list_pages  # noqa: E402 - sets up Django and the bench database
from bench.harness import run_in_throwaway_database  # noqa: E402
from bench.list_pages import data, include, path, settings  # noqa: E402

BASELINE_FIELDS = (
    "risk_id",
    "title",
    "category",
    "inherent_level",
    "inherent_score",
    "residual_level",
    "residual_score",
    "owner_team__name",
    "next_review",
    "mitigation_due",
    "status",
)


def baseline_view(request):
    """The floor: the same 50 rows as bare dicts, no permissions, no template."""
    from governance.models import Risk

    rows = Risk.objects.order_by("risk_id").values(*BASELINE_FIELDS)[: list_pages.PAGE_ROWS]
    return JsonResponse({"results": list(rows)})


urlpatterns = [
    path("bench/values/", baseline_view, name="bench_values"),
    path("", include("config.urls")),
]


def targets() -> dict[str, str]:
    return {"page": "/risks/", "api": "/api/v1/risks/", "baseline": "/bench/values/"}


def run(runs: int, queries: bool = False) -> list[str]:
    list_pages.targets = targets  # the system list's bench, pointed at the register
    settings.ROOT_URLCONF = sys.modules[__name__]
    settings.DEBUG = False  # as served
    list_pages.logging.getLogger("django.request").setLevel(list_pages.logging.ERROR)
    list_pages.warnings.filterwarnings("ignore", message="No directory at")
    admin = data.admin_user()
    client = list_pages.Client()
    client.force_login(admin)
    data.load_systems(100, actor=admin)
    print(f"Loading 100 risks ... {data.load_risks(100, actor=admin):.1f} s")
    small = list_pages.measure_all(client, runs)
    print(f"Loading 9,900 more ... {data.load_risks(10_000, actor=admin):.1f} s")
    large = list_pages.measure_all(client, runs)
    if queries:
        list_pages.show_queries(large)
    print("\nRisk register (the 'rows' column counts risks):")
    return list_pages.report(small, large)


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
