"""Single sign-on against a real OpenID Connect provider (tests/sso_provider, started in
a process of its own): accounts made at the first sign-in, roles that follow groups,
sign-ins on the record, passwords turned off, and signing out at the provider too."""

from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core import checks
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from core.auth import PortalAccountAdapter
from core.choices import Role
from core.models import AuditEvent, RoleAssignment, SsoGroupMapping, SsoRoleGrant, User
from core.services import role_grant, user_create
from core.sso.config import with_provider_form_action
from core.sso.logout import ID_TOKEN_KEY
from tests.factories import PASSWORD
from tests.sso_provider.server import provider_running

LOGIN = "/accounts/login/"
SSO_LOGIN = "/accounts/oidc/sso/login/"
CALLBACK = "http://testserver/accounts/oidc/sso/login/callback/"
AFTER_SIGN_OUT = "http://testserver/accounts/login/"
CLIENT_ID, SECRET = "portal", "portal-secret"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with provider_running(tmp_path_factory.mktemp("provider")) as provider:
        provider.client(
            client_id=CLIENT_ID,
            secret=SECRET,
            redirect_uris=[CALLBACK],
            post_logout_redirect_uris=[AFTER_SIGN_OUT],
        )
        yield provider


@pytest.fixture
def sso(settings, provider, private_cache):
    """The portal set up for the test provider, as its settings would be from the
    environment (core.sso.config); group mappings as an administrator made them."""
    settings.SOCIALACCOUNT_PROVIDERS = provider.allauth_providers(CLIENT_ID, SECRET)
    settings.CONTENT_SECURITY_POLICY = with_provider_form_action(
        settings.CONTENT_SECURITY_POLICY, settings.SOCIALACCOUNT_PROVIDERS
    )
    return provider


@pytest.fixture
def mappings(personas):
    SsoGroupMapping.objects.create(group="gov-dpo", role=Role.DPO)
    SsoGroupMapping.objects.create(group="gov-ciso", role=Role.CISO)
    SsoGroupMapping.objects.create(
        group="gov-po", role=Role.PRODUCT_OWNER, team=personas.people_ops
    )


def sso_start(client, provider, **form) -> str:
    """Press "Sign in with …": the provider's authorization URL the portal sends one to."""
    start = client.post(SSO_LOGIN, {"process": "login", **form})
    assert start.status_code == 302 and start["Location"].startswith(provider.issuer)
    return start["Location"]


def sso_sign_in(client, provider, username: str, browser=None, **form):
    """Press "Sign in with …", sign in at the provider, come back to the portal."""
    authorize = sso_start(client, provider, **form)
    back = urlsplit(provider.sign_in(authorize, username, browser=browser))
    assert back.netloc == "testserver", back
    return client.get(f"{back.path}?{back.query}")


def roles(user) -> set[tuple[str, str | None]]:
    rows = RoleAssignment.objects.filter(user=user).select_related("team")
    return {(a.role, a.team.name if a.team else None) for a in rows}


def events(action: str, user=None) -> list[AuditEvent]:
    rows = AuditEvent.objects.filter(action=action).order_by("seq")
    return list(rows.filter(object_id=str(user.pk)) if user else rows)


def test_without_a_provider_there_is_no_button_and_no_sso_page(client, db):
    html = client.get(LOGIN).content.decode()
    assert "Sign in with" not in html and SSO_LOGIN not in html
    assert '<label for="id_password">Password</label>' in html
    assert client.post(SSO_LOGIN, {"process": "login"}).status_code == 404


def test_the_login_page_offers_the_provider_beside_passwords(client, sso, db):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert f'<form method="post" action="{SSO_LOGIN}">' in html
    assert ">Sign in with Example Corp SSO</button>" in html
    assert '<label for="id_password">Password</label>' in html and "Forgot password?" in html
    # The button's POST is redirected to the provider: form-action must allow it.
    assert f"form-action 'self' {sso.origin}" in response["Content-Security-Policy"]


def test_the_provider_page_asks_before_leaving_when_reached_by_a_link(client, sso, db):
    html = client.get(SSO_LOGIN).content.decode()
    assert "<h1>Sign in with Example Corp SSO</h1>" in html and ">Continue</button>" in html
    assert '<html lang="en">' in html


def test_administrators_edit_the_mapping_table_on_the_record(client_for, personas):
    personas.admin.is_staff = True
    personas.admin.save()
    admin = client_for(personas.admin)
    url = "/admin/core/ssogroupmapping/add/"
    added = admin.post(url, {"group": "/governance/dpo", "role": Role.DPO, "team": ""})
    assert added.status_code == 302
    mapping = SsoGroupMapping.objects.get()
    event = events("ssogroupmapping.created")[0]
    assert (event.actor, event.object_id) == (personas.admin, str(mapping.pk))
    refused = admin.post(url, {"group": "gov-po", "role": Role.PRODUCT_OWNER, "team": ""})
    assert (
        "A product owner&#x27;s role names a team; no other role does." in refused.content.decode()
    )
    assert SsoGroupMapping.objects.count() == 1
    personas.dpo.is_staff = True
    personas.dpo.save()
    assert client_for(personas.dpo).get("/admin/core/ssogroupmapping/").status_code == 403
    assert admin.get("/admin/socialaccount/socialaccount/").status_code == 200
    assert admin.get("/admin/socialaccount/socialapp/").status_code == 404  # settings only


def test_someone_unknown_gets_an_account_with_the_roles_their_groups_map_to(
    client, sso, mappings, personas
):
    sso.person(
        username="dana",
        email="Dana.Ng@Example.org",
        groups=["gov-dpo", "gov-po", "not-mapped"],
        name=("Dana", "Ng"),
    )
    response = sso_sign_in(client, sso, "dana")
    assert response.status_code == 302 and response["Location"] == "/"

    dana = User.objects.get(email="dana.ng@example.org")
    assert dana.full_name == "Dana Ng" and not dana.has_usable_password()
    assert client.session["_auth_user_id"] == str(dana.pk)
    address = EmailAddress.objects.get(user=dana)
    assert (address.email, address.verified, address.primary) == (dana.email, True, True)
    assert roles(dana) == {("dpo", None), ("product_owner", "People Ops")}
    assert SsoRoleGrant.objects.filter(assignment__user=dana).count() == 2

    created, login = events("sso.account_created", dana), events("auth.login", dana)
    assert created[0].changes["provider"] == "Example Corp SSO"
    assert login[0].changes == {
        "method": "sso",
        "provider": "Example Corp SSO",
        "uid": SocialAccount.objects.get(user=dana).uid,
    }
    granted = [(e.changes["role"], e.changes["group"]) for e in events("sso.role_granted")]
    assert granted == [("dpo", "gov-dpo"), ("product_owner", "gov-po")]
    assert all(e.actor == dana for e in events("sso.role_granted"))
    page = client.get("/profile/").content.decode()
    assert "Data protection officer" in page and "Product owner · People Ops" in page


def test_roles_follow_groups_and_roles_given_by_hand_stay(client, sso, mappings, personas):
    known = user_create(
        actor=personas.admin, email="lee@example.org", password=PASSWORD, full_name="Lee"
    )
    role_grant(actor=personas.admin, user=known, role=Role.AUDITOR)
    role_grant(actor=personas.admin, user=known, role=Role.DPO)  # gov-dpo maps to it too
    sso.person(username="lee", email="lee@example.org", groups=["gov-dpo", "gov-ciso"])

    sso_sign_in(client, sso, "lee")
    assert client.session["_auth_user_id"] == str(known.pk)  # the account the portal knew
    assert not events("sso.account_created")
    assert roles(known) == {("auditor", None), ("dpo", None), ("ciso", None)}
    assert [e.changes["role"] for e in events("sso.role_granted")] == ["ciso"]

    client.post("/accounts/logout/")
    sso.person(username="lee", email="lee@example.org", groups=[])
    back = sso_sign_in(client, sso, "lee", next="/inbox/")  # the login page's ?next= kept
    assert back["Location"] == "/inbox/"
    assert roles(known) == {("auditor", None), ("dpo", None)}
    revoked = events("sso.role_revoked", known)
    assert [(e.changes["role"], e.changes["former_group"]) for e in revoked] == [
        ("ciso", "gov-ciso")
    ]


def test_an_address_outside_the_allowed_domains_signs_nobody_in(client, settings, sso, personas):
    settings.SOCIALACCOUNT_PROVIDERS = sso.allauth_providers(
        CLIENT_ID, SECRET, SSO_EMAIL_DOMAINS="example.org"
    )
    # Someone else's tenant may vouch for any address, even one the portal knows.
    sso.person(username="mallory", email=personas.dpo.email, groups=["gov-dpo"])
    response = sso_sign_in(client, sso, "mallory")
    assert response.status_code == 403 and "No self sign-up" in response.content.decode()
    assert "_auth_user_id" not in client.session and ID_TOKEN_KEY not in client.session
    assert not SocialAccount.objects.exists()
    refused = events("auth.sso_refused")[0].changes
    assert refused["reason"] == "The address is outside the allowed domains."
    assert refused["attempted_email"] == personas.dpo.email


def test_someone_the_provider_gives_no_address_gets_no_account(client, sso, db):
    sso.person(username="anon", email="", groups=["gov-dpo"])
    response = sso_sign_in(client, sso, "anon")
    assert "No self sign-up" in response.content.decode()
    assert "_auth_user_id" not in client.session and not User.objects.exists()
    refused = events("auth.sso_refused")[0].changes
    assert refused["reason"] == "The provider vouched for no e-mail address."


def test_a_password_sign_in_says_how_it_was_made(client, personas, private_cache):
    client.post(LOGIN, {"login": personas.dpo.email, "password": PASSWORD})
    assert events("auth.login", personas.dpo)[0].changes == {"method": "password"}


def test_with_passwords_off_only_single_sign_on_lets_anyone_in(
    client, client_for, settings, sso, personas
):
    settings.PASSWORD_LOGIN = False
    html = client.get(LOGIN).content.decode()
    assert ">Sign in with Example Corp SSO</button>" in html
    assert 'name="password"' not in html and "Forgot password?" not in html

    refused = client.post(LOGIN, {"login": personas.dpo.email, "password": PASSWORD})
    assert refused.status_code == 403
    assert "Passwords are turned off" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    event = events("auth.password_login_refused")[0]
    assert event.changes == {"attempted_email": personas.dpo.email, "form": "account_login"}
    assert not events("auth.login")

    assert client.get("/accounts/password/reset/").status_code == 404
    assert (
        client.post("/accounts/password/reset/", {"email": personas.dpo.email}).status_code == 404
    )
    profile = client_for(personas.dpo).get("/profile/").content.decode()
    assert "Change password" not in profile and "Two-factor authentication" not in profile

    sso.person(username="dpo", email=personas.dpo.email, groups=["gov-dpo"])
    sso_sign_in(client, sso, "dpo")
    assert client.session["_auth_user_id"] == str(personas.dpo.pk)


def test_with_passwords_off_no_form_gets_a_password_checked(settings, personas, rf):
    # Behind the middleware: allauth's adapter checks no password either (a form the
    # middleware does not know, reauthentication through another path).
    settings.PASSWORD_LOGIN = False
    with pytest.raises(ValidationError, match="turned off"):
        PortalAccountAdapter().pre_authenticate(
            rf.post("/"), email=personas.dpo.email, password=PASSWORD
        )
    assert events("auth.password_login_refused")[0].changes == {
        "attempted_email": personas.dpo.email
    }


def test_passwords_off_without_a_provider_is_flagged_at_start(settings, db):
    settings.PASSWORD_LOGIN = False
    found = [message.id for message in checks.run_checks(tags=[checks.Tags.security])]
    assert "core.W001" in found
    settings.PASSWORD_LOGIN = True
    found = [message.id for message in checks.run_checks(tags=[checks.Tags.security])]
    assert "core.W001" not in found


# --- signing out ends the session at the provider too (RP-Initiated Logout) ---------------


def provider_signs_straight_in(provider, browser) -> bool:
    """Whether "Sign in with …" (from a browser the portal does not know yet) comes
    straight back from the provider, without its sign-in form: the provider's session."""
    page = provider.visit(sso_start(Client(), provider), browser)
    if isinstance(page, str):
        return True
    assert "Sign in to the provider" in page.text  # its sign-in form, nothing else
    return False


def test_signing_out_after_sso_ends_the_session_at_the_provider(client, sso, personas):
    sso.person(username="dpo", email=personas.dpo.email)
    browser = requests.Session()  # the person's browser: it keeps the provider's cookie
    sso_sign_in(client, sso, "dpo", browser=browser)
    assert provider_signs_straight_in(sso, browser)

    response = client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session  # the portal's session ended first
    assert events("auth.logout", personas.dpo)[0].actor == personas.dpo
    assert response.status_code == 302
    end_session = urlsplit(response["Location"])
    assert f"{end_session.scheme}://{end_session.netloc}{end_session.path}" == (
        f"{sso.issuer}/end-session"
    )  # the provider's end_session_endpoint, from its discovery document
    query = {name: values[0] for name, values in parse_qs(end_session.query).items()}
    assert query.keys() == {"id_token_hint", "client_id", "post_logout_redirect_uri"}
    assert (query["client_id"], query["post_logout_redirect_uri"]) == (CLIENT_ID, AFTER_SIGN_OUT)
    hint = jwt.decode(query["id_token_hint"], options={"verify_signature": False})
    assert hint["aud"] == CLIENT_ID
    assert hint["sub"] == SocialAccount.objects.get(user=personas.dpo).uid

    assert sso.visit(response["Location"], browser) == AFTER_SIGN_OUT
    assert not provider_signs_straight_in(sso, browser)  # the provider asks again


def test_signing_out_everywhere_after_sso_ends_the_session_at_the_provider(client, sso, personas):
    sso.person(username="dpo", email=personas.dpo.email)
    browser = requests.Session()
    sso_sign_in(client, sso, "dpo", browser=browser)
    response = client.post("/profile/sign-out-everywhere/")
    assert response["Location"].startswith(f"{sso.issuer}/end-session?")
    assert client.get("/profile/").status_code == 302
    assert events("sessions.ended_everywhere", personas.dpo)[0].changes["sessions"] == 1
    assert sso.visit(response["Location"], browser) == AFTER_SIGN_OUT
    assert not provider_signs_straight_in(sso, browser)


def test_a_password_sign_out_stays_in_the_portal(client, sso, personas):
    client.post(LOGIN, {"login": personas.dpo.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(personas.dpo.pk)
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_no_sign_out_at_the_provider_when_turned_off_not_offered_or_unreachable(
    client, sso, personas
):
    sso.person(username="dpo", email=personas.dpo.email)
    offers_none = sso.allauth_providers(CLIENT_ID, SECRET)
    app = offers_none["openid_connect"]["APPS"][0]
    app["settings"]["openid_configuration_overrides"] = {"end_session_endpoint": None}  # Google
    unreachable = sso.allauth_providers(CLIENT_ID, SECRET)
    unreachable["openid_connect"]["APPS"][0]["settings"]["server_url"] = "http://127.0.0.1:9"
    for change in (
        {"SSO_LOGOUT_AT_PROVIDER": False},
        {"SOCIALACCOUNT_PROVIDERS": offers_none},
        {"SOCIALACCOUNT_PROVIDERS": unreachable},
    ):
        sso_sign_in(client, sso, "dpo")
        assert ID_TOKEN_KEY in client.session
        with override_settings(**change):
            response = client.post("/accounts/logout/")
        assert response["Location"] == "/accounts/login/", change
        assert "_auth_user_id" not in client.session
