"""A system's monitoring token (issue 20 section 4): issued by its owner or an
administrator, shown once, listed, revocable by any owner of the system, audited, and
labelled by its scope on the holder's profile."""

import pytest

from core.choices import Role
from core.models import ApiToken, AuditEvent
from tests.factories import people_ops_system, user_with_roles

pytestmark = pytest.mark.django_db


def _issue(client, person, system_id="SYS-001", name="screener production"):
    client.force_login(person)
    return client.post(f"/assurance/systems/{system_id}/tokens/", {"name": name})


def test_the_owner_issues_a_token_whose_key_is_shown_once(client, personas):
    system = people_ops_system(personas)
    response = _issue(client, personas.owner)
    assert response.status_code == 302
    token = ApiToken.objects.get()
    assert (token.user, token.scope) == (personas.owner, "monitoring")
    assert token.scope_object == str(system.pk)
    assert token.scope_label == "push monitoring values and log digests for SYS-001"
    page = client.get("/assurance/systems/SYS-001/tokens/").content.decode()
    assert "Copy the key now." in page
    key = page.split('id="new-token-key" class="secret" type="text" value="')[1].split('"')[0]
    assert key.startswith(token.prefix)
    again = client.get("/assurance/systems/SYS-001/tokens/").content.decode()
    assert key not in again
    assert f"{token.prefix}…" in again
    event = AuditEvent.objects.get(action="api_token.issued")
    assert event.changes["scope"] == token.scope_label


def test_only_owners_and_administrators_issue(client, personas):
    people_ops_system(personas)
    for person in (personas.owner2, personas.auditor, personas.safety):
        assert _issue(client, person).status_code == 403
    assert _issue(client, personas.admin).status_code == 302
    assert ApiToken.objects.get().user == personas.admin


def test_another_owner_of_the_system_revokes_it(client, personas):
    people_ops_system(personas)
    _issue(client, personas.owner)
    token = ApiToken.objects.get()
    colleague = user_with_roles("po2@example.com", Role.PRODUCT_OWNER, team=personas.people_ops)
    client.force_login(colleague)
    response = client.post(f"/assurance/systems/SYS-001/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(action="monitoring_token.revoked")
    assert event.actor == colleague
    assert event.changes["system"] == "SYS-001"


def test_someone_who_does_not_own_the_system_cannot_revoke(client, personas):
    people_ops_system(personas)
    _issue(client, personas.owner)
    token = ApiToken.objects.get()
    client.force_login(personas.owner2)
    assert client.post(f"/assurance/systems/SYS-001/tokens/{token.pk}/revoke/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_profile_and_the_system_panel_say_what_the_token_may_do(client, personas):
    people_ops_system(personas)
    _issue(client, personas.owner)
    profile = client.get("/profile/").content.decode()
    assert "Only to push monitoring values and log digests for SYS-001" in profile
    panel = client.get("/assurance/systems/SYS-001/tokens/panel/", HTTP_HX_REQUEST="true")
    assert "1 active token may push monitoring values and log digests" in panel.content.decode()
    client.force_login(personas.auditor)
    panel = client.get("/assurance/systems/SYS-001/tokens/panel/").content.decode()
    assert "Issue or revoke monitoring tokens" not in panel
    detail = client.get("/systems/SYS-001/").content.decode()
    assert "/assurance/systems/SYS-001/tokens/panel/" in detail
