"""Documents filed as compliance evidence (issue 19, section 2): a system's owner files
a document of a type through core's evidence upload, the `document` kind finds it, the
reviewer accepts it, and its expiry (or taking it off) makes it stop counting. The
organisation's documents count for every system. Who may not file is refused (403);
bad input is a 400 naming the field."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from compliance.models import ComplianceDocument
from core.models import AuditEvent
from tests.compliance.test_system_page import page, small_framework, system_of
from tests.factories import evidence_upload

pytestmark = pytest.mark.django_db


def documents_url(system=None):
    if system is None:
        return reverse("compliance:documents")
    return reverse("compliance:system_documents", args=[system.system_id])


def form(doc_type="human-oversight-procedure", title="Oversight procedure", **extra):
    data = {
        "document_type": doc_type,
        "title": title,
        "file": evidence_upload("oversight.pdf"),
        "applies_from": "",
        "expires_on": "",
    }
    return data | extra


def test_the_owner_files_a_document_and_the_page_finds_it(client, personas):
    small_framework(personas.admin)
    system = system_of(personas)
    client.force_login(personas.owner)
    shown = client.get(documents_url(system)).content.decode()
    assert "No document filed yet" in shown and "File the document" in shown
    assert "Human oversight procedure" in shown  # the type, with its help
    response = client.post(documents_url(system), form())
    assert response.status_code == 302
    document = ComplianceDocument.objects.select_related("evidence").get()
    assert (document.system, document.scope, document.document_type) == (
        system,
        "system",
        "human-oversight-procedure",
    )
    assert document.evidence.safe_name == "oversight.pdf"
    assert AuditEvent.objects.filter(action="compliance_document.created").count() == 1
    listed = client.get(documents_url(system)).content.decode()
    assert "Oversight procedure" in listed and "Counts" in listed
    text = page(client, personas.legal, system).content.decode()
    assert "Offered: <a" in text and "Oversight procedure (oversight.pdf)" in text


def test_an_expired_document_makes_the_item_missing(client, personas):
    small_framework(personas.admin)
    system = system_of(personas)
    today = timezone.localdate()
    client.force_login(personas.owner)
    old = form(
        applies_from=(today - timedelta(days=365)).isoformat(),
        expires_on=(today - timedelta(days=1)).isoformat(),
    )
    assert client.post(documents_url(system), old).status_code == 302
    assert "Expired" in client.get(documents_url(system)).content.decode()
    text = page(client, personas.legal, system).content.decode()
    assert "Missing" in text and "expired on" in text
    assert 'value="accept"' not in text  # nothing left to accept


def test_bad_input_names_the_field(client, personas):
    small_framework(personas.admin)
    system = system_of(personas)
    client.force_login(personas.owner)
    no_type = client.post(documents_url(system), form(doc_type=""))
    assert no_type.status_code == 400
    assert "Type of document: This field is required." in no_type.content.decode()
    policy = client.post(documents_url(system), form(doc_type="ai-governance-policy"))
    assert policy.status_code == 400
    assert "Type of document: Select a valid choice." in policy.content.decode()
    dates = form(applies_from="2026-05-02", expires_on="2026-05-01")
    backwards = client.post(documents_url(system), dates)
    assert backwards.status_code == 400
    assert "Expires on: The expiry date is before" in backwards.content.decode()
    empty = form() | {"file": evidence_upload("empty.pdf", b"")}
    answer = client.post(documents_url(system), empty)
    assert answer.status_code == 400 and "Evidence file:" in answer.content.decode()
    htmx = client.post(documents_url(system), form(title=""), headers={"HX-Request": "true"})
    assert htmx.status_code == 400
    assert "<html" not in htmx.content.decode() and "Title: This field" in htmx.content.decode()
    assert not ComplianceDocument.objects.exists()


@pytest.mark.parametrize("who", ["auditor", "legal", "owner2"])
def test_who_does_not_change_the_system_may_not_file(client, personas, who):
    system = system_of(personas)
    client.force_login(getattr(personas, who))
    shown = client.get(documents_url(system))
    assert shown.status_code == 200 and "File the document" not in shown.content.decode()
    assert client.post(documents_url(system), form()).status_code == 403
    assert not ComplianceDocument.objects.exists()


def test_taking_a_document_off(client, personas):
    system = system_of(personas)
    client.force_login(personas.owner)
    client.post(documents_url(system), form())
    document = ComplianceDocument.objects.get()
    url = reverse("compliance:system_document_remove", args=[system.system_id, document.pk])
    client.force_login(personas.auditor)
    assert client.post(url).status_code == 403
    client.force_login(personas.owner)
    assert client.post(url).status_code == 302
    document.refresh_from_db()
    assert document.removed_at is not None
    assert "No document filed yet" in client.get(documents_url(system)).content.decode()
    assert client.post(url).status_code == 404


def test_an_organisation_policy_counts_for_every_system(client, personas):
    from compliance.models import Framework
    from compliance.rules.library import EvidenceItem, FrameworkData, RequirementData
    from compliance.services.frameworks import framework_store

    Framework.objects.filter(is_current=True).update(is_current=False)
    framework_store(
        actor=personas.admin,
        data=FrameworkData(
            key="policy-fw",
            version="1",
            name="Policy framework",
            reviewer_role="legal",
            requirements=[
                RequirementData(
                    ref_id="P-1",
                    title="A governance policy",
                    evidence=[
                        EvidenceItem("document", "ai-governance-policy", "AI governance policy")
                    ],
                )
            ],
        ),
        source="custom",
    )
    system = system_of(personas)
    gap = page(client, personas.auditor, system).content.decode()
    assert f'href="{documents_url()}?type=ai-governance-policy"' in gap
    client.force_login(personas.ciso)
    chosen = client.get(documents_url(), {"type": "ai-governance-policy"}).content.decode()
    assert '<option value="ai-governance-policy" selected>' in chosen
    client.force_login(personas.owner)
    assert client.post(documents_url(), form("ai-governance-policy")).status_code == 403
    client.force_login(personas.ciso)
    assert client.post(documents_url(), form("human-oversight-procedure")).status_code == 400
    assert client.post(documents_url(), form("ai-governance-policy", "Policy")).status_code == 302
    assert ComplianceDocument.objects.get().scope == "organisation"
    assert "Policy" in client.get(documents_url(system)).content.decode()
    text = page(client, personas.legal, system).content.decode()
    assert "Offered: <a" in text and "Policy (oversight.pdf)" in text
