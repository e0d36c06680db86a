"""OSCAL results out (issue 19, section 3): a system's coverage as OSCAL assessment
results, each applicable requirement a finding (satisfied when met, not-satisfied
otherwise), observations citing the accepted evidence with its SHA-256, the
organisation's legal name, times in UTC; parsed back and validated by trestle."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from trestle.oscal import OSCAL_VERSION
from trestle.oscal.assessment_results import AssessmentResults

from compliance.models import Requirement
from compliance.rules.library import EvidenceItem, FrameworkData, RequirementData
from compliance.selectors.oscal import system_oscal_json
from compliance.services.acceptances import evidence_decide
from compliance.services.frameworks import framework_store
from core.evidence_kinds import evidence_found
from registry import services
from registry.services.control_evidence import control_evidence_attach
from tests.factories import EvidenceFileFactory, classified_system, organisation_profile

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 7, 10, 30, tzinfo=UTC)


def small_framework(actor):
    """Two requirements for every system: one met by the bias-testing control, one that
    asks for a document nobody filed, and a group above them."""
    bias = EvidenceItem("control", "bias-testing", "Bias testing results")
    policy = EvidenceItem("document", "oscal-test-policy", "AI policy")
    data = FrameworkData(
        key="oscal-test",
        version="1",
        name="OSCAL test framework",
        reviewer_role="legal",
        requirements=[
            RequirementData("G", "Group", assessable=False),
            RequirementData("T.1", "Bias is tested", parent="G", evidence=[bias]),
            RequirementData("T.2", "A policy exists", parent="G", evidence=[policy]),
        ],
    )
    return framework_store(actor=actor, data=data, source="custom")


def bias_testing_accepted(personas, system):
    control = system.controls.get(control__key="bias-testing")
    control_evidence_attach(actor=personas.safety, control=control, evidence=EvidenceFileFactory())
    services.control_update(actor=personas.safety, control=control, status="implemented")
    requirement = Requirement.objects.get(framework__key="oscal-test", ref_id="T.1")
    [record] = evidence_found([("control", "bias-testing")], [system.pk], timezone.localdate())[
        "control"
    ][(system.pk, "bias-testing")]
    evidence_decide(
        actor=personas.legal,
        system=system,
        requirement=requirement,
        item=0,
        record_type=record.record_type,
        record_id=record.record_id,
        accepted=True,
    )
    return record


@pytest.fixture
def assessed(personas):
    organisation_profile(legal_name="Example Insurance GmbH")
    system = classified_system(personas)
    small_framework(personas.admin)
    record = bias_testing_accepted(personas, system)
    return system, record


def our_result(document: dict) -> dict:
    [result] = [
        r
        for r in document["assessment-results"]["results"]
        if r["title"] == "OSCAL test framework (1)"
    ]
    return result


def test_the_results_validate_with_trestle_and_name_the_organisation(assessed):
    system, _record = assessed
    text = system_oscal_json(system, now=NOW, base_url="https://portal.example.org/")
    document = json.loads(text)
    model = AssessmentResults.model_validate(document["assessment-results"])
    assert document["assessment-results"]["metadata"]["oscal-version"] == OSCAL_VERSION == "1.2.1"
    assert [p.name for p in model.metadata.parties] == ["Example Insurance GmbH"]
    assert model.metadata.title == "Compliance of SYS-001 Resume screener"
    raw = document["assessment-results"]
    assert raw["metadata"]["last-modified"] == "2026-12-07T10:30:00+00:00"
    assert our_result(document)["start"] == "2026-12-07T10:30:00+00:00"


def test_each_applicable_requirement_is_a_finding_satisfied_only_when_met(assessed):
    system, _record = assessed
    document = json.loads(system_oscal_json(system, now=NOW, base_url="https://p.example"))
    result = our_result(document)
    targets = {f["target"]["title"]: f["target"] for f in result["findings"]}
    assert set(targets) == {"T.1", "T.2"}  # the group is no finding
    assert targets["T.1"]["status"] == {"state": "satisfied", "remarks": "met"}
    assert targets["T.2"]["status"] == {"state": "not-satisfied", "remarks": "gap"}
    assert targets["T.1"]["target-id"] == "oscal-test_T.1"
    gap = next(f for f in result["findings"] if f["target"]["title"] == "T.2")
    assert "Still needed: AI policy." in gap["description"]
    assert result["description"] == "1 of 2 applicable requirements met."


def test_an_observation_cites_the_accepted_record_with_its_sha256(assessed):
    system, record = assessed
    document = json.loads(system_oscal_json(system, now=NOW, base_url="https://p.example/"))
    result = our_result(document)
    [observation] = result["observations"]
    met = next(f for f in result["findings"] if f["target"]["title"] == "T.1")
    assert met["related-observations"] == [{"observation-uuid": observation["uuid"]}]
    [evidence] = observation["relevant-evidence"]
    assert evidence["description"] == record.label
    assert evidence["href"] == f"https://p.example{record.url}"
    resource_id = evidence["links"][0]["href"].removeprefix("#")
    resources = document["assessment-results"]["back-matter"]["resources"]
    [resource] = [r for r in resources if r["uuid"] == resource_id]
    assert resource["rlinks"][0]["hashes"] == [
        {"algorithm": "SHA-256", "value": record.fingerprint}
    ]
    assert len(record.fingerprint) == 64


def test_the_api_and_the_download_answer_with_the_same_document(
    assessed, personas, api_client, client
):
    system, _record = assessed
    api_client.force_authenticate(personas.auditor)
    answer = api_client.get(f"/api/v1/systems/{system.system_id}/compliance/oscal")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/json"
    AssessmentResults.model_validate(answer.json()["assessment-results"])
    assert our_result(answer.json())["findings"]
    client.force_login(personas.auditor)
    page = client.get(reverse("compliance:system_oscal", args=[system.system_id]))
    assert page.status_code == 200
    assert page["Content-Disposition"] == (
        'attachment; filename="SYS-001-oscal-assessment-results.json"'
    )
    AssessmentResults.model_validate(json.loads(page.content)["assessment-results"])


def test_an_unknown_system_is_a_404_and_strangers_are_refused(assessed, api_client):
    from tests.factories import UserFactory

    api_client.force_authenticate(UserFactory())
    assert api_client.get("/api/v1/systems/SYS-001/compliance/oscal/").status_code == 403
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/systems/SYS-001/compliance/oscal/").status_code in (401, 403)


def test_an_unknown_system_is_not_found(personas, api_client):
    api_client.force_authenticate(personas.auditor)
    assert api_client.get("/api/v1/systems/SYS-404/compliance/oscal/").status_code == 404


def test_the_compliance_page_links_the_download(assessed, personas, client):
    system, _record = assessed
    client.force_login(personas.auditor)
    page = client.get(reverse("compliance:system_compliance", args=[system.system_id]))
    assert reverse("compliance:system_oscal", args=[system.system_id]) in page.content.decode()
