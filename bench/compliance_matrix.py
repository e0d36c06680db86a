"""The board's compliance matrix budget (issue 19 must-show), in one run against its own
baseline, as bench/risk_list.py measures the risk register.

    .venv/bin/python bench/compliance_matrix.py [--runs 20] [--strict]

In a throw-away database (aigov_bench): 2,000 classified systems and, for each, a stored
status of every assessable requirement of the current frameworks (the shipped EU AI Act,
NIST AI RMF, ISO/IEC 42001 and GDPR: about 270,000 rows, bulk-inserted). Times the
matrix's read of all 2,000 systems (compliance.selectors.matrix.matrix_for: its rows
with each cell's met and applicable aggregated in the rows' query, and every cell's
percentage as the export writes it) against a bare `.values()` read of the same
statuses, and prints the ratio: within 3x. Also the matrix page (50 rows) with its query
count, for the record.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import list_pages  # noqa: E402 - sets up Django and the bench database
from bench.harness import run_in_throwaway_database  # noqa: E402
from bench.list_pages import data  # noqa: E402

SYSTEMS = 2_000
BUDGET_VS_BASELINE = 3.0
STATUSES = ("met", "met", "partial", "gap", "review_needed", "not_applicable")


def load_statuses(seed: int = SYSTEMS) -> tuple[int, float]:
    """A stored status for every assessable current requirement of every system."""
    from compliance.models import Requirement, StatusSnapshot
    from registry.models import AISystem

    start = time.perf_counter()
    rng = random.Random(seed)
    requirements = list(
        Requirement.objects.filter(framework__is_current=True, assessable=True).values_list(
            "pk", "framework_id"
        )
    )
    rows = [
        StatusSnapshot(
            system_id=system, requirement_id=req, framework_id=fw, status=rng.choice(STATUSES)
        )
        for system in AISystem.objects.values_list("pk", flat=True)
        for req, fw in requirements
    ]
    StatusSnapshot.objects.bulk_create(rows, batch_size=10_000)
    with list_pages.connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return len(rows), time.perf_counter() - start


def matrix_read(admin) -> Callable[[], int]:
    """The matrix of every system, every cell's percentage computed (the export's read)."""
    from compliance.selectors.matrix import matrix_for

    def read() -> int:
        query = matrix_for(admin, {})
        cells = query.api_rows(list(query.rows("exported")))
        return len(cells)

    return read


def baseline_read() -> int:
    """The floor: the same statuses as bare dicts, nothing aggregated, nothing shown."""
    from compliance.models import StatusSnapshot

    rows = StatusSnapshot.objects.filter(framework__is_current=True).values(
        "system_id", "framework_id", "status"
    )
    return len(list(rows))


def median_ms(read: Callable[[], int], runs: int) -> float:
    read()  # warm: connection, plans, the spec's cache
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        read()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def page(admin, runs: int) -> tuple[float, int, int]:
    client = list_pages.Client()
    client.force_login(admin)
    status, counter = list_pages.profile(client, "/compliance/")
    timing = statistics.median(list_pages.timed_get(client, "/compliance/") for _ in range(runs))
    return timing, counter.count, status


def run(runs: int) -> list[str]:
    list_pages.settings.DEBUG = False
    list_pages.logging.getLogger("django.request").setLevel(list_pages.logging.ERROR)
    list_pages.warnings.filterwarnings("ignore", message="No directory at")
    admin = data.admin_user()
    print(f"Loading {SYSTEMS:,} systems ... {data.load_systems(SYSTEMS, actor=admin):.1f} s")
    count, seconds = load_statuses()
    print(f"Loading {count:,} stored statuses ... {seconds:.1f} s")
    matrix = median_ms(matrix_read(admin), runs)
    base = median_ms(baseline_read, runs)
    page_ms, queries, status = page(admin, runs)
    ratio = list_pages.ratio(matrix, base)
    print(f"\n{'read':<34}{'median ms':>10}")
    print(f"{'matrix, 2,000 systems x 4':<34}{matrix:>10.1f}")
    print(f"{'bare .values() of the statuses':<34}{base:>10.1f}")
    print(f"{'matrix page (50 rows)':<34}{page_ms:>10.1f}   {queries} queries, {status}")
    ok = ratio <= BUDGET_VS_BASELINE
    verdict = "ok" if ok else "OVER"
    print(f"\nmatrix / baseline: {ratio:.2f} (budget {BUDGET_VS_BASELINE:.1f})  {verdict}")
    failed = [] if ok else ["matrix / baseline"]
    return failed + ([] if status == 200 else [f"matrix page answered {status}"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="timed reads per measure")
    parser.add_argument("--strict", action="store_true", help="exit 1 when over the budget")
    args = parser.parse_args(argv)
    return run_in_throwaway_database(lambda: run(args.runs), strict=args.strict)


if __name__ == "__main__":
    sys.exit(main())
