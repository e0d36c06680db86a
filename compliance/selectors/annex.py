"""Gathering what the Annex VIII registration and the Annex IV documentation read about
one system (compliance.exchange.annex_records): the registry's system and its latest
AI Act screening, the organisation profile, the system's approved model card versions,
the records each evidence kind offers (classification, screening, risks, incidents,
gates, controls, documents) and the system's compliance coverage. A fixed number of
queries, whatever the system holds. Also the reads of the Annex IV renders."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.urls import NoReverseMatch, reverse

from cards.choices import CardVersionStatus
from cards.models import ModelCardVersion
from compliance.exchange import annex_viii as viii
from compliance.exchange.annex_iv import ASKED as ANNEX_IV_ASKED
from compliance.exchange.annex_records import (
    AnnexRecords,
    CardRecord,
    OrganisationRecord,
    ScreeningRecord,
    Source,
    SystemRecord,
)
from compliance.models import AnnexIvRender
from compliance.selectors.coverage import coverage_for, systems_with_facts
from core.dates import day_text
from core.evidence_kinds import evidence_found, evidence_kinds
from core.selectors import organisation_profile_get
from registry.models import AIActScreening, AISystem

# The documents Annex VIII reads besides what Annex IV cites.
ANNEX_VIII_ASKED = {
    ("document", "eu-declaration-of-conformity"),
    ("document", "instructions-for-use"),
    ("document", "conformity-assessment"),
    ("document", "fundamental-rights-impact-assessment"),
    ("document", "dpia"),
}
ASKED = ANNEX_IV_ASKED | ANNEX_VIII_ASKED | {("classification", "")}


def annex_records(system: AISystem, today: date) -> AnnexRecords:
    """Everything both annexes read about `system` (one the caller may see)."""
    found = evidence_found(ASKED, [system.pk], today)
    evidence = {
        (kind, detail): items
        for kind, by_key in found.items()
        for (pk, detail), items in by_key.items()
        if pk == system.pk
    }
    classification = next((e for e in evidence.get(("classification", ""), []) if e.current), None)
    return AnnexRecords(
        system=_system_record(system),
        organisation=_organisation(),
        screening=_screening(system),
        classification=Source(
            classification.record_type,
            classification.record_id,
            classification.label,
            classification.fingerprint,
            classification.url,
        )
        if classification
        else None,
        cards=_cards(system),
        evidence=evidence,
        produce_urls=_produce_urls(system.system_id),
        coverage=_coverage(system, today),
    )


def _system_record(system: AISystem) -> SystemRecord:
    return SystemRecord(
        pk=system.pk,
        system_id=system.system_id,
        name=system.name,
        description=system.description,
        intended_uses=system.intended_uses,
        model_version=system.model_version,
        lifecycle_stage=system.lifecycle_stage,
        ai_act_category=system.ai_act_category,
        ai_act_role=system.ai_act_role,
        annex_area=system.ai_act_annex_area,
        eu_database_number=system.eu_database_number,
        processes_personal_data=system.processes_eu_personal_data,
        risk_tier=system.risk_tier,
        risk_score=system.risk_score,
        updated=system.updated_at.isoformat() if system.updated_at else "",
    )


def _organisation() -> OrganisationRecord:
    profile = organisation_profile_get()
    return OrganisationRecord(
        legal_name=profile.legal_name,
        address=profile.address,
        # Where the provider is reached: the support contact, else the DPO's e-mail.
        contact=profile.support_contact or profile.dpo_email,
        establishment_country=profile.establishment_country,
    )


def _screening(system: AISystem) -> ScreeningRecord | None:
    row = AIActScreening.objects.filter(system=system).order_by("-decided_at", "-id").first()
    if row is None:
        return None
    return ScreeningRecord(
        pk=row.pk,
        category=row.category,
        annex_area=row.annex_area,
        public_authority=row.public_authority_annex_iii,
        rationale=row.rationale,
        decided_on=day_text(row.decided_at),
    )


def _cards(system: AISystem) -> list[CardRecord]:
    """The approved version of each of the system's cards and those it superseded."""
    versions = (
        ModelCardVersion.objects.filter(
            card__model__system=system,
            status__in=(CardVersionStatus.APPROVED, CardVersionStatus.SUPERSEDED),
        )
        .select_related("card__model")
        .order_by("card__model__name", "-number")
    )
    return [
        CardRecord(
            pk=v.pk,
            model_name=v.card.model.name,
            number=v.number,
            current=v.status == CardVersionStatus.APPROVED,
            content=v.content or {},
            content_hash=v.content_hash,
            changelog=v.changelog,
            decided_on=day_text(v.decided_at) if v.decided_at else "",
            url=reverse("cards:version_detail", args=[v.card_id, v.number]),
        )
        for v in versions
    ]


def _produce_urls(system_id: str) -> dict[str, str]:
    urls = {}
    for kind in evidence_kinds():
        try:
            urls[kind.key] = kind.produce_url(system_id)
        except NoReverseMatch:  # a page not wired (yet): the gap is named without a link
            urls[kind.key] = ""
    return urls


def _coverage(system: AISystem, today: date) -> list[dict]:
    """The frameworks that apply to the system, with their percentage met."""
    systems = list(systems_with_facts(AISystem.objects.filter(pk=system.pk)))
    rows = []
    for coverage in coverage_for(systems, today).get(system.pk, []):
        if not coverage.rows:
            continue
        framework = coverage.framework
        rows.append(
            {
                "id": framework.pk,
                "name": framework.name,
                "version": framework.version,
                "percentage": coverage.percentage,
                "met": coverage.met,
                "applicable": coverage.applicable,
            }
        )
    return rows


def annex_viii_for(system: AISystem, today: date) -> viii.AnnexViii:
    """The system's Annex VIII record; viii.NotConcerned (its message says why) when the
    annex asks nothing of it."""
    return viii.annex_viii(annex_records(system, today))


# --- Annex IV renders --------------------------------------------------------------------


def annex_iv_renders(system: AISystem, limit: int = 10) -> list[AnnexIvRender]:
    """The system's latest renders, newest first, without their bytes."""
    return list(
        AnnexIvRender.objects.filter(system=system)
        .defer("pdf")
        .select_related("requested_by")
        .order_by("-requested_at", "-id")[:limit]
    )


def annex_iv_render_get(system: AISystem, render_id: int) -> AnnexIvRender:
    """One render of the system (404 when it is another system's or missing)."""
    render = AnnexIvRender.objects.filter(system=system, pk=render_id).defer("pdf").first()
    if render is None:
        raise Http404("No such Annex IV render.")
    return render


def annex_iv_pdf(render: AnnexIvRender) -> bytes:
    return bytes(AnnexIvRender.objects.values_list("pdf", flat=True).get(pk=render.pk))
