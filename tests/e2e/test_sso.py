"""Single sign-on in the browser, through a real OpenID Connect provider started for
these tests (tests/sso_provider): someone the portal does not know signs in, arrives
with the roles their group maps to, and finds the sign-in in the audit trail; signing
out ends the session at the provider too, so the next sign-in asks again; with
passwords off the password form is gone and a posted password is refused."""

import pytest

from core.choices import Role
from core.models import AuditEvent, SsoGroupMapping, User
from core.sso.config import with_provider_form_action
from tests.factories import PASSWORD
from tests.sso_provider.server import PASSWORD as PROVIDER_PASSWORD
from tests.sso_provider.server import provider_running

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CLIENT_ID, SECRET = "portal", "portal-secret"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with provider_running(tmp_path_factory.mktemp("provider")) as provider:
        yield provider


@pytest.fixture
def sso(settings, provider, live_server):
    """The portal (on localhost) set up for the provider (on 127.0.0.1: a host of its
    own, so the two never share a cookie), as its settings are from the environment."""
    callback = f"{live_server.url}/accounts/oidc/sso/login/callback/"
    provider.client(
        client_id=CLIENT_ID,
        secret=SECRET,
        redirect_uris=[callback],
        post_logout_redirect_uris=[f"{live_server.url}/accounts/login/"],
    )
    settings.SOCIALACCOUNT_PROVIDERS = provider.allauth_providers(CLIENT_ID, SECRET)
    settings.CONTENT_SECURITY_POLICY = with_provider_form_action(
        settings.CONTENT_SECURITY_POLICY, settings.SOCIALACCOUNT_PROVIDERS
    )
    return provider


def policy_violations(page) -> list[str]:
    """What Chromium refuses under the Content-Security-Policy, as its console says it."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


def test_someone_unknown_signs_in_with_sso_and_arrives_with_their_roles(page, live_server, sso):
    SsoGroupMapping.objects.create(group="gov-auditors", role=Role.AUDITOR)
    sso.person(
        username="erin",
        email="erin.audit@example.org",
        groups=["gov-auditors", "all-staff"],
        name=("Erin", "Example"),
    )
    refused = policy_violations(page)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in with Example Corp SSO").click()
    page.wait_for_url(f"{sso.origin}/login/**")  # the provider's own sign-in page
    page.get_by_label("Username").fill("erin")
    page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Sign in to the provider").click()

    page.wait_for_url(f"{live_server.url}/packs/**")  # an auditor lands on the packs
    assert refused == []
    erin = User.objects.get(email="erin.audit@example.org")
    assert erin.full_name == "Erin Example"
    assert page.get_by_text("Erin Example").first.is_visible()
    page.goto(f"{live_server.url}/profile/")
    assert page.locator("#roles").get_by_text("Auditor").is_visible()

    page.goto(f"{live_server.url}/audit/?actor=erin.audit")
    trail = page.locator("main table tbody").inner_text()
    for words in (
        "Signed in",
        "Was given a role by their single sign-on groups",
        "Got an account at their first single sign-on",
    ):
        assert words in trail
    login = AuditEvent.objects.get(action="auth.login", actor=erin)
    assert (login.changes["method"], login.changes["provider"]) == ("sso", "Example Corp SSO")


def test_logging_out_ends_the_session_at_the_provider_so_the_next_sign_in_asks(
    page, live_server, sso, personas
):
    sso.person(username="dpo", email=personas.dpo.email)
    refused = policy_violations(page)
    login = f"{live_server.url}/accounts/login/"
    page.goto(login)
    page.get_by_role("button", name="Sign in with Example Corp SSO").click()
    page.wait_for_url(f"{sso.origin}/login/**")
    page.get_by_label("Username").fill("dpo")
    page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Sign in to the provider").click()
    page.wait_for_url(lambda url: url.startswith(live_server.url) and "/accounts/" not in url)

    page.locator("details.usermenu summary").click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(login)  # through the provider's end-session and back
    assert page.get_by_text("You have signed out.").is_visible()
    page.get_by_role("button", name="Sign in with Example Corp SSO").click()
    # The provider asks who this is again, rather than signing the DPO straight back in.
    page.wait_for_url(f"{sso.origin}/login/**")
    assert page.get_by_role("button", name="Sign in to the provider").is_visible()
    assert refused == []  # the logout form's redirect to the provider is allowed
    logout = AuditEvent.objects.get(action="auth.logout")
    assert logout.actor == personas.dpo


def test_with_passwords_off_the_form_is_gone_and_a_posted_password_is_refused(
    page, live_server, settings, sso, personas
):
    settings.PASSWORD_LOGIN = False
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.get_by_role("button", name="Sign in with Example Corp SSO").is_visible()
    assert page.get_by_label("Password").count() == 0
    assert page.get_by_role("link", name="Forgot password?").count() == 0

    # A script posting a password anyway, with a valid CSRF token from the page.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    answer = page.request.post(
        f"{live_server.url}/accounts/login/",
        form={"csrfmiddlewaretoken": token, "login": personas.dpo.email, "password": PASSWORD},
        max_redirects=0,
    )
    assert answer.status == 403 and "Passwords are turned off" in answer.text()
    page.goto(f"{live_server.url}/profile/")
    assert "/accounts/login/" in page.url  # nobody was signed in
    refused = AuditEvent.objects.get(action="auth.password_login_refused")
    assert refused.changes["attempted_email"] == personas.dpo.email
    assert not AuditEvent.objects.filter(action="auth.login").exists()
