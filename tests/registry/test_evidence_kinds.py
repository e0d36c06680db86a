"""The registry's evidence kinds (core.evidence_kinds, issue 19): what a framework's
requirement finds of a system's controls, gates, classification and AI Act screening,
for many systems at once in a fixed number of queries, and what stops counting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from core.evidence_kinds import evidence_found, evidence_kind
from registry import services
from registry.models import AIActScreening, ControlDefinition, ControlEvidence, SystemControl
from registry.services.control_evidence import control_evidence_attach
from tests.factories import (
    BILLING_CHATBOT,
    AISystemFactory,
    EvidenceFileFactory,
    GateArtifactFactory,
    GateRequestFactory,
    UserFactory,
    classified_system,
    gate_definition,
)

pytestmark = pytest.mark.django_db

KINDS = ("control", "gate_passed", "gate_artifact", "classification", "ai_act_screening")


def find(kind: str, systems, detail: str = "", today=None):
    pks = [system.pk for system in systems]
    return evidence_kind(kind).find(pks, {detail}, today or timezone.localdate())


def test_the_registry_registers_its_kinds_with_their_details_and_pages():
    for key in KINDS:
        kind = evidence_kind(key)
        assert kind is not None and kind.owner == "registry"
        assert kind.produce_url("SYS-001").startswith("/systems/SYS-001/")
    assert evidence_kind("control").details()["bias-testing"] == "Bias testing"
    assert evidence_kind("control").produce_url("SYS-001") == "/systems/SYS-001/#controls"
    gates = evidence_kind("gate_passed").details()
    assert gates["production-deployment"] == "Production deployment"
    assert "decommissioning" in gates
    artifacts = evidence_kind("gate_artifact").details()
    assert {"security-assessment-report", "red-team-report", "deployment-runbook"} <= set(artifacts)
    assert evidence_kind("classification").details is None


# --- control --------------------------------------------------------------------------------


def bias_testing(personas):
    system = classified_system(personas)
    return system, system.controls.select_related("control", "system").get(
        control__key="bias-testing"
    )


def test_an_implemented_control_with_a_current_file_is_found(personas):
    system, control = bias_testing(personas)
    expires = timezone.localdate() + timedelta(days=90)
    file = EvidenceFileFactory(expires_on=expires)
    control_evidence_attach(actor=personas.safety, control=control, evidence=file)
    services.control_update(actor=personas.safety, control=control, status="implemented")

    [item] = find("control", [system], "bias-testing")[(system.pk, "bias-testing")]
    assert item.current and item.why_not_current == ""
    assert (item.record_type, item.record_id) == ("registry.systemcontrol", str(control.pk))
    assert item.expires_on == expires
    assert item.url == "/systems/SYS-001/#controls"
    assert "Bias testing" in item.label


def test_a_control_without_evidence_or_not_asked_is_not_found(personas):
    system, control = bias_testing(personas)
    assert find("control", [system], "bias-testing") == {}
    control_evidence_attach(actor=personas.safety, control=control, evidence=EvidenceFileFactory())
    assert find("control", [system], "model-card") == {}


def test_a_control_still_in_progress_is_found_but_does_not_count(personas):
    system, control = bias_testing(personas)
    control_evidence_attach(actor=personas.safety, control=control, evidence=EvidenceFileFactory())
    services.control_update(actor=personas.safety, control=control, status="in_progress")
    [item] = find("control", [system], "bias-testing")[(system.pk, "bias-testing")]
    assert not item.current
    assert item.why_not_current == "the control is in progress"


def test_the_control_stops_counting_the_day_after_its_evidence_expires(personas):
    system, control = bias_testing(personas)
    today = timezone.localdate()
    file = EvidenceFileFactory(expires_on=today + timedelta(days=10))
    control_evidence_attach(actor=personas.safety, control=control, evidence=file)
    services.control_update(actor=personas.safety, control=control, status="implemented")

    on_last_day = find("control", [system], "bias-testing", today + timedelta(days=10))
    assert on_last_day[(system.pk, "bias-testing")][0].current
    [item] = find("control", [system], "bias-testing", today + timedelta(days=11))[
        (system.pk, "bias-testing")
    ]
    assert not item.current
    expired_on = (today + timedelta(days=10)).isoformat()
    assert item.why_not_current == f"its evidence expired on {expired_on}"


def test_the_control_fingerprint_follows_its_current_files(personas):
    system, control = bias_testing(personas)
    control_evidence_attach(actor=personas.safety, control=control, evidence=EvidenceFileFactory())
    services.control_update(actor=personas.safety, control=control, status="implemented")
    first = find("control", [system], "bias-testing")[(system.pk, "bias-testing")][0]
    again = find("control", [system], "bias-testing")[(system.pk, "bias-testing")][0]
    assert again.fingerprint == first.fingerprint
    control_evidence_attach(actor=personas.safety, control=control, evidence=EvidenceFileFactory())
    after = find("control", [system], "bias-testing")[(system.pk, "bias-testing")][0]
    assert after.fingerprint != first.fingerprint


# --- gate_passed and gate_artifact ---------------------------------------------------------


def passed_request(system, slug: str = "pre-deployment-security-review", **fields):
    return GateRequestFactory(
        system=system,
        gate=gate_definition(slug),
        status=fields.pop("status", "approved"),
        decided_at=fields.pop("decided_at", timezone.now()),
        **fields,
    )


def test_the_latest_approved_request_of_a_gate_is_found(personas):
    system = AISystemFactory(lifecycle_stage="pre_deployment")
    older = passed_request(system, decided_at=timezone.now() - timedelta(days=400))
    latest = passed_request(system)
    GateRequestFactory(system=system, gate=gate_definition("production-deployment"))  # open

    found = find("gate_passed", [system], "pre-deployment-security-review")
    first, second = found[(system.pk, "pre-deployment-security-review")]
    assert (first.record_id, first.current) == (str(latest.pk), True)
    assert first.record_type == "registry.gaterequest"
    assert first.url == f"/systems/{system.system_id}/gate-requests/{latest.pk}/"
    assert first.fingerprint == f"{latest.pk}:{latest.decided_at.isoformat()}"
    assert (second.record_id, second.current) == (str(older.pk), False)
    assert find("gate_passed", [system], "production-deployment") == {}


def test_a_gate_passed_on_a_remediation_plan_counts_once_the_plan_is_done(personas):
    system = AISystemFactory()
    request = passed_request(
        system,
        status="remediation",
        remediation_plan="Retrain.",
        remediation_owner=personas.owner,
        remediation_due=timezone.localdate() + timedelta(days=30),
    )
    [item] = find("gate_passed", [system], "pre-deployment-security-review")[
        (system.pk, "pre-deployment-security-review")
    ]
    assert not item.current and "not yet done" in item.why_not_current
    request.remediation_done_at = timezone.now()
    request.remediation_done_by = personas.owner
    request.remediation_outcome = "Retrained."
    request.save()
    [item] = find("gate_passed", [system], "pre-deployment-security-review")[
        (system.pk, "pre-deployment-security-review")
    ]
    assert item.current


def test_an_artifact_of_the_latest_passed_request_is_found_and_expires(personas):
    system = AISystemFactory()
    today = timezone.localdate()
    request = passed_request(system)
    file = EvidenceFileFactory(expires_on=today + timedelta(days=5))
    artifact = GateArtifactFactory(
        request=request, requirement="security-assessment-report", evidence=file
    )
    GateArtifactFactory(
        request=GateRequestFactory(system=system, gate=gate_definition("production-deployment")),
        requirement="deployment-runbook",
    )  # on a request still open: not evidence yet

    key = (system.pk, "security-assessment-report")
    [item] = find("gate_artifact", [system], "security-assessment-report")[key]
    assert item.current and item.fingerprint == file.sha256
    assert (item.record_type, item.record_id) == ("registry.gateartifact", str(artifact.pk))
    assert item.expires_on == today + timedelta(days=5)
    [late] = find("gate_artifact", [system], "security-assessment-report", today + timedelta(6))[
        key
    ]
    assert not late.current and late.why_not_current.startswith("its evidence expired on")
    assert find("gate_artifact", [system], "deployment-runbook") == {}


def test_a_newer_passed_request_gives_the_artifact_a_new_fingerprint(personas):
    system = AISystemFactory()
    GateArtifactFactory(
        request=passed_request(system, decided_at=timezone.now() - timedelta(days=30)),
        requirement="red-team-report",
    )
    key = (system.pk, "red-team-report")
    before = find("gate_artifact", [system], "red-team-report")[key]
    assert find("gate_artifact", [system], "red-team-report")[key] == before
    newer = GateArtifactFactory(request=passed_request(system), requirement="red-team-report")
    first, second = find("gate_artifact", [system], "red-team-report")[key]
    assert first.fingerprint == newer.sha256 != before[0].fingerprint
    assert first.current and not second.current


def test_an_artifact_of_a_request_with_no_decision_time_counts_as_the_oldest(personas):
    system = AISystemFactory()
    GateArtifactFactory(
        request=passed_request(system, decided_at=None), requirement="red-team-report"
    )
    newer = GateArtifactFactory(request=passed_request(system), requirement="red-team-report")
    first, second = find("gate_artifact", [system], "red-team-report")[
        (system.pk, "red-team-report")
    ]
    assert (first.record_id, first.current) == (str(newer.pk), True)
    assert not second.current


# --- classification and ai_act_screening ---------------------------------------------------


def test_the_effective_classification_is_found_until_a_reclassification_is_flagged(personas):
    system = classified_system(personas)
    [item] = find("classification", [system])[(system.pk, "")]
    assert item.current and item.record_type == "registry.classification"
    assert item.label.startswith("Classified high (13 points)")
    assert find("classification", [AISystemFactory()]) == {}
    system.reclassification_needed = True
    system.save(update_fields=["reclassification_needed"])
    [item] = find("classification", [system])[(system.pk, "")]
    assert not item.current and item.why_not_current == "re-classification needed"


def test_a_new_classification_changes_the_fingerprint(personas):
    system = classified_system(personas)
    before = find("classification", [system])[(system.pk, "")][0]
    services.system_classify(
        actor=personas.safety,
        system=system,
        inputs=BILLING_CHATBOT,
        rationale="Reviewed again.",
    )
    after = find("classification", [system])[(system.pk, "")][0]
    assert after.fingerprint != before.fingerprint
    assert after.label.startswith("Classified medium")


def screening(system, person, **fields):
    values = {
        "affects_access": True,
        "physical_safety_risk": False,
        "public_authority_annex_iii": False,
        "legal_effect": False,
        "presumed_high_risk": True,
        "category": "high_risk",
    }
    return AIActScreening.objects.create(system=system, decided_by=person, **values | fields)


def test_the_latest_screening_stands_and_an_earlier_one_is_superseded(personas):
    system = AISystemFactory(ai_act_category="high_risk")
    older = screening(system, personas.legal, decided_at=timezone.now() - timedelta(days=60))
    latest = screening(system, personas.legal)
    first, second = find("ai_act_screening", [system])[(system.pk, "")]
    assert (first.record_id, first.current) == (str(latest.pk), True)
    assert (second.record_id, second.current) == (str(older.pk), False)
    assert first.fingerprint != second.fingerprint
    assert find("ai_act_screening", [AISystemFactory()]) == {}


def test_a_screening_no_longer_describing_the_system_does_not_count(personas):
    system = AISystemFactory(ai_act_category="high_risk", legal_effect_decisions=True)
    screening(system, personas.legal, legal_effect=False)
    [item] = find("ai_act_screening", [system])[(system.pk, "")]
    assert not item.current and "changed since" in item.why_not_current


# --- a fixed number of queries ----------------------------------------------------------------


def systems_with_everything(count: int) -> list:
    person = UserFactory()
    bias = ControlDefinition.objects.get(key="bias-testing")
    systems = []
    for _ in range(count):
        system = AISystemFactory(ai_act_category="high_risk")
        control = SystemControl.objects.create(system=system, control=bias, status="implemented")
        ControlEvidence.objects.create(
            control=control, evidence=EvidenceFileFactory(), added_by=person
        )
        request = passed_request(system)
        GateArtifactFactory(request=request, requirement="red-team-report")
        screening(system, person)
        systems.append(system)
    return systems


@pytest.mark.parametrize("count", [1, 20])
def test_every_kind_answers_for_many_systems_in_a_fixed_number_of_queries(
    count, django_assert_num_queries
):
    systems = systems_with_everything(count)
    asked = [
        ("control", "bias-testing"),
        ("gate_passed", "pre-deployment-security-review"),
        ("gate_artifact", "red-team-report"),
        ("classification", ""),
        ("ai_act_screening", ""),
    ]
    pks = [system.pk for system in systems]
    # control: controls and their files; one query for each other kind.
    with django_assert_num_queries(6):
        found = evidence_found(asked, pks, timezone.localdate())
    assert len(found["control"]) == len(found["gate_passed"]) == count
    assert len(found["gate_artifact"]) == len(found["ai_act_screening"]) == count
