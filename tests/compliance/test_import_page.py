"""Importing a framework in the browser and through the API (issue 19, section 3): an
administrator uploads a library, reads the preview of what will be created (nothing
stored yet), confirms; a bad file comes back on its field with the line and the
reason, a 400. The API takes a file or the text, previews with dry_run, answers 201
with the framework."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compliance.models import Framework
from tests.compliance.fixtures.libraries import AI_ACT, ai_act_library, oscal_catalog

pytestmark = pytest.mark.django_db

URL = "/compliance/frameworks/import/"
API = "/api/v1/frameworks/import"


def upload(text: str, name: str = "ai-act.yaml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="application/octet-stream")


def preview(client, text: str, fmt: str = "ciso_assistant", name: str = "ai-act.yaml"):
    data = {"step": "preview", "file": upload(text, name), "format": fmt, "reviewer_role": "ciso"}
    return client.post(URL, data)


def test_the_page_is_for_administrators(client, personas):
    assert reverse("compliance:framework_import") == URL
    client.force_login(personas.admin)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Library or catalog file" in page.content.decode()
    for person in (personas.legal, personas.auditor, personas.owner):
        client.force_login(person)
        assert client.get(URL).status_code == 403
        assert preview(client, ai_act_library()).status_code == 403
    assert not Framework.objects.filter(key="ai-act").exists()


def test_upload_preview_then_confirm(client, personas):
    client.force_login(personas.admin)
    shown = preview(client, ai_act_library())
    assert shown.status_code == 200
    html = shown.content.decode()
    assert "What will be created" in html
    assert "EU Artificial Intelligence Act" in html and "(ai-act)" in html
    assert "4 (assessed" in html and "3 (not assessed)" in html
    assert not Framework.objects.filter(key="ai-act").exists()  # nothing stored yet
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    done = client.post(
        URL,
        {"step": "confirm", "token": token, "format": "ciso_assistant", "reviewer_role": "ciso"},
    )
    framework = Framework.objects.get(key="ai-act")
    assert done.status_code == 302
    assert done["Location"] == reverse("compliance:framework_detail", args=[framework.pk])
    assert (framework.version, framework.reviewer_role) == ("2", "ciso")
    again = client.post(
        URL,
        {"step": "confirm", "token": token, "format": "ciso_assistant", "reviewer_role": "ciso"},
    )
    assert again.status_code == 400  # the token went with the import
    assert "The preview has expired: upload the file again." in again.content.decode()


def test_a_bad_file_comes_back_on_its_field_with_line_and_reason(client, personas):
    client.force_login(personas.admin)
    text = ai_act_library().replace(f"parent_urn: {AI_ACT}:9.2\n", f"parent_urn: {AI_ACT}:9.9\n")
    refused = preview(client, text)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Library or catalog file: line " in html
    assert f"parent_urn {AI_ACT}:9.9 is not defined" in html
    catalog = preview(client, '{"catalog": {"uuid": "x"}}', fmt="oscal", name="c.json")
    assert catalog.status_code == 400
    assert "catalog.metadata: Field required" in catalog.content.decode()
    not_text = client.post(
        URL,
        {
            "step": "preview",
            "file": SimpleUploadedFile("x.yaml", b"\xff\xfe\x00bad"),
            "format": "ciso_assistant",
            "reviewer_role": "legal",
        },
    )
    assert not_text.status_code == 400
    assert "not UTF-8 text" in not_text.content.decode()


def test_the_api_imports_a_file_or_text_and_previews_with_dry_run(api_client, personas):
    api_client.force_authenticate(personas.admin)
    dry = api_client.post(
        API, {"format": "oscal", "content": oscal_catalog(), "dry_run": True}, format="json"
    )
    assert dry.status_code == 200
    assert dry.json()["requirements"] == 3 and dry.json()["problems"] == []
    assert not Framework.objects.filter(source="oscal").exists()
    made = api_client.post(
        f"{API}/",
        {"format": "ciso_assistant", "file": upload(ai_act_library())},
        format="multipart",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["key"] == "ai-act" and body["version"] == "2" and body["requirements"] == 4
    assert body["reviewer_role"] == "legal" and body["is_current"] is True
    assert Framework.objects.get(pk=body["id"]).source == "ciso_assistant"


def test_the_api_names_the_problem(api_client, personas):
    api_client.force_authenticate(personas.admin)
    bad = api_client.post(API, {"format": "oscal", "content": "{nope"}, format="json")
    assert bad.status_code == 400
    assert bad.json() == {
        "content": ["line 1 column 2: Expecting property name enclosed in double quotes"]
    }
    neither = api_client.post(API, {"format": "oscal"}, format="json")
    assert neither.status_code == 400 and "file" in neither.json()
    unknown = api_client.post(API, {"format": "csv", "content": "x"}, format="json")
    assert unknown.status_code == 400 and "format" in unknown.json()
    extra = api_client.post(API, {"format": "oscal", "content": "{}", "colour": "x"}, format="json")
    assert extra.status_code == 400 and extra.json()["colour"] == ["Unexpected field."]


def test_the_api_is_for_administrators(api_client, personas):
    api_client.force_authenticate(personas.auditor)
    refused = api_client.post(API, {"format": "oscal", "content": oscal_catalog()}, format="json")
    assert refused.status_code == 403
    assert not Framework.objects.filter(source="oscal").exists()


def test_the_framework_list_offers_the_import_to_administrators_only(client, personas):
    client.force_login(personas.admin)
    assert URL in client.get(reverse("compliance:framework_list")).content.decode()
    client.force_login(personas.legal)
    assert URL not in client.get(reverse("compliance:framework_list")).content.decode()


def test_a_file_over_20_mb_is_refused_before_it_is_read(client, personas):
    client.force_login(personas.admin)
    big = "#" * (21 * 1024 * 1024)
    refused = preview(client, big)
    assert refused.status_code == 400
    assert refused.content.decode() == (
        "The file was not accepted: The file is 21 MB; the limit is 20 MB."
    )
    assert not Framework.objects.filter(source="ciso_assistant").exists()


def test_the_api_names_an_unknown_scope(api_client, personas):
    api_client.force_authenticate(personas.admin)
    answer = api_client.post(
        API, {"format": "oscal", "content": "{}", "scope": "mars"}, format="json"
    )
    assert answer.status_code == 400 and "scope" in answer.json()
