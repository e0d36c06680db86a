"""The cards API: models of a system, a card's versions (draft, edit, submit, approve,
send back), completeness, exports in each format, import, datasets; bad input is a 400
naming the field; the lists cost the same at 1 and many rows."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cards.models import AIModel, ModelCard, ModelCardVersion
from core.models import AuditEvent
from tests.cards.factories import DatasetFactory, DatasheetVersionFactory
from tests.cards.page_data import CONTENT, GAP, make_card

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(personas):
    return make_card(personas)


def versions_url(card_id: int) -> str:
    return f"/api/v1/model-cards/{card_id}/versions/"


def test_an_owner_adds_a_model_and_lists_a_systems_models(api_client, personas, card):
    api_client.force_authenticate(personas.owner)
    made = api_client.post(
        "/api/v1/models/", {"system": "SYS-001", "key": "ranker", "name": "Ranker"}, format="json"
    )
    assert made.status_code == 201 and made.json()["card"] is not None
    again = api_client.post(
        "/api/v1/models/", {"system": "SYS-001", "key": "ranker", "name": "R"}, format="json"
    )
    assert again.status_code == 400 and "key" in again.json()
    missing = api_client.post(
        "/api/v1/models/", {"system": "SYS-999", "key": "x", "name": "X"}, format="json"
    )
    assert missing.status_code == 400 and "system" in missing.json()
    listed = api_client.get("/api/v1/models/", {"system": "SYS-001"}).json()
    assert sorted(row["key"] for row in listed["results"]) == ["ranker", "screener"]
    api_client.force_authenticate(personas.owner2)
    other = api_client.post(
        "/api/v1/models/", {"system": "SYS-001", "key": "y", "name": "Y"}, format="json"
    )
    assert other.status_code == 403 and not AIModel.objects.filter(key="y").exists()


def test_the_draft_is_edited_submitted_and_approved_through_the_api(api_client, personas, card):
    api_client.force_authenticate(personas.owner)
    url = versions_url(card.pk)
    assert [v["number"] for v in api_client.get(url).json()["results"]] == [2, 1]
    gaps = api_client.get(f"{url}2/completeness/").json()
    assert gaps["gaps"][0]["message"] == GAP and not gaps["suitable_for_high_risk_gate"]
    bad = {**CONTENT, "performance": {"metrics": [{"name": "accuracy", "value": "high"}]}}
    refused = api_client.patch(f"{url}2/", {"content": bad}, format="json")
    assert refused.status_code == 400
    assert "content.performance.metrics[0].value" in json.dumps(refused.json())
    fixed = json.loads(json.dumps(CONTENT))
    fixed["performance"]["metrics"][1]["value"] = 0.93
    edited = api_client.patch(
        f"{url}2/", {"content": fixed, "changelog": "Retrained"}, format="json"
    )
    assert edited.status_code == 200 and edited.json()["changelog"] == "Retrained"
    assert api_client.get(f"{url}2/completeness/").json()["suitable_for_high_risk_gate"]
    assert api_client.post(f"{url}2/submit/", {}, format="json").json()["status"] == "in_review"
    assert api_client.post(f"{url}2/approve/", {}, format="json").status_code == 403
    api_client.force_authenticate(personas.safety)
    unknown = api_client.post(f"{url}2/approve/", {"note": "x"}, format="json")
    assert unknown.status_code == 400 and "note" in unknown.json()
    approved = api_client.post(f"{url}2/approve/", {"decision_note": "Fine"}, format="json")
    assert approved.status_code == 200 and len(approved.json()["content_hash"]) == 64
    assert ModelCardVersion.objects.get(card=card, number=1).status == "superseded"


def test_sending_back_needs_a_note(api_client, personas, card):
    ModelCardVersion.objects.filter(card=card, number=2).update(status="in_review", changelog="x")
    api_client.force_authenticate(personas.safety)
    url = f"{versions_url(card.pk)}2/reject/"
    assert "decision_note" in api_client.post(url, {}, format="json").json()
    sent = api_client.post(url, {"decision_note": "Add caveats."}, format="json")
    assert sent.json()["status"] == "draft"


def test_a_new_draft_is_refused_while_one_is_open(api_client, personas, card):
    api_client.force_authenticate(personas.owner)
    refused = api_client.post(versions_url(card.pk), {}, format="json")
    assert refused.status_code == 400 and "card" in refused.json()
    assert api_client.get(f"{versions_url(card.pk)}9/").status_code == 404
    assert api_client.get(versions_url(987654)).status_code == 404


@pytest.mark.parametrize(
    ("file_format", "content_type", "needle"),
    [
        ("cyclonedx", "application/vnd.cyclonedx+json", '"machine-learning-model"'),
        ("spdx", "application/ld+json", "ai_AIPackage"),
        ("huggingface", "text/markdown; charset=utf-8", "model-index"),
        ("markdown", "text/markdown; charset=utf-8", "# Model card: Hiring screener"),
    ],
)
def test_each_format_exports_the_version(
    api_client, personas, card, file_format, content_type, needle
):
    api_client.force_authenticate(personas.auditor)
    response = api_client.get(f"{versions_url(card.pk)}1/export/", {"format": file_format})
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert needle in response.content.decode()
    assert "attachment" in response["Content-Disposition"]
    event = AuditEvent.objects.filter(action="model_card_version.downloaded").get()
    assert event.changes == {"format": file_format, "status": "approved"}


def test_an_unknown_export_format_is_refused_by_name(api_client, personas, card):
    api_client.force_authenticate(personas.auditor)
    response = api_client.get(f"{versions_url(card.pk)}1/export/", {"format": "docx"})
    assert response.status_code == 400 and "format" in response.json()
    assert not AuditEvent.objects.filter(action="model_card_version.downloaded").exists()


def test_an_import_becomes_a_new_draft_with_its_report(api_client, personas, card):
    ModelCardVersion.objects.filter(card=card, number=2).delete()
    api_client.force_authenticate(personas.owner)
    readme = b"---\nlicense: mit\n---\n# Imported screener\n\n## Intended uses\n\nRanking.\n"
    upload = SimpleUploadedFile("README.md", readme, content_type="text/markdown")
    made = api_client.post("/api/v1/model-cards/import/", {"card": card.pk, "file": upload})
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["version"]["number"] == 2 and body["version"]["status"] == "draft"
    assert body["report"]["missing"]
    bad = SimpleUploadedFile("bom.json", b"{not json", content_type="application/json")
    refused = api_client.post("/api/v1/model-cards/import/", {"card": card.pk, "file": bad})
    assert refused.status_code == 400 and "file" in refused.json()
    assert ModelCardVersion.objects.filter(card=card).count() == 2


def test_an_import_over_5_mb_is_refused_by_its_size_and_writes_nothing(api_client, personas, card):
    api_client.force_authenticate(personas.owner)
    versions = ModelCardVersion.objects.filter(card=card).count()
    big = SimpleUploadedFile("bom.json", b" " * (6 * 1024 * 1024), content_type="application/json")
    refused = api_client.post("/api/v1/model-cards/import/", {"card": card.pk, "file": big})
    assert refused.status_code == 400
    assert "6.0 MB; a model card may be at most 5 MB" in refused.json()["file"][0]
    assert ModelCardVersion.objects.filter(card=card).count() == versions


def test_datasets_list_with_their_datasheet_versions(api_client, personas):
    sheet = DatasheetVersionFactory(dataset=DatasetFactory(key="loans"), approved=True)
    api_client.force_authenticate(personas.auditor)
    listed = api_client.get("/api/v1/datasets/").json()["results"]
    assert listed[0]["key"] == "loans" and listed[0]["approved_number"] == 1
    versions = api_client.get(f"/api/v1/datasets/{sheet.dataset_id}/datasheets/").json()
    assert versions[0]["status"] == "approved"


def test_the_version_list_costs_the_same_at_1_and_at_many(
    api_client, personas, card, django_assert_max_num_queries
):
    api_client.force_authenticate(personas.auditor)
    url = versions_url(card.pk)
    with django_assert_max_num_queries(20) as few:
        api_client.get(url)
    card.versions.filter(number=2).update(
        status="superseded",
        decided_by=personas.safety,
        decided_at=card.created_at,
        content_hash="1" * 64,
    )
    ModelCardVersion.objects.bulk_create(
        ModelCardVersion(
            card=card,
            number=n,
            created_by=personas.owner,
            status="superseded",
            decided_by=personas.safety,
            decided_at=card.created_at,
            content_hash="1" * 64,
        )
        for n in range(3, 60)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api_client.get(url).json()["count"] == 59
    assert ModelCard.objects.count() == 1
