"""Listeners for a system's EU AI Act category changing (DESIGN.md section 1: a lower
app tells higher apps without importing them, and without a signal).

A higher app registers a listener in its AppConfig.ready() (incidents: a system that
becomes high-risk gives its open serious incidents their Art. 73 clock; one that stops
being high-risk cancels those clocks with the reason). The registry's screening service
calls `ai_act_category_changed(...)` explicitly, inside its own transaction and after
its permission check, so a listener's writes commit or roll back with the change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class CategoryListener(Protocol):
    def __call__(self, *, actor, system, before: str, after: str) -> None: ...


_listeners: dict[str, Callable] = {}


def register_ai_act_category_listener(name: str, listener: CategoryListener) -> None:
    """Add (or, under the same name, replace) a listener; `name` e.g. 'incidents.art73'."""
    _listeners[name] = listener


def ai_act_category_changed(*, actor, system, before: str, after: str) -> None:
    """Tell every listener that `system`'s category went from `before` to `after` (no
    call when it did not change). Call inside the transaction of the change."""
    if before == after:
        return
    for name in sorted(_listeners):
        _listeners[name](actor=actor, system=system, before=before, after=after)
