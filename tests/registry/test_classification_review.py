"""Classification by the RACI (DOMAIN.md 2.1): the owner proposes, a reviewer decides."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from core.choices import Role
from core.models import AuditEvent, Notification, RoleAssignment
from core.permissions import forget_roles
from registry import services
from registry.models import AISystem, Classification, SystemControl
from tests.factories import (
    BILLING_CHATBOT,
    DOCUMENT_SUMMARIZER,
    HIRING_SCREENER,
    AISystemFactory,
)

pytestmark = pytest.mark.django_db

# After the systems the tests create (at the real time), so they are older than it.
MONDAY = datetime(2030, 1, 7, 9, tzinfo=UTC)


def propose(personas, system, inputs=HIRING_SCREENER, **kwargs):
    return services.system_classify(
        actor=personas.owner, system=system, inputs=inputs, rationale="Self-assessment.", **kwargs
    ).classification


def active_controls(system) -> int:
    return SystemControl.objects.filter(system=system, retired_at__isnull=True).count()


def stored(system) -> AISystem:
    return AISystem.objects.get(pk=system.pk)


@pytest.fixture
def system(personas):
    return AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)


def test_a_proposal_changes_neither_tier_nor_controls_until_a_safety_lead_confirms(
    personas, system
):
    with time_machine.travel(MONDAY, tick=False):
        outcome = services.system_classify(
            actor=personas.owner, system=system, inputs=HIRING_SCREENER, rationale="Mine."
        )
    proposal = outcome.classification
    assert outcome.proposed and (outcome.added, outcome.retired) == ((), ())
    assert (proposal.status, proposal.score, proposal.tier) == ("proposed", 13, "high")
    assert (stored(system).risk_tier, stored(system).risk_score) == ("", None)
    assert active_controls(system) == 0

    with time_machine.travel(MONDAY + timedelta(hours=2), tick=False):
        confirmed = services.classification_confirm(actor=personas.safety, proposal=proposal)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reviewer, proposal.classified_by) == (
        "effective",
        personas.safety,
        personas.owner,
    )
    assert proposal.reviewed_at == MONDAY + timedelta(hours=2)
    assert (stored(system).risk_tier, stored(system).risk_score) == ("high", 13)
    assert active_controls(system) == 11 == len(confirmed.added)


def test_a_proposal_replaces_nothing_of_an_effective_classification(personas, system):
    services.system_classify(
        actor=personas.safety, system=system, inputs=DOCUMENT_SUMMARIZER, rationale="Low."
    )
    propose(personas, system)
    assert (stored(system).risk_tier, active_controls(system)) == ("low", 3)
    assert list(system.classifications.values_list("status", flat=True)) == [
        "proposed",
        "effective",
    ]


def test_a_product_owner_cannot_confirm_their_own_proposal(personas, system):
    proposal = propose(personas, system)
    with pytest.raises(PermissionDenied):
        services.classification_confirm(actor=personas.owner, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == "proposed" and stored(system).risk_tier == ""


def test_an_owner_who_is_also_a_safety_lead_still_only_proposes(personas, system):
    RoleAssignment.objects.create(user=personas.owner, role=Role.AI_SAFETY)
    forget_roles(personas.owner)
    proposal = propose(personas, system)
    assert proposal.status == "proposed" and stored(system).risk_tier == ""
    with pytest.raises(PermissionDenied):
        services.classification_confirm(actor=personas.owner, proposal=proposal)


def test_nobody_confirms_their_own_proposal_even_after_becoming_a_reviewer(personas, system):
    proposal = propose(personas, system)
    RoleAssignment.objects.filter(user=personas.owner).delete()
    RoleAssignment.objects.create(user=personas.owner, role=Role.ENG_MANAGER)
    forget_roles(personas.owner)
    with pytest.raises(PermissionDenied, match="own proposal"):
        services.classification_confirm(actor=personas.owner, proposal=proposal)
    assert stored(system).risk_tier == ""


def test_a_proposal_made_stale_by_an_edit_of_the_system_cannot_be_confirmed(personas, system):
    with time_machine.travel(MONDAY, tick=False):
        proposal = propose(personas, system)
    with time_machine.travel(MONDAY + timedelta(minutes=5), tick=False):
        services.system_update(
            actor=personas.owner, system=system, data={"deployment_scale": "millions"}
        )
    with pytest.raises(ValidationError) as err:
        services.classification_confirm(actor=personas.safety, proposal=proposal)
    assert "changed after this proposal" in err.value.message_dict["proposal"][0]
    proposal.refresh_from_db()
    assert proposal.status == "proposed" and stored(system).risk_tier == ""


def test_a_proposal_replaced_by_a_newer_one_cannot_be_confirmed(personas, system):
    first = propose(personas, system)
    newer = propose(personas, system, inputs=BILLING_CHATBOT)
    with pytest.raises(ValidationError) as err:
        services.classification_confirm(actor=personas.safety, proposal=first)
    assert "replaced by a newer proposal" in err.value.message_dict["proposal"][0]
    first.refresh_from_db()
    assert first.status == "superseded"
    services.classification_confirm(actor=personas.safety, proposal=newer)
    assert (stored(system).risk_tier, stored(system).risk_score) == ("medium", 11)


def test_a_reviewer_answers_differently_and_theirs_takes_effect(personas, system):
    proposal = propose(personas, system, inputs=DOCUMENT_SUMMARIZER)
    outcome = services.classification_amend(
        actor=personas.engmanager,
        proposal=proposal,
        inputs=HIRING_SCREENER,
        rationale="Shortlists reach applicants; not an internal helper.",
    )
    proposal.refresh_from_db()
    assert proposal.status == "superseded" and proposal.reviewer == personas.engmanager
    record = outcome.classification
    assert (record.status, record.replaces, record.classified_by) == (
        "effective",
        proposal,
        personas.engmanager,
    )
    assert (stored(system).risk_tier, active_controls(system)) == ("high", 11)


def test_a_reviewer_rejects_with_a_note_and_the_owner_is_told(personas, system):
    proposal = propose(personas, system)
    with pytest.raises(ValidationError) as err:
        services.classification_reject(actor=personas.safety, proposal=proposal, note=" ")
    assert "note" in err.value.message_dict
    services.classification_reject(
        actor=personas.safety, proposal=proposal, note="Oversight is none, not partial."
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.review_note) == (
        "rejected",
        "Oversight is none, not partial.",
    )
    assert stored(system).risk_tier == ""
    told = Notification.objects.get(recipient=personas.owner)
    assert "rejected" in told.title and told.link == "/systems/SYS-001/"
    with pytest.raises(ValidationError, match="already rejected"):
        services.classification_confirm(actor=personas.ciso, proposal=proposal)


def test_a_new_proposal_tells_the_reviewers_and_a_confirmation_tells_the_owner(personas, system):
    proposal = propose(personas, system)
    reviewers = set(Notification.objects.values_list("recipient__email", flat=True))
    assert reviewers == {"safety@example.com", "engmanager@example.com"}
    services.classification_confirm(actor=personas.safety, proposal=proposal)
    assert Notification.objects.filter(recipient=personas.owner, title__contains="confirmed")


def test_every_step_is_audited(personas, system):
    proposal = propose(personas, system)
    services.classification_confirm(actor=personas.safety, proposal=proposal)
    services.system_classification_reopen(
        actor=personas.ciso, system=system, reason="Vendor model changed"
    )
    actions = list(
        AuditEvent.objects.filter(object_type="registry.aisystem", object_id=str(system.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions[-3:] == [
        "classification.proposed",
        "system.classified",
        "system.classification_reopened",
    ]
    classified = AuditEvent.objects.get(action="system.classified")
    assert classified.changes["confirmed_proposal_of"] == "owner@example.com"
    assert classified.changes["scheme_version"] == 1


def test_only_the_ciso_reopens_and_the_tier_stands(personas, system):
    services.system_classify(
        actor=personas.safety, system=system, inputs=HIRING_SCREENER, rationale="High."
    )
    for who in (personas.safety, personas.owner, personas.admin):
        with pytest.raises(PermissionDenied):
            services.system_classification_reopen(actor=who, system=system, reason="Why not")
    services.system_classification_reopen(
        actor=personas.ciso, system=system, reason="New use in the EU"
    )
    after = stored(system)
    assert after.reclassification_needed and after.risk_tier == "high"
    assert "New use in the EU" in after.reclassification_reasons[0]


@pytest.mark.parametrize("persona", ["safety", "engmanager", "ciso"])
def test_a_reviewer_classifying_directly_is_effective_at_once(personas, system, persona):
    waiting = propose(personas, system)
    outcome = services.system_classify(
        actor=getattr(personas, persona),
        system=system,
        inputs=BILLING_CHATBOT,
        rationale="Reviewed.",
    )
    assert outcome.classification.status == "effective"
    assert stored(system).risk_tier == "medium"
    waiting.refresh_from_db()
    assert waiting.status == "superseded"  # replaced by the reviewer's classification


def test_the_database_keeps_one_effective_classification_per_system(personas, system):
    services.system_classify(
        actor=personas.safety, system=system, inputs=HIRING_SCREENER, rationale="High."
    )
    second = Classification.objects.get()
    second.pk = None
    with pytest.raises(IntegrityError, match="one_effective"), transaction.atomic():
        second.save(force_insert=True)


def test_the_database_refuses_a_score_outside_the_schemes_range(personas, system):
    services.system_classify(
        actor=personas.safety, system=system, inputs=HIRING_SCREENER, rationale="High."
    )
    with pytest.raises(IntegrityError, match="outside the range 5 to 23"), transaction.atomic():
        Classification.objects.update(score=24)
