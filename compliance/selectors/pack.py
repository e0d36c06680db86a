"""The compliance section of governance's audit packs (core.pack_sections; DESIGN.md 1:
"a pack in governance holds a compliance section that compliance contributes").

For each system of a pack and each current framework: the percentage met over
applicable, the requirements not met by ref_id with the evidence still missing, and the
accepted evidence records with their fingerprints (listed in the pack's manifest too).
The board's pack gets the systems x frameworks percentages. Everything comes from
coverage_for, the reader of the compliance page and the API, on the day of the export:
a pack states coverage as it stood when it was made, never a stored or typed figure.
A fixed number of queries whatever the number of systems.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from compliance.rules import status as s
from compliance.selectors.coverage import FrameworkCoverage, coverage_for, systems_with_facts
from core.pack_sections import PackSpan, SectionData
from registry.models import AISystem

STATUS_WORDS = {
    s.MET: "met",
    s.PARTIAL: "partial",
    s.GAP: "gap",
    s.REVIEW_NEEDED: "review needed",
    s.NOT_APPLICABLE: "not applicable",
}


@dataclass(frozen=True)
class NotMetLine:
    """A requirement that applies and is not met: its status and what is still missing."""

    ref_id: str
    title: str
    status: str
    missing: list[str]


@dataclass(frozen=True)
class AcceptedLine:
    """An accepted evidence record standing for one item of a requirement."""

    ref_id: str
    item: str
    label: str
    record_type: str
    record_id: str
    fingerprint: str


@dataclass
class FrameworkPart:
    name: str
    version: str
    percentage: int | None
    met: int
    applicable: int
    not_met: list[NotMetLine] = field(default_factory=list)
    accepted: list[AcceptedLine] = field(default_factory=list)
    lifted: list[str] = field(default_factory=list)  # "ART-11 via ISO 42001 A.6.2.6"


def pack_day(span: PackSpan) -> date:
    """The day whose state the section shows: the export's, in the pack's time zone."""
    return timezone.localdate(span.as_of, zoneinfo.ZoneInfo(span.time_zone))


def framework_part(coverage: FrameworkCoverage) -> FrameworkPart:
    f = coverage.framework
    part = FrameworkPart(f.name, f.version, coverage.percentage, coverage.met, coverage.applicable)
    for row in coverage.rows:
        ref = row.requirement.ref_id
        if row.status not in (s.MET, s.NOT_APPLICABLE):
            missing = [i.label or i.kind for i in row.items if i.state != s.ACCEPTED]
            words = STATUS_WORDS.get(row.status, row.status)
            part.not_met.append(NotMetLine(ref, row.requirement.title, words, missing))
        if row.via:
            part.lifted.append(f"{ref} via {row.via}")
        for item in row.items:
            if item.state == s.ACCEPTED and item.record is not None:
                r = item.record
                line = AcceptedLine(
                    ref, item.label, r.label, r.record_type, r.record_id, r.fingerprint
                )
                part.accepted.append(line)
    return part


def _records(parts: list[FrameworkPart]) -> list[dict]:
    """The manifest's entries: each accepted record once, its version its fingerprint."""
    found: dict[tuple[str, str], dict] = {}
    for part in parts:
        for line in part.accepted:
            entry = {"type": line.record_type, "id": line.record_id, "version": line.fingerprint}
            found.setdefault((line.record_type, line.record_id), entry)
    return list(found.values())


def _cell(coverage: FrameworkCoverage) -> str:
    if coverage.percentage is None:
        return "n/a"
    return f"{coverage.percentage}% ({coverage.met}/{coverage.applicable})"


def compliance_pack_section(system_pks: list[int], span: PackSpan) -> SectionData:
    """The section's data for a pack over these systems (core.pack_sections build)."""
    day = pack_day(span)
    systems = list(
        systems_with_facts(AISystem.objects.filter(pk__in=system_pks)).order_by("system_id")
    )
    coverage = coverage_for(systems, day) if systems else {}
    data = SectionData(portfolio={"as_of": day, "frameworks": [], "rows": []})
    every_part = []
    for system in systems:
        parts = [framework_part(c) for c in coverage[system.pk]]
        every_part += parts
        data.by_system[system.pk] = {"as_of": day, "frameworks": parts}
        cells = [_cell(c) for c in coverage[system.pk]]
        data.portfolio["rows"].append((system.system_id, system.name, cells))
    if systems:
        data.portfolio["frameworks"] = [c.framework for c in coverage[systems[0].pk]]
    data.records = _records(every_part)
    return data
