"""A system's compliance page and its panel on the registry's system page (issue 19,
section 2): what a reader sees for a system without evidence and with it, the gaps with
where their evidence is produced, the filter by status, and a fixed number of queries
whatever the number of requirements and records."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compliance.models import Framework
from compliance.rules.library import EvidenceItem, FrameworkData, RequirementData
from compliance.services.acceptances import evidence_decide
from compliance.services.documents import document_file
from compliance.services.frameworks import framework_store
from tests.factories import evidence_upload, people_ops_system

pytestmark = pytest.mark.django_db

DOC_TYPES = (
    ("human-oversight-procedure", "Human oversight procedure"),
    ("architecture-documentation", "Architecture documentation"),
    ("monitoring-plan", "Monitoring plan"),
    ("override-mechanism", "Override mechanism documentation"),
    ("operator-training-records", "Operator training records"),
)


def small_framework(admin, requirements: int = 2, key: str = "test-fw") -> Framework:
    """A framework of our own for every system (no scope), reviewed by Legal: each
    requirement asks for one document of a type. The shipped frameworks are made
    not current, so the page shows this one alone."""
    Framework.objects.filter(is_current=True).update(is_current=False)
    data = FrameworkData(
        key=key,
        version="1",
        name="Test framework",
        reviewer_role="legal",
        requirements=[
            RequirementData(
                ref_id=f"T-{n + 1}",
                title=f"{label} in place",
                evidence=[EvidenceItem("document", doc_type, label)],
            )
            for n, (doc_type, label) in enumerate(DOC_TYPES[:requirements])
        ],
    )
    return framework_store(actor=admin, data=data, source="custom")


def system_of(personas):
    """SYS-001 of People Ops (owner: personas.owner)."""
    return people_ops_system(personas, risk_tier="high", regulatory_scope=["eu_ai_act"])


def filed(personas, system, doc_type: str, **dates):
    return document_file(
        actor=personas.owner,
        system=system,
        document_type=doc_type,
        title=f"{doc_type} v1",
        upload=evidence_upload(f"{doc_type}.pdf"),
        **dates,
    )


def accepted(personas, system, framework, ref_id: str, document):
    requirement = framework.requirements.get(ref_id=ref_id)
    return evidence_decide(
        actor=personas.legal,
        system=system,
        requirement=requirement,
        item=0,
        record_type="compliance.compliancedocument",
        record_id=str(document.pk),
        accepted=True,
    )


def page(client, user, system, **params):
    client.force_login(user)
    url = reverse("compliance:system_compliance", args=[system.system_id])
    return client.get(url, params)


def test_without_evidence_every_requirement_is_a_gap_with_where_to_produce_it(client, personas):
    small_framework(personas.admin)
    system = system_of(personas)
    response = page(client, personas.auditor, system)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Test framework" in text
    assert "0% met" in text
    assert "T-1 Human oversight procedure in place" in text
    assert text.count(">Gap</span>") == 2
    assert "Still needed: Human oversight procedure." in text
    documents = reverse("compliance:system_documents", args=[system.system_id])
    assert f'href="{documents}?type=human-oversight-procedure"' in text
    assert 'id="framework-test-fw"' in text


def test_with_evidence_the_accepted_record_and_the_percentage_show(client, personas):
    framework = small_framework(personas.admin)
    system = system_of(personas)
    oversight = filed(personas, system, "human-oversight-procedure")
    filed(personas, system, "architecture-documentation")
    accepted(personas, system, framework, "T-1", oversight)
    text = page(client, personas.auditor, system).content.decode()
    assert "50% met" in text
    assert "1 of 2 applicable requirements" in text
    assert ">Met</span>" in text
    assert "Accepted: <a" in text and "human-oversight-procedure v1" in text
    # T-2's document is there but nobody accepted it yet: not met, no "still needed".
    assert "Present, awaiting review" in text
    assert "Awaiting review by Legal:" in text
    assert "Still needed" not in text


def test_a_system_nothing_applies_to_says_so(client, personas):
    Framework.objects.filter(is_current=True).update(is_current=False)
    system = system_of(personas)
    text = page(client, personas.auditor, system).content.decode()
    assert "Nothing applies" in text
    assert "% met" not in text


def test_the_filter_shows_one_status(client, personas):
    framework = small_framework(personas.admin)
    system = system_of(personas)
    accepted(
        personas, system, framework, "T-1", filed(personas, system, "human-oversight-procedure")
    )
    gaps = page(client, personas.auditor, system, status="gap").content.decode()
    assert "T-2 Architecture documentation in place" in gaps
    assert "T-1 Human oversight procedure in place" not in gaps
    met = page(client, personas.auditor, system, status="met").content.decode()
    assert "T-1 Human oversight procedure in place" in met
    assert "T-2 Architecture" not in met
    # An unknown status shows everything rather than failing.
    assert "T-2 Architecture" in page(client, personas.auditor, system, status="x").content.decode()


def test_an_expired_document_reads_missing_with_the_reason(client, personas):
    small_framework(personas.admin)
    system = system_of(personas)
    today = timezone.localdate()
    filed(
        personas,
        system,
        "human-oversight-procedure",
        applies_from=today - timedelta(days=400),
        expires_on=today - timedelta(days=1),
    )
    text = page(client, personas.auditor, system).content.decode()
    assert "Missing" in text
    assert f"expired on {(today - timedelta(days=1)).isoformat()}" in text
    assert "Still needed: Human oversight procedure." in text


def test_one_who_is_no_member_is_refused_and_an_unknown_system_is_404(client, personas):
    small_framework(personas.admin)
    system = system_of(personas)
    assert page(client, personas.outsider, system).status_code == 403
    client.force_login(personas.auditor)
    missing = reverse("compliance:system_compliance", args=["SYS-999"])
    assert client.get(missing).status_code == 404


def _queries(client, user, system) -> int:
    client.force_login(user)
    url = reverse("compliance:system_compliance", args=[system.system_id])
    client.get(url)  # warm the session and the user's roles
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_at_1_and_5_requirements_and_records(client, personas):
    framework = small_framework(personas.admin, requirements=1, key="one")
    system = system_of(personas)
    accepted(personas, system, framework, "T-1", filed(personas, system, DOC_TYPES[0][0]))
    one = _queries(client, personas.legal, system)

    framework = small_framework(personas.admin, requirements=5, key="five")
    for n, (doc_type, _label) in enumerate(DOC_TYPES):
        document = filed(personas, system, doc_type) if n else None
        if n % 2:
            accepted(personas, system, framework, f"T-{n + 1}", document)
    five = _queries(client, personas.legal, system)
    assert one == five, (one, five)


def test_the_panel_gives_each_framework_s_percentage_and_a_link(client, personas):
    framework = small_framework(personas.admin)
    system = system_of(personas)
    accepted(
        personas, system, framework, "T-1", filed(personas, system, "human-oversight-procedure")
    )
    client.force_login(personas.auditor)
    url = reverse("compliance:system_panel", args=[system.system_id])
    panel = client.get(url, headers={"HX-Request": "true"})
    assert panel.status_code == 200
    text = panel.content.decode()
    assert "<html" not in text
    assert "Test framework</a>: <strong>50% met</strong>" in text
    page_url = reverse("compliance:system_compliance", args=[system.system_id])
    assert f'href="{page_url}#framework-test-fw"' in text
    # Without htmx it is a page of its own.
    assert "<html" in client.get(url).content.decode()
    # The registry's system page loads it (core.panels), naming nothing of compliance.
    detail = client.get(reverse("registry:system_detail", args=[system.system_id]))
    assert f'hx-get="{url}"' in detail.content.decode()


def test_with_the_shipped_library_a_high_risk_provider_sees_each_framework(client, personas):
    """The shipped frameworks (installed by migration), every app's evidence kind asked:
    the page names each framework that applies and links each gap to where it is made."""
    names = set(Framework.objects.filter(is_current=True).values_list("name", flat=True))
    system = people_ops_system(
        personas,
        risk_tier="high",
        ai_act_category="high_risk",
        ai_act_role="provider",
        regulatory_scope=["eu_ai_act"],
        processes_eu_personal_data=True,
    )
    response = page(client, personas.legal, system)
    assert response.status_code == 200
    text = response.content.decode()
    shown = {name for name in names if f">{name}</a>" in text}
    assert "EU AI Act" in shown and len(shown) >= 2
    assert "Where it is produced" in text
    assert "0% met" in text
