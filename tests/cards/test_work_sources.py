"""What cards put in Waiting for me (issue 17's queue, issue 18's cards): the AI safety
lead reaches the version in review and it goes once decided; the owner reaches the card
that needs a new version, or whose version was sent back, until they act; one query a
source at any number of cards."""

import pytest

from cards.models import ModelCard
from cards.rules.content import card_to_dict
from cards.selectors.work import card_versions_to_decide_for, cards_to_renew_for
from cards.services.ai_models import model_create
from cards.services.approval import card_version_approve, card_version_reject
from cards.services.card_versions import (
    card_version_draft_start,
    card_version_submit,
    card_version_update,
)
from core.models import User
from core.permissions import roles_of
from core.work import work_count_for, work_for
from registry.services.system_changes import system_change_record
from tests.cards.factories import RESUMES, DatasheetVersionFactory, complete_card
from tests.factories import AISystemFactory, hiring_screener_in_development

pytestmark = pytest.mark.django_db


def group(person, key: str) -> list:
    fresh = User.objects.get(pk=person.pk)
    return next((found.items for found in work_for(fresh) if found.key == key), [])


def card_of(personas, system, key="ranker") -> ModelCard:
    model = model_create(actor=personas.owner, system=system, key=key, name=key.title())
    return ModelCard.objects.get(model=model)


def submitted(personas, card):
    version = card_version_draft_start(actor=personas.owner, card=card)
    card_version_update(
        actor=personas.owner,
        version=version,
        content=card_to_dict(complete_card()),
        changelog=f"Version {version.number}.",
    )
    return card_version_submit(actor=personas.owner, version=version)


@pytest.fixture
def card(personas):
    DatasheetVersionFactory(dataset__key=RESUMES, approved=True)
    return card_of(personas, hiring_screener_in_development(personas))


def test_the_safety_lead_reaches_the_version_in_review_and_it_goes_once_approved(personas, card):
    version = submitted(personas, card)
    (item,) = group(personas.safety, "cards.versions_to_decide")
    assert item.title == "SYS-001 Resume screener: model card of Ranker: version 1"
    assert item.url == f"/cards/{card.pk}/versions/1/"
    assert "approve it or send it back" in item.why
    before = work_count_for(User.objects.get(pk=personas.safety.pk))
    card_version_approve(actor=personas.safety, version=version)
    assert group(personas.safety, "cards.versions_to_decide") == []
    assert work_count_for(User.objects.get(pk=personas.safety.pk)) == before - 1


def test_nobody_else_is_asked_to_decide_a_version(personas, card):
    submitted(personas, card)
    for person in (personas.owner, personas.ciso, personas.dpo, personas.board):
        assert group(person, "cards.versions_to_decide") == []


def test_a_sent_back_version_waits_for_the_owner_with_the_note_until_resubmitted(personas, card):
    version = submitted(personas, card)
    card_version_reject(actor=personas.safety, version=version, note="Add the 60+ slice.")
    (item,) = group(personas.owner, "cards.to_renew")
    assert item.url == f"/cards/{card.pk}/"
    assert item.why == "Sent back: “Add the 60+ slice.”"
    card_version_submit(actor=personas.owner, version=version)
    assert group(personas.owner, "cards.to_renew") == []


def test_a_card_needing_a_new_version_waits_until_a_draft_is_started(personas, card):
    card_version_approve(actor=personas.safety, version=submitted(personas, card))
    assert group(personas.owner, "cards.to_renew") == []
    system_change_record(
        actor=personas.owner,
        system=card.model.system,
        kind="retraining",
        description="Retrained on 2025 applications.",
    )
    (item,) = group(personas.owner, "cards.to_renew")
    assert item.why.startswith("A new version is needed: ")
    assert "Retraining recorded: Retrained on 2025 applications." in item.why
    assert group(personas.owner2, "cards.to_renew") == []  # another team's owner
    card_version_draft_start(actor=personas.owner, card=card)
    assert group(personas.owner, "cards.to_renew") == []


@pytest.mark.parametrize("count", [1, 20])
def test_each_source_is_one_query_at_any_number_of_cards(
    personas, count, django_assert_num_queries
):
    for number in range(count):
        system = AISystemFactory(system_id=f"SYS-{number + 1:03d}", owner_team=personas.people_ops)
        submitted(personas, card_of(personas, system))
    safety = User.objects.get(pk=personas.safety.pk)
    owner = User.objects.get(pk=personas.owner.pk)
    roles_of(safety), roles_of(owner)  # loaded with the person on every page
    with django_assert_num_queries(1):
        assert len(card_versions_to_decide_for(safety)) == count
    with django_assert_num_queries(1):
        cards_to_renew_for(owner)
