"""Production settings pass Django's deployment checklist (DESIGN.md section 6)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Not what production has: the browser tests set the first for their live server, and a
# developer may have exported the others.
LOCAL_ONLY = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "PORTAL_BASE_URL"}
PRINT_SETTINGS = (
    "from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, "
    "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.STORAGES['staticfiles']['BACKEND'])"
)


def settings_with(**env: str) -> str:
    """The settings make run (no DEBUG, no PORTAL_BASE_URL) or `env` give a new process."""
    inherited = {k: v for k, v in os.environ.items() if k not in LOCAL_ONLY}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_make_run_is_not_in_debug_mode_and_serves_plain_http_on_this_machine():
    assert settings_with() == (
        "False False False False django.contrib.staticfiles.storage.StaticFilesStorage"
    )


def test_debug_mode_is_there_when_asked_for():
    assert settings_with(DEBUG="true").startswith("True False False False")


def test_check_deploy_is_clean_with_production_settings():
    inherited = {k: v for k, v in os.environ.items() if k not in LOCAL_ONLY}
    env = {
        **inherited,
        "DEBUG": "false",
        "SECRET_KEY": "k" * 20 + "-production-like-secret-" + "x9" * 20,
        "ALLOWED_HOSTS": "governance.example.com",
        "PORTAL_BASE_URL": "https://governance.example.com",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
