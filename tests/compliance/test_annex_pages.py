"""The Annex VIII and Annex IV pages and API: what a reader sees (sections, gaps, the
reason a system is not concerned), the JSON and PDF downloads, recording the
registration number, starting a render and downloading it; who may do what."""

from __future__ import annotations

import json

import pytest

from compliance.models import AnnexIvRender
from compliance.services import annex as services
from core.models import AuditEvent
from registry.models import AISystem
from tests.compliance.annex_setup import approved_card, screen, screener
from tests.factories import organisation_profile
from tests.pdf_reading import pdf_text, pdf_xmp

pytestmark = pytest.mark.django_db

VIII = "/compliance/systems/SYS-001/annex-viii/"
IV = "/compliance/systems/SYS-001/annex-iv/"
API_VIII = "/api/v1/systems/SYS-001/annex-viii"
API_IV = "/api/v1/systems/SYS-001/annex-iv"


@pytest.fixture
def system(personas):
    organisation_profile()
    system = screener(personas)
    approved_card(system)
    return system


@pytest.fixture
def no_worker(monkeypatch):
    monkeypatch.setattr(services, "_enqueue", lambda pk: None)


def test_the_annex_viii_page_shows_section_a_and_its_gaps(client, personas, system):
    client.force_login(personas.auditor)
    page = client.get(VIII).content.decode()
    assert "Section A: Provider of a high-risk AI system" in page
    assert "3 items missing" in page
    assert "No current EU declaration of conformity is filed" in page
    assert "Example Marketplace GmbH" in page
    assert 'name="eu_database_number"' not in page  # an auditor records nothing


def test_json_and_pdf_downloads_name_each_missing_item(client, personas, system):
    client.force_login(personas.auditor)
    answer = client.get(VIII + "?format=json")
    assert answer["Content-Disposition"].startswith('attachment; filename="SYS-001-annex-viii')
    data = json.loads(answer.content)
    assert [gap["item"] for gap in data["gaps"]] == ["A.10", "A.11", "A.12"]
    pdf = client.get(VIII + "?format=pdf").content
    text = pdf_text(pdf)
    assert "MISSING: No current EU declaration of conformity is filed" in text
    assert 'pdfaid:part="3"' in pdf_xmp(pdf) or "<pdfaid:part>3</pdfaid:part>" in pdf_xmp(pdf)
    assert AuditEvent.objects.filter(action="annex_viii.downloaded").count() == 1


def test_the_pdf_is_refused_naming_the_profile_items_missing(client, personas, system):
    organisation_profile(address="")
    client.force_login(personas.auditor)
    answer = client.get(VIII + "?format=pdf")
    assert answer.status_code == 409
    assert "registered address" in answer.content.decode()


def test_a_system_the_annex_does_not_concern_says_why(client, api_client, personas):
    organisation_profile()
    screener(personas, ai_act_category="minimal")
    AISystem.objects.filter(system_id="SYS-001").update(ai_act_annex_area="")
    AISystem.objects.get().ai_act_screenings.update(annex_area="")
    client.force_login(personas.auditor)
    answer = client.get(VIII)
    assert answer.status_code == 409
    assert "names no Annex III area" in answer.content.decode()
    assert client.get(IV).status_code == 409
    api_client.force_authenticate(personas.auditor)
    answer = api_client.get(API_VIII)
    assert answer.status_code == 409 and "Annex VIII does not concern it" in answer.json()["detail"]


def test_section_b_shows_the_condition_from_the_screening(client, personas):
    organisation_profile()
    system = screener(personas, ai_act_category="minimal")
    screen(personas, system, category="minimal", rationale="Art. 6(3)(d): a preparatory task.")
    client.force_login(personas.auditor)
    page = client.get(VIII).content.decode()
    assert "Section B" in page and "performs a preparatory task" in page


def test_the_owner_records_the_registration_number(client, personas, system):
    client.force_login(personas.owner)
    answer = client.post(VIII, {"eu_database_number": "  EU-HR-000123 "})
    assert answer.status_code == 302
    system.refresh_from_db()
    assert system.eu_database_number == "EU-HR-000123"
    event = AuditEvent.objects.get(action="system.eu_database_number_recorded")
    assert event.changes == {"eu_database_number": ["", "EU-HR-000123"]}
    assert "Registered as <strong>EU-HR-000123</strong>" in client.get(VIII).content.decode()


def test_an_empty_number_comes_back_on_its_field_and_a_reader_is_refused(client, personas, system):
    client.force_login(personas.owner)
    answer = client.post(VIII, {"eu_database_number": "   "})
    assert answer.status_code == 400
    assert "eu_database_number" in answer.content.decode()
    client.force_login(personas.auditor)
    assert client.post(VIII, {"eu_database_number": "EU-1"}).status_code == 403
    system.refresh_from_db()
    assert system.eu_database_number == ""


def test_the_api_answers_the_record_and_records_the_number(api_client, personas, system):
    api_client.force_authenticate(personas.legal)
    data = api_client.get(API_VIII).json()
    assert data["sections"][0]["section"] == "A" and len(data["sections"][0]["items"]) == 13
    assert data["complete"] is False
    answer = api_client.post(API_VIII, {"eu_database_number": "EU-HR-7"}, format="json")
    assert answer.status_code == 200
    assert api_client.get(API_VIII).json()["eu_database_number"] == "EU-HR-7"
    answer = api_client.post(API_VIII, {"number": "x"}, format="json")
    assert answer.status_code == 400


def test_an_outsider_sees_no_system(api_client, client, personas, system):
    api_client.force_authenticate(personas.outsider)
    assert api_client.get(API_VIII).status_code in (403, 404)
    assert api_client.get("/api/v1/systems/SYS-999/annex-viii").status_code in (403, 404)


def test_the_annex_iv_page_starts_a_render_and_shows_its_progress(
    client, personas, system, no_worker
):
    client.force_login(personas.owner)
    page = client.get(IV).content.decode()
    assert "Render the document now" in page and "Not rendered yet" in page
    answer = client.post(IV + "render/")
    assert answer.status_code == 302
    render = AnnexIvRender.objects.get()
    page = client.get(IV).content.decode()
    assert f'hx-get="{IV}{render.pk}/"' in page and 'hx-trigger="every 1s"' in page
    services.annex_iv_run(render_id=render.pk)
    row = client.get(f"{IV}{render.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "Download PDF" in row and "hx-get" not in row
    download = client.get(f"{IV}{render.pk}/download/")
    assert download["Content-Type"] == "application/pdf"
    assert "Annex IV" in pdf_text(download.content)
    assert AuditEvent.objects.filter(action="annex_iv.downloaded").count() == 1


def test_a_reader_sees_no_button_and_is_refused(client, personas, system):
    client.force_login(personas.auditor)
    assert "Render the document now" not in client.get(IV).content.decode()
    assert client.post(IV + "render/").status_code == 403
    assert not AnnexIvRender.objects.exists()


def test_the_api_starts_polls_and_downloads_a_render(api_client, personas, system, no_worker):
    api_client.force_authenticate(personas.safety)
    answer = api_client.post(API_IV)
    assert answer.status_code == 202
    started = answer.json()
    assert started["status"] == "queued" and started["download_url"] is None
    poll = f"{API_IV}/{started['id']}"
    assert api_client.get(poll + "/download").status_code == 409
    services.annex_iv_run(render_id=started["id"])
    done = api_client.get(poll).json()
    assert done["status"] == "done" and done["progress"] == 100 and done["gaps"] > 0
    assert done["download_url"].endswith(f"{poll}/download")
    pdf = api_client.get(poll + "/download")
    assert pdf["Content-Type"] == "application/pdf"
    assert [r["id"] for r in api_client.get(API_IV).json()] == [started["id"]]
    assert api_client.post(API_IV).status_code == 202  # done: another may start


def test_the_api_refuses_a_second_render_naming_why(api_client, personas, system, no_worker):
    api_client.force_authenticate(personas.owner)
    assert api_client.post(API_IV).status_code == 202
    answer = api_client.post(API_IV)
    assert answer.status_code == 400
    assert "already under way" in json.dumps(answer.json())


def test_the_compliance_page_links_both_annexes_for_a_high_risk_system_we_provide(
    client, personas, system
):
    client.force_login(personas.auditor)
    page = client.get("/compliance/systems/SYS-001/").content.decode()
    assert f'href="{VIII}"' in page and f'href="{IV}"' in page
