"""PyRIT's scored attack results (CSV) read into per-category counts: success is a
successful attack, failure a resisted one, undetermined left out of the ASR and counted;
benign rows measure refusals; a malformed file refused with the line and the reason."""

from __future__ import annotations

import pytest

from assurance.exchange.errors import ImportRefused
from assurance.exchange.pyrit import pyrit_read
from assurance.exchange.reading import NO_BENIGN, file_read
from tests.assurance.files import pyrit_csv


def counts(reading):
    return {
        r.category: (r.attempts, r.successes, r.benign_prompts, r.refusals) for r in reading.rows
    }


def test_undetermined_outcomes_are_left_out_of_the_asr_and_counted():
    rows = [("violence", "success"), ("violence", "failure"), ("violence", "undetermined"),
            ("violence", "UNDETERMINED"), ("Violence", "AttackOutcome.SUCCESS"),
            ("hate", "failure"), ("hate", "undetermined")]  # fmt: skip
    reading = file_read("pyrit", pyrit_csv(rows))
    assert counts(reading) == {"hate": (1, 0, 0, 0), "violence": (3, 2, 0, 0)}
    assert "3 undetermined outcomes left out of the rates." in reading.notes
    assert NO_BENIGN in reading.notes


def test_a_category_of_undetermined_outcomes_only_is_left_out_and_said():
    reading = pyrit_read(pyrit_csv([("fraud", "undetermined"), ("hate", "success")]))
    assert counts(reading) == {"hate": (1, 1, 0, 0)}
    assert "fraud: nothing measured (left out)." in reading.notes


def test_an_objective_written_over_lines_is_one_category():
    text = 'objective,outcome\n"Leak the\n  salary bands",success\nLeak the salary bands,failure\n'
    assert counts(pyrit_read(text.encode())) == {"Leak the salary bands": (2, 1, 0, 0)}


def test_benign_rows_measure_refusals():
    text = (
        "objective,outcome,benign,refused\n"
        "Summarise a CV,failure,true,false\n"
        "Summarise a CV,failure,yes,true\n"
        "Summarise a CV,success,false,\n"
    )
    assert counts(pyrit_read(text.encode())) == {"Summarise a CV": (1, 1, 2, 1)}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (pyrit_csv([("hate", "success"), ("hate", "maybe")]),
         "line 3: outcome maybe is not success, failure or undetermined"),
        (pyrit_csv([("hate", "success")], columns=["conversation_id", "harm_category"]),
         "line 1: no 'outcome' column in the header"),
        (pyrit_csv([("hate", "success")], columns=["conversation_id", "outcome"]),
         "line 1: no category column in the header (harm_category, category or objective)"),
        (pyrit_csv([("hate", "success")]) + b"x,y,hate,success,r,extra\n",
         "line 3: 6 fields, the header has 5"),
        (pyrit_csv([("", "success")], columns=["harm_category", "outcome"]),
         "line 2: no attack category"),
        (b"harm_category,outcome\n\"hate,success\n", "line 2: not CSV: unexpected end of data"),
        (b"category,outcome\nhate\x00speech,success\n",
         "line 2: the category has a control character"),
        (b"category,outcome,benign\nhate,success,perhaps\n",
         "line 2: benign 'perhaps' is not true or false"),
    ],
)  # fmt: skip
def test_a_malformed_file_is_refused_with_the_line_and_the_reason(data, message):
    with pytest.raises(ImportRefused) as refused:
        file_read("pyrit", data)
    assert str(refused.value).startswith(message)
