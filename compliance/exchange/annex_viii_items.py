"""The items of the EU database registration (Annex VIII) that its sections share, or
that only read a record: each an Item with its value, or its gap named with where it is
produced, or why it does not apply. Pure (compliance.exchange.annex_viii assembles).
"""

from __future__ import annotations

from dataclasses import dataclass

from compliance.exchange.annex_records import (
    AnnexRecords,
    Source,
    card_source,
    found_source,
    organisation_source,
    system_source,
)

FILLED, GAP, NOT_APPLICABLE, OPTIONAL = "filled", "gap", "not_applicable", "optional"

# The Member States (ISO 3166 alpha-2; Greece is "GR" in ISO, "EL" in EU usage): a
# provider established outside them needs an authorised representative (Art. 22).
EU_MEMBER_STATES = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR EL HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()  # noqa: SIM905
)
# Annex III points 1 (biometrics), 6 (law enforcement) and 7 (migration): no electronic
# instructions for use in the public database (Annex VIII A.12), and for biometrics a
# notified body's conformity assessment (Art. 43(1)).
NO_PUBLIC_INSTRUCTIONS = frozenset({"biometrics", "law_enforcement", "migration"})
NOTIFIED_BODY_AREAS = frozenset({"biometrics"})
STATUS_WORDS = {
    "production": "In service (on the market or put into service)",
    "deprecated": "In service, being withdrawn",
    "decommissioned": "No longer placed on the market or in service",
}
NOT_YET = "Not yet placed on the market or put into service (registration comes before it)"


@dataclass(frozen=True)
class Item:
    number: str  # "A.1"
    label: str
    status: str  # filled, gap, not_applicable, optional
    value: str = ""
    note: str = ""  # the gap, or why it does not apply
    sources: tuple[Source, ...] = ()


# --- the items shared by the sections --------------------------------------------------


def party_item(number: str, label: str, records: AnnexRecords, role: str) -> Item:
    """Name, address and contact of the organisation (as provider or deployer)."""
    org = records.organisation
    parts = {"legal name": org.legal_name, "registered address": org.address}
    parts["contact"] = org.contact
    missing = [name for name, value in parts.items() if not value.strip()]
    if missing:
        note = (
            f"The organisation profile lacks its {', '.join(missing)}: an administrator "
            "fills it in on the organisation page."
        )
        return Item(number, label, GAP, note=note, sources=(organisation_source(),))
    value = f"{org.legal_name}, {' '.join(org.address.split())}; contact: {org.contact}"
    return Item(number, label, FILLED, value, f"We are the {role}.", (organisation_source(),))


def submitter_item(number: str, label: str, records: AnnexRecords, role: str) -> Item:
    org = records.organisation
    if org.legal_name.strip():
        value = f"{org.legal_name} itself (the {role} submits its own registration)"
        return Item(number, label, FILLED, value, sources=(organisation_source(),))
    return Item(number, label, GAP, note="The organisation profile lacks its legal name.")


def representative_item(number: str, records: AnnexRecords) -> Item:
    label = "Authorised representative (name, address, contact), where applicable"
    country = records.organisation.establishment_country.strip().upper()
    if not country:
        note = (
            "The organisation profile lacks its country of establishment: whether an "
            "authorised representative is needed (Art. 22) depends on it."
        )
        return Item(number, label, GAP, note=note, sources=(organisation_source(),))
    if country in EU_MEMBER_STATES:
        note = f"Established in the Union ({country}): no authorised representative."
        return Item(number, label, NOT_APPLICABLE, note=note, sources=(organisation_source(),))
    note = (
        f"Established outside the Union ({country}): name the authorised representative "
        "(Art. 22); the portal does not hold it."
    )
    return Item(number, label, GAP, note=note, sources=(organisation_source(),))


def trade_name_item(number: str, records: AnnexRecords) -> Item:
    label = "Trade name and references identifying and tracing the system"
    system = records.system
    refs = [f"system ID {system.system_id}"]
    if system.model_version:
        refs.append(f"version running {system.model_version}")
    cards = records.approved_cards()
    refs += [f"model card of {c.model_name} v{c.number}" for c in cards]
    sources = (system_source(system), *(card_source(c) for c in cards))
    return Item(number, label, FILLED, f"{system.name} ({'; '.join(refs)})", sources=sources)


def purpose_item(number: str, label: str, records: AnnexRecords) -> Item:
    system = records.system
    if system.intended_uses.strip():
        return Item(
            number,
            label,
            FILLED,
            system.intended_uses.strip(),
            sources=(system_source(system, "intended uses"),),
        )
    for card in records.approved_cards():
        uses = (card.content.get("uses") or {}).get("intended_uses") or ""
        if uses.strip():
            return Item(number, label, FILLED, uses.strip(), sources=(card_source(card),))
    note = "No intended uses on the system or on an approved model card: the owner adds them."
    return Item(number, label, GAP, note=note, sources=(system_source(system),))


def status_item(number: str, records: AnnexRecords) -> Item:
    label = "Status (on the market or in service; no longer; recalled)"
    stage = records.system.lifecycle_stage
    value = STATUS_WORDS.get(stage, NOT_YET)
    return Item(number, label, FILLED, value, sources=(system_source(records.system, "stage"),))


def member_states_item(number: str) -> Item:
    label = "Member States where it is placed on the market, put into service or available"
    note = "Not held in the portal: enter the Member States in the EU database's form."
    return Item(number, label, GAP, note=note)


def document_item(
    number: str,
    label: str,
    records: AnnexRecords,
    doc_type: str,
    words: str,
) -> Item:
    """A filed document of `doc_type` (compliance's `document` evidence kind)."""
    found = records.current("document", doc_type)
    if found:
        newest = found[0]
        return Item(number, label, FILLED, newest.label, sources=(found_source(newest),))
    stale = records.evidence.get(("document", doc_type), [])
    why = f" ({stale[0].label}: {stale[0].why_not_current})" if stale else ""
    where = records.produce_urls.get("document", "")
    note = f"No current {words} is filed{why}." + (f" File it at {where}." if where else "")
    return Item(number, label, GAP, note=note)


def logic_item(number: str, records: AnnexRecords) -> Item:
    """Information the system uses (data, inputs) and its operating logic: the approved
    card's technical section."""
    label = "Basic description of the information used (data, inputs) and operating logic"
    for card in records.approved_cards():
        tech = card.content.get("technical") or {}
        parts = [
            ("Model", tech.get("model_type") or ""),
            ("Base model", tech.get("base_model") or ""),
            ("Training data", tech.get("training_data_description") or ""),
        ]
        given = [f"{name}: {text.strip()}" for name, text in parts if str(text).strip()]
        if tech.get("training_data_description", "").strip() and len(given) >= 2:
            return Item(number, label, FILLED, "; ".join(given), sources=(card_source(card),))
    note = (
        "No approved model card describes the model type and the training data (technical section)."
    )
    where = records.produce_urls.get("model_card", "")
    return Item(number, label, GAP, note=note + (f" Produce it at {where}." if where else ""))


def certificate_items(records: AnnexRecords, area: str) -> list[Item]:
    cert = "Notified body certificate: type, number, expiry, and the body's name or number"
    scan = "Scanned copy of the notified body's certificate"
    if area not in NOTIFIED_BODY_AREAS:
        why = "Conformity by internal control (Art. 43(2)): no notified body certificate."
        return [
            Item("A.8", cert, NOT_APPLICABLE, note=why),
            Item("A.9", scan, NOT_APPLICABLE, note=why),
        ]
    first = document_item(
        "A.8",
        cert,
        records,
        "conformity-assessment",
        "conformity assessment record with the notified body's certificate",
    )
    second = document_item("A.9", scan, records, "conformity-assessment", "scanned certificate")
    return [first, second]


def instructions_item(records: AnnexRecords, area: str) -> Item:
    label = "Electronic instructions for use"
    if area in NO_PUBLIC_INSTRUCTIONS:
        note = "Not given for Annex III points 1, 6 and 7 (biometrics, law enforcement, migration)."
        return Item("A.12", label, NOT_APPLICABLE, note=note)
    return document_item("A.12", label, records, "instructions-for-use", "instructions for use")
