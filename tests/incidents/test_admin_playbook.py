"""Administrators edit the playbook in the Django admin; each change is audited, and
the new text is what the next incident's checklist gets."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from core.models import AuditEvent
from incidents.models import ChecklistItem, PlaybookItem
from incidents.services.report import incident_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_admin(personas):
    personas.admin.is_staff = True
    personas.admin.save()
    return personas.admin


def test_an_administrator_edits_an_item_and_the_next_incident_gets_it(
    client, staff_admin, personas, screener
):
    item = PlaybookItem.objects.filter(type="privacy_violation", phase="immediate").first()
    client.force_login(staff_admin)
    url = reverse("admin:incidents_playbookitem_change", args=[item.pk])
    data = {
        "phase": item.phase,
        "type": item.type,
        "severity": item.severity,
        "text": "Page the DPO at once.",
        "order": item.order,
        "retired_at_0": "",
        "retired_at_1": "",
    }
    assert client.post(url, data).status_code == 302
    event = AuditEvent.objects.get(action="playbookitem.changed")
    assert event.changes["text"] == "Page the DPO at once."
    with time_machine.travel(datetime(2026, 3, 4, 10, tzinfo=UTC), tick=False):
        incident = incident_report(
            actor=personas.owner,
            system=screener,
            type="privacy_violation",
            severity="low",
            discovered_at=datetime(2026, 3, 4, 9, tzinfo=UTC),
            description="Leak",
        )
    assert ChecklistItem.objects.filter(incident=incident, text="Page the DPO at once.").exists()


def test_others_cannot_open_the_playbook_admin(client, personas):
    personas.dpo.is_staff = True
    personas.dpo.save()
    client.force_login(personas.dpo)
    assert client.get(reverse("admin:incidents_playbookitem_changelist")).status_code == 403
