"""The seed's worked case (issue 19 must-show): a high-risk provider system in the EU AI
Act's scope with only its model card and its bias testing accepted gets Art. 9, 13, 14
and 72 named as gaps, Art. 10 and 11 partial, and the percentage the rule gives; a
low-tier system outside the Act gets only the NIST requirements of its tier. Evidence
that expires, or a newer approved model card version, sends a met requirement back to
review (time-machine)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from cards.rules.content import Considerations, card_to_dict
from cards.rules.datasheet import datasheet_to_dict
from cards.services.ai_models import model_create
from cards.services.approval import card_version_approve
from cards.services.card_versions import (
    card_version_draft_start,
    card_version_submit,
    card_version_update,
)
from cards.services.datasets import (
    dataset_create,
    datasheet_version_approve,
    datasheet_version_draft_start,
    datasheet_version_update,
)
from compliance.models import Requirement
from compliance.rules.status import percentage
from compliance.selectors.coverage import coverage_for, systems_with_facts
from compliance.services.acceptances import evidence_decide
from compliance.services.coverage import coverage_refresh
from compliance.services.documents import document_file
from core.evidence_kinds import evidence_found
from registry import services
from registry.models import AISystem
from registry.services.control_evidence import control_evidence_attach
from tests.cards.factories import FILLED_DATASHEET, RESUMES, complete_card
from tests.factories import (
    AISystemFactory,
    EvidenceFileFactory,
    classified_system,
    evidence_upload,
)

pytestmark = pytest.mark.django_db

LIMITS = Considerations(
    limitations="Misreads resumes in columns.",
    failure_modes="Non-standard layouts are misread.",
    identified_biases="Shorter careers rank lower.",
    mitigations="A recruiter reads every rejected application.",
)


def high_risk_provider(personas) -> AISystem:
    """SYS-001, classified high by the AI safety lead, screened high-risk, provider, in
    the Act's scope."""
    system = classified_system(personas)
    AISystem.objects.filter(pk=system.pk).update(
        ai_act_category="high_risk", ai_act_role="provider", regulatory_scope=["eu_ai_act"]
    )
    return AISystem.objects.get(pk=system.pk)


@pytest.fixture(autouse=True)
def resumes(personas):
    """The dataset the complete card trains on, with an approved datasheet (a high-risk
    card is approved only then)."""
    dataset = dataset_create(
        actor=personas.owner, key=RESUMES, name="Resumes", owner_team=personas.people_ops
    )
    draft = datasheet_version_draft_start(actor=personas.owner, dataset=dataset)
    datasheet_version_update(
        actor=personas.owner, version=draft, content=datasheet_to_dict(FILLED_DATASHEET)
    )
    return datasheet_version_approve(actor=personas.safety, version=draft)


def approve_card(personas, system, card=None):
    model = system.ai_models.first() or model_create(
        actor=personas.owner, system=system, key="screener", name="Screener"
    )
    version = card_version_draft_start(actor=personas.owner, card=model.card)
    content = card_to_dict(card or replace(complete_card(), considerations=LIMITS))
    changelog = "Retrained on the 2026 sample." if version.number > 1 else ""
    card_version_update(actor=personas.owner, version=version, content=content, changelog=changelog)
    card_version_submit(actor=personas.owner, version=version)
    return card_version_approve(actor=personas.safety, version=version)


def implement_bias_testing(personas, system, **dates):
    control = system.controls.get(control__key="bias-testing")
    control_evidence_attach(
        actor=personas.safety, control=control, evidence=EvidenceFileFactory(**dates)
    )
    services.control_update(actor=personas.safety, control=control, status="implemented")
    return control


def coverage(system, today=None):
    today = today or timezone.localdate()
    [systems] = [list(systems_with_facts(AISystem.objects.filter(pk=system.pk)))]
    return {fc.framework.key: fc for fc in coverage_for(systems, today)[system.pk]}


def accept_everything_present(reviewer, system, framework_key, kinds):
    """The reviewer accepts every record the owning apps offer for items of `kinds`."""
    today = timezone.localdate()
    for req in Requirement.objects.filter(framework__key=framework_key, framework__is_current=True):
        for index, item in enumerate(req.evidence):
            if item["kind"] not in kinds:
                continue
            detail = item.get("detail", "")
            found = evidence_found([(item["kind"], detail)], [system.pk], today)
            for record in found.get(item["kind"], {}).get((system.pk, detail), []):
                if record.current:
                    evidence_decide(
                        actor=reviewer,
                        system=system,
                        requirement=req,
                        item=index,
                        record_type=record.record_type,
                        record_id=record.record_id,
                        accepted=True,
                    )


def statuses(fc) -> dict[str, str]:
    return {row.requirement.ref_id: row.status for row in fc.rows}


def test_the_seed_case_names_the_gaps_and_gives_the_rules_percentage(personas):
    system = high_risk_provider(personas)
    approve_card(personas, system)
    implement_bias_testing(personas, system)
    accept_everything_present(personas.legal, system, "eu-ai-act", {"model_card", "control"})

    act = coverage(system)["eu-ai-act"]
    status = statuses(act)
    for article in ("Art. 9", "Art. 13", "Art. 14", "Art. 72"):
        assert status[article] == "gap", article
    assert status["Art. 10"] == "partial" and status["Art. 11"] == "partial"
    assert "Art. 26" not in status and "Art. 50" not in status  # deployer, limited risk
    art9 = next(r for r in act.rows if r.requirement.ref_id == "Art. 9")
    assert [i.state for i in art9.items] == ["missing"] * 4
    assert art9.items[0].label == "Risk management procedure"
    # Art. 5, 6, 9-15, 17, 43, 47, 49, 72 and 73 apply to a high-risk provider: none met.
    assert act.applicable == 15 and act.met == 0 and act.percentage == 0
    assert act.applicable == len(status)
    assert act.met == sum(1 for s in status.values() if s == "met")
    assert act.percentage == percentage(act.met, act.applicable)


def test_a_low_tier_system_outside_the_act_gets_only_nist_requirements_of_its_tier(personas):
    system = AISystemFactory(
        owner_team=personas.people_ops,
        risk_tier="low",
        ai_act_category="minimal",
        regulatory_scope=[],
        processes_eu_personal_data=False,
    )
    frameworks = coverage(system)
    assert frameworks["eu-ai-act"].rows == [] and frameworks["iso-42001"].rows == []
    assert frameworks["gdpr"].rows == []
    nist = frameworks["nist-ai-rmf"]
    assert nist.rows and nist.percentage == 0
    assert all(
        "tiers" not in row.requirement.applies or "low" in row.requirement.applies["tiers"]
        for row in nist.rows
    )
    assert "MEASURE 2.5" not in statuses(nist)  # critical, high and medium only
    assert "GOVERN 1.1" in statuses(nist)


def meet_art_11(personas, system, *, expires_on=None):
    """Everything Art. 11 asks for, accepted by Legal: the approved card with its
    performance and limitations, and the architecture documentation."""
    approve_card(personas, system)
    upload = evidence_upload("architecture.pdf")
    document_file(
        actor=personas.owner,
        system=system,
        document_type="architecture-documentation",
        title="Architecture of the screener",
        upload=upload,
        applies_from=timezone.localdate(),
        expires_on=expires_on,
    )
    accept_everything_present(personas.legal, system, "eu-ai-act", {"model_card", "document"})


def test_a_new_approved_card_version_sends_art_11_back_to_review(personas):
    system = high_risk_provider(personas)
    meet_art_11(personas, system)
    assert statuses(coverage(system)["eu-ai-act"])["Art. 11"] == "met"
    coverage_refresh(system_pks=[system.pk], today=timezone.localdate(), now=timezone.now())

    approve_card(personas, system)  # version 2 supersedes version 1

    art11 = next(r for r in coverage(system)["eu-ai-act"].rows if r.requirement.ref_id == "Art. 11")
    assert art11.status == "review_needed"
    moved = [i for i in art11.items if i.state == "review_needed"]
    assert moved and "superseded by version 2" in moved[0].reason
    [offered] = moved[0].candidates
    assert offered.label.startswith("Model card of Screener v2, approved")
    refreshed = coverage_refresh(
        system_pks=[system.pk], today=timezone.localdate(), now=timezone.now()
    )
    art11_pk = art11.requirement.pk
    assert (system.pk, art11_pk) in refreshed.back_to_review


def test_expired_evidence_flips_a_met_requirement_to_review_needed(personas):
    system = high_risk_provider(personas)
    last_day = timezone.localdate() + timedelta(days=30)
    meet_art_11(personas, system, expires_on=last_day)
    assert statuses(coverage(system)["eu-ai-act"])["Art. 11"] == "met"

    with time_machine.travel(timezone.now() + timedelta(days=30), tick=False):
        assert statuses(coverage(system)["eu-ai-act"])["Art. 11"] == "met"  # its last day
    with time_machine.travel(timezone.now() + timedelta(days=31), tick=False):
        art11 = next(
            r for r in coverage(system)["eu-ai-act"].rows if r.requirement.ref_id == "Art. 11"
        )
        assert art11.status == "review_needed"
        [moved] = [i for i in art11.items if i.state == "review_needed"]
        assert f"expired on {last_day.isoformat()}" in moved.reason
