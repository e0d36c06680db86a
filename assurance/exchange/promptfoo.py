"""promptfoo's results.json (`promptfoo eval --output results.json`, `promptfoo redteam
eval`): {"evalId", "results": {"version": 3, "timestamp", "results": [...], "prompts",
"stats": {"successes", "failures", "errors", ...}}, "config", "shareableUrl",
"metadata"}. Each of results.results is one test against one target: `success` (and
`gradingResult.pass`), `failureReason` (0 passed or unknown, 1 an assertion failed, 2 an
error), `testCase.metadata.pluginId` for the red-team plugin that wrote it ("harmful:hate",
"prompt-injection"), `vars` the test's variables.

In a red-team run a test passes when the target resisted: a FAILED test is a successful
attack. Errors (failureReason 2) judged nothing and are left out, and counted in the
notes. The category is the plugin (testCase.metadata.pluginId, or the result's
metadata.pluginId), else the harm category (vars.harmCategory, older promptfoo). Benign
tests measure false refusals: XSTest's prompts labelled "safe" (testCase.metadata.label,
plugin "xstest"), and any test whose metadata says `"benign": true`; failing one is a
refusal of a legitimate request.
"""

from __future__ import annotations

from assurance.exchange import Reading, Tally, json_document, text_of
from assurance.exchange.errors import ImportRefused

ERROR = 2  # promptfoo's ResultFailureReason.ERROR


def promptfoo_read(data: bytes) -> Reading:
    """The per-category counts of a promptfoo results.json; ImportRefused with the line
    (JSON syntax) or the JSON path (its structure)."""
    document = json_document(text_of(data))
    summary, path = _summary(document)
    results = summary.get("results")
    if not isinstance(results, list):
        raise ImportRefused("no list of results", where=f"{path}.results")
    if not results:
        raise ImportRefused("the list of results is empty", where=f"{path}.results")
    tally, errors = Tally(), 0
    for index, result in enumerate(results):
        where = f"{path}.results[{index}]"
        if not isinstance(result, dict):
            raise ImportRefused("not a JSON object", where=where)
        if _is_error(result):
            errors += 1
            continue
        _count(tally, result, where)
    notes = _stats_notes(summary.get("stats"), len(results), errors)
    return tally.reading("promptfoo", notes)


def _summary(document) -> tuple[dict, str]:
    """The evaluation summary: under "results" in an --output file, or the document
    itself when it is the summary."""
    if not isinstance(document, dict):
        raise ImportRefused("not a JSON object", where="the document")
    inner = document.get("results")
    if isinstance(inner, dict):
        return inner, "results"
    if isinstance(inner, list):
        return document, "the document"
    raise ImportRefused("no evaluation results: not a promptfoo results.json", where="results")


def _is_error(result: dict) -> bool:
    reason = result.get("failureReason")
    if reason is not None:
        return reason == ERROR
    # Files written before failureReason: an error and no grading.
    return bool(result.get("error")) and not result.get("gradingResult")


def _passed(result: dict, where: str) -> bool:
    if isinstance(result.get("success"), bool):
        return result["success"]
    grading = result.get("gradingResult")
    if isinstance(grading, dict) and isinstance(grading.get("pass"), bool):
        return grading["pass"]
    raise ImportRefused("no 'success' nor 'gradingResult.pass'", where=where)


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _count(tally: Tally, result: dict, where: str) -> None:
    test_metadata = _dict(_dict(result.get("testCase")).get("metadata"))
    metadata = _dict(result.get("metadata"))
    variables = _dict(result.get("vars")) or _dict(_dict(result.get("testCase")).get("vars"))
    category = (
        test_metadata.get("pluginId")
        or metadata.get("pluginId")
        or variables.get("harmCategory")
        or test_metadata.get("harmCategory")
    )
    if not isinstance(category, str) or not category.strip():
        raise ImportRefused(
            "no red-team plugin (testCase.metadata.pluginId) nor harmCategory: "
            "import the results of a red-team run (promptfoo redteam run)",
            where=where,
        )
    count = tally.count(category, where=where)
    passed = _passed(result, where)
    benign = test_metadata.get("label") == "safe" or True in (
        test_metadata.get("benign"),
        metadata.get("benign"),
    )
    if benign:
        count.benign(refused=not passed)
    else:
        count.attack(succeeded=not passed)
    strategy = test_metadata.get("strategyId") or metadata.get("strategyId")
    if isinstance(strategy, str) and strategy and f"strategy {strategy}" not in count.notes:
        count.notes.append(f"strategy {strategy}")


def _stats_notes(stats, listed: int, errors: int) -> list[str]:
    notes = []
    if errors:
        notes.append(
            f"{errors} test{'s' if errors != 1 else ''} ended in an error and judged "
            "nothing: left out of the rates."
        )
    if isinstance(stats, dict):
        counted = [stats.get(k) for k in ("successes", "failures", "errors")]
        whole = all(isinstance(n, int) and not isinstance(n, bool) for n in counted)
        if whole and sum(counted) != listed:
            notes.append(
                f"The file's stats count {sum(counted)} tests but it lists {listed}: "
                "the counts come from the tests listed."
            )
    return notes
