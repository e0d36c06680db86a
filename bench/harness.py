"""What every bench script does around its measures: a throw-away database on the same
server (named by AIGOV_TEST_DB, set before Django starts), the run, and the verdict."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection


def run_in_throwaway_database(measure: Callable[[], list[str]], *, strict: bool) -> int:
    """Create the bench's own database, run `measure` (it returns the budgets it missed),
    drop the database, print the misses; exit status 1 only with `strict`."""
    creation = connection.creation
    old_name = connection.settings_dict["NAME"]
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        failed = measure()
    finally:
        creation.destroy_test_db(old_name, verbosity=0)
    if failed:
        print("\nNot within budget: " + "; ".join(failed))
    return 1 if failed and strict else 0
