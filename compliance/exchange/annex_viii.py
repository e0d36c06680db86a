"""The EU database registration record (AI Act Art. 49, Annex VIII), assembled from the
records the portal holds: pure, records in and a document out, no ORM and no clock.

Annex VIII has three sections. Section A (13 items) is what a provider registers for a
high-risk system (Art. 49(1)); Section B (9 items) what a provider registers for an
Annex III system it concluded is not high-risk under Art. 6(3) (Art. 49(2)); Section C
(5 items) what a public-authority deployer of a high-risk system registers (Art. 49(3)).
Each item carries its value, or the gap that keeps it empty (named, with where it is
produced), or why it does not apply; and the records it was read from.

The records come from compliance.selectors.annex (AnnexRecords); the same records feed
the Annex IV document (compliance.exchange.annex_iv).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from compliance.exchange.annex_records import AnnexRecords, Source, system_source
from compliance.exchange.annex_viii_items import (
    FILLED,
    GAP,
    NOT_APPLICABLE,
    OPTIONAL,
    Item,
    certificate_items,
    document_item,
    instructions_item,
    logic_item,
    member_states_item,
    party_item,
    purpose_item,
    representative_item,
    status_item,
    submitter_item,
    trade_name_item,
)

# The four conditions of Art. 6(3), in our words, and how a screening's rationale names them.
ART_6_3_CONDITIONS = {
    "a": "performs a narrow procedural task",
    "b": "improves the result of a previously completed human activity",
    "c": "detects decision-making patterns or deviations without replacing or influencing "
    "the human assessment",
    "d": "performs a preparatory task to an assessment relevant to an Annex III use case",
}
_CONDITION_WORDS = {
    "a": ("narrow procedural",),
    "b": ("previously completed human activity", "improve the result"),
    "c": ("decision-making pattern", "deviations from prior decision"),
    "d": ("preparatory task",),
}


@dataclass(frozen=True)
class Section:
    letter: str
    title: str
    basis: str
    items: tuple[Item, ...]

    @property
    def gaps(self) -> list[Item]:
        return [item for item in self.items if item.status == GAP]


@dataclass(frozen=True)
class AnnexViii:
    system_id: str
    system_name: str
    sections: tuple[Section, ...]
    eu_database_number: str = ""

    @property
    def gaps(self) -> list[Item]:
        return [item for section in self.sections for item in section.gaps]

    def as_dict(self) -> dict:
        """The JSON the API answers and the page downloads."""
        sections = []
        for section in self.sections:
            items = [_item_dict(item) for item in section.items]
            sections.append(
                {
                    "section": section.letter,
                    "title": section.title,
                    "basis": section.basis,
                    "items": items,
                    "gaps": [item.number for item in section.gaps],
                }
            )
        return {
            "system_id": self.system_id,
            "system_name": self.system_name,
            "eu_database_number": self.eu_database_number,
            "complete": not self.gaps,
            "gaps": [{"item": i.number, "label": i.label, "missing": i.note} for i in self.gaps],
            "sections": sections,
        }


def _item_dict(item: Item) -> dict:
    return {
        "item": item.number,
        "label": item.label,
        "status": item.status,
        "value": item.value,
        "note": item.note,
        "sources": [asdict(source) for source in item.sources],
    }


class NotConcerned(Exception):
    """Annex VIII asks nothing of this system; the message says why, in words."""


# --- which sections ---------------------------------------------------------------------


def _provider(records: AnnexRecords) -> bool:
    return records.system.ai_act_role in ("provider", "both")


def _deployer(records: AnnexRecords) -> bool:
    return records.system.ai_act_role in ("deployer", "both")


def section_a_applies(records: AnnexRecords) -> bool:
    return records.system.ai_act_category == "high_risk" and _provider(records)


def section_b_applies(records: AnnexRecords) -> bool:
    """An Annex III system its provider concluded is not high-risk (Art. 6(3))."""
    screening = records.screening
    return (
        _provider(records)
        and screening is not None
        and bool(screening.annex_area)
        and records.system.ai_act_category in ("limited", "minimal")
    )


def section_c_applies(records: AnnexRecords) -> bool:
    screening = records.screening
    return (
        records.system.ai_act_category == "high_risk"
        and _deployer(records)
        and screening is not None
        and screening.public_authority
    )


def not_concerned_reason(records: AnnexRecords) -> str:
    """Why Annex VIII asks nothing of the system ("" when it does)."""
    system = records.system
    if section_a_applies(records) or section_b_applies(records) or section_c_applies(records):
        return ""
    who = f"{system.system_id} {system.name}"
    if system.ai_act_category == "unassessed":
        return f"{who} has no EU AI Act screening yet: screen it first."
    if system.ai_act_category == "prohibited":
        return f"{who} is screened prohibited (Art. 5): it is never placed on the market."
    if system.ai_act_category == "high_risk":
        return (
            f"{who} is high-risk and we are only its deployer, not a public authority: "
            "the provider registers it (Art. 49(1)); Section C is for public-authority "
            "deployers."
        )
    return (
        f"{who} is not high-risk and its screening names no Annex III area, so no "
        "Art. 6(3) conclusion is registered: Annex VIII does not concern it."
    )


def annex_viii(records: AnnexRecords) -> AnnexViii:
    """The sections of Annex VIII that concern the system. NotConcerned when none does."""
    reason = not_concerned_reason(records)
    if reason:
        raise NotConcerned(reason)
    sections = []
    if section_a_applies(records):
        sections.append(section_a(records))
    if section_b_applies(records):
        sections.append(section_b(records))
    if section_c_applies(records):
        sections.append(section_c(records))
    system = records.system
    return AnnexViii(system.system_id, system.name, tuple(sections), system.eu_database_number)


# --- the sections --------------------------------------------------------------------


def section_a(records: AnnexRecords) -> Section:
    """The 13 items a provider registers for a high-risk system (Art. 49(1))."""
    area = records.system.annex_area or (records.screening.annex_area if records.screening else "")
    items = [
        party_item("A.1", "Provider: name, address and contact details", records, "provider"),
        submitter_item(
            "A.2",
            "Person submitting on the provider's behalf: name, address, contact",
            records,
            "provider",
        ),
        representative_item("A.3", records),
        trade_name_item("A.4", records),
        purpose_item(
            "A.5", "Intended purpose, and the components and functions it supports", records
        ),
        logic_item("A.6", records),
        status_item("A.7", records),
        *certificate_items(records, area),
        member_states_item("A.10"),
        document_item(
            "A.11",
            "EU declaration of conformity (Art. 47), a copy",
            records,
            "eu-declaration-of-conformity",
            "EU declaration of conformity",
        ),
        instructions_item(records, area),
        Item(
            "A.13",
            "URL for additional information (optional)",
            OPTIONAL,
            note="Optional: none recorded.",
        ),
    ]
    return Section(
        "A", "Provider of a high-risk AI system", "Art. 49(1), Annex VIII Section A", tuple(items)
    )


def art_6_3_conditions(rationale: str) -> list[str]:
    """The Art. 6(3) conditions a screening's rationale relies on: by reference
    ("6(3)(a)", "condition (b)") or by the condition's words."""
    text = " ".join(rationale.lower().split())
    found = set(re.findall(r"6\s*\(3\)\s*\(?([a-d])\)", text))
    found |= set(re.findall(r"condition\s*\(?([a-d])\)", text))
    for letter, phrases in _CONDITION_WORDS.items():
        if any(phrase in text for phrase in phrases):
            found.add(letter)
    return sorted(found)


def section_b(records: AnnexRecords) -> Section:
    """The 9 items for an Annex III system concluded not high-risk (Art. 49(2))."""
    screening = records.screening
    source = Source(
        "registry.aiactscreening",
        str(screening.pk),
        f"EU AI Act screening of {screening.decided_on}",
        screening.decided_on,
    )
    letters = art_6_3_conditions(screening.rationale)
    if letters:
        value = "; ".join(f"Art. 6(3)({x}): {ART_6_3_CONDITIONS[x]}" for x in letters)
        condition = Item("B.6", CONDITION_LABEL, FILLED, value, sources=(source,))
    else:
        note = (
            "The screening's rationale names no Art. 6(3) condition (a) to (d): Legal "
            "records a new screening that says which one is relied on."
        )
        condition = Item("B.6", CONDITION_LABEL, GAP, note=note, sources=(source,))
    if screening.rationale.strip():
        grounds = Item("B.7", GROUNDS_LABEL, FILLED, screening.rationale.strip(), sources=(source,))
    else:
        grounds = Item(
            "B.7", GROUNDS_LABEL, GAP, note="The screening records no rationale.", sources=(source,)
        )
    items = (
        party_item("B.1", "Provider: name, address and contact details", records, "provider"),
        submitter_item("B.2", "Person submitting on the provider's behalf", records, "provider"),
        representative_item("B.3", records),
        trade_name_item("B.4", records),
        purpose_item("B.5", "Intended purpose", records),
        condition,
        grounds,
        status_item("B.8", records),
        member_states_item("B.9"),
    )
    return Section(
        "B",
        "AI system concluded not high-risk under Art. 6(3)",
        "Art. 49(2), Annex VIII Section B",
        items,
    )


CONDITION_LABEL = "The Art. 6(3) condition(s) relied on for not being high-risk"
GROUNDS_LABEL = "Summary of the grounds for concluding it is not high-risk"


def section_c(records: AnnexRecords) -> Section:
    """The 5 items a public-authority deployer registers (Art. 49(3))."""
    system = records.system
    if system.eu_database_number.strip():
        entry = Item(
            "C.3",
            ENTRY_LABEL,
            FILLED,
            f"EU database entry {system.eu_database_number}",
            sources=(system_source(system, "EU database registration number"),),
        )
    else:
        note = "The provider's EU database entry is not recorded on the system: record it."
        entry = Item("C.3", ENTRY_LABEL, GAP, note=note)
    if system.processes_personal_data:
        dpia = document_item(
            "C.5", DPIA_LABEL, records, "dpia", "data protection impact assessment"
        )
    else:
        dpia = Item(
            "C.5",
            DPIA_LABEL,
            NOT_APPLICABLE,
            note="It processes no personal data of EU residents (Art. 26(8)).",
        )
    items = (
        party_item("C.1", "Deployer: name, address and contact details", records, "deployer"),
        submitter_item("C.2", "Person submitting on the deployer's behalf", records, "deployer"),
        entry,
        document_item(
            "C.4",
            "Summary of the fundamental rights impact assessment (Art. 27)",
            records,
            "fundamental-rights-impact-assessment",
            "fundamental rights impact assessment",
        ),
        dpia,
    )
    return Section(
        "C",
        "Public-authority deployer of a high-risk AI system",
        "Art. 49(3), Annex VIII Section C",
        items,
    )


ENTRY_LABEL = "URL of the system's entry in the EU database, by its provider"
DPIA_LABEL = "Summary of the data protection impact assessment, where applicable"
