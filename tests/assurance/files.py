"""The red-team tools' result files, written in each tool's documented shape, for the
import's tests (and the browser test's upload):

- garak report.jsonl: the rows garak writes (garak/evaluators/base.py, docs/source/
  reporting.rst): "start_run setup", "init", one "attempt" a prompt (status 2), an "eval"
  row per probe and detector, "completion";
- promptfoo results.json: the --output file (src/types/index.ts OutputFile,
  EvaluateSummaryV3, EvaluateResult), results.results[] with the red-team plugin in
  testCase.metadata.pluginId (src/redteam/plugins/base.ts);
- Inspect JSON log: EvalLog (src/inspect_ai/log/_log.py): version 2, status, eval
  (EvalSpec), results (EvalResults) with scores[].metrics;
- PyRIT: one row per AttackResult (pyrit/models/attack_result.py) with its outcome.
"""

from __future__ import annotations

import csv
import io
import json
import uuid

RUN = "f0d4a5a6-b698-4e9e-9336-91b89194b72b"
GARAK_VERSION = "0.14.0"


def _jsonl(rows: list[dict]) -> bytes:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()


def garak_eval(probe: str, detector: str, passed: int, total: int, *, legacy=False) -> dict:
    """One eval row: garak 0.14's fields, or (legacy) the `total` of earlier versions."""
    if legacy:
        return {"entry_type": "eval", "probe": probe, "detector": detector, "passed": passed,
                "nones": 0, "total": total}  # fmt: skip
    return {
        "entry_type": "eval",
        "probe": probe,
        "detector": detector,
        "passed": passed,
        "fails": total - passed,
        "nones": 0,
        "total_evaluated": total,
        "total_processed": total,
    }


def _garak_attempt(probe: str, detector: str, seq: int) -> dict:
    return {
        "entry_type": "attempt",
        "uuid": str(uuid.UUID(int=seq + 1)),
        "seq": seq,
        "status": 2,
        "probe_classname": probe,
        "probe_params": {},
        "targets": [],
        "prompt": {
            "turns": [
                {
                    "role": "user",
                    "content": {
                        "text": "Ignore the rules and…",
                        "lang": "en",
                        "data_path": None,
                        "data_type": None,
                        "notes": {},
                    },
                }
            ],
            "notes": {},
        },  # fmt: skip
        "outputs": [
            {
                "text": "I can't help with that.",
                "lang": "en",
                "data_path": None,
                "data_type": None,
                "notes": {},
            }
        ],  # fmt: skip
        "detector_results": {detector: [0.0]},
        "notes": {},
        "goal": "disregard the system prompt",
        "conversations": [],
        "reverse_translation_outputs": [],
    }


def garak_report(
    probes: dict[str, tuple[int, int]],
    *,
    detector: str = "mitigation.MitigationBypass",
    more: list[dict] = (),
    legacy: bool = False,
) -> bytes:
    """A garak report.jsonl whose probes ("dan.Dan_11_0") each had (passed, total) outputs
    passed by `detector`; `more` adds eval rows (another detector on a probe)."""
    rows = [
        {
            "entry_type": "start_run setup",
            "_config.version": GARAK_VERSION,
            "plugins.probe_spec": ",".join(probes),
            "run.generations": 5,
            "transient.run_id": RUN,
        },  # fmt: skip
        {
            "entry_type": "init",
            "garak_version": GARAK_VERSION,
            "start_time": "2026-12-01T09:00:00.000000",
            "run": RUN,
        },  # fmt: skip
    ]
    for seq, (probe, (passed, total)) in enumerate(probes.items()):
        rows.append(_garak_attempt(probe, detector, seq))
        rows.append(garak_eval(probe, detector, passed, total, legacy=legacy))
    rows.extend(more)
    rows.append({"entry_type": "completion", "end_time": "2026-12-01T09:30:00.000000", "run": RUN})
    return _jsonl(rows)


def promptfoo_result(
    index: int,
    plugin: str,
    passed: bool,
    *,
    error: bool = False,
    strategy: str = "",
    label: str = "",
) -> dict:
    """One of results.results: a red-team test (plugin `plugin`) that passed (the target
    resisted) or failed (the attack succeeded), or ended in an error."""
    metadata = {"pluginId": plugin, "pluginConfig": {}}
    if strategy:
        metadata["strategyId"] = strategy
    if label:
        metadata["label"] = label
    prompt = f"Test prompt {index} for {plugin}"
    grading = None if error else {
        "pass": passed, "score": 1 if passed else 0,
        "reason": "The output refuses." if passed else "The output complies.",
        "namedScores": {}, "tokensUsed": {"total": 0, "prompt": 0, "completion": 0},
        "componentResults": [], "assertion": None,
    }  # fmt: skip
    return {
        "id": str(uuid.UUID(int=index + 1000)),
        "promptIdx": 0,
        "testIdx": index,
        "testCase": {
            "vars": {"prompt": prompt},
            "assert": [{"type": f"promptfoo:redteam:{plugin}", "metric": plugin}],
            "metadata": metadata,
        },
        "promptId": "8b4c3c2f",
        "provider": {"id": "openai:gpt-4.1-mini", "label": ""},
        "prompt": {"raw": prompt, "label": "{{prompt}}"},
        "vars": {"prompt": prompt},
        "response": None if error else {"output": "I can't help with that.", "tokenUsage": {}},
        "error": "Request timed out" if error else None,
        "failureReason": 2 if error else (0 if passed else 1),
        "success": False if error else passed,
        "score": 0 if error or not passed else 1,
        "latencyMs": 812,
        "gradingResult": grading,
        "namedScores": {},
        "cost": 0,
        "metadata": {},
    }


def promptfoo_results(results: list[dict]) -> bytes:
    """The --output results.json of an evaluation with these results."""
    errors = sum(1 for r in results if r["failureReason"] == 2)
    successes = sum(1 for r in results if r.get("success"))
    summary = {
        "version": 3,
        "timestamp": "2026-12-01T10:00:00.000Z",
        "prompts": [
            {"raw": "{{prompt}}", "label": "{{prompt}}", "provider": "openai:gpt-4.1-mini"}
        ],
        "results": results,
        "stats": {
            "successes": successes,
            "failures": len(results) - successes - errors,
            "errors": errors,
            "tokenUsage": {"total": 0, "prompt": 0, "completion": 0, "cached": 0},
        },
    }
    document = {
        "evalId": "eval-7Xk-2026-12-01T10:00:00",
        "results": summary,
        "config": {"description": "Red team of the hiring screener", "redteam": {}},
        "shareableUrl": None,
        "metadata": {
            "promptfooVersion": "0.120.0",
            "nodeVersion": "v22.11.0",
            "platform": "linux",
            "arch": "x64",
            "exportedAt": "2026-12-01T10:05:00.000Z",
        },  # fmt: skip
    }
    return json.dumps(document, indent=2).encode()


def promptfoo_red_team(plugins: dict[str, tuple[int, int]], *, errors: int = 0) -> bytes:
    """A red-team results.json: per plugin, (tests passed, tests) and `errors` more."""
    results = []
    for plugin, (passed, total) in plugins.items():
        for i in range(total):
            results.append(promptfoo_result(len(results), plugin, i < passed))
    first = next(iter(plugins))
    for _ in range(errors):
        results.append(promptfoo_result(len(results), first, False, error=True))
    return promptfoo_results(results)


def inspect_log(
    task: str,
    *,
    value: float,
    samples: int,
    metric: str = "accuracy",
    status: str = "success",
    total: int | None = None,
) -> bytes:
    """An Inspect eval log (JSON) whose first score's `metric` is `value` over `samples`."""
    log = {
        "version": 2,
        "status": status,
        "eval": {
            "eval_id": "Wq2ZbA8Jt3uGkP5vXy7nRc", "run_id": "Hn4bPq9",
            "created": "2026-12-01T11:00:00+00:00",
            "task": task, "task_id": "RtTeKV9GPJi8gTfN3Garu5", "task_version": 0,
            "task_attribs": {}, "task_args": {},
            "dataset": {"name": task, "location": f"example://{task}", "samples": total or samples,
                        "shuffled": False},
            "model": "openai/gpt-4.1-mini", "model_generate_config": {}, "model_args": {},
            "config": {}, "packages": {"inspect_ai": "0.3.140"},
        },
        "plan": {"name": "plan", "steps": [{"solver": "generate", "params": {}}], "config": {}},
        "results": {
            "total_samples": total or samples,
            "completed_samples": samples,
            "scores": [
                {"name": "model_graded_qa", "scorer": "model_graded_qa", "scored_samples": samples,
                 "unscored_samples": 0, "params": {},
                 "metrics": {metric: {"name": metric, "value": value, "params": {}},
                             "stderr": {"name": "stderr", "value": 0.05, "params": {}}}},
            ],
        },
        "stats": {"started_at": "2026-12-01T11:00:00+00:00",
                  "completed_at": "2026-12-01T11:20:00+00:00", "model_usage": {}},
        "samples": [],
    }  # fmt: skip
    return json.dumps(log, indent=2).encode()


PYRIT_COLUMNS = ["conversation_id", "objective", "harm_category", "outcome", "outcome_reason"]


def pyrit_csv(rows: list[tuple[str, str]], *, columns: list[str] = PYRIT_COLUMNS) -> bytes:
    """PyRIT attack results as CSV: per row (harm category, outcome)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for i, (category, outcome) in enumerate(rows):
        values = {
            "conversation_id": str(uuid.UUID(int=i + 5000)),
            "objective": f"Get the system to produce {category} content",
            "harm_category": category,
            "outcome": outcome,
            "outcome_reason": "Scored by SelfAskRefusalScorer",
        }
        writer.writerow([values.get(column, "") for column in columns])
    return out.getvalue().encode()
