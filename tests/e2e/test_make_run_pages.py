"""The portal as `make run` serves it: run_portal's own gunicorn command line and
environment (no DEBUG, static files through WhiteNoise), against the test database.

Not the live_server: that is Django's threaded server with its own static handler,
so it would show neither what gunicorn and WhiteNoise serve nor what the settings
without DEBUG do to cookies over plain http."""

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import global_settings
from django.core.management import call_command
from django.db import connection

from core.devserver import Supervisor, collectstatic_if_changed, wait_for_http
from core.embedded import VAR_DIR
from core.management.commands.run_portal import Command as RunPortal
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
# What a developer may have exported and make run does not set by itself.
NOT_MAKE_RUN = {"DEBUG", "PORTAL_BASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def make_run_web_argv(listening: socket.socket) -> list[str]:
    """run_portal's web command line, on a socket we hold, as run_portal does: no port
    to guess, and nothing else can take it between choosing it and gunicorn's start."""
    return RunPortal().children({"reload": False}, bind=f"fd://{listening.fileno()}")["web"]


@pytest.fixture
def make_run_url(tmp_path):
    collectstatic_if_changed(  # as run_portal does before it starts gunicorn
        VAR_DIR / "static.fingerprint",
        lambda: call_command("collectstatic", interactive=False, verbosity=0),
    )
    test_database = urlsplit(os.environ["DATABASE_URL"])._replace(
        path=f"/{connection.settings_dict['NAME']}"
    )
    env = {k: v for k, v in os.environ.items() if k not in NOT_MAKE_RUN}
    env["DATABASE_URL"] = test_database.geturl()
    log = tmp_path / "gunicorn.log"
    with socket.create_server(("127.0.0.1", 0)) as listening, log.open("w") as out:
        web = subprocess.Popen(
            make_run_web_argv(listening),
            cwd=ROOT,
            env=env,
            pass_fds=[listening.fileno()],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        supervisor = Supervisor(children={"web": web})
        url = f"http://127.0.0.1:{listening.getsockname()[1]}"
        try:
            ready = wait_for_http(f"{url}/healthz?ready=web", supervisor, timeout=60)
            assert ready, log.read_text()
            yield url
        finally:
            supervisor.stop_all(timeout=10)


@pytest.fixture
def owner(personas, settings):
    """The owner persona with a password gunicorn can check: it has the real hashers,
    not the fast one the tests use."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    personas.owner.set_password(PASSWORD)
    personas.owner.save()
    return personas.owner


def test_make_run_shows_the_portals_own_404_and_never_the_url_list(page, make_run_url, owner):
    anonymous = page.goto(f"{make_run_url}/accounts/no-such-page/")
    assert anonymous.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()

    # Signing in over plain http works: no Secure-only cookie is lost on the way back.
    log_in(page, make_run_url, owner.email)
    missing = page.goto(f"{make_run_url}/systems/SYS-999/")
    assert missing.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert page.get_by_role("link", name="Go to the start page").is_visible()
    html = page.content()
    assert "URLconf" not in html and "Traceback" not in html

    stylesheet = page.locator("link[rel=stylesheet]").first.get_attribute("href")
    served = page.request.get(f"{make_run_url}{stylesheet}")
    assert served.status == 200 and served.headers["content-type"].startswith("text/css")


def test_gunicorns_access_log_never_writes_a_questionnaire_token(make_run_url, tmp_path, db):
    token = "q5ecr3t-t0ken-of-a-vendor"
    try:
        urllib.request.urlopen(f"{make_run_url}/q/{token}/", timeout=10)
    except urllib.error.HTTPError as refused:  # an unknown link: the page says so
        assert refused.code in (404, 410)
    # The worker writes the access line just after it answers: wait for it.
    log_file, deadline = tmp_path / "gunicorn.log", time.monotonic() + 10
    while "/q/" not in log_file.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    log = log_file.read_text()
    assert '"GET /q/<redacted>/ HTTP/1.1"' in log
    assert token not in log
