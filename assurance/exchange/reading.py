"""Read a red-team tool's result file by its source (assurance.choices.ResultSource):
the reader for the tool, and the sentence every preview needs when the file measured no
benign traffic (DOMAIN.md 9: both rates matter). Pure."""

from __future__ import annotations

from assurance.choices import ResultSource
from assurance.exchange import Reading
from assurance.exchange.errors import ImportRefused
from assurance.exchange.garak import garak_read
from assurance.exchange.inspect_log import MEASURES, inspect_read
from assurance.exchange.promptfoo import promptfoo_read
from assurance.exchange.pyrit import pyrit_read

__all__ = ["MEASURES", "NO_BENIGN", "TOOLS", "ImportRefused", "Reading", "file_read"]

# The sources a file is read from (every one but "entered by hand"), with what to upload.
TOOLS = {
    ResultSource.GARAK.value: "garak report.jsonl",
    ResultSource.PROMPTFOO.value: "promptfoo results.json",
    ResultSource.INSPECT.value: "Inspect eval log (JSON)",
    ResultSource.PYRIT.value: "PyRIT scored results (CSV)",
}
NO_BENIGN = "No benign traffic in this file: enter FRR by hand."


def file_read(source: str, data: bytes, *, measures: str = "", category: str = "") -> Reading:
    """The file's per-category counts and notes. `measures` and `category` are asked of
    an Inspect log only (what its score measures; the category, default the task's name).
    ImportRefused with the line (or JSON path) and the reason."""
    if source not in TOOLS:
        raise ImportRefused(f"'{source}' is not a tool whose file can be read")
    if not data:
        raise ImportRefused("the file is empty")
    if source == ResultSource.INSPECT:
        reading = inspect_read(data, measures=measures, category=category)
    else:
        reader = {"garak": garak_read, "promptfoo": promptfoo_read, "pyrit": pyrit_read}
        reading = reader[source](data)
    if not any(row.benign_prompts for row in reading.rows):
        return Reading(rows=reading.rows, notes=[*reading.notes, NO_BENIGN])
    return reading
