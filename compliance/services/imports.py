"""Importing a framework from another tool's file (issue 19, section 3): a CISO
Assistant library (YAML, with its mapping sets as crosswalks) or an OSCAL catalog
(JSON). Administrators only (compliance.framework.import). A preview says what would
be created, and every problem, without writing; the import stores the framework and
its crosswalks through compliance.services.frameworks, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from compliance.exchange.ciso_assistant import KnownRequirement, library_read, urns_named
from compliance.exchange.oscal_catalog import catalog_read
from compliance.models import Framework, Requirement
from compliance.rules.library import (
    ROLES,
    CrosswalkData,
    EvidenceItem,
    FrameworkData,
    LibraryError,
    framework_problems,
)
from compliance.services.frameworks import crosswalk_store, framework_store, known_kinds
from core.permissions import require
from registry.choices import Regulation

IMPORT = "compliance.framework.import"
FORMATS = {
    "ciso_assistant": "CISO Assistant library (YAML)",
    "oscal": "OSCAL catalog (JSON, OSCAL 1.1 or 1.2)",
}
# NIST SP 800-53 rev. 5, the largest catalog in use, is about 10 MB as OSCAL JSON.
MAX_IMPORT_BYTES = 20 * 1024 * 1024
TOO_LARGE = "The file is larger than 20 MB."
DEFAULT_REVIEWER = "legal"


@dataclass
class ImportPreview:
    """What an import would create, or why it cannot."""

    fmt: str
    key: str = ""
    version: str = ""
    name: str = ""
    groups: int = 0
    requirements: int = 0
    replaces: str = ""  # the current version the import would retire
    crosswalks: list[dict] = field(default_factory=list)  # {"source", "target", "mappings"}
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Imported:
    framework: Framework
    mappings: int
    skipped: list[str]


@dataclass
class _Read:
    framework: FrameworkData
    crosswalks: list[CrosswalkData]
    skipped: list[str]


def _checked(text: str, fmt: str, reviewer_role: str) -> None:
    if fmt not in FORMATS:
        raise ValidationError({"format": f"'{fmt}' is not one of {', '.join(FORMATS)}."})
    if reviewer_role not in ROLES:
        raise ValidationError({"reviewer_role": f"'{reviewer_role}' is not a role."})
    if not text.strip():
        raise ValidationError({"file": "The file is empty."})
    if len(text.encode()) > MAX_IMPORT_BYTES:
        raise ValidationError({"file": TOO_LARGE})


def _known(text: str) -> dict[str, KnownRequirement]:
    """The portal's current requirements the library's mapping sets name (one query)."""
    urns = {urn for urn in urns_named(text) if "\x00" not in urn}
    rows = Requirement.objects.filter(urn__in=urns, framework__is_current=True).values_list(
        "urn", "framework__key", "framework__version", "ref_id"
    )
    return {urn: KnownRequirement(key, version, ref) for urn, key, version, ref in rows}


def _read(text: str, fmt: str, reviewer_role: str) -> _Read:
    """The file as data; LibraryError naming the problems."""
    if fmt == "oscal":
        return _Read(_without_nul(catalog_read(text, reviewer_role=reviewer_role)), [], [])
    library = library_read(text, reviewer_role=reviewer_role, known=_known(text))
    return _Read(_without_nul(library.framework), library.crosswalks, library.skipped)


def _clean(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


def _without_nul(data: FrameworkData) -> FrameworkData:
    """PostgreSQL stores no NUL character in text, and a file may hold one as an escape
    ("\\u0000"): taken out of every text of the framework."""
    for item in (data, *data.requirements):
        for name, value in vars(item).items():
            setattr(item, name, _clean(value))
    for req in data.requirements:
        req.evidence = [
            EvidenceItem(*map(_clean, (i.kind, i.detail, i.label))) for i in req.evidence
        ]
    return data


def framework_import_preview(*, actor, text: str, fmt: str) -> ImportPreview:
    """What importing `text` would create: the framework, its version, its groups and
    requirements, the crosswalks, what is left out, and every problem. Writes nothing."""
    require(actor, IMPORT)
    _checked(text, fmt, DEFAULT_REVIEWER)
    preview = ImportPreview(fmt=fmt)
    try:
        read = _read(text, fmt, DEFAULT_REVIEWER)
    except LibraryError as error:
        preview.problems = error.problems
        return preview
    data = read.framework
    preview.key, preview.version, preview.name = data.key, data.version, data.name
    preview.requirements = sum(1 for r in data.requirements if r.assessable)
    preview.groups = len(data.requirements) - preview.requirements
    preview.skipped = read.skipped
    preview.crosswalks = [
        {"source": " ".join(w.source), "target": " ".join(w.target), "mappings": len(w.mappings)}
        for w in read.crosswalks
    ]
    versions = dict(Framework.objects.filter(key=data.key).values_list("version", "is_current"))
    current = [v for v, is_current in versions.items() if is_current]
    preview.replaces = current[0] if current and data.version not in versions else ""
    preview.problems = framework_problems(data, known_kinds())
    if data.version in versions:
        preview.problems.append(f"{data.name} version {data.version} is already in the library")
    return preview


@transaction.atomic
def framework_import(
    *, actor, text: str, fmt: str, reviewer_role: str = DEFAULT_REVIEWER, scope: str = ""
):
    """Store the file's framework as the current version of its key, and the crosswalks
    its mapping sets make; a ValidationError on `file` naming every problem (nothing
    stored). `scope`: the regulation a system's regulatory scope must hold for the
    framework to apply ("" : every system)."""
    require(actor, IMPORT)
    _checked(text, fmt, reviewer_role)
    if scope and scope not in Regulation.values:
        raise ValidationError({"scope": f"'{scope}' is not a regulation the registry knows."})
    try:
        read = _read(text, fmt, reviewer_role)
        read.framework.scope = scope
        framework = framework_store(actor=actor, data=read.framework, source=fmt)
        mappings = sum(
            crosswalk_store(actor=actor, data=walk, origin=fmt) for walk in read.crosswalks
        )
    except LibraryError as error:
        raise ValidationError({"file": error.problems}) from None
    return Imported(framework, mappings, read.skipped)
