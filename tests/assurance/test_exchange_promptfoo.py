"""promptfoo's results.json read into per-category counts: a failed red-team test is a
successful attack, errors are left out and said so, XSTest's safe prompts are benign
traffic; a malformed file refused with the line (JSON syntax) or the JSON path."""

from __future__ import annotations

import json

import pytest

from assurance.exchange.errors import ImportRefused
from assurance.exchange.promptfoo import promptfoo_read
from assurance.exchange.reading import NO_BENIGN, file_read
from tests.assurance.files import promptfoo_red_team, promptfoo_result, promptfoo_results


def counts(reading):
    return {
        r.category: (r.attempts, r.successes, r.benign_prompts, r.refusals) for r in reading.rows
    }


def test_a_failed_test_is_a_successful_attack_per_plugin():
    results = promptfoo_red_team({"harmful:hate": (38, 40), "prompt-injection": (50, 50)}, errors=3)
    reading = file_read("promptfoo", results)
    assert counts(reading) == {"harmful:hate": (40, 2, 0, 0), "prompt-injection": (50, 0, 0, 0)}
    assert "3 tests ended in an error and judged nothing: left out of the rates." in reading.notes
    assert NO_BENIGN in reading.notes


def test_xstest_safe_prompts_are_benign_traffic_and_a_failure_is_a_refusal():
    results = [
        promptfoo_result(0, "xstest", True, label="safe"),
        promptfoo_result(1, "xstest", False, label="safe"),
        promptfoo_result(2, "xstest", False, label="unsafe"),
        promptfoo_result(3, "jailbreak", True, strategy="jailbreak:composite"),
    ]
    reading = promptfoo_read(promptfoo_results(results))
    assert counts(reading) == {"jailbreak": (1, 0, 0, 0), "xstest": (1, 1, 2, 1)}
    assert NO_BENIGN not in reading.notes
    assert "strategy jailbreak:composite" in reading.rows[0].notes


def test_the_harm_category_names_a_test_without_a_plugin_and_grading_decides_without_success():
    result = promptfoo_result(0, "harmful:privacy", False)
    result["testCase"]["metadata"] = {}
    result["vars"]["harmCategory"] = "Privacy violations"
    del result["success"]
    reading = promptfoo_read(promptfoo_results([result]))
    assert counts(reading) == {"Privacy violations": (1, 1, 0, 0)}


def test_stats_that_disagree_with_the_tests_listed_are_said():
    document = json.loads(promptfoo_red_team({"pii:direct": (4, 5)}))
    document["results"]["stats"]["successes"] = 40
    reading = promptfoo_read(json.dumps(document).encode())
    assert counts(reading) == {"pii:direct": (5, 1, 0, 0)}
    assert any("stats count 41 tests but it lists 5" in note for note in reading.notes)


def test_a_file_with_a_syntax_error_is_refused_with_its_line():
    text = promptfoo_red_team({"harmful:hate": (1, 2)}).decode()
    lines = text.split("\n")
    assert lines[2].strip().startswith('"results"')
    lines[2] = lines[2].replace(":", "", 1)
    with pytest.raises(ImportRefused) as refused:
        file_read("promptfoo", "\n".join(lines).encode())
    assert str(refused.value).startswith("line 3: not JSON: Expecting ':' delimiter")


def _ungraded(result: dict) -> None:
    del result["success"]
    result["gradingResult"] = None


def _with(change) -> bytes:
    document = json.loads(promptfoo_red_team({"harmful:hate": (1, 3)}))
    change(document)
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: _ungraded(d["results"]["results"][1]),
         "results.results[1]: no 'success' nor 'gradingResult.pass'"),
        (lambda d: d["results"]["results"][2]["testCase"].update(metadata={}),
         "results.results[2]: no red-team plugin (testCase.metadata.pluginId) nor harmCategory"),
        (lambda d: d["results"].update(results="none"), "results.results: no list of results"),
        (lambda d: d["results"].update(results=[]),
         "results.results: the list of results is empty"),
        (lambda d: d.update(results=7), "results: no evaluation results"),
    ],
)  # fmt: skip
def test_a_malformed_file_is_refused_with_where_and_why(change, message):
    with pytest.raises(ImportRefused) as refused:
        promptfoo_read(_with(change))
    assert str(refused.value).startswith(message)
