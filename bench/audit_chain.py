"""The audit chain at ten years' size (issue 21, section 2), measured in one run.

    .venv/bin/python bench/audit_chain.py [--events 5000000] [--base 50000] [--strict]

Creates a throw-away database (aigov_bench_chain) on the same server with two systems
and the organisation named, and grows the audit chain by COPY (bench/audit_rows.py)
to --base events, then to --events. At each size a daily verification is left as it
would be (a full walk recorded as a verified checkpoint, `audit_checkpoint_verified`),
then a day's work is appended (--day events), then a small system pack is built by
`pack_build` (checkpoint, incremental chain walk, gathering, layout, PDF/A-3b, signing),
in this process after a warm-up build, the fastest of --runs (the machine is shared).
Prints both build times, their ratio against the budget (the build at --events within
1.5x of the build at --base) and the full walk's rate in events a second (for the
README). Exits non-zero only with --strict.

The appended events are about systems that are not the pack's, so the pack's own
slice of the trail stays the same size and only the chain grows.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["AIGOV_TEST_DB"] = "aigov_bench_chain"  # the "test" database below is ours alone

import django  # noqa: E402

django.setup()

from bench.harness import run_in_throwaway_database  # noqa: E402

BUDGET_RATIO = 1.5
# The rest of the portfolio: 2,000 systems' worth of subjects, none of them the pack's.
SUBJECTS = [("registry.aisystem", str(100_000 + n), f"SYS-{9000 + n}") for n in range(2000)]


def _pack():
    """A small system pack: the system with no history of its own, the last year."""

    from bench import data, pack_data
    from core.selectors import organisation_profile_get
    from registry.models import AISystem

    admin = data.admin_user()
    profile = organisation_profile_get()  # a pack names the organisation: give it a name
    profile.legal_name = profile.legal_name or "Benchmark Organisation Ltd"
    profile.save(update_fields=["legal_name"])
    data.load_systems(2, actor=admin)
    first = AISystem.objects.order_by("system_id").first()
    return pack_data.system_pack_request(admin, first)


def grow_to(total: int) -> float:
    """Append events by COPY until the chain holds `total`; the seconds it took."""
    from bench.audit_rows import audit_events_copy, chain_head

    started = time.perf_counter()
    missing = total - chain_head().seq
    if missing > 0:
        audit_events_copy(
            count=missing,
            subjects=SUBJECTS,
            on_progress=lambda done: print(f"\r  {done:,} / {missing:,} appended", end=""),
        )
        print()
    return time.perf_counter() - started


def daily_verification() -> tuple[int, float]:
    """The full walk from event #1, recorded as a verified checkpoint: (events, seconds)."""
    from core.audit import audit_checkpoint_verified, audit_verify

    started = time.perf_counter()
    report = audit_verify()
    seconds = time.perf_counter() - started
    assert report.ok, f"the bench chain is broken at #{report.first_broken_seq}"
    audit_checkpoint_verified(report=report, label="daily verification")
    return report.checked, seconds


def build_seconds(pack, runs: int) -> tuple[float, float, str]:
    """The fastest and the median build time of `pack` over `runs` (after one warm-up;
    the fastest is the one least disturbed by other work on the machine), and where its
    chain walk went. Each build starts from the daily checkpoint: the checkpoints the
    earlier builds verified are unmarked first."""
    from core.models import AuditCheckpoint
    from governance.services.packs.build import pack_build

    times, built = [], None
    for _ in range(runs + 1):
        AuditCheckpoint.objects.filter(label=pack.pack_id).update(verified_at=None)
        started = time.perf_counter()
        built = pack_build(pack=pack, on_progress=lambda *_: None)
        times.append(time.perf_counter() - started)
    walked = AuditCheckpoint.objects.get(pk=built.checkpoint.pk)
    where = (
        f"its chain walk went from checkpoint #{walked.verified_from:,} to #{walked.seq:,} "
        f"({walked.seq - walked.verified_from:,} events)"
    )
    return min(times[1:]), statistics.median(times[1:]), where


def measure_at(size: int, pack, day: int, runs: int) -> dict:
    grown = grow_to(size)
    walked, walk_seconds = daily_verification()
    grow_to(size + day)
    seconds, median, where = build_seconds(pack, runs)
    print(
        f"  {size:>10,} events: appended in {grown:6.1f} s; full walk {walked:,} events in "
        f"{walk_seconds:6.1f} s ({walked / walk_seconds:,.0f} events/s); pack build "
        f"{seconds:5.2f} s (fastest of {runs}, median {median:.2f} s); {where}"
    )
    return {"build": seconds, "walk_rate": walked / walk_seconds, "walked": walked}


def _signing_pair(folder: Path) -> None:
    """A throw-away signing pair for the bench's packs (var/signing may not exist)."""
    from django.conf import settings

    from core.signing import signing_pair_ensure

    key, cert = folder / "pack-signing.key", folder / "pack-signing.crt"
    signing_pair_ensure(key_path=key, cert_path=cert, organisation="Benchmark Organisation")
    settings.PACK_SIGNING_KEY, settings.PACK_SIGNING_CERT = str(key), str(cert)


def run(base: int, events: int, day: int, runs: int) -> list[str]:

    with tempfile.TemporaryDirectory() as folder:
        _signing_pair(Path(folder))
        return _run(base, events, day, runs)


def _run(base: int, events: int, day: int, runs: int) -> list[str]:
    from bench.audit_rows import chain_head

    pack = _pack()
    if chain_head().seq > base:
        return [f"--base {base:,} is below the {chain_head().seq:,} events of the set-up"]
    print(f"\nSmall system pack, after a daily verification and a day's {day:,} events:")
    small = measure_at(base, pack, day, runs)
    large = measure_at(events, pack, day, runs)
    ratio = large["build"] / small["build"]
    print(
        f"  ratio build at {events:,} / at {base:,}: {ratio:.2f}x "
        f"(budget {BUDGET_RATIO}x: {'within' if ratio <= BUDGET_RATIO else 'OVER'})"
    )
    print(f"  full walk rate at {events:,} events: {large['walk_rate']:,.0f} events/s")
    return [] if ratio <= BUDGET_RATIO else [f"pack build ratio {ratio:.2f}x"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=5_000_000, help="the large chain")
    parser.add_argument("--base", type=int, default=50_000, help="the small chain")
    parser.add_argument("--day", type=int, default=1_000, help="events after the checkpoint")
    parser.add_argument("--runs", type=int, default=5, help="builds per size (the fastest)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when over the budget")
    args = parser.parse_args(argv)
    return run_in_throwaway_database(
        lambda: run(args.base, args.events, args.day, args.runs), strict=args.strict
    )


if __name__ == "__main__":
    sys.exit(main())
