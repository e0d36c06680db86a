"""An htmx fragment shows its times in the viewer's zone, like the page around it
(found: "Decided 22:25" in UTC beside a header in Berlin time)."""

from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from registry.models import GateRequest
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db
DECIDED = datetime(2026, 11, 30, 21, 25, tzinfo=UTC)  # 22:25 in Berlin


def test_the_gate_request_body_swapped_by_htmx_says_when_in_berlin_time(
    client, personas, filled_request
):
    GateRequest.objects.filter(pk=filled_request.pk).update(decided_at=DECIDED)
    personas.owner.time_zone = "Europe/Berlin"
    personas.owner.save()
    client.force_login(personas.owner)
    url = f"/systems/SYS-001/gate-requests/{filled_request.pk}/"
    assert "Decided 2026-11-30 22:25" in client.get(url).content.decode()  # the page
    data = {
        "form": "artifact-red-team-report",
        "artifact-red-team-report-requirement": "red-team-report",
        "artifact-red-team-report-file": SimpleUploadedFile("red-team.pdf", PDF_BYTES),
    }
    fragment = client.post(f"{url}artifacts/", data, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert "Decided 2026-11-30 22:25" in fragment
    assert "21:25" not in fragment


def test_the_gate_request_list_gives_the_day_requested_in_the_viewers_zone(
    client, personas, open_request
):
    late = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # already 1 December in Berlin
    GateRequest.objects.filter(pk=open_request.pk).update(requested_at=late)
    personas.owner.time_zone = "Europe/Berlin"
    personas.owner.save()
    client.force_login(personas.owner)
    page = client.get("/gate-requests/").content.decode()
    assert "2026-12-01" in page and "2026-11-30" not in page
