"""OSCAL catalogs (JSON, OSCAL 1.1.x and 1.2.x) read into a framework through
compliance-trestle's models (issue 19, section 3). Pure: text in, FrameworkData out, or
a LibraryError with the JSON parser's line or trestle's (pydantic's) reason.

Groups become grouping nodes (not assessable); controls and their sub-controls become
requirements, named as the catalog labels them (the `label` property, else the id
upper-cased: "AC-2(1)"), their description the statement part's prose. A withdrawn
control is left out. Each asks for one document as evidence, like a CISO Assistant
library's requirement."""

from __future__ import annotations

import json
import re

from django.utils.text import slugify
from pydantic import ValidationError as PydanticError
from trestle.oscal.catalog import Catalog, Control, Group

from compliance.rules.library import EvidenceItem, FrameworkData, LibraryError, RequirementData

VERSIONS = re.compile(r"^1\.[12]\.\d+$")
MAX_ERRORS = 10


def catalog_parse(text: str) -> Catalog:
    """The catalog as trestle's model, or a LibraryError naming where it is wrong."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise LibraryError([f"line {error.lineno} column {error.colno}: {error.msg}"]) from None
    except RecursionError:
        raise LibraryError(["the file nests too deeply to be a catalog"]) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("catalog"), dict):
        raise LibraryError(["catalog: the file is not an OSCAL catalog (no top-level 'catalog')"])
    version = str((raw["catalog"].get("metadata") or {}).get("oscal-version", ""))
    if version and not VERSIONS.match(version):
        raise LibraryError(
            [f"catalog.metadata.oscal-version: {version} is not read here (1.1.x or 1.2.x)"]
        )
    try:
        return Catalog.model_validate(raw["catalog"])
    except PydanticError as error:
        raise LibraryError(_pydantic_problems(error)) from None


def _pydantic_problems(error: PydanticError) -> list[str]:
    problems = []
    for found in error.errors()[:MAX_ERRORS]:
        where = "catalog"
        for part in found["loc"]:
            where += f"[{part}]" if isinstance(part, int) else f".{part}"
        problems.append(f"{where}: {found['msg']}")
    return problems


def catalog_read(text: str, *, reviewer_role: str = "legal") -> FrameworkData:
    """The catalog as a framework version: key from its title, version from its own."""
    catalog = catalog_parse(text)
    meta = catalog.metadata
    key = slugify(str(meta.title).replace(".", "-"))[:60] or f"oscal-{catalog.uuid[:8]}"
    requirements: list[RequirementData] = []
    for group in catalog.groups or []:
        _group(group, None, key, requirements)
    for control in catalog.controls or []:
        _control(control, None, key, requirements)
    if not requirements:
        raise LibraryError(["catalog: the catalog holds no group and no control"])
    return FrameworkData(
        key=key,
        version=str(meta.version)[:40],
        name=str(meta.title)[:200],
        reviewer_role=reviewer_role,
        requirements=requirements,
        description=str(meta.remarks or "").strip(),
        source_ref=str(catalog.uuid),
    )


def _label(item: Group | Control, fallback: str) -> str:
    """The catalog's own label for a group or control, else its id upper-cased."""
    for prop in item.props or []:
        if prop.name == "label" and str(prop.value).strip():
            return str(prop.value).strip()[:60]
    return (str(item.id).upper() if item.id else fallback)[:60]


def _withdrawn(control: Control) -> bool:
    return any(p.name == "status" and p.value == "withdrawn" for p in control.props or [])


def _group(group: Group, parent: str | None, key: str, out: list[RequirementData]) -> None:
    ref_id = _label(group, slugify(group.title).upper())
    out.append(
        RequirementData(
            ref_id=ref_id, title=str(group.title)[:300], parent=parent, assessable=False
        )
    )
    for child in getattr(group, "groups", None) or []:
        _group(child, ref_id, key, out)
    for control in getattr(group, "controls", None) or []:
        _control(control, ref_id, key, out)


def _control(control: Control, parent: str | None, key: str, out: list[RequirementData]) -> None:
    if _withdrawn(control):
        return
    ref_id = _label(control, str(control.id))
    detail = slugify(f"{key}-{ref_id.replace('.', '-')}")[:120]
    out.append(
        RequirementData(
            ref_id=ref_id,
            title=str(control.title)[:300],
            description=_statement(control)[:10_000],
            parent=parent,
            urn=str(control.id),
            evidence=[EvidenceItem("document", detail, f"Evidence for {ref_id}")],
        )
    )
    for child in getattr(control, "controls", None) or []:
        _control(child, ref_id, key, out)


def _statement(control: Control) -> str:
    """The statement part's prose, its items on lines of their own."""
    lines: list[str] = []
    for part in getattr(control, "parts", None) or []:
        if part.name == "statement":
            _prose(part, lines)
    return "\n".join(lines)


def _prose(part, lines: list[str]) -> None:
    label = next((str(p.value) for p in part.props or [] if p.name == "label"), "")
    if part.prose:
        lines.append(f"{label} {part.prose}".strip())
    for child in getattr(part, "parts", None) or []:
        _prose(child, lines)
