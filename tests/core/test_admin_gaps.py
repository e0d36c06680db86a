"""Admin gaps found in review: bulk team deletion is audited, notifications are read-only."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from core.models import AuditEvent, Notification, Team
from tests.factories import AISystemFactory, TeamFactory


@pytest.fixture
def staff_admin(personas):
    personas.admin.is_staff = True
    personas.admin.save()
    return personas.admin


def _bulk_delete(client, model: str, pks) -> object:
    return client.post(
        reverse(f"admin:core_{model}_changelist"),
        {"action": "delete_selected", "_selected_action": [str(pk) for pk in pks], "post": "yes"},
    )


def test_bulk_deleting_teams_records_one_audit_event_per_team(client_for, staff_admin):
    teams = [TeamFactory(name="Risk Office"), TeamFactory(name="Model Ops")]
    response = _bulk_delete(client_for(staff_admin), "team", [t.pk for t in teams])
    assert response.status_code == 302
    assert not Team.objects.filter(pk__in=[t.pk for t in teams]).exists()
    events = AuditEvent.objects.filter(action="team.deleted")
    assert sorted(events.values_list("object_id", flat=True)) == sorted(str(t.pk) for t in teams)
    assert {e.actor for e in events} == {staff_admin}
    assert {e.object_repr for e in events} == {"Risk Office", "Model Ops"}


def test_bulk_deleting_a_team_that_owns_systems_deletes_nothing(client_for, staff_admin):
    spare = TeamFactory(name="Spare")
    owning = AISystemFactory().owner_team
    response = _bulk_delete(client_for(staff_admin), "team", [spare.pk, owning.pk])
    assert response.status_code == 200  # the "cannot delete" page: the system protects it
    assert Team.objects.filter(pk__in=[spare.pk, owning.pk]).count() == 2
    assert not AuditEvent.objects.filter(action="team.deleted").exists()


def test_staff_with_model_permissions_but_no_admin_role_cannot_delete_teams(client_for, personas):
    user = personas.ciso
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(content_type__model="team"))
    team = TeamFactory(name="Risk Office")
    client = client_for(user)
    assert client.get(reverse("admin:core_team_changelist")).status_code == 403
    delete_url = reverse("admin:core_team_delete", args=[team.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert _bulk_delete(client, "team", [team.pk]).status_code == 403
    assert Team.objects.filter(pk=team.pk).exists()
    assert not AuditEvent.objects.filter(action="team.deleted").exists()


def test_notifications_cannot_be_deleted_in_the_admin(client_for, staff_admin, personas):
    note = Notification.objects.create(
        recipient=personas.owner, title="Review due", reason="You own the system."
    )
    client = client_for(staff_admin)
    changelist = client.get(reverse("admin:core_notification_changelist"))
    assert changelist.status_code == 200
    assert "delete_selected" not in changelist.content.decode()
    delete_url = reverse("admin:core_notification_delete", args=[note.pk])
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    _bulk_delete(client, "notification", [note.pk])
    assert Notification.objects.filter(pk=note.pk).exists()
    page = client.get(reverse("admin:core_notification_change", args=[note.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:core_notification_add")).status_code == 403
