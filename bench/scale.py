"""The pages people live on, on the demo and then at an enterprise's size (issue 21).

    .venv/bin/python bench/scale.py [--factor 1] [--runs 15] [--strict]

Creates a throw-away database (aigov_bench_scale) on the same server, loads the demo,
and times each page below logged in as the role that uses it (Django's test client,
DEBUG off: as served). Then it adds the enterprise set of bench/scale_data (at
--factor 1: 2,000 systems, 50,000 risks, 100,000 incidents with their clocks,
300,000 deadlines, 20,000 gate requests with artifacts, 500 vendors and 5,000,000
audit events in a valid chain), printing how long each kind took, and times the same
pages, as the same people, about the same objects.

Budget for each page: its median within 1.5x of the same page on the demo, measured in
this run, and the same number of queries. Prints the table; exits 1 only with
--strict when a page misses. --factor 0.1 builds a tenth of every count.
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
os.environ["AIGOV_TEST_DB"] = "aigov_bench_scale"  # the "test" database below is ours alone

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import DEFAULT_DB_ALIAS, connection, connections  # noqa: E402
from django.db.backends.base.base import BaseDatabaseWrapper  # noqa: E402
from django.db.utils import load_backend  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.harness import run_in_throwaway_database  # noqa: E402
from bench.scale_data import build_enterprise  # noqa: E402
from core.models import RoleAssignment, User  # noqa: E402
from registry.models import AISystem  # noqa: E402

BUDGET_RATIO = 1.5
COPY = "_demo"  # the demo's copy: <bench database>_demo
API_LISTS = (
    "systems",
    "gate-requests",
    "incidents",
    "risks",
    "vendors",
    "assessments",
    "models",
    "frameworks",
    "red-team/exercises",
)


@dataclass(frozen=True)
class Page:
    name: str
    role: str  # the demo login's name before @example.com
    url: str


@dataclass
class Timing:
    median_ms: float
    queries: int
    status: int


def pages() -> list[Page]:
    """The pages of issue 21, about demo objects that exist before and after the build."""
    team = RoleAssignment.objects.get(user__email="owner@example.com", role="product_owner").team
    system = (
        AISystem.objects.filter(owner_team=team, system_id__regex=r"^SYS-\d{3}$")
        .order_by("system_id")
        .first()
    )
    today = timezone.localdate().isoformat()
    return [
        Page("board", "board", "/board/"),
        Page("heat maps", "board", "/board/heat-maps/"),
        Page("portfolio", "board", "/systems/portfolio/"),
        Page("risk register", "board", "/risks/"),
        Page("systems", "owner", "/systems/"),
        Page(f"system {system.system_id}", "owner", f"/systems/{system.system_id}/"),
        Page("incidents", "responder", "/incidents/"),
        Page("clocks", "dpo", "/incidents/clocks/"),
        Page("my deadlines", "dpo", "/deadlines/"),
        Page(
            "audit by object",
            "auditor",
            f"/audit/?object_type=registry.aisystem&object_id={system.pk}",
        ),
        Page("audit by actor", "auditor", "/audit/?actor=dpo%40example.com"),
        Page("audit by day", "auditor", f"/audit/?date_from={today}&date_to={today}"),
        Page("packs", "auditor", "/packs/"),
        *(Page(f"api {name}", "auditor", f"/api/v1/{name}/") for name in API_LISTS),
        Page("api my deadlines", "dpo", "/api/v1/deadlines/"),
    ]


def clients() -> dict[str, Client]:
    """One signed-in client per role, its session in the database in use now."""
    logged_in = {}
    for role in ("board", "owner", "responder", "dpo", "auditor"):
        client = Client()
        client.force_login(User.objects.get(email=f"{role}@example.com"))
        logged_in[role] = client
    return logged_in


def _get_ms(client: Client, url: str) -> float:
    start = time.perf_counter()
    client.get(url)
    return (time.perf_counter() - start) * 1000


def _use(database: BaseDatabaseWrapper) -> None:
    connections[DEFAULT_DB_ALIAS] = database


def _counted(listed: list[Page], by_role: dict[str, Client]) -> dict[str, tuple[int, int]]:
    """Warm each page up, then count one request's queries (and keep its status)."""
    counted = {}
    for page in listed:
        client = by_role[page.role]
        for _ in range(2):
            client.get(page.url)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(page.url).status_code
        counted[page.name] = (len(queries), status)
    return counted


def measure(listed: list[Page], runs: int, databases: dict[str, BaseDatabaseWrapper]):
    """Each page on each database in interleaved rounds (demo, scale, then scale, demo),
    so that a load spike on the shared machine hits both sides of a ratio alike.
    Returns {database: {page: Timing}}."""
    by_role, counted = {}, {}
    for side, database in databases.items():
        _use(database)
        by_role[side] = clients()
        counted[side] = _counted(listed, by_role[side])
    samples = {side: {p.name: [] for p in listed} for side in databases}
    for round_ in range(runs):
        for page in listed:
            sides = list(databases)
            for side in sides if round_ % 2 else reversed(sides):
                _use(databases[side])
                samples[side][page.name].append(_get_ms(by_role[side][page.role], page.url))
    return {
        side: {
            name: Timing(statistics.median(times), *counted[side][name])
            for name, times in samples[side].items()
        }
        for side in databases
    }


def copy_of_this_database() -> BaseDatabaseWrapper:
    """A connection to a copy of the database as it is now (the demo): the baseline the
    enterprise's pages are measured against, in the same rounds."""
    source = connection.settings_dict["NAME"]
    connection.close()  # a template database has no other session
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{source}{COPY}"')
        cursor.execute(f'CREATE DATABASE "{source}{COPY}" TEMPLATE "{source}"')
    settings_dict = {**connection.settings_dict, "NAME": f"{source}{COPY}"}
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)


def drop_copy(copy: BaseDatabaseWrapper) -> None:
    copy.close()
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{copy.settings_dict["NAME"]}"')


def report(listed: list[Page], demo: dict[str, Timing], scale: dict[str, Timing]) -> list[str]:
    """Print the table; return the pages over budget."""
    head = (
        f"{'page':<26}{'role':<11}{'demo ms':>9}{'scale ms':>10}{'ratio':>7}{'queries':>10}"
        "  verdict"
    )
    print("\n" + head + "\n" + "-" * len(head))
    failed = []
    for page in listed:
        d, s = demo[page.name], scale[page.name]
        ratio = s.median_ms / d.median_ms if d.median_ms else float("inf")
        problems = [
            *([f"{ratio:.2f}x"] if ratio > BUDGET_RATIO else []),
            *(["queries differ"] if d.queries != s.queries else []),
            *([f"HTTP {d.status}/{s.status}"] if (d.status, s.status) != (200, 200) else []),
        ]
        verdict = "ok" if not problems else "OVER: " + ", ".join(dict.fromkeys(problems))
        print(
            f"{page.name:<26}{page.role:<11}{d.median_ms:>9.1f}{s.median_ms:>10.1f}"
            f"{ratio:>7.2f}{f'{d.queries}/{s.queries}':>10}  {verdict}"
        )
        failed += [f"{page.name} ({', '.join(problems)})"] if problems else []
    return failed


def run(factor: float, runs: int) -> list[str]:
    settings.DEBUG = False  # no query log, no template debug: as served
    logging.getLogger("django.request").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise, no collectstatic
    start = time.perf_counter()
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Demo loaded in {time.perf_counter() - start:.1f} s")
    listed = pages()
    scale, demo = connections[DEFAULT_DB_ALIAS], copy_of_this_database()
    try:
        print(f"Building the enterprise set at factor {factor:g} on top of the demo ...")
        took = build_enterprise(factor)
        print(f"  {'total':<28}{took['total']:>8.1f} s")
        timings = measure(listed, runs, {"demo": demo, "scale": scale})
    finally:
        _use(scale)  # the harness drops the database it made, through this connection
        drop_copy(demo)
    return report(listed, timings["demo"], timings["scale"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--factor", type=float, default=1.0, help="share of every count")
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page")
    parser.add_argument("--strict", action="store_true", help="exit 1 when over a budget")
    args = parser.parse_args(argv)
    return run_in_throwaway_database(lambda: run(args.factor, args.runs), strict=args.strict)


if __name__ == "__main__":
    sys.exit(main())
