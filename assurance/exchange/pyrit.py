"""PyRIT's scored attack results as CSV. PyRIT keeps an AttackResult per objective
(conversation_id, objective, outcome, outcome_reason, ...) with `outcome` one of
AttackOutcome's success, failure or undetermined; it writes no CSV of them itself, so
the portal reads the CSV a team writes from them (e.g. a pandas DataFrame of the results'
fields, to_csv), one row per attack result, with a header:

- `outcome` (required): success, failure or undetermined (any case; "AttackOutcome.SUCCESS"
  as str() of the enum writes it, too);
- the category: `harm_category`, else `category`, else the `objective` itself;
- optional `benign`: true (yes, 1) marks a benign prompt sent to measure false refusals;
  its `refused` column says whether the system refused it (true/false), and its outcome
  is not read.

An undetermined outcome (or a benign row whose refusal is not given) judged nothing: it
is left out of the rates and counted in the notes.
"""

from __future__ import annotations

import csv
import io

from assurance.exchange import Count, Reading, Tally, text_of
from assurance.exchange.errors import ImportRefused

OUTCOMES = ("success", "failure", "undetermined")
CATEGORY_COLUMNS = ("harm_category", "category", "objective")
TRUE = {"true", "yes", "1", "y"}
FALSE = {"false", "no", "0", "n", ""}


def pyrit_read(data: bytes) -> Reading:
    """The per-category counts of a PyRIT results CSV; ImportRefused with the line."""
    text = text_of(data)
    if not text.strip():
        raise ImportRefused("the file is empty")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip().lower() for name in next(reader)]
        columns = _columns(header)
        tally, undetermined = Tally(), 0
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            row = _row(header, values, reader.line_num)
            undetermined += _count(tally, row, columns, reader.line_num)
    except csv.Error as error:
        raise ImportRefused(f"not CSV: {error}", line=reader.line_num) from None
    notes = []
    if undetermined:
        notes.append(
            f"{undetermined} undetermined outcome{'s' if undetermined != 1 else ''} "
            "left out of the rates."
        )
    return tally.reading("PyRIT", notes)


def _columns(header: list[str]) -> dict[str, str]:
    if "outcome" not in header:
        raise ImportRefused("no 'outcome' column in the header", line=1)
    category = next((name for name in CATEGORY_COLUMNS if name in header), None)
    if category is None:
        reason = "no category column in the header (harm_category, category or objective)"
        raise ImportRefused(reason, line=1)
    return {"category": category, "benign": "benign" if "benign" in header else ""}


def _row(header: list[str], values: list[str], line: int) -> dict[str, str]:
    if len(values) > len(header):
        raise ImportRefused(f"{len(values)} fields, the header has {len(header)}", line=line)
    padded = [value.strip() for value in values] + [""] * (len(header) - len(values))
    return dict(zip(header, padded, strict=True))


def _flag(row: dict, column: str, line: int) -> bool | None:
    value = row.get(column, "").lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False if value else None
    raise ImportRefused(f"{column} '{row[column]}' is not true or false", line=line)


def _outcome(row: dict, line: int) -> str:
    value = row["outcome"].lower().removeprefix("attackoutcome.")
    if value not in OUTCOMES:
        shown = row["outcome"] or "empty"
        raise ImportRefused(f"outcome {shown} is not success, failure or undetermined", line=line)
    return value


def _count(tally: Tally, row: dict, columns: dict, line: int) -> int:
    """Count one row; 1 when it judged nothing (undetermined), else 0."""
    count: Count = tally.count(row[columns["category"]], line=line)
    if columns["benign"] and _flag(row, "benign", line):
        refused = _flag(row, "refused", line) if "refused" in row else None
        if refused is None:
            return 1
        count.benign(refused=refused)
        return 0
    outcome = _outcome(row, line)
    if outcome == "undetermined":
        return 1
    count.attack(succeeded=outcome == "success")
    return 0
