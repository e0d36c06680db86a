"""Import of the risk register from CSV: a preview, errors by row and field, and all
rows or none.

The columns are the export's (governance/lists/risks.py): `risk_id` (blank: a new risk with
the next free ID; an existing ID: that risk is updated), `title`, `description`,
`affected_stakeholders`, `category`, the four ratings, `owner_user` (e-mail) or
`owner_team` (slug or name), `mitigation_plan`, `mitigation_due`, `last_reviewed`,
`next_review` (YYYY-MM-DD), `regulatory_reference`, `systems` (IDs separated by `;`).
Other columns (scores, levels, status) are computed and ignored. Row numbers are the
file's line numbers (the header is line 1).

Every row goes through `risk_create` or `risk_update`, in one transaction: a preview
and a refused import roll it back, so nothing of a file with one bad row is kept.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from core.audit import audit_record
from core.models import Team, User
from core.permissions import require
from governance.models import Risk
from governance.selectors.systems import systems_named
from governance.services.risks import risk_create, risk_update
from registry.models import AISystem

TEXT_FIELDS = (
    "title",
    "description",
    "affected_stakeholders",
    "category",
    "mitigation_plan",
    "regulatory_reference",
)
RATINGS = ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")
DATES = ("mitigation_due", "last_reviewed", "next_review")
REQUIRED_COLUMNS = ("title", "description", "category", *RATINGS)
MAX_ROWS = 2000


@dataclass
class ImportRow:
    line: int
    risk_id: str
    action: str  # "create" or "update"
    title: str


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (line, field, message)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class _Refused(Exception):
    """Leaves the import's transaction, so that everything in it is rolled back."""


def risk_import(*, actor, text: str, apply: bool) -> ImportResult:
    """Check every row (apply=False: a preview) or apply them all (apply=True).

    Nothing is kept unless every row is accepted and `apply` is set."""
    require(actor, "governance.risk.import")
    result = ImportResult()
    try:
        with transaction.atomic():
            _run(actor, text, result)
            if result.errors or not apply:
                raise _Refused
            audit_record(
                actor=actor,
                action="risk.imported",
                object_type="governance.risk",
                changes={
                    "rows": len(result.rows),
                    "risk_ids": [row.risk_id for row in result.rows],
                },
            )
            result.applied = True
    except _Refused:
        pass
    return result


def _run(actor, text: str, result: ImportResult) -> None:
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in REQUIRED_COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        result.errors.append((1, ", ".join(missing), "These columns are missing from the header."))
        return
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            result.errors.append((number, "", f"At most {MAX_ROWS} rows a file."))
            return
        if not any((value or "").strip() for value in raw.values()):
            continue
        _import_row(actor, number, raw, result)


def _import_row(actor, line: int, raw: dict[str, Any], result: ImportResult) -> None:
    data, problems = _parsed(raw)
    risk_id = (raw.get("risk_id") or "").strip()
    existing = Risk.objects.filter(risk_id=risk_id).first() if risk_id else None
    if problems:
        result.errors += [(line, name, message) for name, message in problems.items()]
        return
    try:
        with transaction.atomic():
            if existing is None:
                risk = risk_create(actor=actor, data={"risk_id": risk_id, **data})
            else:
                risk = risk_update(actor=actor, risk=existing, data=data)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            result.errors += [(line, name, message) for message in messages]
        return
    except PermissionDenied:
        result.errors.append((line, "risk_id", "You may not change this risk."))
        return
    action = "create" if existing is None else "update"
    result.rows.append(ImportRow(line, risk.risk_id, action, risk.title))


def _parsed(raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The row as service data, and what could not be read, by column."""
    cell = {k: (v or "").strip() for k, v in raw.items() if k}
    data: dict[str, Any] = {name: cell[name] for name in TEXT_FIELDS if name in cell}
    problems: dict[str, str] = {}
    for name in RATINGS:
        text = cell.get(name, "")
        if text.isascii() and text.isdigit() and 1 <= int(text) <= 5:
            data[name] = int(text)
        else:
            problems[name] = f"Use a whole number from 1 to 5, not '{text[:20]}'."
    for name in DATES:
        if name in cell:
            try:
                data[name] = date.fromisoformat(cell[name]) if cell[name] else None
            except ValueError:
                problems[name] = "Use a date as YYYY-MM-DD."
    _owners(cell, data, problems)
    if "systems" in cell:
        wanted = [s.strip() for s in cell["systems"].split(";") if s.strip()]
        data["systems"], unknown = systems_named(AISystem.objects.all(), wanted)
        if unknown:
            problems["systems"] = unknown
    return data, problems


def _owners(cell: dict, data: dict, problems: dict) -> None:
    if "owner_user" in cell:
        email = cell["owner_user"]
        data["owner_user"] = User.objects.filter(email__iexact=email).first() if email else None
        if email and data["owner_user"] is None:
            problems["owner_user"] = f"No person with the e-mail '{email[:80]}'."
    if "owner_team" in cell:
        name = cell["owner_team"]
        team = Team.objects.filter(Q(slug=name) | Q(name__iexact=name)).first() if name else None
        data["owner_team"] = team
        if name and team is None:
            problems["owner_team"] = f"No team '{name[:80]}'."
