"""The one way a service writes a row: create, update or soft-remove, each audited.

- `row_create`: build, full_clean, insert, audit (the new values, or what the caller
  says about them, on the row or on the object the person acted on).
- `row_insert`: the same for a new row built elsewhere (a Django admin form's).
- `rows_create`: several rows of one whole, validated, inserted at once, one event.
- `row_update`: lock, set, full_clean, diff, save the changed fields, audit.
- `link_remove`: lock a link row, refuse if it was already removed, stamp its
  `removed_at` (and `removed_by`), audit. Links are kept as history, never deleted.
- `row_delete`: lock, audit, delete a row the portal keeps no history of.

An architecture test (tests/test_architecture.py) refuses a module elsewhere that both
saves a row and records an audit event by hand.

A service reads like its rules and nothing else::

    @transaction.atomic
    def control_update(*, actor, control, status, ...):
        control = row_lock(control)                 # judge on what is stored now
        require(actor, "registry.control.change", control)
        ...the service's own rules...
        row_update(actor=actor, obj=control, values={...}, action="control.updated")
        return control

`row_update` locks the row itself when the service did not (so no update can skip the
lock), validates only the fields it sets (plus the model's `clean()`), puts the old
values back when validation refuses them (the caller's instance is never left half
changed), saves only the changed fields, and records one audit event with
{field: [old, new]} in the caller's transaction. Nothing changed: no save, no event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone

from core.audit import audit_record, diff_fields

M = TypeVar("M", bound=models.Model)
Snapshot = Callable[[Any, Iterable[str]], dict[str, Any]]

# Set on an instance by row_lock: this Python object holds its row's lock (in the
# transaction that took it; the services are atomic, so that is theirs).
_LOCKED = "_row_locked_in"


@dataclass(frozen=True)
class RowChange:
    """What `row_update` did: the changed fields as audited, and the raw values before."""

    obj: models.Model
    changes: dict[str, list[Any]] = field(default_factory=dict)  # {field: [old, new]}
    before: dict[str, Any] = field(default_factory=dict)  # raw values of every field set

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def row_lock(obj: M) -> M:
    """Lock `obj`'s row until the transaction ends (SELECT ... FOR UPDATE) and re-read it.

    Call it first, before permission checks and rules, so that both are judged on what
    is stored now and concurrent writers of the same row queue up. Returns `obj`.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("row_lock needs a transaction: decorate the service with atomic.")
    manager = obj._meta.model._default_manager  # obj may be a lazy request.user
    obj.refresh_from_db(from_queryset=manager.select_for_update(of=("self",)))
    setattr(obj, _LOCKED, _transaction_marker())
    return obj


def row_update(
    *,
    actor,
    obj: M,
    values: Mapping[str, Any],
    action: str | None,
    also: Mapping[str, Any] | None = None,
    audit_extra: Mapping[str, Any] | None = None,
    audit_changes: Mapping[str, Any] | None = None,
    audit_on: models.Model | None = None,
    touch: bool = True,
    snapshot: Snapshot | None = None,
    validate: Callable[[M], None] | None = None,
    refused: Mapping[str, str | list[str]] | None = None,
) -> RowChange:
    """Set `values` on a locked row, validate, diff, save the changed fields, audit.

    - `values`: the fields the service changes; they are diffed and audited.
    - `also`: bookkeeping fields set and saved with them when something changed (a flag,
      a derived list), left out of the diff.
    - `action`: the audit action (e.g. "control.updated"); None when the caller records
      one event of its own that includes the returned `changes`.
    - `audit_extra`: more keys for the event's `changes` (e.g. which control).
    - `audit_changes`: what the event says instead of the diff (the Django admin records
      the values its form changed); recorded only when something changed.
    - `audit_on`: the object the event names when it is not the row (a checklist item
      ticked is audited on its incident).
    - `touch`: False for a change that is not an edit of the row by a person (a flag,
      a gate result): its `updated_at` is kept.
    - `snapshot(obj, fields)`: the values as the audit trail shows them (a team by its
      slug rather than its id); by default the raw values, foreign keys by id.
    - `validate(obj)`: replaces the default, `full_clean` of the fields set.
    - `refused`: the service's own rule problems by field; they are raised together
      with the field validation errors, so a person sees every problem at once.

    Raises ValidationError (field-named, nothing saved, `obj` restored) when refused.
    A model with an `updated_at` field gets it set to now when something changed.
    """
    marker = _transaction_marker()
    if marker is None or getattr(obj, _LOCKED, None) is not marker:
        row_lock(obj)
    values, also = dict(values), dict(also or {})
    names = tuple(values)
    shown = snapshot or _raw_snapshot
    before_shown = shown(obj, names)
    before = {name: _current(obj, name) for name in (*names, *also)}
    _set(obj, values)
    errors = _validation_errors(obj, names, validate, refused or {})
    if errors:
        _set(obj, before)
        raise ValidationError(errors)
    changes = diff_fields(before_shown, shown(obj, names))
    if not changes:
        return RowChange(obj=obj, before=before)
    _set(obj, also)
    update_fields = [*names, *also]
    if touch and _has_field(obj, "updated_at") and "updated_at" not in update_fields:
        obj.updated_at = timezone.now()
        update_fields.append("updated_at")
    obj.save(update_fields=update_fields)
    if action:
        shown_changes = changes if audit_changes is None else dict(audit_changes)
        audit_record(
            actor=actor,
            action=action,
            obj=audit_on or obj,
            changes={**shown_changes, **(audit_extra or {})},
        )
    return RowChange(obj=obj, changes=changes, before=before)


def _validation_errors(obj, names, validate, refused) -> dict[str, list[str]]:
    errors = {field: [m] if isinstance(m, str) else list(m) for field, m in refused.items()}
    try:
        if validate is None:
            _clean_fields(obj, names)
        else:
            validate(obj)
    except ValidationError as exc:
        found = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        for field, messages in found.items():
            known = errors.setdefault(field, [])
            known.extend(m for m in messages if m not in known)
    return errors


def _clean_fields(obj: models.Model, names: Sequence[str]) -> None:
    """full_clean of the fields being set and the model's clean(); uniqueness and check
    constraints are the database's, which enforces them in the same transaction."""
    concrete = {f.name for f in obj._meta.concrete_fields}
    exclude = sorted(concrete - set(names))
    obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


def _raw_snapshot(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    return {name: _plain(_current(obj, name)) for name in names}


def _current(obj: models.Model, name: str) -> Any:
    # Foreign keys by id: reading the related object could cost a query per field.
    model_field = obj._meta.get_field(name)
    if model_field.is_relation and model_field.many_to_one:
        return getattr(obj, model_field.attname)
    return getattr(obj, name)


def _set(obj: models.Model, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        model_field = obj._meta.get_field(name)
        if (
            model_field.is_relation
            and model_field.many_to_one
            and not isinstance(value, models.Model)
        ):
            setattr(obj, model_field.attname, value)
        else:
            setattr(obj, name, value)


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, list | tuple) else value


def _has_field(obj: models.Model, name: str) -> bool:
    return any(f.name == name for f in obj._meta.concrete_fields)


def _transaction_marker() -> object | None:
    """The outermost atomic block open now: a row lock lasts until it ends."""
    blocks = transaction.get_connection().atomic_blocks
    return blocks[0] if blocks else None


def row_create(
    *,
    actor,
    model: type[M],
    values: Mapping[str, Any],
    action: str | None,
    audit_on: models.Model | None = None,
    audit_changes: Mapping[str, Any] | None = None,
    validate: Callable[[M], None] | None = None,
    refused: Mapping[str, str | list[str]] | None = None,
) -> M:
    """Build a `model` row from `values`, validate, insert it and audit its creation.

    - `action`: the audit action (e.g. "risk.created"); None when the caller records
      one event of its own (a row written as a part of a larger change).
    - `audit_on`: the object the event names when it is not the new row (a link is
      audited on the system it belongs to); `audit_changes` replace the default changes,
      {field: [None, value]} of every value set.
    - `validate(obj)`: replaces the default full_clean (uniqueness and check
      constraints are left to the database, in the same transaction).
    - `refused`: the service's own rule problems by field, raised together with the
      field errors so a person sees every problem at once.

    Raises ValidationError (field-named, nothing saved) when refused.
    """
    obj = model()
    _set(obj, values)
    return row_insert(
        actor=actor,
        obj=obj,
        action=action,
        audit_on=audit_on,
        audit_changes=audit_changes,
        audited=tuple(values),
        validate=validate,
        refused=refused,
    )


def row_insert(
    *,
    actor,
    obj: M,
    action: str | None,
    audit_on: models.Model | None = None,
    audit_changes: Mapping[str, Any] | None = None,
    audited: Iterable[str] | None = None,
    validate: Callable[[M], None] | None = None,
    refused: Mapping[str, str | list[str]] | None = None,
) -> M:
    """Validate, insert and audit `obj`, a new row built elsewhere (a Django admin form
    builds its instance, and its inlines are saved against that same object). As
    `row_create` otherwise; `audit_changes` default to {field: [None, value]} of the
    `audited` fields (every field but the id)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A row insert needs a transaction: decorate the service with atomic.")
    errors = _validation_errors(obj, (), validate or _full_clean, refused or {})
    if errors:
        raise ValidationError(errors)
    obj.save(force_insert=True)
    if action:
        if audit_changes is None:
            names = audited or [f.name for f in obj._meta.concrete_fields if not f.primary_key]
            audit_changes = _created_changes(obj, names)
        audit_record(actor=actor, action=action, obj=audit_on or obj, changes=dict(audit_changes))
    return obj


def rows_create(
    *,
    actor,
    model: type[M],
    rows: Iterable[Mapping[str, Any]],
    action: str | None,
    audit_on: models.Model | None = None,
    audit_changes: Mapping[str, Any] | None = None,
    validate: Callable[[M], None] | None = None,
) -> list[M]:
    """Build a `model` row from each of `rows`, validate them all, insert them in one
    statement and audit them as one event: rows that are parts of one whole (the
    playbook's items copied onto an incident's checklist).

    - `action`: the event, named on `audit_on` (the whole they belong to); None when the
      caller records one of its own. Nothing to insert: nothing is audited.
    - `audit_changes`: the event's changes (default: how many rows were created).
    - `validate(obj)`: as for `row_create`.

    Raises ValidationError (field-named, nothing saved) when any row is refused."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A row insert needs a transaction: decorate the service with atomic.")
    if action and audit_on is None:
        raise ValueError("Rows created together are audited on their whole: give audit_on.")
    objs = []
    for values in rows:
        obj = model()
        _set(obj, values)
        errors = _validation_errors(obj, (), validate or _full_clean, {})
        if errors:
            raise ValidationError(errors)
        objs.append(obj)
    created = model.objects.bulk_create(objs)
    if action and created:
        changes = audit_changes if audit_changes is not None else {"created": len(created)}
        audit_record(actor=actor, action=action, obj=audit_on, changes=dict(changes))
    return created


def link_remove(
    *,
    actor,
    link: M,
    action: str | None,
    audit_on: models.Model | None = None,
    audit_changes: Mapping[str, Any] | None = None,
    already: str = "This was already removed.",
) -> M:
    """Soft-remove a link row (evidence on a control, a product on a system): lock it,
    refuse with `already` when it was removed before, stamp `removed_at` (and
    `removed_by` where the model has it) and audit on `audit_on` (or the link)."""
    row_lock(link)
    if link.removed_at is not None:
        raise ValidationError(already)
    link.removed_at = timezone.now()
    fields = ["removed_at"]
    if _has_field(link, "removed_by"):
        link.removed_by = actor if getattr(actor, "pk", None) else None
        fields.append("removed_by")
    link.save(update_fields=fields)
    if action:
        audit_record(
            actor=actor, action=action, obj=audit_on or link, changes=dict(audit_changes or {})
        )
    return link


def row_delete(
    *,
    actor,
    obj: models.Model,
    action: str | None,
    audit_on: models.Model | None = None,
    audit_changes: Mapping[str, Any] | None = None,
) -> None:
    """Delete a row the portal keeps no history of (a role a person no longer holds, a
    team an administrator created by mistake): lock it, audit on `audit_on` (or on the
    row, while it still has its id), delete. Links are never deleted: `link_remove`."""
    row_lock(obj)
    if action:
        audit_record(
            actor=actor, action=action, obj=audit_on or obj, changes=dict(audit_changes or {})
        )
    obj.delete()


def _created_changes(obj: models.Model, names: Iterable[str]) -> dict[str, list[Any]]:
    return {name: [None, value] for name, value in _raw_snapshot(obj, names).items()}


def _full_clean(obj: models.Model) -> None:
    obj.full_clean(validate_unique=False, validate_constraints=False)
