"""Importing a red-team tool's result file into an exercise (DOMAIN.md 9, issue 20
section 1): garak report.jsonl, promptfoo results.json, an Inspect eval log (JSON) or
PyRIT scored results (CSV), read by assurance.exchange.

A preview says, per attack category, the attempts, successes, benign prompts and
refusals the file gives, whether that creates the category's result or replaces the
counts it has (a re-import replaces, never adds: the same file twice counts once), and
what was left out; it writes nothing. The import records the rows through
results_record (which judges them and runs the loop), keeps the file as a core
EvidenceFile (its SHA-256 the file's) and a ResultImport naming it, all or nothing.
Both need assurance.exercise.manage on the exercise. A file that cannot be read is a
ValidationError on `file` with the line (or the JSON path) and the reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from assurance.exchange.reading import MEASURES, TOOLS, ImportRefused, Reading, file_read
from assurance.models import CategoryResult, Exercise, ResultImport
from assurance.rules import rates
from assurance.rules.results import CATEGORY_MAX
from assurance.services.results import results_record
from core.evidence.rules import TEXT_TYPES, ContentScan, extension_of, readable_size
from core.evidence.services import evidence_store
from core.permissions import require
from core.writes import row_create

MANAGE = "assurance.exercise.manage"
ACTION_LABELS = {
    "red_team_import.created": "Imported a red-team tool's result file into an exercise",
}


def max_import_bytes() -> int:
    """The largest file taken: the evidence store's limit, as the file is kept there."""
    return settings.EVIDENCE_MAX_BYTES


def too_large() -> str:
    return (
        f"The file is larger than {readable_size(max_import_bytes())}. A garak report keeps "
        "every attempt: its eval rows alone are enough "
        '(grep \'"entry_type": "eval"\' report.jsonl > evals.jsonl).'
    )


@dataclass(frozen=True)
class PreviewRow:
    """One category as the import would record it, and what it has now ("" if none)."""

    category: str
    attempts: int
    successes: int
    benign_prompts: int
    refusals: int
    asr: str
    frr: str
    replaces: str = ""

    @property
    def action(self) -> str:
        return "replace" if self.replaces else "create"


@dataclass(frozen=True)
class ImportPreview:
    """What importing a file would do; `notes` say what was left out or not measured."""

    source: str
    tool: str
    name: str
    sha256: str
    size: int
    rows: list[PreviewRow]
    notes: list[str] = field(default_factory=list)

    @property
    def creates(self) -> int:
        return sum(1 for row in self.rows if not row.replaces)

    @property
    def replaces(self) -> int:
        return len(self.rows) - self.creates


@dataclass(frozen=True)
class Imported:
    result_import: ResultImport
    results: list[CategoryResult]
    notes: list[str]


def _checked(*, data: bytes, source: str, measures: str, category: str) -> None:
    problems = {}
    if source not in TOOLS:
        problems["source"] = "Choose the tool that wrote the file: " + ", ".join(TOOLS) + "."
    elif source == "inspect" and measures not in MEASURES:
        problems["measures"] = "Say what the log's score measures: " + ", ".join(MEASURES) + "."
    if len(category.strip()) > CATEGORY_MAX:
        problems["category"] = f"Keep the category to {CATEGORY_MAX} characters."
    if not data:
        problems["file"] = "The file is empty."
    elif len(data) > max_import_bytes():
        problems["file"] = too_large()
    if problems:
        raise ValidationError({name: [problem] for name, problem in problems.items()})


def _read(*, data: bytes, name: str, source: str, measures: str, category: str) -> Reading:
    _checked(data=data, source=source, measures=measures, category=category)
    try:
        reading = file_read(source, data, measures=measures, category=category.strip())
    except ImportRefused as refused:
        raise ValidationError({"file": [str(refused)]}) from None
    # What the evidence store would refuse (markup that runs, say), known at the preview.
    scan = ContentScan(_stored_name(name))
    scan.feed(data)
    if problem := scan.result().problem:
        raise ValidationError({"file": [problem]})
    return reading


def _current(result: CategoryResult) -> str:
    attacks = f"{result.successes} of {result.attempts} attacks succeeded"
    benign = f"{result.refusals} of {result.benign_prompts} benign prompts refused"
    return f"{attacks}, {benign} ({result.get_source_display()})"


def result_import_preview(
    *,
    actor,
    exercise: Exercise,
    data: bytes,
    name: str,
    source: str,
    measures: str = "",
    category: str = "",
) -> ImportPreview:
    """What importing `data` into `exercise` would record; writes nothing."""
    require(actor, MANAGE, exercise)
    reading = _read(data=data, name=name, source=source, measures=measures, category=category)
    stored = {result.category.lower(): result for result in exercise.results.all()}
    sha256 = hashlib.sha256(data).hexdigest()
    rows = []
    for row in reading.rows:
        existing = stored.get(row.category.lower())
        rows.append(
            PreviewRow(
                category=row.category,
                attempts=row.attempts,
                successes=row.successes,
                benign_prompts=row.benign_prompts,
                refusals=row.refusals,
                asr=rates.percent(rates.asr(row.successes, row.attempts).value),
                frr=rates.percent(rates.frr(row.refusals, row.benign_prompts).value),
                replaces=_current(existing) if existing else "",
            )
        )
    notes = list(reading.notes)
    earlier = exercise.imports.filter(file__sha256=sha256).order_by("-imported_at").first()
    if earlier is not None:
        when = earlier.imported_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        notes.append(f"This file was imported into {exercise.exercise_id} before ({when}).")
    return ImportPreview(
        source=source,
        tool=TOOLS[source],
        name=name,
        sha256=sha256,
        size=len(data),
        rows=rows,
        notes=notes,
    )


def _stored_name(name: str) -> str:
    """The name the evidence store accepts: a garak report.jsonl is JSON lines, text the
    store knows as .txt, so it is kept as report.jsonl.txt."""
    name = name or "results"
    return name if extension_of(name) in TEXT_TYPES else f"{name}.txt"


@transaction.atomic
def result_import(
    *,
    actor,
    exercise: Exercise,
    data: bytes,
    name: str,
    source: str,
    measures: str = "",
    category: str = "",
) -> Imported:
    """Record the file's categories on `exercise` (replacing a category's earlier counts),
    keep the file as evidence and the import as a ResultImport; all or nothing."""
    require(actor, MANAGE, exercise)
    reading = _read(data=data, name=name, source=source, measures=measures, category=category)
    results = results_record(actor=actor, exercise=exercise, rows=reading.rows, source=source)
    upload = SimpleUploadedFile(_stored_name(name), data)
    evidence = evidence_store(actor=actor, upload=upload, max_bytes=max_import_bytes())
    imported = row_create(
        actor=actor,
        model=ResultImport,
        values={
            "exercise": exercise,
            "source": source,
            "file": evidence,
            "categories": len(results),
            "imported_by": actor,
            "imported_at": timezone.now(),
        },
        action="red_team_import.created",
        audit_changes={
            "exercise": exercise.exercise_id,
            "source": source,
            "sha256": evidence.sha256,
            "name": evidence.original_name,
            "categories": [row.category for row in reading.rows],
        },
    )
    return Imported(result_import=imported, results=results, notes=list(reading.notes))
