"""Demo steps: how an app above governance adds to `manage.py load_demo` (DESIGN.md
section 1: governance's command names no higher app). An app registers a step in its
AppConfig.ready(); the command runs every step, by name, after its own, inside its
transaction. A step is idempotent (a second run changes nothing) and returns one line
for the console ("compliance: 4 policies filed, 6 decisions")."""

from __future__ import annotations

from collections.abc import Callable

_steps: dict[str, Callable[[], str]] = {}


def register_demo_step(name: str, step: Callable[[], str]) -> None:
    """Add (or, under the same name, replace) a step; `name` e.g. 'compliance'."""
    _steps[name] = step


def demo_steps_run() -> list[str]:
    """Run every registered step in name order; their console lines."""
    return [_steps[name]() for name in sorted(_steps)]
