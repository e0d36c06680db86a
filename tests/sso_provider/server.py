"""Start the test OpenID Connect provider in a process of its own, and walk its sign-in
as a person's browser would (for tests that drive the portal with Django's client).

    with provider_running(tmp_path) as provider:
        provider.client(client_id="portal", secret="s3cret", redirect_uris=[...])
        provider.person(username="dana", email="dana@example.org", groups=["gov-dpo"])
        settings.SOCIALACCOUNT_PROVIDERS = provider.allauth_providers("portal", "s3cret")
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "provider-pass-1"
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class TestProvider:
    """A running provider: its issuer URL, and its commands for clients and people."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    issuer: str
    env: dict[str, str]

    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "django", *args],
            cwd=REPO,
            env=self.env,
            check=True,
            capture_output=True,
        )

    def client(
        self,
        *,
        client_id: str,
        secret: str,
        redirect_uris: list[str],
        post_logout_redirect_uris: Iterable[str] = (),
    ) -> None:
        uris = [arg for uri in redirect_uris for arg in ("--redirect-uri", uri)]
        uris += [
            arg for uri in post_logout_redirect_uris for arg in ("--post-logout-redirect-uri", uri)
        ]
        self.manage("provider_client", "--client-id", client_id, "--secret", secret, *uris)

    def person(self, *, username: str, email: str, groups=(), name=("", "")) -> None:
        self.manage(
            "provider_person",
            *("--username", username, "--password", PASSWORD, "--email", email),
            *("--first-name", name[0], "--last-name", name[1]),
            *(arg for group in groups for arg in ("--group", group)),
        )

    def allauth_providers(self, client_id: str, secret: str, **environ: str) -> dict:
        """The portal's SOCIALACCOUNT_PROVIDERS for this provider, built as the
        portal's settings build it from the environment (core.sso.config)."""
        from core.sso.config import oidc_providers

        return oidc_providers(
            {
                "SSO_OIDC_SERVER_URL": self.issuer,
                "SSO_OIDC_CLIENT_ID": client_id,
                "SSO_OIDC_CLIENT_SECRET": secret,
                "SSO_OIDC_NAME": "Example Corp SSO",
                "SSO_OIDC_SCOPES": "groups",
                **environ,
            }
        )

    def visit(self, url: str, browser: requests.Session) -> str | requests.Response:
        """GET `url` and follow the provider's redirects as a browser would: the URL the
        provider sends the browser back to the portal with, or the page it stops at."""
        return self._follow(browser.get(url, allow_redirects=False, timeout=10), browser)

    def _follow(self, response: requests.Response, browser: requests.Session):
        while response.status_code in (301, 302, 303):
            location = urljoin(response.url, response.headers["Location"])
            if not location.startswith(self.origin):
                return location  # back to the portal
            response = browser.get(location, allow_redirects=False, timeout=10)
        return response

    def sign_in(
        self,
        authorize_url: str,
        username: str,
        password: str = PASSWORD,
        browser: requests.Session | None = None,
    ) -> str:
        """Follow the portal's redirect to the provider, sign in there, and return the
        URL the provider sends the browser back to (the portal's callback). A `browser`
        given keeps the provider's session cookie, as a person's browser does."""
        browser = browser or requests.Session()
        response = self.visit(authorize_url, browser)
        assert not isinstance(response, str), f"no sign-in form at the provider: {response}"
        token = _CSRF_INPUT.search(response.text)
        assert token, f"no sign-in form at the provider: {response.url}\n{response.text[:500]}"
        next_url = html.unescape(re.search(r'name="next" value="([^"]*)"', response.text)[1])
        response = browser.post(
            response.url,
            data={
                "csrfmiddlewaretoken": token[1],
                "username": username,
                "password": password,
                "next": next_url,
            },
            allow_redirects=False,
            timeout=10,
        )
        back = self._follow(response, browser)
        if isinstance(back, str):
            return back
        raise AssertionError(f"the provider did not send the browser back:\n{back.text[:500]}")

    @property
    def origin(self) -> str:
        return self.issuer.removesuffix("/openid")


@contextlib.contextmanager
def provider_running(workdir: Path) -> Iterator[TestProvider]:
    """Migrate a fresh SQLite database, make the signing key, serve with gunicorn on a
    free port of 127.0.0.1 until the block ends."""
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.sso_provider.settings",
        "SSO_PROVIDER_DB": str(workdir / "provider.sqlite3"),
        "SSO_PROVIDER_URL": origin,
    }
    provider = TestProvider(issuer=f"{origin}/openid", env=env)
    provider.manage("migrate", "--noinput")
    provider.manage("creatersakey")
    log = (workdir / "provider.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tests.sso_provider.wsgi:application"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_serving(provider, server, workdir / "provider.log")
        yield provider
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def _wait_until_serving(provider: TestProvider, server, log: Path) -> None:
    discovery = f"{provider.issuer}/.well-known/openid-configuration"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the test provider stopped:\n{log.read_text()}")
        with contextlib.suppress(requests.ConnectionError):
            if requests.get(discovery, timeout=2).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"the test provider did not answer in 20 s:\n{log.read_text()}")
