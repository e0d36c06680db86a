"""Signing in: the allauth pages in our look, throttling, and logins in the audit trail."""

import time

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from core.models import AuditEvent
from tests.factories import PASSWORD

LOGIN = "/accounts/login/"


def attempt(client, email: str, password: str):
    return client.post(LOGIN, {"login": email, "password": password})


@pytest.mark.parametrize("path", ["/", "/inbox/", "/audit/", "/profile/"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={path}"


def test_login_page_is_ours_without_a_signup_link(client, db):
    html = client.get(LOGIN).content.decode()
    assert '<html lang="en">' in html
    assert 'href="/static/css/portal.css"' in html
    assert '<label for="id_login">Email</label>' in html
    assert '<label for="id_password">Password</label>' in html
    assert 'href="/accounts/password/reset/"' in html and "Forgot password?" in html
    assert ">Sign in</button>" in html
    assert "/accounts/signup/" not in html


def test_signup_is_closed(client, db):
    response = client.get("/accounts/signup/")
    assert "No self sign-up" in response.content.decode()
    assert '<html lang="en">' in response.content.decode()


def test_successful_and_failed_logins_are_in_the_audit_trail(client, personas, private_cache):
    assert attempt(client, personas.dpo.email, "wrong-password").status_code == 200
    response = attempt(client, personas.dpo.email, PASSWORD)
    assert response.status_code == 302
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.actor is None
    assert failed.changes == {"attempted_email": personas.dpo.email}
    login = AuditEvent.objects.get(action="auth.login")
    assert (login.actor, login.object_id) == (personas.dpo, str(personas.dpo.pk))


def test_the_sixth_failed_login_within_five_minutes_is_refused(client, personas, private_cache):
    for _ in range(5):
        response = attempt(client, personas.board.email, "wrong-password")
        assert response.status_code == 200
        assert "Too many failed login attempts" not in response.content.decode()
    sixth = attempt(client, personas.board.email, PASSWORD)  # even the right password
    refused = sixth.status_code == 429 or (
        sixth.status_code == 200 and "Too many failed login attempts" in sixth.content.decode()
    )
    assert refused
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 5
    assert not AuditEvent.objects.filter(action="auth.login").exists()


def test_every_refused_attempt_past_the_limit_is_in_the_audit_trail(
    client, personas, private_cache
):
    for _ in range(30):
        attempt(client, personas.board.email, "wrong-password")
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 5
    throttled = AuditEvent.objects.filter(action="auth.login_throttled")
    assert throttled.count() == 25
    assert {event.changes["attempted_email"] for event in throttled} == {personas.board.email}


def test_logout_asks_first_and_logs_out_on_post(client_for, personas):
    client = client_for(personas.owner)
    page = client.get("/accounts/logout/").content.decode()
    assert "Log out?" in page and 'method="post"' in page
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.logout", actor=personas.owner).exists()


def test_password_reset_flow_pages(client, personas, mailoutbox):
    page = client.get("/accounts/password/reset/").content.decode()
    assert "Reset your password" in page and '<html lang="en">' in page
    response = client.post("/accounts/password/reset/", {"email": personas.dpo.email})
    assert response.status_code == 302
    done = client.get(response["Location"]).content.decode()
    assert "Check your e-mail" in done
    assert len(mailoutbox) == 1 and personas.dpo.email in mailoutbox[0].to


def test_two_factor_page_uses_our_layout(client_for, personas):
    page = client_for(personas.ciso).get(reverse("mfa_index")).content.decode()
    assert '<html lang="en">' in page
    assert "Authenticator app" in page
    assert reverse("mfa_activate_totp") in page
    assert 'class="usermenu"' in page


def current_totp(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_totp_can_be_activated_and_is_then_asked_for_at_login(client, personas, private_cache):
    client.post(LOGIN, {"login": personas.ciso.email, "password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"), follow=True)
    if "Confirm it is you" in page.content.decode():  # allauth asks for the password again
        client.post(page.redirect_chain[-1][0], {"password": PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
    html = page.content.decode()
    assert "Set up an authenticator app" in html and 'src="data:image/svg+xml;base64,' in html
    secret = html.split('id="authenticator_secret" type="text" class="mono" value="')[1].split('"')[
        0
    ]
    response = client.post(reverse("mfa_activate_totp"), {"code": current_totp(secret)})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Authenticator.objects.filter(user=personas.ciso, type="totp").exists()

    client.post("/accounts/logout/")
    step = client.post(LOGIN, {"login": personas.ciso.email, "password": PASSWORD}, follow=True)
    assert "Enter your code" in step.content.decode()
    assert "_auth_user_id" not in client.session
    done = client.post(reverse("mfa_authenticate"), {"code": current_totp(secret)})
    assert done.status_code == 302
    assert client.session["_auth_user_id"] == str(personas.ciso.pk)


def test_change_password_page_is_ours(client_for, personas):
    html = client_for(personas.owner).get("/accounts/password/change/").content.decode()
    assert "<h1>Change password</h1>" in html and '<html lang="en">' in html


def test_confirming_it_is_you_asks_for_the_password_or_for_a_code(client_for, personas):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    client = client_for(personas.ciso)
    by_password = client.get(reverse("account_reauthenticate")).content.decode()
    assert "<h1>Confirm it is you</h1>" in by_password
    assert "enter your password again" in by_password
    assert f'action="{reverse("account_reauthenticate")}"' in by_password
    TOTP.activate(personas.ciso, generate_totp_secret())
    by_code = client.get(reverse("mfa_reauthenticate")).content.decode()
    assert "<h1>Confirm it is you</h1>" in by_code
    assert "Enter a code from your authenticator app." in by_code
    assert f'action="{reverse("mfa_reauthenticate")}"' in by_code
