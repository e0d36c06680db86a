"""The metrics ingestion's budget (issue 20 section 2: at least 1,000 values a second on
this machine), measured in one run.

    .venv/bin/python bench/monitoring_ingest.py [--batches 20] [--size 5000] [--strict]

Creates a throw-away database (aigov_bench_monitoring) on the same server, a high-risk
system in production with a plan of three metrics (overall and per group) and its
scoped monitoring token. Then it times:

  - the endpoint: `--batches` POSTs of `--size` values each to
    /api/v1/systems/SYS-001/metrics/ through the real API view (DRF's test client: the
    token's authentication, the JSON parsing, the checks of every value, the insert, the
    breach judging and the silence clock), with a run of 50 bad values in each batch so
    an episode opens, grows and ends in each;
  - the same batches posted again (all duplicates: what a retrying system costs);
  - the baseline, defined here: the same rows written by a bare `bulk_create` into a
    second system, no checks, no judging.

It prints values per second for each and the ratio of the endpoint against the
baseline. Budget: 1,000 values a second through the endpoint. Exits non-zero only with
--strict.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["AIGOV_TEST_DB"] = "aigov_bench_monitoring"  # the "test" database is ours alone
os.environ.setdefault("API_RATE_PER_PERSON", "100000/min")  # measure the view, not the limit

import django  # noqa: E402

django.setup()

from bench.harness import run_in_throwaway_database  # noqa: E402

BUDGET = 1_000.0  # values a second
START = datetime(2026, 11, 1, tzinfo=UTC)


def setting_up():
    """The system, its plan (three metrics) and its monitoring token's key."""
    from assurance.services.plans import plan_save
    from core.choices import Role
    from core.models import RoleAssignment, Team, User
    from core.services import api_token_issue
    from registry.models import AISystem

    team = Team.objects.create(name="People Ops", slug="people-ops")
    owner = User.objects.create_user(email="owner@example.com", password="x" * 20)
    RoleAssignment.objects.create(user=owner, role=Role.PRODUCT_OWNER, team=team)
    systems = [
        AISystem.objects.create(
            system_id=f"SYS-00{n}",
            name=f"Bench system {n}",
            description="Pushes its metrics.",
            owner_team=team,
            risk_tier="high",
            lifecycle_stage="production",
        )
        for n in (1, 2)
    ]
    metrics = [
        {"metric": "accuracy", "direction": "at_least", "threshold": 0.9},
        {"metric": "accuracy", "group": "age 60+", "direction": "at_least", "threshold": 0.85},
        {"metric": "latency_p95_ms", "direction": "at_most", "threshold": 800},
    ]
    plan_save(actor=owner, system=systems[0], interval=timedelta(hours=1), metrics=metrics)
    issued = api_token_issue(
        actor=owner,
        user=owner,
        name="Bench monitoring",
        scope="monitoring",
        scope_object=str(systems[0].pk),
        scope_label="push monitoring values for SYS-001",
    )
    return systems, issued.key


def batches(count: int, size: int) -> list[list[dict]]:
    """`count` batches of `size` values over the three metrics, a second apart; in each
    batch one run of 50 values of overall accuracy past its threshold (an episode
    opened, grown and ended per batch, its owner told: the work a breach costs)."""
    names = [("accuracy", "", 0.95, 0.5), ("accuracy", "age 60+", 0.9, 0.5)]
    names.append(("latency_p95_ms", "", 400.0, 2000.0))
    found, n = [], 0
    for _ in range(count):
        rows = []
        for _ in range(size):
            metric, group, good, bad = names[n % 3]
            at = START + timedelta(seconds=n // 3)
            value = bad if metric == "accuracy" and not group and n % size < 150 else good
            rows.append(
                {"metric": metric, "group": group, "value": value, "observed_at": at.isoformat()}
            )
            n += 1
        found.append(rows)
    return found


def post_all(client, key: str, sent: list[list[dict]]) -> tuple[float, int]:
    stored = 0
    began = time.perf_counter()
    for rows in sent:
        answer = client.post(
            "/api/v1/systems/SYS-001/metrics/",
            {"values": rows},
            format="json",
            HTTP_AUTHORIZATION=f"Token {key}",
        )
        if answer.status_code != 200:
            raise SystemExit(f"POST answered {answer.status_code}: {answer.content[:300]!r}")
        stored += answer.json()["stored"]
    return time.perf_counter() - began, stored


def baseline(system, sent: list[list[dict]]) -> float:
    from assurance.models import MetricValue

    began = time.perf_counter()
    for rows in sent:
        MetricValue.objects.bulk_create(
            MetricValue(
                system=system,
                metric=r["metric"],
                group=r["group"],
                value=r["value"],
                observed_at=datetime.fromisoformat(r["observed_at"]),
            )
            for r in rows
        )
    return time.perf_counter() - began


def measure(count: int, size: int) -> list[str]:
    from rest_framework.test import APIClient

    from assurance.models import BreachEpisode

    systems, key = setting_up()
    sent = batches(count, size)
    total = count * size
    client = APIClient()
    seconds, stored = post_all(client, key, sent)
    again, stored_again = post_all(client, key, sent)
    bare = baseline(systems[1], sent)
    rate, rate_again, rate_bare = total / seconds, total / again, total / bare
    print(f"{count} batches of {size} values ({total:,}) through POST /metrics/:")
    print(f"  endpoint   {rate:>10,.0f} values/s  ({seconds:.2f} s, {stored:,} stored)")
    print(f"  re-posted  {rate_again:>10,.0f} values/s  ({again:.2f} s, {stored_again} stored)")
    print(f"  baseline   {rate_bare:>10,.0f} values/s  (bare bulk_create, {bare:.2f} s)")
    print(f"  endpoint / baseline: {rate / rate_bare:.2f}")
    print(f"  breach episodes: {BreachEpisode.objects.count():,}")
    failed = []
    if rate < BUDGET:
        failed.append(f"the endpoint took {rate:,.0f} values/s (budget {BUDGET:,.0f})")
    if stored != total or stored_again != 0:
        failed.append("the re-posted batches stored values twice")
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--size", type=int, default=5_000)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()
    return run_in_throwaway_database(lambda: measure(args.batches, args.size), strict=args.strict)


if __name__ == "__main__":
    sys.exit(main())
