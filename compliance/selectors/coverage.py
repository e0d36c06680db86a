"""A system's coverage of every current framework, computed from the evidence the
owning apps find now and what reviewers decided (DOMAIN.md 3). The one reader the
system's compliance page, the API, the packs and the stored statuses all use, so they
cannot disagree. A fixed number of queries for any number of systems: the frameworks'
requirements, the crosswalks, the decisions, the not-applicable findings, the
screenings, and one call per evidence kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, Subquery

from compliance.models import (
    EvidenceAcceptance,
    Framework,
    NotApplicable,
    Requirement,
    RequirementMapping,
)
from compliance.rules import status as s
from compliance.rules.applicability import SystemFacts, applies_to, framework_applies
from compliance.rules.crosswalk import Link, with_crosswalks
from core.evidence_kinds import evidence_found
from registry.models import AIActScreening, AISystem
from registry.rules.gates import gate_tier


@dataclass
class RequirementRow:
    requirement: Requirement
    status: str
    items: list[s.ItemResult]
    via: str = ""  # the crosswalk that lifted it
    not_applicable: NotApplicable | None = None


@dataclass
class FrameworkCoverage:
    framework: Framework
    rows: list[RequirementRow] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def applicable(self) -> int:
        return sum(1 for row in self.rows if row.status != s.NOT_APPLICABLE)

    @property
    def met(self) -> int:
        return self.count(s.MET)

    @property
    def percentage(self) -> int | None:
        return s.percentage(self.met, self.applicable)


def current_frameworks() -> list[Framework]:
    return list(Framework.objects.filter(is_current=True).order_by("name"))


def systems_with_facts(systems):
    """The systems annotated with what applicability reads (one query)."""
    latest = AIActScreening.objects.filter(system=OuterRef("pk")).order_by("-decided_at", "-pk")
    return systems.annotate(
        public_authority=Subquery(latest.values("public_authority_annex_iii")[:1])
    )


def system_facts(system: AISystem) -> SystemFacts:
    return SystemFacts(
        tier=gate_tier(system.risk_tier or None, system.ai_act_category),
        ai_act_category=system.ai_act_category,
        role=system.ai_act_role,
        personal_data=system.processes_eu_personal_data,
        public_authority=bool(getattr(system, "public_authority", False)),
        regulations=frozenset(system.regulatory_scope or ()),
    )


def applicable_requirements(system, frameworks, requirements) -> dict[int, list[Requirement]]:
    """By framework id, the assessable requirements that apply to the system."""
    facts = system_facts(system)
    found: dict[int, list[Requirement]] = {f.pk: [] for f in frameworks}
    scoped = {f.pk for f in frameworks if framework_applies(f.scope, facts)}
    for req in requirements:
        if req.framework_id in scoped and applies_to(req.applies, facts):
            found[req.framework_id].append(req)
    return found


def coverage_for(systems: list[AISystem], today: date) -> dict[int, list[FrameworkCoverage]]:
    """By system pk, each current framework's coverage (frameworks by name). `systems`
    come from systems_with_facts."""
    frameworks = current_frameworks()
    requirements = list(
        Requirement.objects.filter(framework__in=frameworks, assessable=True).order_by(
            "framework_id", "order"
        )
    )
    pks = [system.pk for system in systems]
    asked = {(i["kind"], i.get("detail", "")) for r in requirements for i in r.evidence}
    found = evidence_found(asked, pks, today)
    decided = _decisions(pks)
    excused = {(n.system_id, n.requirement_id): n for n in _not_applicable(pks)}
    links = _links(requirements, {f.pk: f for f in frameworks})
    result = {}
    for system in systems:
        applicable = applicable_requirements(system, frameworks, requirements)
        own = {}
        for reqs in applicable.values():
            for req in reqs:
                own[req.pk] = _row(system.pk, req, found, decided, excused, today)
        _apply_crosswalks(own, links)
        result[system.pk] = [
            FrameworkCoverage(f, [own[r.pk] for r in applicable[f.pk]]) for f in frameworks
        ]
    return result


def _row(system_pk, req, found, decided, excused, today) -> RequirementRow:
    items = []
    for index, item in enumerate(req.evidence):
        kind, detail = item["kind"], item.get("detail", "")
        records = found.get(kind, {}).get((system_pk, detail), [])
        decisions = decided.get((system_pk, req.pk, index), [])
        items.append(s.item_result(index, item, records, decisions, today))
    excuse = excused.get((system_pk, req.pk))
    status = s.requirement_status(items, not_applicable=excuse is not None)
    return RequirementRow(req, status, items, not_applicable=excuse)


def _apply_crosswalks(rows: dict[int, RequirementRow], links: dict[int, list]) -> None:
    """Lift each row by the mapped requirements' own statuses (one hop)."""
    own = {pk: row.status for pk, row in rows.items()}
    for pk, row in rows.items():
        seen = [
            Link(label, own[other], relationship, other_is_source)
            for other, label, relationship, other_is_source in links.get(pk, [])
            if other in own
        ]
        credited = with_crosswalks(row.status, seen)
        row.status, row.via = credited.status, credited.via


def _decisions(pks: list[int]) -> dict[tuple, list[s.Decided]]:
    rows = EvidenceAcceptance.objects.filter(system__in=pks, withdrawn_at__isnull=True).order_by(
        "-decided_at", "-pk"
    )
    decided: dict[tuple, list[s.Decided]] = {}
    for a in rows:
        key = (a.system_id, a.requirement_id, a.item)
        decided.setdefault(key, []).append(
            s.Decided(
                a.record_type,
                a.record_id,
                a.label,
                a.fingerprint,
                a.expires_on,
                a.decision == "accepted",
            )
        )
    return decided


def _not_applicable(pks: list[int]):
    return NotApplicable.objects.filter(system__in=pks, withdrawn_at__isnull=True).select_related(
        "decided_by"
    )


def _links(requirements, frameworks) -> dict[int, list[tuple]]:
    """By requirement pk: (other pk, other's label, relationship, other is the source)."""
    pks = [r.pk for r in requirements]
    names = {r.pk: f"{frameworks[r.framework_id].name} {r.ref_id}" for r in requirements}
    links: dict[int, list[tuple]] = {}
    mappings = RequirementMapping.objects.filter(source__in=pks, target__in=pks)
    for m in mappings.values_list("source_id", "target_id", "relationship"):
        source, target, relationship = m
        links.setdefault(target, []).append((source, names[source], relationship, True))
        links.setdefault(source, []).append((target, names[target], relationship, False))
    return links
