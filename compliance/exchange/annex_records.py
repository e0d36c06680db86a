"""What the Annex VIII registration and the Annex IV documentation read about one system
(compliance.selectors.annex gathers them): plain records, no ORM, so the two documents
are pure assembly and their tests need no database. Each record knows how it is cited
(a Source: audit object type, id, version or hash).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.evidence_kinds import FoundEvidence


@dataclass(frozen=True)
class Source:
    """A record an item or point was read from: its audit object type, id and version."""

    record_type: str
    record_id: str
    label: str
    version: str = ""  # a content hash, a file's SHA-256, a version number
    url: str = ""


@dataclass(frozen=True)
class SystemRecord:
    """The registry's system, as the annexes read it."""

    pk: int
    system_id: str
    name: str
    description: str
    intended_uses: str
    model_version: str
    lifecycle_stage: str
    ai_act_category: str
    ai_act_role: str
    annex_area: str
    eu_database_number: str
    processes_personal_data: bool
    risk_tier: str = ""
    risk_score: int | None = None
    updated: str = ""  # the row's last change, as its version


@dataclass(frozen=True)
class OrganisationRecord:
    legal_name: str = ""
    address: str = ""
    contact: str = ""
    establishment_country: str = ""


@dataclass(frozen=True)
class ScreeningRecord:
    pk: int
    category: str
    annex_area: str
    public_authority: bool
    rationale: str
    decided_on: str


@dataclass(frozen=True)
class CardRecord:
    """An approved (or superseded) model card version of one of the system's models."""

    pk: int
    model_name: str
    number: int
    current: bool
    content: dict
    content_hash: str
    changelog: str = ""
    decided_on: str = ""
    url: str = ""


@dataclass
class AnnexRecords:
    """Everything the annexes read about one system (compliance.selectors.annex)."""

    system: SystemRecord
    organisation: OrganisationRecord
    screening: ScreeningRecord | None = None
    classification: Source | None = None
    cards: list[CardRecord] = field(default_factory=list)
    # {(evidence kind, detail): [FoundEvidence]} for this system (core.evidence_kinds)
    evidence: dict[tuple[str, str], list[FoundEvidence]] = field(default_factory=dict)
    produce_urls: dict[str, str] = field(default_factory=dict)  # {evidence kind: url}
    coverage: list[dict] = field(default_factory=list)  # {framework, version, percentage, ...}

    def current(self, kind: str, detail: str = "") -> list[FoundEvidence]:
        return [e for e in self.evidence.get((kind, detail), []) if e.current]

    def approved_cards(self) -> list[CardRecord]:
        return [card for card in self.cards if card.current]


def found_source(found: FoundEvidence) -> Source:
    return Source(found.record_type, found.record_id, found.label, found.fingerprint, found.url)


def system_source(system: SystemRecord, what: str = "") -> Source:
    label = f"Registry entry {system.system_id}" + (f" ({what})" if what else "")
    return Source("registry.aisystem", str(system.pk), label, system.updated, "")


def organisation_source() -> Source:
    return Source("core.organisationprofile", "1", "Organisation profile")


def card_source(card: CardRecord) -> Source:
    label = f"Model card of {card.model_name} v{card.number}"
    return Source("cards.modelcardversion", str(card.pk), label, card.content_hash, card.url)
