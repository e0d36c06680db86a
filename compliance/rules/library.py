"""A framework as data, before it is stored: what the shipped files, a CISO Assistant
library and an OSCAL catalog are all read into, and the checks every one of them passes
(unique ref IDs, parents that exist, evidence of known kinds). Pure: the caller gives
the known evidence kinds and their details."""

from __future__ import annotations

from dataclasses import dataclass, field

from .applicability import APPLIES_KEYS

RELATIONSHIPS = ("equal", "subset", "superset", "intersect")
ROLES = ("admin", "board", "product_owner", "dpo", "auditor", "ciso", "security_lead")
ROLES += ("legal", "eng_manager", "ai_safety", "responder")


@dataclass(frozen=True)
class EvidenceItem:
    kind: str
    detail: str
    label: str

    def as_dict(self) -> dict:
        return {"kind": self.kind, "detail": self.detail, "label": self.label}


@dataclass
class RequirementData:
    ref_id: str
    title: str
    description: str = ""
    parent: str | None = None
    assessable: bool = True
    urn: str = ""
    applies: dict = field(default_factory=dict)
    evidence: list[EvidenceItem] = field(default_factory=list)


@dataclass
class FrameworkData:
    key: str
    version: str
    name: str
    reviewer_role: str
    requirements: list[RequirementData]
    full_name: str = ""
    scope: str = ""  # the regulation key a system's scope must hold; "": every system
    publisher: str = ""
    description: str = ""
    source_ref: str = ""
    source_url: str = ""


@dataclass(frozen=True)
class MappingData:
    source_ref: str
    target_ref: str
    relationship: str


@dataclass
class CrosswalkData:
    source: tuple[str, str]  # (framework key, version)
    target: tuple[str, str]
    mappings: list[MappingData]


class LibraryError(ValueError):
    """A framework or crosswalk that cannot be stored; `problems` name each place."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def framework_problems(data: FrameworkData, kinds: dict[str, set[str] | None]) -> list[str]:
    """Everything wrong with a framework: `kinds` maps each known evidence kind to its
    known details (None: the kind takes any detail)."""
    problems = []
    if data.reviewer_role not in ROLES:
        problems.append(f"reviewer_role: '{data.reviewer_role}' is not a role")
    seen: set[str] = set()
    for position, req in enumerate(data.requirements, start=1):
        where = f"requirement {position} ({req.ref_id or 'no ref_id'})"
        if not req.ref_id or not req.title:
            problems.append(f"{where}: ref_id and title are required")
        if req.ref_id in seen:
            problems.append(f"{where}: ref_id appears twice")
        if req.parent and req.parent not in seen:
            problems.append(f"{where}: parent '{req.parent}' does not come before it")
        seen.add(req.ref_id)
        unknown = set(req.applies) - set(APPLIES_KEYS)
        if unknown:
            problems.append(f"{where}: unknown applies keys {sorted(unknown)}")
        problems += [f"{where}: {p}" for p in _item_problems(req, kinds)]
    return problems


def _item_problems(req: RequirementData, kinds: dict[str, set[str] | None]) -> list[str]:
    if not req.assessable:
        return ["a group asks for no evidence"] if req.evidence else []
    found = [] if req.evidence else ["an assessable requirement asks for at least one item"]
    for item in req.evidence:
        if item.kind not in kinds:
            found.append(f"evidence kind '{item.kind}' is not known")
        elif kinds[item.kind] is not None and item.detail not in kinds[item.kind]:
            found.append(f"'{item.detail}' is not a detail of evidence kind '{item.kind}'")
    return found


def framework_from_dict(raw: dict) -> FrameworkData:
    """The shipped file's shape (compliance/data/frameworks/*.yaml) read into data."""
    try:
        requirements = [_requirement(r) for r in raw.get("requirements") or []]
        return FrameworkData(
            key=str(raw["key"]),
            version=str(raw["version"]),
            name=str(raw["name"]),
            reviewer_role=str(raw.get("reviewer_role", "")),
            requirements=requirements,
            full_name=str(raw.get("full_name", "")),
            scope=str(raw.get("scope") or ""),
            publisher=str(raw.get("publisher", "")),
            description=str(raw.get("description", "")).strip(),
            source_url=str(raw.get("source_url", "")),
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise LibraryError([f"the file does not have a framework's shape ({error})"]) from error


def _requirement(raw: dict) -> RequirementData:
    items = [
        EvidenceItem(str(i["kind"]), str(i.get("detail") or ""), str(i.get("label", "")))
        for i in raw.get("evidence") or []
    ]
    return RequirementData(
        ref_id=str(raw["ref_id"]),
        title=str(raw["title"]),
        description=str(raw.get("description") or "").strip(),
        parent=raw.get("parent"),
        assessable=bool(raw.get("assessable", True)),
        applies=dict(raw.get("applies") or {}),
        evidence=items,
    )


def crosswalk_from_dict(raw: dict) -> CrosswalkData:
    """A shipped crosswalk file read into data."""
    try:
        return CrosswalkData(
            source=(str(raw["source"]["key"]), str(raw["source"]["version"])),
            target=(str(raw["target"]["key"]), str(raw["target"]["version"])),
            mappings=[
                MappingData(str(m["source"]), str(m["target"]), str(m["relationship"]))
                for m in raw["mappings"]
            ],
        )
    except (KeyError, TypeError) as error:
        raise LibraryError([f"the file does not have a crosswalk's shape ({error})"]) from error
