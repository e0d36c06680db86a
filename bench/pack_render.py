"""The audit pack budget of DESIGN.md section 8, measured in one run.

    .venv/bin/python bench/pack_render.py [--scale 20] [--strict]

Creates a throw-away database (aigov_bench_packs) on the same server with one system
and enough history for a system pack of at least 200 pages (bench/pack_data.py), a second
system with none (the smallest system pack, 3 pages), and the baseline: a 1-page pack
(its cover alone, no system selected). Each pack is built
by `pack_build` (checkpoint, gathering, layout, PDF/A-3b writing) in a fresh Python
subprocess, as the export worker builds it, and the parent reads the child's time and
peak memory (getrusage RUSAGE_CHILDREN, ru_maxrss). Prints seconds, pages, peak
memory, the budget (under 45 s and under 1 GB for 200 pages) and the ratios against
the baseline measured in the same run. Exits non-zero only with --strict.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The "test" database below is ours alone (a bench that imports this one names its own).
os.environ["AIGOV_TEST_DB"] = os.environ.get("AIGOV_BENCH_PACK_DB", "aigov_bench_packs")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from bench.harness import run_in_throwaway_database  # noqa: E402

BUDGET_SECONDS = 45.0
BUDGET_BYTES = 1024**3
MIN_PAGES = 200
MIB = 1024 * 1024


def render_child(pack_pk: int) -> None:
    """In the subprocess: build the pack against the bench database, print its facts."""
    from governance.models import AuditPack
    from governance.services.packs.build import pack_build

    connection.settings_dict["NAME"] = settings.DATABASES["default"]["TEST"]["NAME"]
    start = time.perf_counter()
    built = pack_build(pack=AuditPack.objects.get(pk=pack_pk), on_progress=lambda *_: None)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "pages": built.pages, "bytes": len(built.data)}))


def render_in_subprocess(pack_pk: int) -> dict:
    """Build the pack in a fresh interpreter; its wall time and the children's peak RSS."""
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, __file__, "--render", str(pack_pk)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    facts = json.loads(out.stdout.strip().splitlines()[-1])
    facts["wall"] = time.perf_counter() - start
    # Kilobytes on Linux; the largest of every child waited for so far.
    facts["peak"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return facts


def organisation_named() -> None:
    """A pack names the organisation: give the bench's one a name."""
    from core.selectors import organisation_profile_get

    profile = organisation_profile_get()
    if not profile.legal_name:
        profile.legal_name = "Benchmark Organisation Ltd"
        profile.save(update_fields=["legal_name"])


def _packs(scale: int):

    from bench import data, pack_data
    from core.models import User
    from registry.models import AISystem

    admin = data.admin_user()
    organisation_named()
    data.load_systems(2, actor=admin)
    big, small = AISystem.objects.order_by("system_id")[:2]
    approvers = [
        User.objects.create(email=f"approver{n}@example.com", full_name=f"Approver {n}")
        for n in range(4)
    ]
    started = time.perf_counter()
    pack_data.load_history(big, admin, approvers, scale)
    print(f"Loading the history (scale {scale}) ... {time.perf_counter() - started:.1f} s")
    return [pack_data.system_pack_request(admin, system) for system in (None, small, big)]


def run(scale: int) -> list[str]:
    cover, small, big = _packs(scale)
    base = render_in_subprocess(cover.pk)
    base_peak = base["peak"]
    bare = render_in_subprocess(small.pk)
    large = render_in_subprocess(big.pk)
    print("\nAudit pack (system scope), each built in a fresh subprocess:")
    for label, facts in (
        ("baseline, cover only", base),
        ("system, no history", bare),
        ("system, long history", large),
    ):
        print(
            f"  {label:<21} {facts['pages']:>4} pages  {facts['seconds']:6.2f} s build "
            f"({facts['wall']:.2f} s with start-up)  peak {facts['peak'] / MIB:5.0f} MiB  "
            f"file {facts['bytes'] / MIB:.1f} MiB"
        )
    print(
        f"  ratio large/baseline: time {large['seconds'] / base['seconds']:.1f}x, "
        f"memory {large['peak'] / base_peak:.1f}x; "
        f"{large['seconds'] / large['pages'] * 1000:.0f} ms per page"
    )
    print(f"  budget: >= {MIN_PAGES} pages in under {BUDGET_SECONDS:.0f} s and under 1 GB")
    failed = []
    if large["pages"] < MIN_PAGES:
        failed.append(f"only {large['pages']} pages (raise --scale)")
    if large["wall"] >= BUDGET_SECONDS:
        failed.append(f"{large['wall']:.1f} s")
    if large["peak"] >= BUDGET_BYTES:
        failed.append(f"{large['peak'] / MIB:.0f} MiB")
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=20, help="history size (20: about 220 pages)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when over a budget")
    parser.add_argument("--render", type=int, help=argparse.SUPPRESS)  # the child's job
    args = parser.parse_args(argv)
    if args.render:
        render_child(args.render)
        return 0
    return run_in_throwaway_database(lambda: run(args.scale), strict=args.strict)


if __name__ == "__main__":
    sys.exit(main())
