"""The import page (/assurance/exercises/<id>/import/): choose the tool, upload, read the
preview (nothing stored), confirm with the token alone; a malformed file comes back on
its field with the line and the reason (400); who may not manage the exercise gets 403."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assurance.models import CategoryResult, ResultImport
from tests.assurance import exercise_of
from tests.assurance.files import garak_report, inspect_log, promptfoo_red_team
from tests.factories import people_ops_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise(personas):
    return exercise_of(personas.safety, people_ops_system(personas, risk_tier="high"))


def url(exercise) -> str:
    return f"/assurance/exercises/{exercise.exercise_id}/import/"


def preview(client, exercise, data: bytes, name: str, source: str, **fields):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(
        url(exercise), {"step": "preview", "file": upload, "source": source, **fields}
    )


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def test_the_page_is_for_who_manages_the_exercise(client, personas, exercise):
    assert reverse("assurance:exercise_import", args=[exercise.exercise_id]) == url(exercise)
    client.force_login(personas.safety)
    page = client.get(url(exercise))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Result file" in html and "garak report.jsonl" in html
    assert "required for an Inspect log" in html
    for person in (personas.auditor, personas.legal):
        client.force_login(person)
        assert client.get(url(exercise)).status_code == 403
        data = garak_report({"dan.A": (1, 5)})
        assert preview(client, exercise, data, "r.jsonl", "garak").status_code == 403
    client.force_login(personas.safety)
    assert client.get("/assurance/exercises/RT-999/import/").status_code == 404


def test_upload_preview_then_confirm(client, personas, exercise):
    client.force_login(personas.safety)
    report = garak_report({"dan.Dan_11_0": (4, 10), "promptinject.HijackKillHumans": (50, 50)})
    shown = preview(client, exercise, report, "garak.report.jsonl", "garak")
    assert shown.status_code == 200
    html = shown.content.decode()
    assert "What will be recorded" in html and "2 new, 0 replaced" in html
    assert '<th scope="row">dan</th>' in html and "60.0%" in html
    assert "No benign traffic in this file: enter FRR by hand." in html
    assert not CategoryResult.objects.exists()  # nothing stored yet
    token = token_of(shown)
    done = client.post(url(exercise), {"step": "confirm", "token": token})
    assert done.status_code == 302
    assert done["Location"] == reverse("assurance:exercise_detail", args=[exercise.exercise_id])
    counts = dict(CategoryResult.objects.values_list("category", "successes"))
    assert counts == {"dan": 6, "promptinject": 0}
    assert ResultImport.objects.get().file.original_name == "garak.report.jsonl.txt"
    again = client.post(url(exercise), {"step": "confirm", "token": token})
    assert again.status_code == 400  # the token went with the import
    assert "The preview has expired: upload the file again." in again.content.decode()
    assert ResultImport.objects.count() == 1


def test_the_confirmation_reads_the_kept_upload_not_the_browser(client, personas, exercise):
    client.force_login(personas.safety)
    shown = preview(client, exercise, promptfoo_red_team({"pii:direct": (9, 10)}), "r.json",
                    "promptfoo")  # fmt: skip
    token = token_of(shown)
    # Counts or a tool sent with the confirmation are not read; another person's token
    # does not reach this person's upload.
    client.force_login(personas.ciso)
    stolen = client.post(url(exercise), {"step": "confirm", "token": token})
    assert stolen.status_code == 400 and not CategoryResult.objects.exists()
    client.force_login(personas.safety)
    fields = {"step": "confirm", "token": token, "source": "garak", "successes": "0"}
    assert client.post(url(exercise), fields).status_code == 302
    result = CategoryResult.objects.get()
    assert (result.category, result.attempts, result.successes, result.source) == (
        "pii:direct", 10, 1, "promptfoo",
    )  # fmt: skip


def test_a_malformed_file_comes_back_on_its_field_with_line_and_reason(client, personas, exercise):
    client.force_login(personas.safety)
    broken = garak_report({"dan.A": (1, 5)}).replace(
        b'"entry_type": "eval",', b'"entry_type" "eval",'
    )
    refused = preview(client, exercise, broken, "r.jsonl", "garak")
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Result file: line 4: not JSON: Expecting &#x27;:&#x27; delimiter" in html
    log = inspect_log("t", value=0.5, samples=4)
    unsaid = preview(client, exercise, log, "log.json", "inspect")
    assert unsaid.status_code == 400
    assert "What the Inspect score measures: Say what the log" in unsaid.content.decode()
    said = preview(client, exercise, log, "log.json", "inspect", measures="succeeded",
                   category="tool misuse")  # fmt: skip
    assert said.status_code == 200 and '<th scope="row">tool misuse</th>' in said.content.decode()
    assert not CategoryResult.objects.exists()
