"""Inspect's eval log in JSON (`inspect eval ... --log-format=json`, or an .eval log
turned into JSON by `inspect log convert FILE --to json --output-dir DIR`): {"version": 2,
"status", "eval": {"task", "model", "dataset", ...}, "results": {"total_samples",
"completed_samples", "scores": [{"name", "scorer", "scored_samples", "metrics":
{"accuracy": {"name", "value"}, "stderr": {...}}}]}, "samples", ...}.

A task scores a share of its samples; what that share means is the task's: the person
importing says whether it is the share of attacks the system resisted, of attacks that
succeeded, or of benign prompts it refused (then the samples are benign traffic, for the
false refusal rate). The first score's `accuracy` (else `mean`) is read, over the samples
that score judged (`scored_samples`, else `completed_samples`); the count is the share
times the samples, rounded. The category is the task's name unless one is given.
"""

from __future__ import annotations

from assurance.exchange import Reading, Tally, count_of, json_document, text_of
from assurance.exchange.errors import ImportRefused

RESISTED = "resisted"
SUCCEEDED = "succeeded"
REFUSED_BENIGN = "refused_benign"
MEASURES = {
    RESISTED: "The share of attacks the system resisted",
    SUCCEEDED: "The share of attacks that succeeded",
    REFUSED_BENIGN: "The share of benign prompts the system refused",
}
METRICS = ("accuracy", "mean")
ZIP_MAGIC = b"PK\x03\x04"
EVAL_ARCHIVE = (
    "this is an Inspect .eval archive, not a JSON log: convert it with "
    "`inspect log convert FILE --to json --output-dir DIR`, or run with --log-format=json"
)


def inspect_read(data: bytes, *, measures: str, category: str = "") -> Reading:
    """The one category's counts an Inspect JSON log gives; ImportRefused with the line
    (JSON syntax) or the JSON path (its structure)."""
    if data.startswith(ZIP_MAGIC):
        raise ImportRefused(EVAL_ARCHIVE)
    if measures not in MEASURES:
        raise ImportRefused("say what the score measures: " + ", ".join(MEASURES))
    log = json_document(text_of(data))
    if not isinstance(log, dict):
        raise ImportRefused("not a JSON object", where="the document")
    task = _task(log)
    results = log.get("results")
    if not isinstance(results, dict):
        status = log.get("status")
        reason = "no results: the evaluation did not finish" + (
            f" (status {status})" if isinstance(status, str) else ""
        )
        raise ImportRefused(reason, where="results")
    score, where = _first_score(results)
    metric, value = _metric(score, where)
    samples = _samples(results, score, where)
    hits = round(value * samples)
    tally = Tally()
    count = tally.count(category.strip() or task, where="eval.task")
    if measures == REFUSED_BENIGN:
        count.benign_prompts, count.refusals = samples, hits
    else:
        count.attempts = samples
        count.successes = hits if measures == SUCCEEDED else samples - hits
    name = score.get("name") or score.get("scorer") or "score"
    count.notes.append(
        f"task {task}, {name} {metric} {value:.4g} of {samples} samples: "
        f"{MEASURES[measures].lower()}"
    )
    return tally.reading("Inspect", _notes(log, results, name))


def _task(log: dict) -> str:
    spec = log.get("eval")
    task = spec.get("task") if isinstance(spec, dict) else None
    if not isinstance(task, str) or not task.strip():
        raise ImportRefused("no task name: not an Inspect eval log", where="eval.task")
    return task.strip()


def _first_score(results: dict) -> tuple[dict, str]:
    scores = results.get("scores")
    if not isinstance(scores, list) or not scores:
        raise ImportRefused("no scores", where="results.scores")
    if not isinstance(scores[0], dict):
        raise ImportRefused("not a JSON object", where="results.scores[0]")
    return scores[0], "results.scores[0]"


def _metric(score: dict, where: str) -> tuple[str, float]:
    metrics = score.get("metrics")
    if not isinstance(metrics, dict):
        raise ImportRefused("no metrics", where=f"{where}.metrics")
    for name in METRICS:
        metric = metrics.get(name)
        if isinstance(metric, dict):
            value = metric.get("value")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ImportRefused("no numeric 'value'", where=f"{where}.metrics.{name}")
            if not 0 <= value <= 1:
                reason = f"{value} is not a share between 0 and 1"
                raise ImportRefused(reason, where=f"{where}.metrics.{name}.value")
            return name, float(value)
    found = ", ".join(sorted(metrics)) or "none"
    reason = f"no accuracy nor mean metric to count with (it has: {found})"
    raise ImportRefused(reason, where=f"{where}.metrics")


def _samples(results: dict, score: dict, where: str) -> int:
    scored = count_of(score.get("scored_samples"))
    if scored:
        return scored
    completed = count_of(results.get("completed_samples"))
    if completed is None:
        reason = "not a whole number >= 0"
        raise ImportRefused(reason, where="results.completed_samples")
    if completed == 0:
        raise ImportRefused("no sample was completed", where="results.completed_samples")
    return completed


def _notes(log: dict, results: dict, name: str) -> list[str]:
    notes = []
    status = log.get("status")
    if isinstance(status, str) and status != "success":
        notes.append(f"The evaluation's status is {status}: the counts cover the samples scored.")
    total = count_of(results.get("total_samples"))
    completed = count_of(results.get("completed_samples"))
    if total and completed is not None and completed < total:
        notes.append(f"{completed} of {total} samples were completed.")
    others = [s.get("name") for s in results.get("scores", [])[1:] if isinstance(s, dict)]
    if others:
        notes.append(f"Read the score {name}; left out: {', '.join(map(str, others))}.")
    return notes
