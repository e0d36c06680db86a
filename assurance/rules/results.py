"""One attack category's counts as a person or a tool reports them, and why a batch of
them cannot be recorded (DOMAIN.md 9). Pure."""

from __future__ import annotations

from dataclasses import dataclass

CATEGORY_MAX = 80  # CategoryResult.category's length


@dataclass(frozen=True)
class ResultRow:
    """Attacks tried and succeeded, benign prompts sent and refused, in one category."""

    category: str
    attempts: int
    successes: int
    benign_prompts: int
    refusals: int
    notes: str = ""


COUNT_FIELDS = ("attempts", "successes", "benign_prompts", "refusals")


def row_problems(row: ResultRow) -> dict[str, str]:
    """{field: problem} of one row ({} when it can be recorded)."""
    problems: dict[str, str] = {}
    category = (row.category or "").strip()
    if not category:
        problems["category"] = "Name the attack category (e.g. jailbreak)."
    elif len(category) > CATEGORY_MAX:
        problems["category"] = f"Keep the category to {CATEGORY_MAX} characters."
    for name in COUNT_FIELDS:
        value = getattr(row, name)
        if isinstance(value, bool) or not isinstance(value, int):
            problems[name] = "Give a whole number."
        elif value < 0:
            problems[name] = "A count cannot be negative."
    if problems.keys() & set(COUNT_FIELDS):
        return problems
    if row.successes > row.attempts:
        problems["successes"] = f"More successes ({row.successes}) than attempts ({row.attempts})."
    if row.refusals > row.benign_prompts:
        problems["refusals"] = (
            f"More refusals ({row.refusals}) than benign prompts ({row.benign_prompts})."
        )
    if row.attempts == 0 and row.benign_prompts == 0:
        problems["attempts"] = "Give the attempts, the benign prompts or both."
    return problems


def rows_problems(rows: list[ResultRow]) -> dict[str, str]:
    """{"rows[i].field": problem} over a batch, including a category given twice."""
    problems: dict[str, str] = {}
    if not rows:
        return {"rows": "Give at least one category's results."}
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        for name, problem in row_problems(row).items():
            problems[f"rows[{i}].{name}"] = problem
        key = (row.category or "").strip().lower()
        if key and key in seen:
            problems[f"rows[{i}].category"] = f"Given twice (also row {seen[key]})."
        elif key:
            seen[key] = i
    return problems
