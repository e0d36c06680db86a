"""The records the Annex VIII and Annex IV tests start from: the hiring screener (SYS-001),
high-risk in the employment area, we its provider; an organisation profile filled in;
an approved model card; documents filed as evidence."""

from __future__ import annotations

from dataclasses import replace

from django.utils import timezone

from cards.rules.content import Technical, card_to_dict
from compliance.exchange.annex_records import (
    AnnexRecords,
    CardRecord,
    OrganisationRecord,
    ScreeningRecord,
    SystemRecord,
)
from core.evidence_kinds import FoundEvidence
from registry.models import AIActScreening
from tests.cards.factories import HASH, ModelCardVersionFactory, complete_card
from tests.factories import people_ops_system

SCREENER_USES = "Rank job applications so that a recruiter reads the likeliest first."
TECHNICAL = Technical(
    model_type="gradient-boosted trees",
    base_model="none (trained from scratch)",
    training_data_description="120,000 past applications with the hiring outcome.",
    evaluation_data="A held-out 10% of the applications, by year.",
    training_datasets=("resumes",),
)


def screener(personas, **fields):
    """SYS-001 high-risk (employment), we its provider, screened by Legal."""
    values = {
        "ai_act_category": "high_risk",
        "ai_act_annex_area": "employment",
        "ai_act_role": "provider",
        "risk_tier": "high",
        "risk_score": 13,
        "intended_uses": SCREENER_USES,
        "model_version": "screener-3.0",
        "lifecycle_stage": "production",
        "regulatory_scope": ["eu_ai_act"],
        **fields,
    }
    system = people_ops_system(personas, **values)
    screen(personas, system, category=values["ai_act_category"])
    return system


def screen(
    personas,
    system,
    *,
    category="high_risk",
    area="employment",
    rationale="",
    public_authority=False,
):
    return AIActScreening.objects.create(
        system=system,
        affects_access=category == "high_risk",
        physical_safety_risk=False,
        public_authority_annex_iii=public_authority,
        legal_effect=False,
        presumed_high_risk=category == "high_risk",
        category=category,
        annex_area=area,
        rationale=rationale or "Ranks applicants: Annex III point 4.",
        decided_by=personas.legal,
        decided_at=timezone.now(),
    )


def approved_card(system, number=1, **sections):
    """An approved model card version of the system's screener model."""
    card = replace(complete_card(), technical=TECHNICAL, **sections)
    return ModelCardVersionFactory(
        approved=True,
        card__model__system=system,
        card__model__name="Resume screener",
        number=number,
        content=card_to_dict(card),
        content_hash=HASH,
        changelog="First approved version.",
    )


# --- records without a database, for the pure assembly -------------------------------


def system_record(**fields) -> SystemRecord:
    values = {
        "pk": 1,
        "system_id": "SYS-001",
        "name": "Resume screener",
        "description": "Ranks applications.",
        "intended_uses": SCREENER_USES,
        "model_version": "screener-3.0",
        "lifecycle_stage": "production",
        "ai_act_category": "high_risk",
        "ai_act_role": "provider",
        "annex_area": "employment",
        "eu_database_number": "",
        "processes_personal_data": True,
        "risk_tier": "high",
        "risk_score": 13,
        **fields,
    }
    return SystemRecord(**values)


ORGANISATION = OrganisationRecord(
    legal_name="Example Marketplace GmbH",
    address="Friedrichstraße 123\n10117 Berlin\nGermany",
    contact="support@example.com",
    establishment_country="DE",
)


def found(record_type: str, record_id: str, label: str, *, current=True, why="") -> FoundEvidence:
    return FoundEvidence(
        record_type=record_type,
        record_id=record_id,
        label=label,
        fingerprint=f"sha-{record_id}",
        current=current,
        why_not_current=why,
    )


def document(doc_type: str, pk: str, **kwargs) -> dict:
    return {
        ("document", doc_type): [found("compliance.compliancedocument", pk, doc_type, **kwargs)]
    }


def records(
    system=None, *, screening=None, cards=(), evidence=None, organisation=ORGANISATION, coverage=()
) -> AnnexRecords:
    return AnnexRecords(
        system=system or system_record(),
        organisation=organisation,
        screening=screening
        or ScreeningRecord(1, "high_risk", "employment", False, "Ranks applicants.", "1 Dec 2026"),
        cards=list(cards),
        evidence=evidence or {},
        produce_urls={"document": "/compliance/systems/SYS-001/documents/"},
        coverage=list(coverage),
    )


def card_record(number=1, current=True, **content) -> CardRecord:
    return CardRecord(
        pk=10 + number,
        model_name="Resume screener",
        number=number,
        current=current,
        content=content or card_to_dict(replace(complete_card(), technical=TECHNICAL)),
        content_hash=f"hash-v{number}",
        changelog=f"Version {number}.",
        decided_on="1 Dec 2026",
    )
