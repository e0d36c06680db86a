"""The framework library as its pages read it: the list (every version, current or
earlier) and one framework with its requirement tree, each requirement's applicability
in words, the evidence it asks for and its crosswalk lines to other frameworks. Four
queries for one framework, whatever its size."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from compliance import choices as c
from compliance.lists import FRAMEWORK_LIST
from compliance.models import Framework, Requirement, RequirementMapping
from compliance.rules.applicability import applies_in_words
from core.evidence_kinds import evidence_kind
from core.lists import ListQuery
from core.permissions import can
from core.selectors import visible_or_404

RELATIONSHIP_WORDS = {
    # How the other framework's requirement stands to this one, read from this side.
    (c.Relationship.EQUAL, True): "equal to",
    (c.Relationship.EQUAL, False): "equal to",
    (c.Relationship.SUBSET, True): "covers part of",  # other is a subset of this
    (c.Relationship.SUBSET, False): "includes",  # this is a subset of other
    (c.Relationship.SUPERSET, True): "includes",
    (c.Relationship.SUPERSET, False): "covers part of",
    (c.Relationship.INTERSECT, True): "overlaps",
    (c.Relationship.INTERSECT, False): "overlaps",
}


def frameworks_visible_to(user) -> QuerySet[Framework]:
    """Every member reads the library."""
    if not can(user, "compliance.view"):
        return Framework.objects.none()
    return Framework.objects.all()


def framework_list_for(user, params=None, *, time_zone: str = "UTC") -> ListQuery:
    """The library's list (compliance.lists.FRAMEWORK_LIST): page and exports."""
    return FRAMEWORK_LIST.query(frameworks_visible_to(user), params, time_zone=time_zone)


def framework_get_for(user, pk: int) -> Framework:
    """One framework version, 404 for a missing one and for a reader who may not."""
    return visible_or_404(
        frameworks_visible_to(user).select_related("imported_by"), "No such framework.", pk=pk
    )


@dataclass(frozen=True)
class EvidenceAsked:
    kind: str
    kind_label: str
    detail: str
    label: str


@dataclass(frozen=True)
class CrosswalkLine:
    """Another framework's requirement this one maps to, as words: "equal to ISO/IEC
    42001 A.6.2.4" with where it leads."""

    words: str
    other: Requirement
    framework_name: str
    framework_pk: int


@dataclass
class RequirementNode:
    requirement: Requirement
    applies_words: str
    evidence: list[EvidenceAsked] = field(default_factory=list)
    crosswalks: list[CrosswalkLine] = field(default_factory=list)

    @property
    def depth(self) -> int:
        return self.requirement.depth


@dataclass
class FrameworkDetail:
    framework: Framework
    nodes: list[RequirementNode]
    versions: list[Framework]

    @property
    def assessable_count(self) -> int:
        return sum(1 for node in self.nodes if node.requirement.assessable)

    @property
    def crosswalk_count(self) -> int:
        return sum(len(node.crosswalks) for node in self.nodes)


def _evidence(item: dict) -> EvidenceAsked:
    kind = evidence_kind(item["kind"])
    return EvidenceAsked(
        kind=item["kind"],
        kind_label=kind.label if kind else item["kind"],
        detail=item.get("detail", ""),
        label=item.get("label", ""),
    )


def _crosswalks(framework: Framework) -> dict[int, list[CrosswalkLine]]:
    """By requirement pk of `framework`, its mappings either way (one query)."""
    mappings = RequirementMapping.objects.filter(
        Q(source__framework=framework) | Q(target__framework=framework)
    ).select_related("source__framework", "target__framework")
    lines: dict[int, list[CrosswalkLine]] = {}
    for m in mappings.order_by("pk"):
        for mine, other, other_is_source in (
            (m.target, m.source, True),
            (m.source, m.target, False),
        ):
            if mine.framework_id != framework.pk or other.framework_id == framework.pk:
                continue
            words = RELATIONSHIP_WORDS[(m.relationship, other_is_source)]
            lines.setdefault(mine.pk, []).append(
                CrosswalkLine(
                    f"{words} {other.framework.name} {other.ref_id}",
                    other,
                    other.framework.name,
                    other.framework_id,
                )
            )
    return lines


def framework_detail(framework: Framework) -> FrameworkDetail:
    """The framework's tree in order, with what each requirement asks and maps to."""
    requirements = Requirement.objects.filter(framework=framework).order_by("order")
    lines = _crosswalks(framework)
    nodes = [
        RequirementNode(
            requirement=req,
            applies_words=applies_in_words(req.applies) if req.assessable else "",
            evidence=[_evidence(item) for item in req.evidence],
            crosswalks=lines.get(req.pk, []),
        )
        for req in requirements
    ]
    versions = list(Framework.objects.filter(key=framework.key).order_by("-imported_at", "-pk"))
    return FrameworkDetail(framework, nodes, versions)
