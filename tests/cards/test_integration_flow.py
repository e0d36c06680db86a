"""A card version's approval in the governance flow, through the real services (issue
18): the gate request citing the old version gets the new one and its approvals are
voided; the review clock of the old version is met and the new one's opened (owned by the
system's product owner, in their Waiting for me); "a new version is needed" is raised by
a change recorded on the system or by a post-incident review, and cleared by approval."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest
import time_machine
from dateutil.relativedelta import relativedelta

from cards.models import ModelCard
from cards.rules.content import Governance, card_to_dict
from cards.services.ai_models import model_create
from cards.services.approval import card_version_approve
from cards.services.card_versions import (
    card_version_draft_start,
    card_version_submit,
    card_version_update,
)
from cards.services.gates import RECORD_TYPE
from cards.services.review_clock import CARD_REVIEW_KIND
from core.models import AuditEvent, Deadline, Notification
from incidents.services.report import incident_report
from incidents.services.review import incident_review_record
from incidents.services.steps import incident_contain, incident_resolve, incident_triage
from registry import services
from registry.models import GateApproval, GateArtifact
from registry.services.system_changes import system_change_record
from tests.cards.factories import RESUMES, DatasheetVersionFactory, complete_card
from tests.factories import (
    gate_request_filled,
    hiring_screener_in_development,
    organisation_profile,
)

pytestmark = pytest.mark.django_db
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def system(personas):
    DatasheetVersionFactory(dataset__key=RESUMES, approved=True)
    return hiring_screener_in_development(personas)


def approved_version(personas, card, content=None, writer=None):
    """A version written by `writer` (the owner), submitted, approved by the AI safety
    lead: all through the services."""
    writer = writer or personas.owner
    version = card_version_draft_start(actor=writer, card=card)
    card_version_update(
        actor=writer,
        version=version,
        content=card_to_dict(content or complete_card()),
        changelog=f"Version {version.number}.",
    )
    card_version_submit(actor=writer, version=version)
    return card_version_approve(actor=personas.safety, version=version)


@pytest.fixture
def card(personas, system):
    model = model_create(actor=personas.owner, system=system, key="ranker", name="Ranker")
    return ModelCard.objects.get(model=model)


def review_clocks(version):
    return Deadline.objects.filter(kind=CARD_REVIEW_KIND, subject_id=str(version.pk))


def test_approval_opens_the_review_clock_by_the_tier_for_the_owner(client, personas, card, frozen):
    v1 = approved_version(personas, card)
    clock = review_clocks(v1).get()
    assert clock.owner_id == personas.owner.pk
    assert clock.due_at == NOON + relativedelta(months=12), "high tier: yearly"
    assert clock.met_at is None
    client.force_login(personas.owner)
    label = "Review the model card of SYS-001 Ranker (v1)"
    assert label not in client.get("/waiting/").content.decode(), "not due for a year"
    frozen.move_to(NOON + relativedelta(months=12) - relativedelta(days=10))
    client.force_login(personas.owner)  # a year later, a new session
    assert label in client.get("/waiting/").content.decode(), "due in ten days"


def test_a_declared_review_schedule_wins_and_the_next_approval_meets_the_clock(
    personas, card, frozen
):
    v1 = approved_version(personas, card)
    frozen.move_to(NOON + relativedelta(months=2))
    quarterly = replace(
        complete_card(),
        governance=Governance(
            incident_contact="ai-incidents@example.com",
            approvers=("AI safety lead",),
            review_months=3,
        ),
    )
    v2 = approved_version(personas, card, quarterly)
    old = review_clocks(v1).get()
    assert old.met_at == v2.decided_at
    new = review_clocks(v2).get()
    assert new.due_at == v2.decided_at + relativedelta(months=3) and new.met_at is None


def test_v2_voids_the_standing_approvals_of_a_request_still_open(personas, card):
    v1 = approved_version(personas, card)
    request = services.gate_request_open(actor=personas.owner, system=card.model.system)
    gate_request_filled(request, personas.owner, skip=("model-card-final",))
    services.gate_artifact_add(
        actor=personas.owner,
        request=request,
        requirement="model-card-final",
        record_type=RECORD_TYPE,
        record_id=v1.pk,
    )
    request = services.gate_request_submit(actor=personas.owner, request=request)
    services.gate_approval_decide(
        actor=personas.ciso, request=request, role="ciso", decision="approved"
    )

    v2 = approved_version(personas, card)

    current = GateArtifact.objects.get(
        request=request, requirement="model-card-final", replaced_at=None
    )
    assert (current.record_id, current.sha256) == (v2.pk, v2.content_hash)
    assert v2.content_hash != "" and len(v2.content_hash) == 64
    ciso = GateApproval.objects.get(request=request, role="ciso")
    assert ciso.voided_at is not None
    assert Notification.objects.filter(
        recipient=personas.ciso, title__contains="your decision was voided"
    ).exists()
    request.refresh_from_db()
    assert request.status == "open" and "Model card (final)" in request.voided_reason


def flagged(card) -> ModelCard:
    return ModelCard.objects.get(pk=card.pk)


def test_a_retraining_recorded_on_the_system_flags_the_card_and_tells_the_owner(personas, card):
    approved_version(personas, card)
    system_change_record(
        actor=personas.owner,
        system=card.model.system,
        kind="retraining",
        description="Retrained on 2025 applications.",
    )
    card = flagged(card)
    assert card.new_version_needed_at == NOON
    assert "Retraining recorded: Retrained on 2025 applications." in (
        card.new_version_needed_reason
    )
    note = Notification.objects.get(recipient=personas.owner, title__contains="new version")
    assert note.link == f"/cards/{card.pk}/"
    assert AuditEvent.objects.filter(action="model_card.new_version_needed").count() == 1
    assert AuditEvent.objects.filter(action="system.change_recorded").count() == 1

    approved_version(personas, card)
    card = flagged(card)
    assert card.new_version_needed_at is None and card.new_version_needed_reason == ""
    assert AuditEvent.objects.filter(action="model_card.new_version_flag_cleared").count() == 1


def test_only_those_who_change_the_system_record_a_change(personas, card):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        system_change_record(
            actor=personas.auditor, system=card.model.system, kind="guardrail", description="x"
        )
    assert flagged(card).new_version_needed_at is None


def resolved_incident(personas, system):
    organisation_profile()
    incident = incident_report(
        actor=personas.owner,
        system=system,
        type="bias_harm",
        severity="high",
        discovered_at=NOON,
        description="Older applicants ranked lower.",
    )
    for step in (incident_triage, incident_contain, incident_resolve):
        step(actor=personas.responder, incident=incident)
    return incident


def review(personas, incident, needed: bool):
    return incident_review_record(
        actor=personas.responder,
        incident=incident,
        root_cause="Career length weighed too much.",
        test_cases="Rank parity by age band.",
        control_changes="Bias monitoring weekly.",
        model_card_change_needed=needed,
    )


def test_a_post_incident_review_that_says_so_flags_the_card_once(personas, card):
    incident = resolved_incident(personas, card.model.system)
    review(personas, incident, needed=False)
    assert flagged(card).new_version_needed_at is None
    review(personas, incident, needed=True)
    review(personas, incident, needed=True)  # a revision saying it again: no second flag
    card = flagged(card)
    assert card.new_version_needed_at == NOON
    assert f"post-incident review of {incident.incident_id}" in card.new_version_needed_reason
    assert AuditEvent.objects.filter(action="model_card.new_version_needed").count() == 1
