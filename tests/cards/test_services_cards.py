"""Models and card versions, written through the services: who may, what is refused,
what the database and the audit trail hold afterwards (issue 18, DOMAIN.md 7 and 14)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cards.models import AIModel, ModelCardVersion
from cards.rules.canonical import content_hash
from cards.rules.content import AT_LEAST, Metric, Performance, card_to_dict
from cards.rules.datasheet import datasheet_to_dict
from cards.services.ai_models import model_create
from cards.services.approval import card_version_approve, card_version_reject
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
from core.models import AuditEvent
from core.permissions import forget_roles
from tests.cards.factories import FILLED_DATASHEET, RESUMES, complete_card
from tests.factories import people_ops_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def system(personas):
    """SYS-001, People Ops' resume screener, high risk."""
    return people_ops_system(personas, risk_tier="high")


@pytest.fixture
def model(personas, system):
    return model_create(actor=personas.owner, system=system, key="screener", name="Screener")


@pytest.fixture
def resumes_sheet(personas):
    """RESUMES with an approved datasheet, as a complete card needs for high risk."""
    dataset = dataset_create(
        actor=personas.owner, key=RESUMES, name="Resumes", owner_team=personas.people_ops
    )
    draft = datasheet_version_draft_start(actor=personas.owner, dataset=dataset)
    datasheet_version_update(
        actor=personas.owner, version=draft, content=datasheet_to_dict(FILLED_DATASHEET)
    )
    return datasheet_version_approve(actor=personas.safety, version=draft)


def submitted(personas, model, card=None, changelog=""):
    version = card_version_draft_start(actor=personas.owner, card=model.card)
    card_version_update(
        actor=personas.owner,
        version=version,
        content=card_to_dict(card or complete_card()),
        changelog=changelog,
    )
    return card_version_submit(actor=personas.owner, version=version)


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


# --- models ----------------------------------------------------------------------------


def test_the_owner_adds_a_model_and_its_empty_card(personas, system, model):
    assert model.card.versions.count() == 0
    assert AIModel.objects.get(system=system).key == "screener"
    assert "ai_model.created" in actions()


def test_a_model_key_is_unique_within_its_system(personas, system, model):
    with pytest.raises(ValidationError) as refused:
        model_create(actor=personas.owner, system=system, key="screener", name="Again")
    assert "key" in refused.value.message_dict


@pytest.mark.parametrize("who", ["owner2", "safety", "auditor", "outsider"])
def test_only_the_owning_team_adds_models(personas, system, who):
    with pytest.raises(PermissionDenied):
        model_create(actor=getattr(personas, who), system=system, key="x", name="X")


# --- drafting --------------------------------------------------------------------------


def test_the_first_draft_is_version_1_and_empty(personas, model):
    version = card_version_draft_start(actor=personas.owner, card=model.card)
    assert (version.number, version.status) == (1, "draft")
    assert version.content["identity"]["name"] == ""


def test_only_one_version_is_open_at_a_time(personas, model):
    card_version_draft_start(actor=personas.owner, card=model.card)
    with pytest.raises(ValidationError) as refused:
        card_version_draft_start(actor=personas.owner, card=model.card)
    assert refused.value.message_dict["card"] == ["Version 1 is open (draft): edit it."]


def test_an_update_names_every_refused_field_and_saves_nothing(personas, model):
    version = card_version_draft_start(actor=personas.owner, card=model.card)
    bad = {"uses": {"intended_uses": 3}, "performance": {"metrics": [{"name": "acc"}]}}
    with pytest.raises(ValidationError) as refused:
        card_version_update(actor=personas.owner, version=version, content=bad)
    assert refused.value.message_dict == {
        "content.uses.intended_uses": ["Must be text."],
        "content.performance.metrics[0].value": ["Must be a finite number."],
    }
    version.refresh_from_db()
    assert version.content["uses"]["intended_uses"] == ""


def test_an_update_is_audited_field_by_field(personas, model):
    version = card_version_draft_start(actor=personas.owner, card=model.card)
    card = complete_card()
    card_version_update(actor=personas.owner, version=version, content=card_to_dict(card))
    new = replace(card, performance=Performance(metrics=(Metric(name="auc", value=0.8),)))
    card_version_update(actor=personas.owner, version=version, content=card_to_dict(new))
    event = AuditEvent.objects.filter(action="model_card_version.updated").latest("seq")
    assert "performance.metrics[auc]" in event.changes
    assert "identity.name" not in event.changes  # unchanged by the second edit


def test_someone_outside_the_owning_team_cannot_edit(personas, model):
    version = card_version_draft_start(actor=personas.owner, card=model.card)
    for who in (personas.owner2, personas.safety):
        with pytest.raises(PermissionDenied):
            card_version_update(actor=who, version=version, changelog="mine now")


def test_version_2_needs_a_changelog_to_be_submitted(personas, model, resumes_sheet):
    card_version_approve(actor=personas.safety, version=submitted(personas, model))
    draft = card_version_draft_start(actor=personas.owner, card=model.card)
    assert draft.number == 2 and draft.content == model.card.versions.get(number=1).content
    with pytest.raises(ValidationError) as refused:
        card_version_submit(actor=personas.owner, version=draft)
    assert "changelog" in refused.value.message_dict
    card_version_update(actor=personas.owner, version=draft, changelog="New group metric.")
    assert card_version_submit(actor=personas.owner, version=draft).status == "in_review"


def test_a_version_in_review_is_no_longer_edited(personas, model):
    version = submitted(personas, model)
    with pytest.raises(ValidationError):
        card_version_update(actor=personas.owner, version=version, changelog="late")


# --- approval --------------------------------------------------------------------------


def test_the_ai_safety_lead_approves_hashes_and_supersedes(personas, model, resumes_sheet):
    v1 = card_version_approve(actor=personas.safety, version=submitted(personas, model))
    assert (v1.status, v1.decided_by, v1.content_hash) == (
        "approved",
        personas.safety,
        content_hash(v1.content),
    )
    v2 = submitted(personas, model, changelog="Retrained on 2025 data.")
    card_version_approve(actor=personas.safety, version=v2, note="Fine.")
    statuses = dict(ModelCardVersion.objects.values_list("number", "status"))
    assert statuses == {1: "superseded", 2: "approved"}
    # (What follows elsewhere, the gates' artifacts and the review clock, is audited after.)
    ours = [a for a in actions() if a.startswith("model_card_version.")]
    assert ours[-2:] == ["model_card_version.superseded", "model_card_version.approved"]


def test_a_card_with_gaps_is_not_approved_and_the_gaps_are_named(personas, model, resumes_sheet):
    low_group = Metric(
        name="accuracy", value=0.91, group="age 60+", threshold=0.92, direction=AT_LEAST
    )
    card = replace(complete_card(), performance=Performance(metrics=(low_group,)))
    version = submitted(personas, model, card=card)
    with pytest.raises(ValidationError) as refused:
        card_version_approve(actor=personas.safety, version=version)
    assert refused.value.message_dict["content"] == [
        "accuracy for age 60+ is 0.91, below its threshold of at least 0.92"
    ]
    assert ModelCardVersion.objects.get(pk=version.pk).status == "in_review"


def test_missing_datasheets_stop_the_approval_of_a_high_risk_card(personas, model):
    version = submitted(personas, model)
    with pytest.raises(ValidationError) as refused:
        card_version_approve(actor=personas.safety, version=version)
    assert refused.value.message_dict["content"] == [
        f"The dataset {RESUMES} has no approved datasheet."
    ]


@pytest.mark.parametrize("who", ["owner", "ciso", "dpo", "board", "auditor"])
def test_only_the_ai_safety_lead_approves(personas, model, resumes_sheet, who):
    version = submitted(personas, model)
    with pytest.raises(PermissionDenied):
        card_version_approve(actor=getattr(personas, who), version=version)


def test_the_ai_safety_lead_never_approves_a_card_of_their_own_team(personas, model, resumes_sheet):
    from core.models import RoleAssignment

    RoleAssignment.objects.create(
        user=personas.safety, role="product_owner", team=personas.people_ops
    )
    forget_roles(personas.safety)
    version = submitted(personas, model)
    with pytest.raises(PermissionDenied):
        card_version_approve(actor=personas.safety, version=version)


def test_the_ai_safety_lead_never_approves_a_version_they_wrote(personas, model, resumes_sheet):
    from core.models import RoleAssignment

    RoleAssignment.objects.create(user=personas.admin, role="ai_safety")
    version = card_version_draft_start(actor=personas.admin, card=model.card)  # as administrator
    card_version_update(
        actor=personas.admin, version=version, content=card_to_dict(complete_card())
    )
    card_version_submit(actor=personas.owner, version=version)
    with pytest.raises(PermissionDenied):
        card_version_approve(actor=personas.admin, version=version)
    assert card_version_approve(actor=personas.safety, version=version).status == "approved"


def test_a_rejected_version_goes_back_to_its_author_with_the_note(personas, model):
    version = submitted(personas, model)
    with pytest.raises(ValidationError):
        card_version_reject(actor=personas.safety, version=version, note=" ")
    card_version_reject(actor=personas.safety, version=version, note="Add the 60+ group.")
    version.refresh_from_db()
    assert (version.status, version.decision_note) == ("draft", "Add the 60+ group.")
    assert card_version_submit(actor=personas.owner, version=version).status == "in_review"


def test_an_approved_version_is_not_decided_twice(personas, model, resumes_sheet):
    version = card_version_approve(actor=personas.safety, version=submitted(personas, model))
    with pytest.raises(ValidationError):
        card_version_approve(actor=personas.safety, version=version)
