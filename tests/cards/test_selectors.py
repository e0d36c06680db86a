"""The reads of cards: what each person sees, 404 for missing and forbidden alike, and a
fixed number of queries whatever the size."""

from __future__ import annotations

import pytest
from django.http import Http404

from cards.models import AIModel, ModelCard, ModelCardVersion
from cards.rules.content import card_to_dict
from cards.selectors.completeness import card_completeness_for, card_version_completeness
from cards.selectors.datasets import (
    datasets_visible_to,
    datasheet_version_get_for,
    datasheet_versions_of,
)
from cards.selectors.models import (
    card_get_for,
    card_versions_of,
    models_for_system,
    version_get_for,
)
from core.permissions import forget_roles
from tests.cards.factories import (
    RESUMES,
    DatasetFactory,
    DatasheetVersionFactory,
    ModelCardFactory,
    ModelCardVersionFactory,
    complete_card,
)
from tests.factories import UserFactory, people_ops_system

pytestmark = pytest.mark.django_db


def models_with_versions(system, count: int) -> None:
    """`count` models of `system`, each with an approved v1 and a draft v2."""
    author = UserFactory()
    models = AIModel.objects.bulk_create(
        AIModel(system=system, key=f"m-{i}", name=f"M {i}", created_by=author) for i in range(count)
    )
    cards = ModelCard.objects.bulk_create(ModelCard(model=m) for m in models)
    for card in cards:
        ModelCardVersionFactory(card=card, approved=True, created_by=author)
        ModelCardVersionFactory(card=card, number=2, created_by=author)


@pytest.mark.parametrize("count", [1, 50])
def test_a_systems_models_cost_one_query_at_any_size(personas, django_assert_num_queries, count):
    system = people_ops_system(personas)
    models_with_versions(system, count)
    forget_roles(personas.auditor)
    with django_assert_num_queries(2):  # the viewer's roles, then the models
        rows = list(models_for_system(personas.auditor, system))
        shown = [(m.card.pk, m.system.system_id, m.latest_number, m.latest_status) for m in rows]
    assert len(rows) == count
    assert shown[0][1:] == ("SYS-001", 2, "draft")
    assert rows[0].approved_number == 1


@pytest.mark.parametrize("count", [1, 50])
def test_a_cards_versions_cost_one_query_at_any_size(personas, django_assert_num_queries, count):
    card = ModelCardFactory()
    for number in range(1, count):
        ModelCardVersionFactory(card=card, number=number, approved=True, status="superseded")
    ModelCardVersionFactory(card=card, number=count)
    forget_roles(personas.board)
    with django_assert_num_queries(2):  # the viewer's roles, then the versions
        rows = [
            (v.number, v.status, v.created_by.email, v.decided_by and v.decided_by.email)
            for v in card_versions_of(personas.board, card)
        ]
    assert len(rows) == count
    assert rows[0][:2] == (count, "draft")


def test_nobody_without_a_role_reads_a_card_and_missing_reads_the_same(personas):
    version = ModelCardVersionFactory()
    assert version_get_for(personas.auditor, version.card_id, 1) == version
    for user, card_id, number in (
        (personas.outsider, version.card_id, 1),
        (personas.auditor, version.card_id, 2),
        (personas.auditor, version.card_id + 1000, 1),
        (personas.auditor, "x", 1),
        (personas.auditor, version.card_id, 2**70),
    ):
        with pytest.raises(Http404):
            version_get_for(user, card_id, number)
    with pytest.raises(Http404):
        card_get_for(personas.outsider, version.card_id)
    assert list(card_versions_of(personas.outsider, version.card)) == []


@pytest.mark.parametrize("count", [1, 50])
def test_the_dataset_register_costs_one_query(personas, django_assert_num_queries, count):
    for _ in range(count):
        dataset = DatasetFactory()
        DatasheetVersionFactory(dataset=dataset, approved=True)
        DatasheetVersionFactory(dataset=dataset, number=2)
    forget_roles(personas.dpo)
    with django_assert_num_queries(2):  # the viewer's roles, then the register
        rows = [
            (d.owner_team.name, d.latest_number, d.latest_status, d.approved_number)
            for d in datasets_visible_to(personas.dpo)
        ]
    assert len(rows) == count and rows[0][1:] == (2, "draft", 1)


def test_datasheet_versions_read_by_members_only(personas):
    sheet = DatasheetVersionFactory(approved=True)
    assert datasheet_version_get_for(personas.auditor, sheet.dataset_id, 1) == sheet
    assert [v.number for v in datasheet_versions_of(personas.auditor, sheet.dataset)] == [1]
    with pytest.raises(Http404):
        datasheet_version_get_for(personas.outsider, sheet.dataset_id, 1)
    assert not datasets_visible_to(personas.outsider).exists()


def test_completeness_reads_the_systems_tier_and_the_register(personas):
    system = people_ops_system(personas, risk_tier="high")
    card = complete_card()
    version = ModelCardVersionFactory(card__model__system=system, content=card_to_dict(card))
    assert [gap.key for gap in card_version_completeness(version).gaps] == [
        f"technical.datasets.{RESUMES}"
    ]
    DatasheetVersionFactory(dataset=DatasetFactory(key=RESUMES), approved=True)
    assert card_version_completeness(version).suitable_for_high_risk_gate
    system.risk_tier = "low"
    result = card_completeness_for(system, card)
    assert result.complete and result.suitable_for_high_risk_gate
    assert ModelCardVersion.objects.count() == 1
