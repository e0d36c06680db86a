"""What the registry's write services share."""

from __future__ import annotations


def full_clean_or_raise(instance, *, exclude: list[str]) -> None:
    """Field-named validation before a save. Uniqueness and check constraints are left
    to the database, which enforces them inside the same transaction anyway."""
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
