"""The profile page and API tokens: shown once, accepted by the API, refused once revoked."""

import io

from django.core.management import call_command

from core.models import ApiToken, AuditEvent
from core.services import api_token_issue, api_token_revoke

ME = "/api/v1/me/"


def test_profile_shows_roles_teams_time_zone_and_links(client_for, personas):
    html = client_for(personas.owner).get("/profile/").content.decode()
    assert "Product owner · People Ops" in html
    assert 'value="Europe/Berlin" selected' in html
    assert 'href="/accounts/2fa/"' in html
    assert "No API tokens yet" in html


def test_the_user_menu_loads_the_roles(client_for, personas):
    html = client_for(personas.owner).get("/profile/roles/").content.decode()
    assert "Product owner · People Ops" in html


def create_token(client, name="CI pipeline"):
    return client.post("/profile/tokens/new/", {"name": name})


def test_a_new_key_is_shown_once_and_never_again(client_for, personas):
    client = client_for(personas.owner)
    response = create_token(client)
    assert response.status_code == 302
    token = ApiToken.objects.get(user=personas.owner)
    assert response["Location"] == f"/profile/tokens/{token.pk}/created/"

    shown = client.get(response["Location"])
    assert shown["Cache-Control"].startswith("no-store")
    html = shown.content.decode()
    key = html.split('id="new-token-key" class="secret" type="text" value="')[1].split('"')[0]
    assert key.startswith(token.prefix) and len(key) > 30
    assert "only time it is shown" in html

    again = client.get(response["Location"], follow=True).content.decode()
    assert key not in again and "cannot be shown again" in again
    assert key not in client.get("/profile/").content.decode()
    assert f"{token.prefix}…" in client.get("/profile/").content.decode()
    assert AuditEvent.objects.filter(action="api_token.issued", actor=personas.owner).exists()


def test_a_token_needs_a_name(client_for, personas):
    response = create_token(client_for(personas.owner), name="   ")
    assert response.status_code == 400
    assert "field-error" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_api_accepts_the_token_and_refuses_it_once_revoked(api_client, personas):
    key = api_token_issue(actor=personas.dpo, user=personas.dpo, name="script").key
    response = api_client.get(ME, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert response.json()["email"] == "dpo@example.com"
    assert response.json()["roles"] == [
        {"role": "dpo", "label": "Data protection officer", "team": None}
    ]
    assert ApiToken.objects.get().last_used_at is not None

    token = ApiToken.objects.get()
    api_token_revoke(actor=personas.dpo, token=token)
    assert api_client.get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert api_client.get(ME, HTTP_AUTHORIZATION="Token not-a-key").status_code == 401


def test_revoking_asks_for_confirmation_then_revokes(client_for, personas, api_client):
    issued = api_token_issue(actor=personas.owner, user=personas.owner, name="CI")
    client = client_for(personas.owner)
    url = f"/profile/tokens/{issued.token.pk}/revoke/"
    confirm = client.get(url).content.decode()
    assert "Revoke the token “CI”?" in confirm and 'method="post"' in confirm
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None  # a GET changes nothing

    response = client.post(url)
    assert (response.status_code, response["Location"]) == (302, "/profile/")
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1
    assert api_client.get(ME, HTTP_AUTHORIZATION=f"Token {issued.key}").status_code == 401
    assert "Revoked" in client.get("/profile/").content.decode()


def test_nobody_revokes_someone_elses_token(client_for, personas):
    issued = api_token_issue(actor=personas.owner, user=personas.owner, name="CI")
    response = client_for(personas.admin).post(f"/profile/tokens/{issued.token.pk}/revoke/")
    assert response.status_code == 404
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None


def test_issue_token_command_prints_a_working_key(personas, api_client):
    out = io.StringIO()
    call_command("issue_token", "Auditor@Example.com", "--name", "Evidence export", stdout=out)
    key = out.getvalue().strip()
    response = api_client.get(ME, HTTP_AUTHORIZATION=f"Token {key}")
    assert (response.status_code, response.json()["email"]) == (200, "auditor@example.com")
    token = ApiToken.objects.get()
    assert token.name == "Evidence export"
    event = AuditEvent.objects.get(action="api_token.issued")
    assert (event.actor, event.actor_label) == (None, "console")  # manage.py, no person


def test_me_needs_authentication(api_client, db):
    assert api_client.get(ME).status_code in (401, 403)


def test_me_works_with_the_browser_session(client_for, personas):
    response = client_for(personas.owner).get(ME)
    assert response.json()["roles"][0]["team"] == "People Ops"


def test_changing_the_time_zone_is_recorded(client_for, personas):
    client = client_for(personas.board)
    response = client.post("/profile/time-zone/", {"time_zone": "America/New_York"})
    assert response.status_code == 302
    personas.board.refresh_from_db()
    assert personas.board.time_zone == "America/New_York"
    event = AuditEvent.objects.get(action="user.time_zone_changed")
    assert event.changes == {"time_zone": ["Europe/Berlin", "America/New_York"]}
    assert client.post("/profile/time-zone/", {"time_zone": "Mars/Olympus"}).status_code == 400
