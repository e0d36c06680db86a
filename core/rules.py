"""Pure rules of the kernel (no ORM queries, no I/O, no clock reads)."""

from __future__ import annotations

from collections.abc import Iterable


def organisation_missing(profile, fields: Iterable[str]) -> list[str]:
    """The items of the organisation profile a document needs and the profile lacks,
    by their names as people read them (the fields' verbose names), in the order asked.

    `organisation_missing(profile, ["legal_name", "dpo_name"])` -> ["legal name"] when
    only the DPO is filled in. A value of only spaces counts as missing.
    """
    missing = []
    for name in fields:
        value = getattr(profile, name)
        if value is None or not str(value).strip():
            missing.append(str(profile._meta.get_field(name).verbose_name))
    return missing
