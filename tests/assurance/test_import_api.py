"""POST /api/v1/red-team/exercises/{exercise_id}/import/: multipart file and source;
preview=true answers what would be recorded and writes nothing; a malformed file is a
400 on `file` with the line and the reason; 403 for who may not manage the exercise,
404 for an exercise that does not exist."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assurance.models import CategoryResult, ResultImport
from core.models import AuditEvent
from tests.assurance import exercise_of
from tests.assurance.files import garak_report, inspect_log, pyrit_csv
from tests.factories import people_ops_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise(personas):
    return exercise_of(personas.safety, people_ops_system(personas, risk_tier="high"))


def post(api_client, exercise_id: str, data: bytes, name: str, **fields):
    body = {"file": SimpleUploadedFile(name, data), **fields}
    return api_client.post(
        f"/api/v1/red-team/exercises/{exercise_id}/import/", body, format="multipart"
    )


def test_preview_then_import(api_client, personas, exercise):
    api_client.force_authenticate(personas.safety)
    report = garak_report({"dan.Dan_11_0": (4, 10)})
    events = AuditEvent.objects.count()
    shown = post(
        api_client, exercise.exercise_id, report, "r.jsonl", source="garak", preview="true"
    )
    assert shown.status_code == 200
    body = shown.json()
    assert body["sha256"] == hashlib.sha256(report).hexdigest()
    assert body["categories"] == [
        {"category": "dan", "attempts": 10, "successes": 6, "benign_prompts": 0, "refusals": 0,
         "asr": "60.0%", "frr": "—", "action": "create", "replaces": ""}
    ]  # fmt: skip
    assert body["notes"] == ["No benign traffic in this file: enter FRR by hand."]
    assert AuditEvent.objects.count() == events and not CategoryResult.objects.exists()
    done = post(api_client, exercise.exercise_id.lower(), report, "r.jsonl", source="garak")
    assert done.status_code == 201
    created = done.json()
    record = ResultImport.objects.get()
    assert created["id"] == record.pk and created["evidence"] == record.file_id
    assert created["exercise"] == exercise.exercise_id
    assert created["results"] == [
        {"category": "dan", "attempts": 10, "successes": 6, "benign_prompts": 0, "refusals": 0}
    ]


def test_an_inspect_log_takes_what_its_score_measures(api_client, personas, exercise):
    api_client.force_authenticate(personas.safety)
    log = inspect_log("xstest", value=0.1, samples=250)
    unsaid = post(api_client, exercise.exercise_id, log, "x.json", source="inspect")
    assert unsaid.status_code == 400 and "measures" in unsaid.json()
    done = post(api_client, exercise.exercise_id, log, "x.json", source="inspect",
                measures="refused_benign")  # fmt: skip
    assert done.status_code == 201
    result = CategoryResult.objects.get()
    assert (result.category, result.benign_prompts, result.refusals) == ("xstest", 250, 25)


def test_a_malformed_file_is_a_400_on_file_with_line_and_reason(api_client, personas, exercise):
    api_client.force_authenticate(personas.safety)
    data = pyrit_csv([("hate", "success"), ("hate", "")])
    refused = post(api_client, exercise.exercise_id, data, "p.csv", source="pyrit")
    assert refused.status_code == 400
    assert refused.json()["file"] == [
        "line 3: outcome empty is not success, failure or undetermined"
    ]
    unknown = post(api_client, exercise.exercise_id, data, "p.csv", source="manual")
    assert unknown.status_code == 400 and "source" in unknown.json()
    assert not CategoryResult.objects.exists() and not ResultImport.objects.exists()


def test_who_may_not_manage_gets_403_and_an_unknown_exercise_404(api_client, personas, exercise):
    report = garak_report({"dan.A": (1, 5)})
    api_client.force_authenticate(personas.auditor)
    assert (
        post(api_client, exercise.exercise_id, report, "r.jsonl", source="garak").status_code == 403
    )
    assert post(api_client, "RT-999", report, "r.jsonl", source="garak").status_code == 403
    api_client.force_authenticate(personas.safety)
    assert post(api_client, "RT-999", report, "r.jsonl", source="garak").status_code == 404
    assert not CategoryResult.objects.exists()
