"""Pack sections: how a higher app contributes a part to governance's audit packs
(DESIGN.md section 1: "a pack in governance holds a compliance section that compliance
contributes"). Governance renders every registered section and imports nothing of the
app that registered it.

An app registers a section in its AppConfig.ready()::

    register_pack_section(PackSection(
        key="compliance", title="Compliance coverage", owner="compliance",
        system_template="compliance/pack/system.html",      # once per system
        portfolio_template="compliance/pack/portfolio.html",  # once in the board's pack
        build=compliance_pack_section,
    ))

`build(system_pks, span)` answers for all the pack's systems at once, in a fixed number
of queries whatever their number: the context of each system's part, the context of the
portfolio's part, and what the pack's manifest must list (records with their versions,
evidence files). `span` carries the pack's range, the export moment (`as_of`) and the
pack's time zone; a section says in its own words which moment it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class PackSpan:
    """The pack's range as instants, [start, end), the export moment `as_of`, and the
    zone every time and day in the pack is written in (the organisation's)."""

    start: datetime
    end: datetime
    as_of: datetime
    time_zone: str = "UTC"


@dataclass
class SectionData:
    """What a section's build gives for one pack."""

    by_system: dict[int, dict] = field(default_factory=dict)  # system pk -> template context
    portfolio: dict = field(default_factory=dict)  # the portfolio pack's template context
    # The manifest's records: [{"type": "cards.modelcardversion", "id": "12", "version": ...}]
    records: list[dict] = field(default_factory=list)
    evidence: list = field(default_factory=list)  # core EvidenceFile rows the section cites


@dataclass(frozen=True)
class PackSection:
    key: str  # unique, used in anchors: "compliance"
    title: str  # the heading and the contents' line: "Compliance coverage"
    owner: str  # the contributing app
    system_template: str  # rendered with `part` (the system's context) in each system part
    portfolio_template: str  # rendered with `part` (the portfolio context) in the board pack
    build: Callable[[list[int], PackSpan], SectionData]


@dataclass(frozen=True)
class BuiltPart:
    """One section's part as a template renders it: its key, title, template, context."""

    key: str
    title: str
    template: str
    context: dict


_sections: dict[str, PackSection] = {}


def register_pack_section(section: PackSection) -> None:
    """Add (or, under the same key, replace) a section."""
    _sections[section.key] = section


def pack_sections() -> list[PackSection]:
    """Every registered section, by key."""
    return [_sections[key] for key in sorted(_sections)]


def pack_sections_built(
    system_pks: list[int], span: PackSpan
) -> list[tuple[PackSection, SectionData]]:
    """Each registered section built for these systems: one build per section."""
    return [(section, section.build(list(system_pks), span)) for section in pack_sections()]


def system_parts(built, system_pk: int) -> list[BuiltPart]:
    """The parts one system's part of a system pack shows, in section order."""
    return [
        BuiltPart(s.key, s.title, s.system_template, data.by_system.get(system_pk, {}))
        for s, data in built
    ]


def portfolio_parts(built) -> list[BuiltPart]:
    """The parts the portfolio pack shows, in section order."""
    return [BuiltPart(s.key, s.title, s.portfolio_template, data.portfolio) for s, data in built]
