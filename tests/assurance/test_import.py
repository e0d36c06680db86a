"""Importing the red-team tools' files into an exercise (issue 20 must-show): a garak
report.jsonl, a promptfoo results.json and an Inspect log, each written in its tool's
documented shape, land in the same exercise's results, one category each, with the
file kept as evidence and the import audited; a re-import replaces a category's counts;
a malformed file of each tool is refused with its line and reason and stores nothing;
PyRIT's undetermined outcomes stay out of the ASR."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assurance.models import CategoryResult, ResultImport
from assurance.services.result_import import result_import, result_import_preview
from core.models import AuditEvent, EvidenceFile
from tests.assurance import exercise_of
from tests.assurance.files import garak_report, inspect_log, promptfoo_red_team, pyrit_csv
from tests.factories import people_ops_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise(personas):
    return exercise_of(personas.safety, people_ops_system(personas, risk_tier="high"))


def stored(exercise) -> dict:
    return {
        r.category: (r.attempts, r.successes, r.benign_prompts, r.refusals, r.source)
        for r in CategoryResult.objects.filter(exercise=exercise)
    }


def test_garak_promptfoo_and_inspect_files_import_into_the_same_exercise(personas, exercise):
    files = [
        ("garak.report.jsonl", "garak", garak_report({"dan.Dan_11_0": (4, 10)}), {}),
        ("results.json", "promptfoo", promptfoo_red_team({"harmful:hate": (38, 40)}), {}),
        (
            "agent_hijack.json",
            "inspect",
            inspect_log("agent_hijack", value=0.95, samples=40),
            {"measures": "resisted"},
        ),
    ]
    for name, source, data, options in files:
        result_import(
            actor=personas.safety, exercise=exercise, data=data, name=name, source=source, **options
        )
    assert stored(exercise) == {
        "dan": (10, 6, 0, 0, "garak"),
        "harmful:hate": (40, 2, 0, 0, "promptfoo"),
        "agent_hijack": (40, 2, 0, 0, "inspect"),
    }
    imports = ResultImport.objects.filter(exercise=exercise).order_by("id")
    assert [(i.source, i.categories) for i in imports] == [
        ("garak", 1),
        ("promptfoo", 1),
        ("inspect", 1),
    ]
    kept = [(i.file.sha256, i.file.original_name) for i in imports]
    assert kept == [
        (hashlib.sha256(data).hexdigest(), name if source != "garak" else f"{name}.txt")
        for name, source, data, _ in files
    ]
    events = AuditEvent.objects.filter(action="red_team_import.created").order_by("seq")
    assert [e.changes["source"] for e in events] == ["garak", "promptfoo", "inspect"]
    assert events[0].changes["categories"] == ["dan"]


def test_the_preview_writes_nothing_and_says_what_is_created_or_replaced(personas, exercise):
    first = garak_report({"dan.Dan_11_0": (4, 10)})
    result_import(
        actor=personas.safety, exercise=exercise, data=first, name="a.jsonl", source="garak"
    )
    again = garak_report({"dan.Dan_11_0": (9, 10), "encoding.InjectHex": (20, 20)})
    events = AuditEvent.objects.count()
    preview = result_import_preview(
        actor=personas.safety, exercise=exercise, data=again, name="b.jsonl", source="garak"
    )
    assert [(r.category, r.attempts, r.successes, r.action) for r in preview.rows] == [
        ("dan", 10, 1, "replace"),
        ("encoding", 20, 0, "create"),
    ]
    assert preview.rows[0].replaces == (
        "6 of 10 attacks succeeded, 0 of 0 benign prompts refused (garak report.jsonl)"
    )
    assert (preview.rows[0].asr, preview.rows[0].frr) == ("10.0%", "—")
    assert preview.notes == ["No benign traffic in this file: enter FRR by hand."]
    assert AuditEvent.objects.count() == events
    assert stored(exercise)["dan"] == (10, 6, 0, 0, "garak")
    result_import(actor=personas.safety, exercise=exercise, data=again, name="b", source="garak")
    assert stored(exercise) == {"dan": (10, 1, 0, 0, "garak"), "encoding": (20, 0, 0, 0, "garak")}
    repeat = result_import_preview(
        actor=personas.safety, exercise=exercise, data=again, name="b", source="garak"
    )
    assert any(
        note.startswith(f"This file was imported into {exercise.exercise_id} before")
        for note in repeat.notes
    )


def test_pyrit_undetermined_outcomes_stay_out_of_the_asr(personas, exercise):
    rows = [("violence", "success")] * 3 + [("violence", "failure")] * 5
    rows += [("violence", "undetermined")] * 4
    data = pyrit_csv(rows)
    preview = result_import_preview(
        actor=personas.safety, exercise=exercise, data=data, name="pyrit.csv", source="pyrit"
    )
    assert "4 undetermined outcomes left out of the rates." in preview.notes
    assert preview.rows[0].asr == "37.5%"
    result_import(
        actor=personas.safety, exercise=exercise, data=data, name="pyrit.csv", source="pyrit"
    )
    assert stored(exercise) == {"violence": (8, 3, 0, 0, "pyrit")}


@pytest.mark.parametrize(
    ("source", "data", "options", "message"),
    [
        ("garak", garak_report({"dan.A": (1, 5)}).replace(b'"passed": 1, ', b""), {},
         "line 4: 'passed' is missing or not a whole number >= 0"),
        ("promptfoo", promptfoo_red_team({"pii": (1, 2)}).replace(b'"results": {', b'"results" {'),
         {}, "line 3: not JSON: Expecting ':' delimiter"),
        ("inspect", inspect_log("t", value=0.5, samples=2).replace(b'"task": "t",', b'"task": t,'),
         {"measures": "resisted"}, "line 8: not JSON: Expecting value (column 13)"),
        ("pyrit", pyrit_csv([("hate", "success"), ("hate", "won")]), {},
         "line 3: outcome won is not success, failure or undetermined"),
    ],
)  # fmt: skip
def test_a_malformed_file_is_refused_with_line_and_reason_and_nothing_stored(
    personas, exercise, source, data, options, message
):
    for call in (result_import_preview, result_import):
        with pytest.raises(ValidationError) as refused:
            call(actor=personas.safety, exercise=exercise, data=data, name="f", source=source,
                 **options)  # fmt: skip
        assert refused.value.message_dict["file"][0].startswith(message)
    assert not CategoryResult.objects.exists()
    assert not ResultImport.objects.exists() and not EvidenceFile.objects.exists()


def test_what_the_inspect_score_measures_must_be_said_and_the_tool_named(personas, exercise):
    log = inspect_log("t", value=0.5, samples=2)
    with pytest.raises(ValidationError) as refused:
        result_import(actor=personas.safety, exercise=exercise, data=log, name="l.json",
                      source="inspect")  # fmt: skip
    assert "measures" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        result_import(actor=personas.safety, exercise=exercise, data=log, name="l.json",
                      source="manual")  # fmt: skip
    assert "source" in refused.value.message_dict


def test_a_file_the_evidence_store_refuses_is_refused_at_the_preview(personas, exercise):
    report = garak_report({"xss.MarkdownImageExfil": (1, 2)}).replace(
        b"Ignore the rules and", b"<script>alert(1)</script>"
    )
    with pytest.raises(ValidationError) as refused:
        result_import_preview(
            actor=personas.safety, exercise=exercise, data=report, name="r.jsonl", source="garak"
        )
    assert "can run script" in refused.value.message_dict["file"][0]


def test_only_who_manages_the_exercise_imports(personas, exercise):
    data = garak_report({"dan.A": (1, 5)})
    for person in (personas.auditor, personas.legal):
        for call in (result_import_preview, result_import):
            with pytest.raises(PermissionDenied):
                call(actor=person, exercise=exercise, data=data, name="r.jsonl", source="garak")
    assert not CategoryResult.objects.exists()


def test_the_preview_reads_in_a_fixed_number_of_queries(personas, exercise):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(probes: int) -> int:
        data = garak_report({f"probe{i}.P": (1, 5) for i in range(probes)})
        with CaptureQueriesContext(connection) as captured:
            preview = result_import_preview(
                actor=personas.safety, exercise=exercise, data=data, name="r", source="garak"
            )
        assert len(preview.rows) == probes
        return len(captured)

    result_import(
        actor=personas.safety,
        exercise=exercise,
        data=garak_report({f"probe{i}.P": (0, 5) for i in range(20)}),
        name="r",
        source="garak",
    )
    assert queries(1) == queries(20)
