"""The compliance API (issue 19 section 4): the framework library, a framework's
requirement tree, and a system's coverage read from coverage_for (the same rule as the
compliance page and the packs): the counts and percentage, each requirement's status,
its evidence with the accepted record and its fingerprint, what is missing and where it
is produced. Bad parameters are a 400 naming them; fixed query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compliance.models import Framework, Requirement
from compliance.selectors.coverage import coverage_for, systems_with_facts
from compliance.services.frameworks import framework_store
from compliance.services.library import library_install
from registry.models import AISystem
from tests.compliance.test_system_page import (
    DOC_TYPES,
    accepted,
    filed,
    small_framework,
    system_of,
)
from tests.factories import AISystemFactory

pytestmark = pytest.mark.django_db

FRAMEWORKS = "/api/v1/frameworks/"


def compliance_url(system_id: str) -> str:
    return f"/api/v1/systems/{system_id}/compliance/"


def get(api_client, user, url, params=None):
    api_client.force_authenticate(user)
    return api_client.get(url, params or {})


@pytest.fixture
def library(db):
    library_install()  # the shipped frameworks, as the data migration installs them
    return Framework.objects.filter(is_current=True)


def test_the_library_lists_every_framework_with_its_assessable_requirements(
    api_client, personas, library
):
    body = get(api_client, personas.auditor, FRAMEWORKS, {"page_size": 200}).json()
    assert body["count"] == Framework.objects.count() >= 4
    ai_act = next(row for row in body["results"] if row["key"] == "eu-ai-act")
    framework = Framework.objects.get(key="eu-ai-act", is_current=True)
    assert ai_act == {
        "id": framework.pk,
        "key": "eu-ai-act",
        "version": framework.version,
        "name": "EU AI Act",
        "source": "shipped",
        "is_current": True,
        "scope": framework.scope,
        "reviewer_role": "legal",
        "requirements": framework.requirements.filter(assessable=True).count(),
    }
    assert ai_act["requirements"] > 10


def test_the_library_filters_by_key_and_by_current_version(api_client, personas, library):
    nist = Framework.objects.get(key="nist-ai-rmf")
    old = Framework.objects.create(
        key="nist-ai-rmf",
        version="0.9",
        name="NIST AI RMF",
        source="custom",
        reviewer_role="ai_safety",
        is_current=False,
    )
    by_key = get(api_client, personas.auditor, FRAMEWORKS, {"key": "nist-ai-rmf"}).json()
    assert sorted(row["id"] for row in by_key["results"]) == sorted([nist.pk, old.pk])
    older = get(api_client, personas.auditor, FRAMEWORKS, {"current": "false"}).json()
    assert [row["id"] for row in older["results"]] == [old.pk]
    assert older["results"][0]["requirements"] == 0
    current = get(api_client, personas.auditor, FRAMEWORKS, {"current": "true"}).json()
    assert old.pk not in [row["id"] for row in current["results"]]
    assert current["count"] == Framework.objects.filter(is_current=True).count()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"current": "yes"}, "current"),
        ({"key": "eu ai act"}, "key"),
        ({"key": ""}, "key"),
        ({"page": "0"}, "page"),
        ({"page_size": "500"}, "page_size"),
    ],
)
def test_a_parameter_the_library_cannot_read_is_a_400_naming_it(
    api_client, personas, library, params, field
):
    response = get(api_client, personas.auditor, FRAMEWORKS, params)
    assert response.status_code == 400
    assert field in response.json()


def test_one_framework_and_a_missing_one(api_client, personas, library):
    framework = Framework.objects.get(key="iso-42001", is_current=True)
    body = get(api_client, personas.board, f"{FRAMEWORKS}{framework.pk}/").json()
    assert body["key"] == "iso-42001" and body["reviewer_role"] == "ciso"
    assert get(api_client, personas.board, f"{FRAMEWORKS}999999/").status_code == 404
    missing = get(api_client, personas.board, f"{FRAMEWORKS}999999/requirements/")
    assert missing.status_code == 404


def test_the_requirement_tree_in_order_with_each_parent_named(api_client, personas, library):
    framework = Framework.objects.get(key="nist-ai-rmf", is_current=True)
    url = f"{FRAMEWORKS}{framework.pk}/requirements/"
    body = get(api_client, personas.auditor, url, {"page_size": 200}).json()
    assert body["count"] == framework.requirements.count()
    rows = {row["ref_id"]: row for row in body["results"]}
    child = Requirement.objects.filter(framework=framework, parent__isnull=False).first()
    assert rows[child.ref_id]["parent"] == child.parent.ref_id
    assert rows[child.parent.ref_id]["assessable"] is False
    top = Requirement.objects.filter(framework=framework, parent__isnull=True).first()
    assert rows[top.ref_id]["parent"] is None
    assert body["results"][0]["ref_id"] == top.ref_id  # the tree's order
    assessable = next(r for r in body["results"] if r["assessable"])
    assert assessable["evidence"] and {"kind", "detail", "label"} == set(assessable["evidence"][0])
    second = get(api_client, personas.auditor, url, {"page_size": 5, "page": 2}).json()
    assert [r["ref_id"] for r in second["results"]] == [r["ref_id"] for r in body["results"][5:10]]


def test_a_systems_coverage_counts_names_the_record_and_what_is_missing(api_client, personas):
    framework = small_framework(personas.admin, requirements=3)
    system = system_of(personas)
    document = filed(personas, system, DOC_TYPES[0][0])
    accepted(personas, system, framework, "T-1", document)
    filed(personas, system, DOC_TYPES[1][0])  # present, not decided yet
    body = get(api_client, personas.auditor, compliance_url(system.system_id)).json()
    assert body["system"] == system.system_id
    assert body["as_of"] == timezone.localdate().isoformat()
    [shown] = body["frameworks"]
    assert {k: shown[k] for k in ("framework", "version", "name")} == {
        "framework": "test-fw",
        "version": "1",
        "name": "Test framework",
    }
    assert (shown["applicable"], shown["met"], shown["partial"], shown["gaps"]) == (3, 1, 0, 2)
    assert (shown["review_needed"], shown["not_applicable"]) == (0, 0)
    assert shown["percentage"] == 33  # 1 of 3, DOMAIN.md 3
    met, awaiting, gap = shown["requirements"]
    assert (met["ref_id"], met["status"], met["missing"]) == ("T-1", "met", [])
    [item] = met["evidence"]
    assert item["state"] == "accepted"
    assert item["record"]["type"] == "compliance.compliancedocument"
    assert item["record"]["id"] == str(document.pk)
    assert item["record"]["fingerprint"] == document.evidence.sha256
    assert awaiting["status"] == "gap" and awaiting["evidence"][0]["state"] == "awaiting_review"
    assert gap["evidence"][0]["record"] is None
    [missing] = gap["missing"]
    assert missing["label"] == DOC_TYPES[2][1] and missing["kind"] == "document"
    assert missing["produce_url"].endswith(f"/{system.system_id}/documents/")


def test_the_api_gives_what_the_one_coverage_reader_gives(api_client, personas, library):
    """Every framework's counts and percentage as coverage_for has them (the page's and
    the pack's reader): the shipped library over a high-risk provider system."""
    system = AISystemFactory(
        system_id="SYS-050",
        owner_team=personas.people_ops,
        risk_tier="high",
        ai_act_category="high_risk",
        ai_act_role="provider",
        regulatory_scope=["eu_ai_act"],
    )
    body = get(api_client, personas.auditor, compliance_url("SYS-050")).json()
    systems = list(systems_with_facts(AISystem.objects.filter(pk=system.pk)))
    expected = coverage_for(systems, timezone.localdate())[system.pk]
    assert [f["framework"] for f in body["frameworks"]] == [c.framework.key for c in expected]
    for shown, coverage in zip(body["frameworks"], expected, strict=True):
        assert shown["percentage"] == coverage.percentage
        assert shown["applicable"] == coverage.applicable == len(shown["requirements"])
        assert [r["status"] for r in shown["requirements"]] == [r.status for r in coverage.rows]
    ai_act = next(f for f in body["frameworks"] if f["framework"] == "eu-ai-act")
    assert ai_act["applicable"] > 0 and ai_act["percentage"] == 0
    art9 = next(r for r in ai_act["requirements"] if r["ref_id"] == "Art. 9")
    assert art9["status"] == "gap" and art9["missing"]


def test_a_missing_or_unknown_system_is_a_404(api_client, personas):
    small_framework(personas.admin)
    assert get(api_client, personas.auditor, compliance_url("SYS-404")).status_code == 404


def test_people_without_a_role_and_visitors_are_refused(api_client, personas):
    small_framework(personas.admin)
    system = system_of(personas)
    assert get(api_client, personas.outsider, compliance_url(system.system_id)).status_code == 403
    assert get(api_client, personas.outsider, FRAMEWORKS).status_code == 403
    api_client.force_authenticate(None)
    assert api_client.get(compliance_url(system.system_id)).status_code in (401, 403)


def queries(api_client, url) -> int:
    assert api_client.get(url).status_code == 200  # warm the session's caches
    with CaptureQueriesContext(connection) as captured:
        assert api_client.get(url).status_code == 200
    return len(captured)


def test_the_coverage_costs_the_same_queries_at_one_and_at_five_requirements(api_client, personas):
    system = system_of(personas)
    api_client.force_authenticate(personas.auditor)
    small_framework(personas.admin, requirements=1)
    accepted(
        personas,
        system,
        Framework.objects.get(is_current=True),
        "T-1",
        filed(personas, system, DOC_TYPES[0][0]),
    )
    one = queries(api_client, compliance_url(system.system_id))
    framework = small_framework(personas.admin, requirements=5, key="test-fw-5")
    for n, (doc_type, _) in enumerate(DOC_TYPES):
        document = filed(personas, system, doc_type) if n else None
        if document is not None:
            accepted(personas, system, framework, f"T-{n + 1}", document)
    assert queries(api_client, compliance_url(system.system_id)) == one


def test_the_library_costs_the_same_queries_at_any_size(api_client, personas):
    api_client.force_authenticate(personas.auditor)
    first = framework_store(actor=personas.admin, data=_framework("a"), source="custom")
    few = queries(api_client, FRAMEWORKS)
    few_requirements = queries(api_client, f"{FRAMEWORKS}{first.pk}/requirements/")
    for key in "bcdefg":
        framework_store(actor=personas.admin, data=_framework(key, size=8), source="custom")
    assert queries(api_client, FRAMEWORKS) == few
    last = Framework.objects.get(key="fw-g")
    assert queries(api_client, f"{FRAMEWORKS}{last.pk}/requirements/") == few_requirements


def _framework(key: str, size: int = 1):
    from compliance.rules.library import EvidenceItem, FrameworkData, RequirementData

    return FrameworkData(
        key=f"fw-{key}",
        version="1",
        name=f"Framework {key}",
        reviewer_role="legal",
        requirements=[
            RequirementData(
                ref_id=f"R-{n}",
                title=f"Requirement {n}",
                evidence=[EvidenceItem("document", DOC_TYPES[0][0], "A procedure")],
            )
            for n in range(size)
        ],
    )
