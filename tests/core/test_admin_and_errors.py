"""The admin for administrators (the audit trail read-only) and the error pages."""

import pytest
from django.urls import reverse

from core.audit import audit_record
from core.choices import Role
from core.models import AuditEvent, RoleAssignment


@pytest.fixture
def staff_admin(personas):
    personas.admin.is_staff = True
    personas.admin.save()
    return personas.admin


def test_audit_events_are_read_only_in_the_admin(client_for, staff_admin):
    event = audit_record(actor=None, action="test.recorded", object_type="tests.thing")
    client = client_for(staff_admin)
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    page = client.get(reverse("admin:core_auditevent_change", args=[event.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    delete = client.post(reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_staff_without_the_admin_role_cannot_use_the_admin(client_for, personas):
    personas.board.is_staff = True
    personas.board.save()
    response = client_for(personas.board).get(reverse("admin:core_auditevent_changelist"))
    assert response.status_code == 403


def test_granting_a_role_in_the_admin_goes_through_the_audited_service(
    client_for, staff_admin, personas
):
    user = personas.outsider
    url = reverse("admin:core_user_change", args=[user.pk])
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "time_zone": "Europe/Berlin",
        "is_active": "on",
        "role_assignments-TOTAL_FORMS": "1",
        "role_assignments-INITIAL_FORMS": "0",
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
        "role_assignments-0-role": Role.CISO,
        "role_assignments-0-team": "",
        "role_assignments-0-user": str(user.pk),
    }
    response = client_for(staff_admin).post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert RoleAssignment.objects.filter(user=user, role=Role.CISO).exists()
    granted = AuditEvent.objects.get(action="role.granted")
    assert (granted.actor, granted.changes["role"]) == (staff_admin, "ciso")


def test_a_bad_time_zone_is_refused_in_the_admin(client_for, staff_admin, personas):
    user = personas.outsider
    data = {
        "email": user.email,
        "time_zone": "Berlin",
        "is_active": "on",
        "role_assignments-TOTAL_FORMS": "0",
        "role_assignments-INITIAL_FORMS": "0",
    }
    response = client_for(staff_admin).post(reverse("admin:core_user_change", args=[user.pk]), data)
    assert response.status_code == 200
    assert "Not a time zone name" in response.content.decode()


def test_people_cannot_be_deleted_in_the_admin(client_for, staff_admin, personas):
    url = reverse("admin:core_user_delete", args=[personas.outsider.pk])
    assert client_for(staff_admin).get(url).status_code == 403


def test_not_found_is_in_our_look(client_for, personas):
    response = client_for(personas.board).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and '<html lang="en">' in html and "topbar" in html


def test_server_error_page_stands_alone():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert '<html lang="en">' in html and "Something went wrong" in html


def test_me_is_in_the_api_schema(client_for, personas):
    schema = client_for(personas.board).get("/api/schema/").content.decode()
    assert "/api/v1/me/" in schema and "me_retrieve" in schema


def test_the_api_schema_and_its_ui_need_a_login(client, db):
    assert client.get("/api/schema/").status_code in (401, 403)
    assert client.get("/api/docs/").url.startswith("/accounts/login/")


def test_swagger_ui_is_served_without_any_cdn(client_for, personas):
    html = client_for(personas.board).get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn." not in html and "unpkg" not in html


def test_a_proxys_request_id_is_kept_only_when_it_looks_like_one(client_for, personas):
    client = client_for(personas.board)
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc-123.X").headers["X-Request-ID"] == (
        "abc-123.X"
    )
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x"; DROP\n').headers["X-Request-ID"]
    assert len(forged) == 32 and forged.isalnum()


def test_tokens_are_revoked_from_the_admin_through_the_service(client_for, staff_admin, personas):
    from core.services import api_token_issue

    issued = api_token_issue(actor=personas.owner, user=personas.owner, name="CI")
    client = client_for(staff_admin)
    changelist = reverse("admin:core_apitoken_changelist")
    page = client.get(reverse("admin:core_apitoken_change", args=[issued.token.pk])).content
    assert issued.key.encode() not in page and b'name="_save"' not in page
    response = client.post(
        changelist, {"action": "revoke_tokens", "_selected_action": [str(issued.token.pk)]}
    )
    assert response.status_code == 302
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None
    assert AuditEvent.objects.get(action="api_token.revoked").actor == staff_admin


def test_teams_created_in_the_admin_are_audited(client_for, staff_admin):
    response = client_for(staff_admin).post(
        reverse("admin:core_team_add"), {"name": "Risk Office", "slug": "risk-office"}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="team.created")
    assert event.changes == {"name": "Risk Office", "slug": "risk-office"}
