"""Change guards: how a higher app makes a lower app's edit ask for a confirmation
(DESIGN.md section 1: the lower app imports nothing of the higher one).

An app registers a guard for a kind of subject ("registry.system") in its
AppConfig.ready(): a function that returns the warnings that stand against changing
that object now (e.g. incidents: "an Art. 73 serious incident is open and the
authority is not informed yet"). The lower app's page shows `change_warnings(...)`,
and its edit calls `change_confirm(...)` in the same transaction as the change: with
warnings and no confirmation, a ValidationError on `confirm_change`; confirmed, an
audit event naming the warnings the person saw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import audit_record

CONFIRM_FIELD = "confirm_change"


@dataclass(frozen=True)
class ChangeGuard:
    subject: str  # "registry.system"
    name: str  # unique, e.g. "incidents.art73_unreported"
    warnings: Callable[[object], list[str]]  # at most one query


_guards: dict[str, list[ChangeGuard]] = {}


def register_change_guard(guard: ChangeGuard) -> None:
    """Add a guard for its subject kind (once per name)."""
    known = _guards.setdefault(guard.subject, [])
    if all(g.name != guard.name for g in known):
        known.append(guard)


def change_warnings(subject: str, obj) -> list[str]:
    """Every registered guard's warnings against changing `obj` now."""
    return [text for guard in _guards.get(subject, []) for text in guard.warnings(obj)]


@transaction.atomic
def change_confirm(*, actor, subject: str, obj, confirmed: bool) -> list[str]:
    """Refuse a guarded change that was not confirmed; audit one that was. Call it in
    the transaction of the change itself (after the change's own permission check)."""
    warnings = change_warnings(subject, obj)
    if warnings and not confirmed:
        raise ValidationError(
            {CONFIRM_FIELD: "Confirm that you change this despite: " + " ".join(warnings)}
        )
    if warnings:
        audit_record(
            actor=actor,
            action="change.confirmed_despite_warning",
            obj=obj,
            changes={"warnings": warnings},
        )
    return warnings
