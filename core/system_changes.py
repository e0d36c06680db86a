"""Listeners for a change recorded on an AI system (DESIGN.md section 1: a lower app
tells higher apps without importing them, and without a signal).

The registry records a change of what a system runs (a retraining, a new fine-tune, a
retrieval or guardrail change) and calls `system_change_recorded(...)` inside its own
transaction, after its permission check; a higher app registers a listener in its
AppConfig.ready() (cards: the system's model cards need a new version, and the owner
is told), so a listener's writes commit or roll back with the record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class ChangeListener(Protocol):
    def __call__(self, *, actor, system, kind: str, kind_label: str, description: str) -> None: ...


_listeners: dict[str, Callable] = {}


def register_system_change_listener(name: str, listener: ChangeListener) -> None:
    """Add (or, under the same name, replace) a listener; `name` e.g. 'cards.new_version'."""
    _listeners[name] = listener


def system_change_recorded(*, actor, system, kind: str, kind_label: str, description: str) -> None:
    """Tell every listener, in name order, that a change of `kind` was recorded."""
    for name in sorted(_listeners):
        _listeners[name](
            actor=actor, system=system, kind=kind, kind_label=kind_label, description=description
        )
