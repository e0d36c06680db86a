"""The red-team tools' result files, read into per-category counts (DOMAIN.md 9): garak
report.jsonl, promptfoo results.json, Inspect eval logs (JSON) and PyRIT scored results
(CSV). Pure: bytes in, ResultRows out, or ImportRefused with the line and the reason.

This module holds what the readers share: the file's text, a count per category, and
what a reading gives back; assurance.exchange.reading picks the reader by source."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from assurance.exchange.errors import ImportRefused
from assurance.rules.results import CATEGORY_MAX, ResultRow

NOTES_MAX = 2_000  # characters of a category's note: the file itself is kept as evidence
COUNT_MAX = 2_147_483_647  # the largest count a result stores (a PostgreSQL integer)


@dataclass(frozen=True)
class Reading:
    """What a file says: one row per attack category, and what was left out or could
    not be measured, in sentences for the preview."""

    rows: list[ResultRow]
    notes: list[str] = field(default_factory=list)


def text_of(data: bytes) -> str:
    """The file as UTF-8 text (a byte-order mark is dropped); refused with the line of
    the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRefused("not UTF-8 text", line=line) from None


def json_document(text: str):
    """A whole-file JSON document; refused with the line and the parser's reason."""
    if not text.strip():
        raise ImportRefused("the file is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        reason = f"not JSON: {error.msg} (column {error.colno})"
        raise ImportRefused(reason, line=error.lineno) from None


def count_of(value) -> int | None:
    """A count as a file writes it: a whole number >= 0 (2.0 too), else None. JSON's
    true and false are not counts."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and value >= 0 else None


@dataclass
class Count:
    """One category's counts while a file is read."""

    name: str
    attempts: int = 0
    successes: int = 0
    benign_prompts: int = 0
    refusals: int = 0
    notes: list[str] = field(default_factory=list)

    def attack(self, succeeded: bool) -> None:
        self.attempts += 1
        self.successes += int(succeeded)

    def benign(self, refused: bool) -> None:
        self.benign_prompts += 1
        self.refusals += int(refused)

    @property
    def measured(self) -> bool:
        return bool(self.attempts or self.benign_prompts)


class Tally:
    """Counts per category, a category named in any case being one (as the exercise's
    results are): the first spelling met is kept."""

    def __init__(self) -> None:
        self._counts: dict[str, Count] = {}

    def count(self, category, *, line: int | None = None, where: str = "") -> Count:
        # Line breaks and tabs (an objective written over lines) are spaces in a name.
        name = " ".join(category.split()) if isinstance(category, str) else ""
        if not name:
            raise ImportRefused("no attack category", line=line, where=where)
        if any(ord(char) < 32 or ord(char) == 127 for char in name):
            raise ImportRefused("the category has a control character", line=line, where=where)
        if len(name) > CATEGORY_MAX:
            reason = f"the category '{name[:40]}…' is longer than {CATEGORY_MAX} characters"
            raise ImportRefused(reason, line=line, where=where)
        return self._counts.setdefault(name.lower(), Count(name))

    def reading(self, source: str, notes: list[str]) -> Reading:
        """The rows in the order of their names; a category with nothing measured is
        left out and said so."""
        rows, notes = [], list(notes)
        for count in sorted(self._counts.values(), key=lambda c: c.name.lower()):
            if not count.measured:
                notes.append(f"{count.name}: nothing measured (left out).")
                continue
            counts = (count.attempts, count.successes, count.benign_prompts, count.refusals)
            if max(counts) > COUNT_MAX:
                reason = f"{count.name}: a count over {COUNT_MAX:,} is more than can be stored"
                raise ImportRefused(reason)
            rows.append(
                ResultRow(
                    category=count.name,
                    attempts=count.attempts,
                    successes=count.successes,
                    benign_prompts=count.benign_prompts,
                    refusals=count.refusals,
                    notes=_note(source, count.notes),
                )
            )
        if not rows:
            raise ImportRefused("the file holds no result that can be counted")
        return Reading(rows=rows, notes=notes)


def _note(source: str, parts: list[str]) -> str:
    # PostgreSQL keeps no NUL in text; a probe or strategy name could carry one.
    text = f"From {source}" + (": " + "; ".join(parts) if parts else "") + "."
    text = text.replace("\x00", "")
    return text if len(text) <= NOTES_MAX else text[: NOTES_MAX - 1] + "…"
