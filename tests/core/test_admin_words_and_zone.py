"""The admin speaks the portal's words and shows times in the viewer's time zone."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from core.audit import audit_record
from tests.factories import AISystemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_admin(personas):
    personas.admin.is_staff = True
    personas.admin.time_zone = "Asia/Tokyo"
    personas.admin.save()
    return personas.admin


def test_the_admin_index_names_models_as_the_portal_does(client_for, staff_admin):
    html = client_for(staff_admin).get(reverse("admin:index")).content.decode()
    assert "EU AI Act screenings" in html and "API tokens" in html
    assert "Ai act screenings" not in html and "Api tokens" not in html


def test_the_admin_shows_times_in_the_viewers_zone(client_for, staff_admin):
    event = audit_record(
        actor=None, action="late.event", at=datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
    )
    client = client_for(staff_admin)
    page = client.get(reverse("admin:core_auditevent_change", args=[event.pk])).content.decode()
    assert "2026-02-01 08:30" in page  # 23:30 UTC is 08:30 the next day in Tokyo
    listed = client.get(reverse("admin:core_auditevent_changelist")).content.decode()
    assert "2026-02-01 08:30" in listed


def test_the_api_keeps_answering_in_utc(api_client, staff_admin):
    AISystemFactory(system_id="SYS-001")
    api_client.force_authenticate(staff_admin)
    response = api_client.get("/api/v1/systems/SYS-001/")
    assert response.json()["created_at"].endswith("Z")  # the admin's zone stays the admin's
