"""docker-compose.yml, the production shape, agrees with the settings it feeds:
every variable it sets is one the settings read, the evidence volume is where the
settings keep evidence, the health checks ask what exists, and there is one beat."""

import ast
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.urls import resolve

from core.views.health import healthz

ROOT = Path(__file__).resolve().parents[1]
SERVICES = {"postgres", "redis", "migrate", "web", "worker", "exports", "beat"}
# What compose itself needs to interpolate the file; the values are never used.
COMPOSE_ENV = {"SECRET_KEY": "compose-config-check", "POSTGRES_PASSWORD": "compose-config-check"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


# The settings (config/settings.py and the modules it imports its settings from) and the
# helpers they hand the environment to (single sign-on's provider).
READERS = (
    "config/settings.py",
    "config/environment.py",
    "config/settings_security.py",
    "config/settings_api.py",
    "config/settings_operations.py",
    "core/sso/config.py",
)


def variables_the_settings_read() -> set[str]:
    """Names passed to os.environ.get / os.environ[...] / env_bool in the settings modules,
    and to environ.get in the helpers they pass os.environ."""
    names = set()
    for reader in READERS:
        names |= _names_read(ast.parse((ROOT / reader).read_text()))
    return names


def _names_read(tree) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            called = ast.unparse(node.func)
            if called in {"os.environ.get", "env_bool", "os.environ.setdefault", "environ.get"}:
                names.add(node.args[0].value)
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            names.add(ast.unparse(node.slice).strip("'\""))
    return names


def default_of(value: str) -> str:
    """`${NAME:-default}` -> default (what compose uses when NAME is not exported)."""
    return re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", value)


def test_the_services_are_the_production_shape(compose):
    assert set(compose["services"]) == SERVICES
    for name in ("migrate", "web", "worker", "exports", "beat"):
        assert compose["services"][name]["image"] == "aigov:latest", name


def test_every_variable_compose_sets_is_one_the_settings_read(compose):
    app_env = compose["services"]["web"]["environment"]
    read = variables_the_settings_read()
    assert set(app_env) <= read, f"set but never read: {sorted(set(app_env) - read)}"
    for required in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"):
        assert required in app_env, required
    for name in ("migrate", "worker", "exports", "beat"):
        assert compose["services"][name]["environment"] == app_env, name


def test_the_app_runs_without_debug_behind_tls(compose):
    app_env = compose["services"]["web"]["environment"]
    assert app_env["DEBUG"] == "false"
    # An https address turns on Secure cookies, HSTS and the redirect (config/settings.py).
    assert default_of(app_env["PORTAL_BASE_URL"]).startswith("https://")
    assert "localhost" in default_of(app_env["ALLOWED_HOSTS"]).split(","), "the health check"


def test_the_database_and_redis_urls_name_the_compose_services(compose):
    app_env = compose["services"]["web"]["environment"]
    postgres = compose["services"]["postgres"]["environment"]
    assert app_env["DATABASE_URL"].startswith(f"postgres://{postgres['POSTGRES_USER']}:")
    assert app_env["DATABASE_URL"].endswith(f"@postgres:5432/{postgres['POSTGRES_DB']}")
    assert app_env["REDIS_URL"].startswith("redis://redis:6379/")


def test_evidence_lives_on_its_volume_where_the_settings_keep_it(compose):
    evidence_root = compose["services"]["web"]["environment"]["EVIDENCE_ROOT"]
    for name in ("web", "worker"):
        mounts = dict(m.split(":", 1)[::-1] for m in compose["services"][name]["volumes"])
        assert mounts[evidence_root] == "evidence", name
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert f"EVIDENCE_ROOT={evidence_root}" in dockerfile, "the image's default differs"


def test_every_named_volume_is_declared_and_used(compose):
    used = {
        mount.split(":", 1)[0]
        for service in compose["services"].values()
        for mount in service.get("volumes", [])
        if not mount.startswith(("/", "."))
    }
    assert used == set(compose["volumes"])


def test_health_checks_ask_what_exists(compose):
    services = compose["services"]
    assert "pg_isready -U aigov -d aigov" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["redis"]["healthcheck"]["test"][-2:] == ["redis-cli", "ping"]
    probe = urlsplit(services["web"]["healthcheck"]["test"][-1])
    assert probe.netloc == "localhost:8000"
    assert resolve(probe.path).func is healthz
    # The web container is healthy when it can serve (database, Redis); a worker or beat
    # that is down is /healthz's full answer, for the operators' monitoring.
    assert probe.query == "ready=web"
    assert "--bind=0.0.0.0:8000" in services["web"]["command"]


def test_migrations_run_once_before_the_app_and_the_app_waits_for_healthy_services(compose):
    services = compose["services"]
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]
    for name in ("web", "worker", "exports", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["postgres"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name


def test_there_is_exactly_one_beat(compose):
    beats = [n for n, s in compose["services"].items() if "beat" in s.get("command", [])]
    assert beats == ["beat"]
    assert compose["services"]["beat"].get("deploy", {}).get("replicas", 1) == 1
    workers = [n for n, s in compose["services"].items() if "worker" in s.get("command", [])]
    assert workers == ["worker", "exports"]


def test_audit_packs_render_in_a_worker_of_their_own_recycled_after_each(compose):
    """The exports worker takes only the packs' queue, one render at a time in a child
    replaced after each; the other worker never takes a render (it runs the sweeps)."""
    from config import settings as defaults  # the module: tests move the live settings

    exports = compose["services"]["exports"]["command"]
    assert f"--queues={defaults.PACK_EXPORT_QUEUE}" in exports
    assert "--concurrency=1" in exports and "--max-tasks-per-child=1" in exports
    worker = compose["services"]["worker"]["command"]
    assert f"--queues={defaults.CELERY_TASK_DEFAULT_QUEUE}" in worker
    assert not any(defaults.PACK_EXPORT_QUEUE in part for part in worker)


def test_pack_files_live_on_a_volume_that_web_and_both_workers_share(compose):
    pack_root = compose["services"]["web"]["environment"]["PACK_ROOT"]
    for name in ("web", "worker", "exports"):
        mounts = dict(m.split(":", 1)[::-1] for m in compose["services"][name]["volumes"])
        assert mounts[pack_root] == "packs", name


def _compose_plugin() -> bool:
    if not shutil.which("docker"):
        return False
    found = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30)
    return found.returncode == 0 and b"unknown command" not in found.stderr + found.stdout


@pytest.mark.skipif(not _compose_plugin(), reason="the docker compose plugin is not installed")
def test_docker_compose_config_accepts_the_file():
    result = subprocess.run(
        ["docker", "compose", "-f", "docker-compose.yml", "config", "--quiet"],
        cwd=ROOT,
        env={**os.environ, **COMPOSE_ENV},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
