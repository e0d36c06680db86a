"""The exports API: start an export (202, the field named on a refusal), poll it, list
them, download with a token, retry; the same permissions as the pages."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import AuditEvent
from core.services import api_token_issue
from governance.models import AuditPack
from governance.services.packs.export import pack_run
from tests.factories import organisation_profile

pytestmark = pytest.mark.django_db
EXPORTS = "/api/v1/exports/"


def body(**over) -> dict:
    today = timezone.localdate()
    return {
        "scope": "system",
        "systems": ["SYS-001"],
        "from": f"{today - timedelta(days=30):%Y-%m-%d}",
        "to": f"{today:%Y-%m-%d}",
        **over,
    }


def token_client(api_client, person):
    key = api_token_issue(actor=person, user=person, name="script").key
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api_client


def test_an_export_is_started_polled_and_downloaded_with_a_token(api_client, personas, screener):
    client = token_client(api_client, personas.auditor)
    started = client.post(EXPORTS, body(), format="json")
    assert started.status_code == 202
    assert started.json()["status"] == "queued" and started.json()["progress"] == 0
    export_id = started.json()["id"]
    assert started.json()["download_url"] is None
    pack_run(pack_id=export_id)  # what the export worker does
    polled = client.get(f"{EXPORTS}{export_id}/").json()
    pack = AuditPack.objects.get(pk=export_id)
    assert polled["status"] == "done" and polled["progress"] == 100
    assert (polled["sha256"], polled["pages"], polled["size"]) == (
        pack.sha256,
        pack.pages,
        pack.size,
    )
    assert polled["systems"] == ["SYS-001"] and polled["from"] == body()["from"]
    assert polled["download_url"] == f"http://testserver{EXPORTS}{export_id}/download/"
    pdf = client.get(polled["download_url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="pack.downloaded", actor=personas.auditor).count() == 1
    listed = client.get(EXPORTS).json()
    assert [row["id"] for row in listed["results"]] == [export_id]


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"scope": "galaxy"}, "scope"),
        ({"systems": []}, "systems"),
        ({"systems": ["SYS-404"]}, "systems"),
        ({"from": "2999-01-01"}, "from"),
        ({"to": "2999-01-01"}, "to"),
        ({"from": "not a date"}, "from"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_saved(
    api_client, personas, screener, over, field
):
    api_client.force_authenticate(personas.auditor)
    answer = api_client.post(EXPORTS, body(**over), format="json")
    assert answer.status_code == 400
    assert field in answer.json()
    assert not AuditPack.objects.exists() and not AuditEvent.objects.exists()


def test_the_api_keeps_the_pages_permissions(api_client, personas, screener, chatbot, pack_row):
    api_client.force_authenticate(personas.owner)
    assert api_client.post(EXPORTS, body(systems=["SYS-002"]), format="json").status_code == 403
    portfolio = body(scope="portfolio", systems=[])
    assert api_client.post(EXPORTS, portfolio, format="json").status_code == 403
    assert api_client.post(EXPORTS, body(), format="json").status_code == 202
    theirs = pack_row(personas.owner2, systems=[chatbot])
    failed = pack_row(personas.owner2, status="failed", systems=[chatbot])
    assert api_client.get(f"{EXPORTS}{theirs.pk}/").status_code == 404
    assert api_client.get(f"{EXPORTS}{theirs.pk}/download/").status_code == 404
    assert api_client.post(f"{EXPORTS}{failed.pk}/retry/").status_code == 404
    assert [r["systems"] for r in api_client.get(EXPORTS).json()["results"]] == [["SYS-001"]]
    api_client.force_authenticate(personas.engmanager)
    assert api_client.get(EXPORTS).status_code == 403
    assert api_client.post(EXPORTS, body(), format="json").status_code == 403
    api_client.force_authenticate(personas.board)
    assert api_client.post(EXPORTS, portfolio, format="json").status_code == 202
    assert api_client.post(f"{EXPORTS}{failed.pk}/retry/").status_code == 202
    assert AuditPack.objects.get(pk=failed.pk).status == "queued"


def test_a_download_after_retention_is_410_and_before_done_409(
    api_client, personas, screener, pack_row
):
    api_client.force_authenticate(personas.auditor)
    gone = pack_row(personas.auditor, systems=[screener], deleted_at=timezone.now())
    running = pack_row(personas.auditor, status="running", systems=[screener])
    assert api_client.get(f"{EXPORTS}{gone.pk}/download/").status_code == 410
    assert api_client.get(f"{EXPORTS}{running.pk}/download/").status_code == 409
    assert api_client.get(f"{EXPORTS}{gone.pk}/").json()["download_url"] is None


def test_the_list_endpoint_costs_the_same_queries_at_any_size(
    api_client, personas, screener, pack_row
):
    api_client.force_authenticate(personas.auditor)
    pack_row(personas.auditor, systems=[screener])
    api_client.get(EXPORTS)  # warm: the forced user keeps its roles from the first call
    counts = []
    for more in (0, 30):
        for n in range(more):
            pack_row(personas.board, status=("done", "failed")[n % 2], systems=[screener])
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get(EXPORTS).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8


def test_an_export_without_the_organisations_legal_name_is_a_400_naming_it(
    api_client, personas, screener
):
    """Found: the API accepted the export (202) and the worker failed it later. Now a 400
    names the missing item (under "organisation", as other refusals name their field) and
    nothing is saved."""
    organisation_profile(legal_name=" ")
    api_client.force_authenticate(personas.auditor)
    answer = api_client.post(EXPORTS, body(), format="json")
    assert answer.status_code == 400
    assert answer.json() == {
        "organisation": [
            "The organisation profile lacks its legal name, which every pack names. An "
            "administrator fills it in on the organisation profile page (/organisation/); "
            "then start the export again."
        ]
    }
    assert not AuditPack.objects.exists() and not AuditEvent.objects.exists()
