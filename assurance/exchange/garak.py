"""garak's report.jsonl (garak.<run>.report.jsonl): one JSON object a line, each with an
`entry_type`. Only the "eval" rows count: one per probe and detector, written when the
pair is done, with `passed` (outputs the detector passed) and the outputs it judged:
`total_evaluated` since garak 0.14 (beside `fails`, `nones`, `total_processed`), `total`
before. Outputs a detector could not score (`nones`) are in neither.

A probe is an attack category's technique: the category is the probe's module ("dan"
from "dan.Dan_11_0", "promptinject" from "promptinject.HijackHateHumans"). An output a
detector failed is a successful attack. When several detectors judge one probe, the
worst one (the most failed outputs for the outputs judged) gives the probe's attempts and
successes: the same outputs are not counted twice. garak measures no benign traffic.
"""

from __future__ import annotations

import json

from assurance.exchange import Reading, Tally, count_of, text_of
from assurance.exchange.errors import ImportRefused

EVAL = "eval"


def garak_read(data: bytes) -> Reading:
    """The per-category counts of a garak report.jsonl; ImportRefused with the line."""
    judged: dict[tuple[str, str], list[int]] = {}  # (probe, detector) -> [total, fails]
    for number, line in enumerate(text_of(data).split("\n"), start=1):
        if not line.strip():
            continue
        row = _row(line, number)
        if row.get("entry_type") != EVAL:
            continue
        probe, detector, total, fails = _eval(row, number)
        counts = judged.setdefault((probe, detector), [0, 0])
        # An aggregated report repeats a pair once per run: the runs' outputs add up.
        counts[0] += total
        counts[1] += fails
    if not judged:
        raise ImportRefused(
            "no eval rows: the run did not finish, or this is not a garak report.jsonl"
        )
    return _tallied(judged)


def _row(line: str, number: int) -> dict:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise ImportRefused(f"not JSON: {error.msg} (column {error.colno})", line=number) from None
    if not isinstance(row, dict):
        raise ImportRefused("not a JSON object", line=number)
    if "entry_type" not in row:
        raise ImportRefused("a row without 'entry_type': not a garak report row", line=number)
    return row


def _eval(row: dict, number: int) -> tuple[str, str, int, int]:
    """(probe, detector, outputs judged, outputs failed) of an eval row."""
    probe, detector = row.get("probe"), row.get("detector")
    if not isinstance(probe, str) or not probe.strip():
        raise ImportRefused("eval row without 'probe'", line=number)
    if not isinstance(detector, str) or not detector.strip():
        raise ImportRefused("eval row without 'detector'", line=number)
    key = "total_evaluated" if "total_evaluated" in row else "total"
    if key not in row:
        raise ImportRefused("eval row without 'total'", line=number)
    total, passed = count_of(row[key]), count_of(row.get("passed"))
    if total is None:
        raise ImportRefused(f"'{key}' is not a whole number >= 0", line=number)
    if passed is None:
        raise ImportRefused("'passed' is missing or not a whole number >= 0", line=number)
    if passed > total:
        raise ImportRefused(f"'passed' ({passed}) is more than '{key}' ({total})", line=number)
    fails = total - passed
    if "fails" in row and count_of(row["fails"]) != fails:
        reason = f"'fails' ({row['fails']}) is not '{key}' ({total}) minus 'passed' ({passed})"
        raise ImportRefused(reason, line=number)
    return probe.strip(), detector.strip(), total, fails


def _worse(a: tuple[str, int, int], b: tuple[str, int, int]) -> tuple[str, int, int]:
    """The detector with the higher failure rate; at equal rates, the one that judged more."""
    _, total_a, fails_a = a
    _, total_b, fails_b = b
    if fails_a * total_b != fails_b * total_a:
        return a if fails_a * total_b > fails_b * total_a else b
    return a if total_a >= total_b else b


def _tallied(judged: dict[tuple[str, str], list[int]]) -> Reading:
    worst: dict[str, tuple[str, int, int]] = {}
    for (probe, detector), (total, fails) in sorted(judged.items()):
        if total == 0:
            continue  # every output unscoreable: this detector judged nothing
        candidate = (detector, total, fails)
        worst[probe] = _worse(worst[probe], candidate) if probe in worst else candidate
    tally, notes = Tally(), []
    for probe in sorted({probe for probe, _ in judged} - set(worst)):
        notes.append(f"{probe}: no output could be scored (left out).")
    for probe, (detector, total, fails) in worst.items():
        count = tally.count(probe.split(".", 1)[0])
        count.attempts += total
        count.successes += fails
        count.notes.append(f"{probe} by {detector}, {fails} of {total} failed")
    return tally.reading("garak", notes)
