"""A reviewer's decisions on a system's compliance page (issue 19, section 2): Legal, the
framework's reviewer, accepts or refuses a document offered as evidence and finds a
requirement not applicable; the page computes the new percentage at once. The system's
owners, an auditor and a reviewer of another framework see no form and are refused
(403) whatever they post. Bad input is a 400 naming the field."""

from __future__ import annotations

import pytest
from django.urls import reverse

from compliance.models import EvidenceAcceptance, NotApplicable
from tests.compliance.test_system_page import accepted, filed, page, small_framework, system_of

pytestmark = pytest.mark.django_db

RECORD = "compliance.compliancedocument"


@pytest.fixture
def offered(personas):
    """Test framework (Legal reviews), SYS-001 with its oversight procedure filed."""
    framework = small_framework(personas.admin)
    system = system_of(personas)
    document = filed(personas, system, "human-oversight-procedure")
    return framework, system, document


def decide_url(system, framework, ref_id="T-1", item=0):
    requirement = framework.requirements.get(ref_id=ref_id)
    return reverse("compliance:evidence_decision", args=[system.system_id, requirement.pk, item])


def decision(document, choice="accept", note=""):
    return {"record_type": RECORD, "record_id": str(document.pk), "decision": choice, "note": note}


def test_the_reviewer_accepts_and_the_percentage_moves(client, personas, offered):
    framework, system, document = offered
    before = page(client, personas.legal, system).content.decode()
    assert "0% met" in before
    assert 'value="accept"' in before and 'value="refuse"' in before
    response = client.post(decide_url(system, framework), decision(document))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#req-{framework.requirements.get(ref_id='T-1').pk}")
    stored = EvidenceAcceptance.objects.get()
    assert (stored.decision, stored.decided_by, stored.record_id) == (
        "accepted",
        personas.legal,
        str(document.pk),
    )
    after = page(client, personas.legal, system).content.decode()
    assert "50% met" in after


def test_with_htmx_the_answer_reloads_the_page_where_it_is(client, personas, offered):
    """A reload, not a redirect to an anchor of the same page (that would only scroll,
    leaving the old percentage shown)."""
    framework, system, document = offered
    client.force_login(personas.legal)
    response = client.post(
        decide_url(system, framework), decision(document), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true" and "HX-Redirect" not in response
    assert "T-1: " in page(client, personas.legal, system).content.decode()  # the message


def test_a_refusal_needs_a_note(client, personas, offered):
    framework, system, document = offered
    client.force_login(personas.legal)
    response = client.post(decide_url(system, framework), decision(document, "refuse"))
    assert response.status_code == 400
    assert "Note: Say why the record does not stand as this evidence." in response.content.decode()
    assert not EvidenceAcceptance.objects.exists()
    htmx = client.post(
        decide_url(system, framework),
        decision(document, "refuse"),
        headers={"HX-Request": "true"},
    )
    assert htmx.status_code == 400
    assert "<html" not in htmx.content.decode() and "Note:" in htmx.content.decode()
    refused = client.post(
        decide_url(system, framework), decision(document, "refuse", "Not signed.")
    )
    assert refused.status_code == 302
    assert EvidenceAcceptance.objects.get().decision == "rejected"
    text = page(client, personas.legal, system).content.decode()
    assert "0% met" in text and ">Gap</span>" in text


def test_bad_input_names_its_field(client, personas, offered):
    framework, system, document = offered
    client.force_login(personas.legal)
    unknown = client.post(decide_url(system, framework), decision(document, "maybe"))
    assert unknown.status_code == 400
    assert "Decision: Select a valid choice." in unknown.content.decode()
    other = decision(document) | {"record_id": "999999"}
    response = client.post(decide_url(system, framework), other)
    assert response.status_code == 400
    assert "record: This record does not stand as" in response.content.decode()
    assert client.post(decide_url(system, framework, item=5), decision(document)).status_code == 404


@pytest.mark.parametrize("who", ["owner", "auditor", "safety", "admin"])
def test_others_see_no_form_and_are_refused(client, personas, offered, who):
    """The system's owner, an auditor, the AI safety lead (NIST's reviewer, not this
    framework's) and an administrator: no form on the page, 403 on a post."""
    framework, system, document = offered
    user = getattr(personas, who)
    text = page(client, user, system).content.decode()
    assert 'value="accept"' not in text
    assert "Not applicable to SYS-001?" not in text
    assert client.post(decide_url(system, framework), decision(document)).status_code == 403
    requirement = framework.requirements.get(ref_id="T-1")
    na = reverse("compliance:not_applicable", args=[system.system_id, requirement.pk])
    assert client.post(na, {"justification": "No."}).status_code == 403
    assert not EvidenceAcceptance.objects.exists() and not NotApplicable.objects.exists()


def test_legal_owning_the_system_is_refused(client, personas, offered):
    """A reviewer who is one of the system's owners never accepts its evidence."""
    from core.choices import Role
    from core.models import RoleAssignment

    framework, system, document = offered
    RoleAssignment.objects.create(
        user=personas.legal, role=Role.PRODUCT_OWNER, team=personas.people_ops
    )
    client.force_login(personas.legal)
    assert client.post(decide_url(system, framework), decision(document)).status_code == 403


def test_not_applicable_needs_a_justification_and_can_be_withdrawn(client, personas, offered):
    framework, system, _document = offered
    requirement = framework.requirements.get(ref_id="T-2")
    url = reverse("compliance:not_applicable", args=[system.system_id, requirement.pk])
    client.force_login(personas.legal)
    empty = client.post(url, {"justification": "  "})
    assert empty.status_code == 400
    assert "Why it does not apply:" in empty.content.decode()
    assert client.post(url, {"justification": "Runs no architecture."}).status_code == 302
    text = page(client, personas.auditor, system).content.decode()
    assert "Not applicable: Runs no architecture." in text
    assert "0% met" in text and "0 of 1 applicable requirement." in text
    client.force_login(personas.legal)
    withdraw = reverse(
        "compliance:not_applicable_withdraw", args=[system.system_id, requirement.pk]
    )
    assert client.post(withdraw).status_code == 302
    assert NotApplicable.objects.get().withdrawn_at is not None
    assert "0 of 2 applicable requirements" in page(client, personas.legal, system).content.decode()
    client.force_login(personas.legal)
    assert client.post(withdraw).status_code == 404


def test_a_changed_document_sends_the_requirement_back_to_review(client, personas, offered):
    """The accepted document taken off: the item needs review, with the reason."""
    from compliance.services.documents import document_remove

    framework, system, document = offered
    accepted(personas, system, framework, "T-1", document)
    document_remove(actor=personas.owner, document=document)
    text = page(client, personas.legal, system).content.decode()
    assert "Review needed" in text
    assert "Why it needs review:" in text and "no longer stands" in text


def test_a_requirement_that_does_not_apply_takes_no_decision(client, personas, offered):
    """A requirement for critical systems only: SYS-001 (high) is not asked it."""
    from compliance.models import Requirement

    framework, system, document = offered
    Requirement.objects.filter(framework=framework, ref_id="T-1").update(
        applies={"tiers": ["critical"]}
    )
    client.force_login(personas.legal)
    assert client.post(decide_url(system, framework), decision(document)).status_code == 404
    assert "T-1 " not in page(client, personas.legal, system).content.decode()
    assert not EvidenceAcceptance.objects.exists()
