"""The portfolio pack at an enterprise's size (issue 21, section 2), measured in one run.

    .venv/bin/python bench/portfolio_pack.py [--risks-per-system 25] [--strict]

Creates a throw-away database (aigov_bench_portfolio), loads 200 classified systems with
their risks (bench/data.py; 25 a system, as the enterprise set's 50,000 for 2,000),
builds the board's portfolio pack, then grows the same portfolio to 2,000 systems and
builds it again. Each build is `pack_build` (checkpoint, chain walk, gathering, layout,
PDF/A-3b, signature) in a fresh Python subprocess, as the export worker builds it, timed
and measured by bench/pack_render.py's own child.

Budgets: time linear in the systems, i.e. build(2,000) / build(200) at most 12x (10x is
linear; the fixed costs, WeasyPrint's start and the signature, pull it below, and 2x of
noise on a shared machine is allowed on top of that), and under 1 GB of memory at 2,000.
Exits non-zero only with --strict.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["AIGOV_BENCH_PACK_DB"] = "aigov_bench_portfolio"  # ours, and the child's
# A signing pair of the run's own, never the developer's var/signing (the child signs).
SIGNING = Path(tempfile.mkdtemp(prefix="aigov-bench-signing-"))
os.environ["PACK_SIGNING_KEY"] = str(SIGNING / "pack-signing.key")
os.environ["PACK_SIGNING_CERT"] = str(SIGNING / "pack-signing.crt")

from bench.harness import run_in_throwaway_database  # noqa: E402
from bench.pack_render import (  # noqa: E402  (sets Django up on the database above)
    BUDGET_BYTES,
    MIB,
    organisation_named,
    render_in_subprocess,
)

SIZES = (200, 2_000)
BUDGET_RATIO = 12.0


def portfolio_pack(actor):
    """A portfolio pack of the last year, asked for by `actor`, not yet built."""
    from django.utils import timezone

    from governance.models import AuditPack

    today = timezone.localdate()
    return AuditPack.objects.create(
        scope="portfolio",
        date_from=today.replace(year=today.year - 1),
        date_to=today,
        requested_by=actor,
        requested_at=timezone.now(),
    )


def measure(risks_per_system: int) -> dict[int, dict]:
    from django.conf import settings

    from bench import data
    from core.signing import signing_pair_ensure

    signing_pair_ensure(
        key_path=settings.PACK_SIGNING_KEY,
        cert_path=settings.PACK_SIGNING_CERT,
        organisation="Benchmark Organisation Ltd",
    )
    admin = data.admin_user()
    organisation_named()
    found = {}
    for systems in SIZES:
        loaded = data.load_systems(systems, actor=admin)
        loaded += data.load_risks(systems * risks_per_system, actor=admin)
        print(f"Loading {systems:,} systems and their risks ... {loaded:.1f} s")
        try:
            found[systems] = render_in_subprocess(portfolio_pack(admin).pk)
        except subprocess.CalledProcessError as failed:  # the child's traceback, not ours
            raise SystemExit(f"Build at {systems:,} systems failed:\n{failed.stderr}") from None
    return found


def run(risks_per_system: int) -> list[str]:
    found = measure(risks_per_system)
    small, large = (found[n] for n in SIZES)
    print(f"\nPortfolio pack, {risks_per_system} risks a system, built in a fresh subprocess:")
    for systems, facts in found.items():
        print(
            f"  {systems:>5,} systems {facts['pages']:>5} pages  {facts['seconds']:7.2f} s build "
            f"({facts['wall']:.2f} s with start-up)  peak {facts['peak'] / MIB:5.0f} MiB  "
            f"file {facts['bytes'] / MIB:.1f} MiB"
        )
    ratio = large["seconds"] / small["seconds"]
    extra = (large["seconds"] - small["seconds"]) / (SIZES[1] - SIZES[0]) * 1000
    print(
        f"  time 2,000 / 200: {ratio:.1f}x (linear: 10x; budget <= {BUDGET_RATIO:.0f}x); "
        f"{extra:.1f} ms a further system; pages {large['pages'] / small['pages']:.1f}x"
    )
    print(f"  peak memory at 2,000: {large['peak'] / MIB:.0f} MiB (budget < 1 GB)")
    failed = []
    if ratio > BUDGET_RATIO:
        failed.append(f"time {ratio:.1f}x for 10x the systems")
    if large["peak"] >= BUDGET_BYTES:
        failed.append(f"{large['peak'] / MIB:.0f} MiB")
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--risks-per-system", type=int, default=25)
    parser.add_argument("--strict", action="store_true", help="exit 1 when over a budget")
    args = parser.parse_args(argv)
    try:
        return run_in_throwaway_database(lambda: run(args.risks_per_system), strict=args.strict)
    finally:
        shutil.rmtree(SIGNING, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
