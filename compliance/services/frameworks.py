"""Storing a framework version and its crosswalks (DOMAIN.md 3: "the library is data,
loaded from files the project ships, and an organisation can add its own framework").

Whatever the source (the shipped files, a CISO Assistant library, an OSCAL catalog),
a framework arrives as compliance.rules.library.FrameworkData, is checked against the
evidence kinds the apps registered, and is stored as one new version: the earlier
version of the same key stops being current but stays, with every decision made
against it, readable. One audit event per framework and per crosswalk."""

from __future__ import annotations

from django.db import transaction

from compliance.models import Framework, Requirement, RequirementMapping
from compliance.rules.library import (
    CrosswalkData,
    FrameworkData,
    LibraryError,
    framework_problems,
)
from core.audit import audit_record
from core.evidence_kinds import evidence_kinds
from core.writes import row_create, row_update, rows_create


def known_kinds(*, with_details: bool = True) -> dict[str, set[str] | None]:
    """Each registered evidence kind with the details it knows (None: any detail)."""
    return {
        k.key: (set(k.details()) if k.details and with_details else None) for k in evidence_kinds()
    }


@transaction.atomic
def framework_store(
    *, actor, data: FrameworkData, source: str, kinds: dict | None = None
) -> Framework:
    """Store `data` as the current version of its framework. Raises LibraryError naming
    every problem (nothing stored) when it does not check out or the version exists.
    An import by a person is audited; the shipped library's install (no actor, from a
    migration, like the registry's control library) is not: the trail records what
    people did, from its first event."""
    problems = framework_problems(data, known_kinds() if kinds is None else kinds)
    if Framework.objects.filter(key=data.key, version=data.version).exists():
        problems.append(f"{data.name} version {data.version} is already in the library")
    if problems:
        raise LibraryError(problems)
    _retire_current(actor, data.key)
    framework = row_create(actor=actor, model=Framework, action=None, values=_values(data, source))
    nodes = _requirements_store(framework, data)
    if actor is not None:
        audit_record(
            actor=actor,
            action="framework.imported",
            obj=framework,
            changes={"version": [None, data.version], "requirements": [None, nodes]},
        )
    return framework


def _values(data: FrameworkData, source: str) -> dict:
    return {
        "key": data.key,
        "version": data.version,
        "name": data.name,
        "full_name": data.full_name,
        "publisher": data.publisher,
        "description": data.description,
        "source": source,
        "source_ref": data.source_ref,
        "source_url": data.source_url,
        "scope": data.scope,
        "reviewer_role": data.reviewer_role,
        "is_current": True,
    }


def _retire_current(actor, key: str) -> None:
    for old in Framework.objects.select_for_update().filter(key=key, is_current=True):
        row_update(actor=actor, obj=old, values={"is_current": False}, action=None)


def _requirements_store(framework: Framework, data: FrameworkData) -> int:
    """Insert the tree level by level (a child needs its parent's id); returns the
    number of requirements stored."""
    depth = {}
    for req in data.requirements:
        depth[req.ref_id] = depth[req.parent] + 1 if req.parent else 1
    stored: dict[str, Requirement] = {}
    order = {req.ref_id: position for position, req in enumerate(data.requirements, start=1)}
    for level in sorted(set(depth.values())):
        rows = [
            {
                "framework": framework,
                "ref_id": req.ref_id,
                "urn": req.urn,
                "parent": stored.get(req.parent) if req.parent else None,
                "title": req.title[:300],
                "description": req.description,
                "assessable": req.assessable,
                "order": order[req.ref_id],
                "depth": level,
                "applies": req.applies,
                "evidence": [item.as_dict() for item in req.evidence],
            }
            for req in data.requirements
            if depth[req.ref_id] == level
        ]
        created = rows_create(actor=None, model=Requirement, rows=rows, action=None)
        stored.update({row.ref_id: row for row in created})
    return len(stored)


@transaction.atomic
def crosswalk_store(*, actor, data: CrosswalkData, origin: str) -> int:
    """Store a crosswalk between the two framework versions it names; a mapping already
    there is kept. Raises LibraryError naming unknown frameworks or requirements."""
    ends = {}
    problems = []
    for side, (key, version) in (("source", data.source), ("target", data.target)):
        framework = Framework.objects.filter(key=key, version=version).first()
        if framework is None:
            problems.append(f"{side}: framework {key} version {version} is not in the library")
        ends[side] = framework
    if problems:
        raise LibraryError(problems)
    refs = {
        side: dict(Requirement.objects.filter(framework=f).values_list("ref_id", "pk"))
        for side, f in ends.items()
    }
    rows = []
    for n, m in enumerate(data.mappings, start=1):
        source, target = refs["source"].get(m.source_ref), refs["target"].get(m.target_ref)
        if source is None or target is None:
            problems.append(f"mapping {n}: {m.source_ref} -> {m.target_ref} names no requirement")
            continue
        rows.append((source, target, m.relationship))
    if problems:
        raise LibraryError(problems)
    existing = set(
        RequirementMapping.objects.filter(
            source__framework=ends["source"], target__framework=ends["target"]
        ).values_list("source_id", "target_id")
    )
    new = [
        {"source_id": s, "target_id": t, "relationship": r, "origin": origin}
        for s, t, r in rows
        if (s, t) not in existing
    ]
    rows_create(
        actor=actor,
        model=RequirementMapping,
        rows=new,
        action="crosswalk.imported" if actor is not None else None,
        audit_on=ends["target"],
        audit_changes={"from": [None, str(ends["source"])], "mappings": [None, len(new)]},
    )
    return len(new)
