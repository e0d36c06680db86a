"""CISO Assistant framework libraries (their YAML) read into a framework and its
crosswalks (issue 19, section 3). Pure: text in, data out, or a LibraryError naming
the line and the reason.

A library holds `objects.framework` (a tree of `requirement_nodes` linked by
`parent_urn`) and may hold `objects.requirement_mapping_sets`. A node without a
ref_id is named by its urn's tail; an assessable node asks for one document as
evidence, labelled by its typical evidence. A mapping set becomes a crosswalk when both
its frameworks are known: this library's own, or one already in the portal's library
(the caller passes those requirements by urn). `not_related` lines are left out."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from django.utils.text import slugify

from compliance.rules.library import (
    RELATIONSHIPS,
    CrosswalkData,
    EvidenceItem,
    FrameworkData,
    LibraryError,
    MappingData,
    RequirementData,
)

MAX_TITLE = 200
MAX_TEXT = 10_000
MAX_LABEL = 200


@dataclass(frozen=True)
class KnownRequirement:
    """A requirement already in the portal's library, found by its urn."""

    key: str
    version: str
    ref_id: str


@dataclass
class LibraryRead:
    framework: FrameworkData
    crosswalks: list[CrosswalkData] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # mapping lines left out, and why


class _Mapping(dict):
    """A YAML mapping that remembers the line it starts on."""

    line = 0


class _Loader(yaml.SafeLoader):
    """yaml's safe loader, with lines kept and no anchors or aliases (a library has
    none; an alias bomb would expand in memory)."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise LibraryError([f"line {mark.line + 1}: anchors and aliases are not accepted"])
        return super().compose_node(parent, index)


def _mapping(loader: _Loader, node: yaml.MappingNode) -> _Mapping:
    found = _Mapping(loader.construct_mapping(node, deep=True))
    found.line = node.start_mark.line + 1
    return found


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _at(raw, where: str) -> str:
    line = getattr(raw, "line", 0)
    return f"line {line}: {where}" if line else where


def yaml_read(text: str):
    """The YAML document, or a LibraryError with yaml's line and problem."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 (a safe loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f"line {mark.line + 1}: " if mark else ""
        raise LibraryError([f"{line}{error.problem or error.context}"]) from None
    except yaml.YAMLError as error:
        raise LibraryError([f"not YAML ({error})"]) from None
    except RecursionError:
        raise LibraryError(["the file nests too deeply to be a library"]) from None


def library_read(
    text: str, *, reviewer_role: str = "legal", known: dict[str, KnownRequirement] | None = None
) -> LibraryRead:
    """The library's framework and the crosswalks its mapping sets make. `known`: the
    portal's requirements by urn, for mapping sets that name another framework."""
    raw = yaml_read(text)
    if not isinstance(raw, dict):
        raise LibraryError(["the file is not a CISO Assistant library (no top-level mapping)"])
    objects = raw.get("objects")
    framework_raw = objects.get("framework") if isinstance(objects, dict) else None
    if not isinstance(framework_raw, dict):
        raise LibraryError([_at(raw, "objects.framework: the library holds no framework")])
    framework, urns = _framework(raw, framework_raw, reviewer_role)
    read = LibraryRead(framework)
    own = {urn: KnownRequirement(framework.key, framework.version, ref) for urn, ref in urns}
    sets = objects.get("requirement_mapping_sets") or []
    if not isinstance(sets, list):
        raise LibraryError([_at(objects, "objects.requirement_mapping_sets: not a list")])
    for position, mapping_set in enumerate(sets):
        _mapping_set(read, position, mapping_set, own, known or {})
    return read


def urns_named(text: str) -> set[str]:
    """Every requirement urn the library's mapping sets name (for the caller to look up
    the portal's own), or an empty set when the file does not read."""
    try:
        raw = yaml_read(text)
    except LibraryError:
        return set()
    objects = raw.get("objects") if isinstance(raw, dict) else None
    sets = objects.get("requirement_mapping_sets") if isinstance(objects, dict) else None
    found = set()
    for mapping_set in sets if isinstance(sets, list) else []:
        lines = mapping_set.get("requirement_mappings") if isinstance(mapping_set, dict) else []
        for line in lines if isinstance(lines, list) else []:
            if isinstance(line, dict):
                found |= {
                    str(line.get("source_requirement_urn")),
                    str(line.get("target_requirement_urn")),
                }
    return found


def _text(value, limit: int) -> str:
    return " ".join(str(value).split())[:limit] if value is not None else ""


def _framework(raw: dict, fw: dict, reviewer_role: str) -> tuple[FrameworkData, list]:
    ref = raw.get("ref_id") or fw.get("ref_id") or str(raw.get("urn") or "").rsplit(":", 1)[-1]
    key = slugify(str(ref).replace(".", "-"))[:60]
    name = _text(fw.get("name") or raw.get("name"), MAX_TITLE)
    problems = []
    if not key:
        problems.append(_at(raw, "ref_id: the library has no ref_id to name the framework"))
    if not name:
        problems.append(_at(fw, "objects.framework.name: the framework has no name"))
    if raw.get("version") in (None, ""):
        problems.append(_at(raw, "version: the library has no version"))
    nodes = fw.get("requirement_nodes")
    if not isinstance(nodes, list) or not nodes:
        problems.append(_at(fw, "objects.framework.requirement_nodes: no requirement nodes"))
    if problems:
        raise LibraryError(problems)
    requirements, urns = _nodes(nodes, key)
    data = FrameworkData(
        key=key,
        version=str(raw["version"])[:40],
        name=name,
        reviewer_role=reviewer_role,
        requirements=requirements,
        full_name=_text(raw.get("name"), 300),
        publisher=_text(raw.get("provider"), 200),
        description=str(fw.get("description") or raw.get("description") or "").strip()[:MAX_TEXT],
        source_ref=str(fw.get("urn") or raw.get("urn") or "")[:300],
    )
    return data, urns


def _nodes(nodes: list, key: str) -> tuple[list[RequirementData], list[tuple[str, str]]]:
    """The requirements in file order, and (urn, ref_id) for each."""
    problems: list[str] = []
    ref_of: dict[str, str] = {}
    every_urn = {str(n.get("urn")) for n in nodes if isinstance(n, dict) and n.get("urn")}
    requirements = []
    for index, node in enumerate(nodes):
        where = f"requirement_nodes[{index}]"
        if not isinstance(node, dict) or not node.get("urn"):
            problems.append(_at(node, f"{where}: a node needs a urn"))
            continue
        urn = str(node["urn"])
        where = f"{where} (urn {urn})"
        if urn in ref_of:
            problems.append(_at(node, f"{where}: the urn appears twice"))
            continue
        parent_urn = node.get("parent_urn")
        if parent_urn and str(parent_urn) not in ref_of:
            why = "comes after it" if str(parent_urn) in every_urn else "is not defined"
            problems.append(_at(node, f"{where}: parent_urn {parent_urn} {why}"))
            continue
        requirement = _node(node, key, ref_of.get(str(parent_urn)) if parent_urn else None)
        ref_of[urn] = requirement.ref_id
        requirements.append(requirement)
    if problems:
        raise LibraryError(problems[:20])
    return requirements, list(ref_of.items())


def _node(node: dict, key: str, parent: str | None) -> RequirementData:
    urn = str(node["urn"])
    ref_id = _text(node.get("ref_id"), 60) or urn.rsplit(":", 1)[-1][:60]
    description = str(node.get("description") or "").strip()
    annotation = str(node.get("annotation") or "").strip()
    if annotation:
        description = f"{description}\n\n{annotation}".strip()
    title = _text(node.get("name"), MAX_TITLE) or _text(description, MAX_TITLE) or ref_id
    assessable = bool(node.get("assessable", False))
    evidence = []
    if assessable:
        label = _text(node.get("typical_evidence"), MAX_LABEL) or f"Evidence for {ref_id}"
        detail = slugify(f"{key}-{ref_id.replace('.', '-')}")[:120]
        evidence = [EvidenceItem("document", detail, label)]
    return RequirementData(
        ref_id=ref_id,
        title=title,
        description=description[:MAX_TEXT],
        parent=parent,
        assessable=assessable,
        urn=urn[:300],
        evidence=evidence,
    )


def _mapping_set(read: LibraryRead, position: int, raw, own: dict, known: dict) -> None:
    """Add the set's crosswalks to `read` (one per pair of framework versions)."""
    where = f"requirement_mapping_sets[{position}]"
    lines = raw.get("requirement_mappings") if isinstance(raw, dict) else None
    if not isinstance(lines, list):
        raise LibraryError([_at(raw, f"{where}: requirement_mappings is not a list")])
    walks: dict[tuple, CrosswalkData] = {}
    left_out: dict[str, int] = {}
    for index, line in enumerate(lines):
        at = f"{where}.requirement_mappings[{index}]"
        if not isinstance(line, dict):
            raise LibraryError([_at(raw, f"{at}: not a mapping")])
        relationship = str(line.get("relationship", ""))
        if relationship == "not_related":
            continue
        if relationship not in RELATIONSHIPS:
            allowed = ", ".join((*RELATIONSHIPS, "not_related"))
            raise LibraryError(
                [_at(line, f"{at}: relationship '{relationship}' is not one of {allowed}")]
            )
        ends = []
        for side in ("source", "target"):
            urn = str(line.get(f"{side}_requirement_urn", ""))
            end = own.get(urn) or known.get(urn)
            if end is None and urn.rsplit(":", 1)[0] == _prefix(own):
                raise LibraryError(
                    [_at(line, f"{at}: {side}_requirement_urn {urn} is not defined")]
                )
            ends.append(end)
        if None in ends:
            unknown = str(line.get(f"{'source' if ends[0] is None else 'target'}_requirement_urn"))
            prefix = unknown.rsplit(":", 1)[0]
            left_out[prefix] = left_out.get(prefix, 0) + 1
            continue
        source, target = ends
        if (source.key, source.version) == (target.key, target.version):
            continue
        pair = ((source.key, source.version), (target.key, target.version))
        walk = walks.setdefault(pair, CrosswalkData(pair[0], pair[1], []))
        walk.mappings.append(MappingData(source.ref_id, target.ref_id, relationship))
    read.crosswalks += walks.values()
    read.skipped += [
        f"{where}: {count} mapping(s) left out: no requirement {prefix}:… is in the library"
        for prefix, count in left_out.items()
    ]


def _prefix(own: dict) -> str:
    """The urn prefix of this library's own requirement nodes."""
    first = next(iter(own), "")
    return first.rsplit(":", 1)[0] if first else ""
