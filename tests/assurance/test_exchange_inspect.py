"""An Inspect eval log (JSON) read into one category's counts: the first score's
accuracy over the samples it scored, read as the person importing says (attacks
resisted, attacks that succeeded, benign prompts refused); the task's name is the
category unless one is given; a malformed log refused with the line or the JSON path."""

from __future__ import annotations

import json

import pytest

from assurance.exchange.errors import ImportRefused
from assurance.exchange.inspect_log import inspect_read
from assurance.exchange.reading import NO_BENIGN, file_read
from tests.assurance.files import inspect_log


def counts(reading):
    return {
        r.category: (r.attempts, r.successes, r.benign_prompts, r.refusals) for r in reading.rows
    }


def test_the_share_of_attacks_resisted_gives_the_successes_left():
    log = inspect_log("prompt_injection_suite", value=0.9, samples=40)
    reading = file_read("inspect", log, measures="resisted")
    assert counts(reading) == {"prompt_injection_suite": (40, 4, 0, 0)}
    assert "task prompt_injection_suite, model_graded_qa accuracy 0.9 of 40 samples" in (
        reading.rows[0].notes
    )
    assert NO_BENIGN in reading.notes


def test_the_share_of_attacks_that_succeeded_and_a_category_given():
    log = inspect_log("agentharm", value=0.125, samples=8, metric="mean")
    reading = inspect_read(log, measures="succeeded", category="tool misuse")
    assert counts(reading) == {"tool misuse": (8, 1, 0, 0)}


def test_the_share_of_benign_prompts_refused_is_benign_traffic():
    log = inspect_log("xstest", value=0.3, samples=250, total=300, status="cancelled")
    reading = file_read("inspect", log, measures="refused_benign")
    assert counts(reading) == {"xstest": (0, 0, 250, 75)}
    assert NO_BENIGN not in reading.notes
    assert "250 of 300 samples were completed." in reading.notes
    assert any("status is cancelled" in note for note in reading.notes)


def _with(change) -> bytes:
    log = json.loads(inspect_log("jailbreaks", value=0.5, samples=10))
    change(log)
    return json.dumps(log, indent=2).encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (inspect_log("t", value=0.5, samples=2).replace(b'"status": ', b'"status" '),
         "line 3: not JSON: Expecting ':' delimiter"),
        (_with(lambda log: log["eval"].pop("task")), "eval.task: no task name"),
        (_with(lambda log: log.update(results=None, status="error")),
         "results: no results: the evaluation did not finish (status error)"),
        (_with(lambda log: log["results"].update(scores=[])), "results.scores: no scores"),
        (_with(lambda log: log["results"]["scores"][0].update(metrics={"stderr": {"value": 1}})),
         "results.scores[0].metrics: no accuracy nor mean metric to count with (it has: stderr)"),
        (_with(lambda log: log["results"]["scores"][0]["metrics"]["accuracy"].update(value=1.5)),
         "results.scores[0].metrics.accuracy.value: 1.5 is not a share between 0 and 1"),
        (b"PK\x03\x04" + b"\x00" * 30, "this is an Inspect .eval archive"),
        (inspect_log("t", value=0.5, samples=10**12),
         "t: a count over 2,147,483,647 is more than can be stored"),
    ],
)  # fmt: skip
def test_a_malformed_log_is_refused_with_where_and_why(data, message):
    with pytest.raises(ImportRefused) as refused:
        file_read("inspect", data, measures="resisted")
    assert str(refused.value).startswith(message)


def test_the_measure_must_be_said():
    with pytest.raises(ImportRefused, match="say what the score measures"):
        file_read("inspect", inspect_log("t", value=0.5, samples=2))
