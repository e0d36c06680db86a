"""Whatever bytes arrive, a reader answers counts or ImportRefused (a 400 with the line
and the reason), never another exception (a 500): random bytes, and each tool's own file
cut short or with a byte changed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assurance.exchange.errors import ImportRefused
from assurance.exchange.reading import file_read
from assurance.rules.results import row_problems
from tests.assurance.files import garak_report, inspect_log, promptfoo_red_team, pyrit_csv

FILES = {
    "garak": garak_report({"dan.Dan_11_0": (4, 10), "encoding.InjectHex": (20, 20)}),
    "promptfoo": promptfoo_red_team({"harmful:hate": (3, 4)}, errors=1),
    "inspect": inspect_log("agent_hijack", value=0.9, samples=40),
    "pyrit": pyrit_csv([("violence", "success"), ("hate", "undetermined")]),
}


def read_or_refuse(source: str, data: bytes) -> None:
    try:
        reading = file_read(source, data, measures="resisted")
    except ImportRefused as refused:
        assert str(refused)
        return
    # What a reader gives can be recorded as it is.
    assert reading.rows and all(row_problems(row) == {} for row in reading.rows)


@pytest.mark.parametrize("source", list(FILES))
@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400))
def test_random_bytes_are_read_or_refused(source, data):
    read_or_refuse(source, data)


@pytest.mark.parametrize("source", list(FILES))
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_a_tool_file_cut_or_changed_is_read_or_refused(source, data):
    original = FILES[source]
    cut = data.draw(st.integers(0, len(original)))
    at = data.draw(st.integers(0, len(original) - 1))
    byte = data.draw(st.integers(0, 255))
    read_or_refuse(source, original[:cut])
    read_or_refuse(source, original[:at] + bytes([byte]) + original[at + 1 :])
