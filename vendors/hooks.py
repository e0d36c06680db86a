"""What vendors tell the apps above it, without importing them (DESIGN.md 1).

registry (which may import vendors) registers a function here that warns the owners of
the systems depending on a product and flags those systems. Vendors calls it, inside
the transaction of the write that decided it, when a product must be re-assessed.
"""

from __future__ import annotations

from collections.abc import Callable

DependentsNotifier = Callable[..., None]  # (*, product, reason: str, actor) -> None
_notifiers: list[DependentsNotifier] = []


def product_dependents_notify_register(notifier: DependentsNotifier) -> None:
    """Called once by an app above vendors (registry's AppConfig.ready)."""
    if notifier not in _notifiers:
        _notifiers.append(notifier)


def product_dependents_notify(*, product, reason: str, actor) -> None:
    """Tell whoever registered that `product` needs re-assessing, and why."""
    for notifier in _notifiers:
        notifier(product=product, reason=reason, actor=actor)
