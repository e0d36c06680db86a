"""Sessions: signed out after SESSION_IDLE_TIMEOUT seconds without a request, said on
the login page and recorded; "Sign out everywhere" ends every session of the person."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from core.models import AuditEvent


@pytest.fixture
def idle_after_30_minutes(settings):
    settings.SESSION_IDLE_TIMEOUT = 1800


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="core.backends.PortalModelBackend")
    return client


def test_a_session_idle_longer_than_the_timeout_is_signed_out(personas, idle_after_30_minutes):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = signed_in(personas.dpo)
        assert client.get("/profile/").status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get("/profile/").status_code == 200  # activity: the clock restarts
        clock.shift(timedelta(minutes=29))
        assert client.get("/inbox/").status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get("/inbox/?unread=1")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/inbox/%3Funread%3D1"
    assert "_auth_user_id" not in client.session
    login = client.get(response["Location"]).content.decode()
    assert "You were signed out after 30 minutes without activity." in login
    event = AuditEvent.objects.get(action="auth.logout")
    assert event.actor == personas.dpo
    assert event.changes == {"reason": "idle", "idle_timeout_seconds": 1800}


def test_an_idle_htmx_request_sends_the_whole_page_to_the_login(personas, idle_after_30_minutes):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = signed_in(personas.dpo)
        client.get("/profile/")
        clock.shift(timedelta(hours=2))
        response = client.get("/profile/roles/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/profile/roles/"


def test_an_idle_session_calling_the_api_is_answered_as_anonymous(personas, idle_after_30_minutes):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = signed_in(personas.dpo)
        assert client.get("/api/v1/systems/").status_code == 200
        clock.shift(timedelta(hours=1))
        assert client.get("/api/v1/systems/").status_code in (401, 403)
    assert AuditEvent.objects.filter(action="auth.logout", actor=personas.dpo).exists()


def test_no_timeout_with_zero(personas, settings):
    settings.SESSION_IDLE_TIMEOUT = 0
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = signed_in(personas.dpo)
        client.get("/profile/")
        clock.shift(timedelta(days=3))
        assert client.get("/profile/").status_code == 200


def sessions_of(user) -> int:
    live = Session.objects.filter(expire_date__gt=timezone.now())
    return sum(1 for s in live if s.get_decoded().get("_auth_user_id") == str(user.pk))


def test_signing_out_everywhere_ends_every_session_of_the_person_only(personas):
    laptop, phone, someone_else = (
        signed_in(personas.dpo),
        signed_in(personas.dpo),
        signed_in(personas.ciso),
    )
    assert 'action="/profile/sign-out-everywhere/"' in laptop.get("/profile/").content.decode()
    response = laptop.post("/profile/sign-out-everywhere/")

    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert (
        "You are signed out everywhere (2 sessions)."
        in laptop.get("/accounts/login/").content.decode()
    )
    for client in (laptop, phone):
        assert client.get("/profile/").status_code == 302
    assert someone_else.get("/profile/").status_code == 200
    assert sessions_of(personas.dpo) == 0 and sessions_of(personas.ciso) == 1
    ended = AuditEvent.objects.get(action="sessions.ended_everywhere")
    assert (ended.actor, ended.object_id) == (personas.dpo, str(personas.dpo.pk))
    assert ended.changes["sessions"] == 2
    logout = AuditEvent.objects.get(action="auth.logout")
    assert logout.changes == {"reason": "signed out everywhere"}
    # Signing in again (as the account is now, with its new session token) works.
    personas.dpo.refresh_from_db()
    assert signed_in(personas.dpo).get("/profile/").status_code == 200


def test_sessions_a_store_cannot_list_end_by_the_new_session_token(personas, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    laptop, phone = signed_in(personas.dpo), signed_in(personas.dpo)
    assert phone.get("/profile/").status_code == 200
    laptop.post("/profile/sign-out-everywhere/")
    assert phone.get("/profile/").status_code == 302  # its cookie still says who: no match
    assert AuditEvent.objects.get(action="sessions.ended_everywhere").changes["sessions"] == 0


def test_signing_out_everywhere_is_a_post(personas):
    client = signed_in(personas.dpo)
    assert client.get("/profile/sign-out-everywhere/").status_code == 405
    assert client.get("/profile/").status_code == 200
