"""The registry admin follows the portal's policy, not Django's model permissions."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from registry.models import ControlDefinition


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="core.backends.PortalModelBackend")
    return client


@pytest.fixture
def control(db) -> ControlDefinition:
    return ControlDefinition.objects.create(
        key="test-bias-review", name="Bias review (test)", required_for_tiers=["high"]
    )


@pytest.fixture
def staff_with_model_perms(personas):
    """Staff, every Django permission on the registry, but not a portal Administrator."""
    user = personas.auditor
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="registry"))
    return user


@pytest.fixture
def portal_admin(personas):
    user = personas.admin
    user.is_staff = True
    user.save()
    assert not user.is_superuser and not user.user_permissions.exists()
    return user


def _control_form(control: ControlDefinition, **changes) -> dict:
    data = {
        "name": control.name,
        "description": control.description,
        "required_for_tiers": ",".join(control.required_for_tiers),
    }
    return {**data, **changes}


def test_staff_with_model_permissions_but_no_admin_role_get_403(staff_with_model_perms, control):
    assert staff_with_model_perms.has_perm("registry.change_controldefinition")
    client = _client_for(staff_with_model_perms)
    assert client.get(reverse("admin:registry_controldefinition_changelist")).status_code == 403
    change_url = reverse("admin:registry_controldefinition_change", args=[control.pk])
    assert client.get(change_url).status_code == 403
    assert client.post(change_url, _control_form(control, name="Renamed")).status_code == 403
    assert client.get(reverse("admin:registry_controldefinition_add")).status_code == 403
    assert client.get(reverse("admin:registry_aisystem_changelist")).status_code == 403
    control.refresh_from_db()
    assert control.name == "Bias review (test)"
    assert not AuditEvent.objects.filter(action__startswith="control_definition.").exists()


def test_staff_with_model_permissions_but_no_admin_role_do_not_see_the_registry(
    staff_with_model_perms,
):
    response = _client_for(staff_with_model_perms).get(reverse("admin:index"))
    assert "/admin/registry/" not in response.content.decode()


def test_a_portal_administrator_who_is_not_superuser_can_open_the_control_library(
    portal_admin, control
):
    client = _client_for(portal_admin)
    changelist = client.get(reverse("admin:registry_controldefinition_changelist"))
    assert changelist.status_code == 200
    assert "Bias review (test)" in changelist.content.decode()
    page = client.get(reverse("admin:registry_controldefinition_change", args=[control.pk]))
    assert page.status_code == 200 and 'name="_save"' in page.content.decode()
    assert "/admin/registry/" in client.get(reverse("admin:index")).content.decode()


def test_a_control_library_change_in_the_admin_is_audited(portal_admin, control):
    url = reverse("admin:registry_controldefinition_change", args=[control.pk])
    response = _client_for(portal_admin).post(url, _control_form(control, name="Bias audit"))
    assert response.status_code == 302, response.content.decode()[:2000]
    control.refresh_from_db()
    assert control.name == "Bias audit"
    event = AuditEvent.objects.get(action="control_definition.changed")
    assert event.actor == portal_admin
    assert event.changes == {"name": ["Bias review (test)", "Bias audit"]}


def test_registry_records_cannot_be_deleted_in_the_admin(portal_admin, control):
    url = reverse("admin:registry_controldefinition_delete", args=[control.pk])
    assert _client_for(portal_admin).post(url, {"post": "yes"}).status_code == 403
    assert ControlDefinition.objects.filter(pk=control.pk).exists()


def test_the_library_tier_list_is_read_only_since_the_scheme_decides(portal_admin, control):
    client = _client_for(portal_admin)
    change_url = reverse("admin:registry_controldefinition_change", args=[control.pk])
    assert 'name="required_for_tiers"' not in client.get(change_url).content.decode()
    client.post(change_url, _control_form(control, required_for_tiers="critical,low"))
    control.refresh_from_db()
    assert control.required_for_tiers == ["high"]
