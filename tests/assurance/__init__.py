"""Tests of assurance/ (issue 20) and the helpers its red-team tests share."""

from __future__ import annotations

from datetime import date

from assurance.services.exercises import exercise_create


def exercise_of(actor, *systems, **fields):
    """An exercise over `systems` recorded by `actor` (planned unless told)."""
    data = {
        "title": "Quarterly jailbreak sweep",
        "scope": "The production assistant with retrieval and guardrails.",
        "methods": ["automated"],
        "stack_tested": ["retrieval", "guardrails"],
        "started_on": date(2026, 11, 2),
        "run_by": "AI safety team",
        "systems": list(systems),
        **fields,
    }
    return exercise_create(actor=actor, data=data)
