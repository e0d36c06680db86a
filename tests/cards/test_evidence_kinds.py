"""Cards' evidence kinds (core.evidence_kinds, issue 19): the approved model card version,
whole or one section or field of it, and the approved datasheets of the datasets the
system's models use; a superseded version still shown, as superseded; for many systems
in a fixed number of queries."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.utils import timezone

from cards.rules.content import card_to_dict
from cards.rules.datasheet import datasheet_to_dict
from cards.services.ai_models import model_create
from cards.services.approval import card_version_approve
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
from core.evidence_kinds import evidence_found, evidence_kind
from tests.cards.factories import (
    FILLED_DATASHEET,
    RESUMES,
    DatasetFactory,
    DatasheetVersionFactory,
    ModelCardVersionFactory,
    complete_card,
)
from tests.factories import AISystemFactory, people_ops_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def system(personas):
    return people_ops_system(personas, risk_tier="high")


@pytest.fixture
def model(personas, system):
    return model_create(actor=personas.owner, system=system, key="screener", name="Screener")


def approve_datasheet(personas, dataset, changelog=""):
    draft = datasheet_version_draft_start(actor=personas.owner, dataset=dataset)
    datasheet_version_update(
        actor=personas.owner,
        version=draft,
        content=datasheet_to_dict(FILLED_DATASHEET),
        changelog=changelog,
    )
    return datasheet_version_approve(actor=personas.safety, version=draft)


@pytest.fixture
def resumes(personas):
    dataset = dataset_create(
        actor=personas.owner, key=RESUMES, name="Resumes", owner_team=personas.people_ops
    )
    approve_datasheet(personas, dataset)
    return dataset


def approved(personas, model, card=None, changelog=""):
    version = card_version_draft_start(actor=personas.owner, card=model.card)
    card_version_update(
        actor=personas.owner,
        version=version,
        content=card_to_dict(card or complete_card()),
        changelog=changelog,
    )
    card_version_submit(actor=personas.owner, version=version)
    return card_version_approve(actor=personas.safety, version=version)


def find(kind: str, systems, detail: str = ""):
    return evidence_kind(kind).find([s.pk for s in systems], {detail}, timezone.localdate())


def test_cards_registers_its_kinds_with_the_card_sections_and_fields():
    kind = evidence_kind("model_card")
    assert kind.owner == "cards"
    details = kind.details()
    assert details[""] == "The whole card"
    assert {"identity", "considerations", "governance"} <= set(details)
    assert {"considerations.limitations", "performance.metrics"} <= set(details)
    assert "technical.training_data_description" in details
    assert kind.produce_url("SYS-001") == "/cards/?system=SYS-001"
    assert evidence_kind("datasheet").produce_url("SYS-001") == "/datasets/"


def test_the_approved_version_is_found_with_its_content_hash(personas, model, resumes):
    version = approved(personas, model)
    [item] = find("model_card", [model.system])[(model.system.pk, "")]
    assert (item.record_type, item.record_id) == ("cards.modelcardversion", str(version.pk))
    assert item.current and item.fingerprint == version.content_hash
    assert item.url == f"/cards/{model.card.pk}/versions/1/"
    assert item.label.startswith("Model card of Screener v1, approved ")


def test_a_draft_or_a_card_of_another_system_is_not_found(personas, model, resumes):
    card_version_draft_start(actor=personas.owner, card=model.card)
    assert find("model_card", [model.system]) == {}
    other = AISystemFactory()
    ModelCardVersionFactory(approved=True)  # another system's card
    assert find("model_card", [other]) == {}


def test_a_section_or_field_counts_only_when_filled(personas, model, resumes):
    approved(personas, model)
    key = model.system.pk
    found = evidence_kind("model_card").find(
        [key],
        {"considerations", "considerations.identified_biases", "considerations.limitations"},
        timezone.localdate(),
    )
    assert (key, "considerations") in found
    assert (key, "considerations.identified_biases") in found
    # complete_card() says nothing of limitations: that field is not evidenced.
    assert (key, "considerations.limitations") not in found


def test_a_new_approved_version_supersedes_the_previous_with_a_new_fingerprint(
    personas, model, resumes
):
    v1 = approved(personas, model)
    before = find("model_card", [model.system])[(model.system.pk, "")]
    assert find("model_card", [model.system])[(model.system.pk, "")] == before
    limits = replace(complete_card().considerations, limitations="Only English resumes.")
    card = replace(complete_card(), considerations=limits)
    v2 = approved(personas, model, card=card, changelog="Limitations written down.")

    newest, older = find("model_card", [model.system])[(model.system.pk, "")]
    assert (newest.record_id, newest.current) == (str(v2.pk), True)
    assert newest.fingerprint != before[0].fingerprint
    assert (older.record_id, older.current) == (str(v1.pk), False)
    assert older.why_not_current == "superseded by version 2"
    # v1 never filled the limitations: only v2 stands for that field.
    [field] = find("model_card", [model.system], "considerations.limitations")[
        (model.system.pk, "considerations.limitations")
    ]
    assert field.record_id == str(v2.pk)


def test_the_datasheets_of_the_datasets_an_approved_card_names_are_found(personas, model, resumes):
    # The fixture approved RESUMES' datasheet v1; no approved card names it yet.
    assert find("datasheet", [model.system]) == {}
    approved(personas, model)
    [item] = find("datasheet", [model.system])[(model.system.pk, "")]
    assert item.record_type == "cards.datasheetversion" and item.current
    assert item.url == f"/datasets/{RESUMES}/versions/1/"
    assert item.label.startswith("Datasheet of Resumes v1")

    approve_datasheet(personas, resumes, changelog="2025 resumes added.")
    newest, older = find("datasheet", [model.system])[(model.system.pk, "")]
    assert newest.current and newest.record_id != item.record_id
    assert newest.fingerprint != item.fingerprint  # the same words, approved again
    assert (older.record_id, older.current) == (item.record_id, False)
    assert older.why_not_current == "superseded by version 2"


def test_an_unused_dataset_datasheet_is_not_evidence_for_the_system(personas, model, resumes):
    card = replace(
        complete_card(),
        technical=replace(complete_card().technical, training_datasets=(), evaluation_datasets=()),
    )
    DatasheetVersionFactory(approved=True, dataset=DatasetFactory())
    ModelCardVersionFactory(approved=True, card=model.card, content=card_to_dict(card))
    assert find("datasheet", [model.system]) == {}


@pytest.mark.parametrize("count", [1, 20])
def test_both_kinds_answer_in_a_fixed_number_of_queries(count, django_assert_num_queries):
    content = card_to_dict(complete_card())
    dataset = DatasetFactory(key=RESUMES)
    DatasheetVersionFactory(approved=True, dataset=dataset, content_hash="1" * 64)
    systems = []
    for _ in range(count):
        version = ModelCardVersionFactory(approved=True, content=content)
        systems.append(version.card.model.system)
    asked = [("model_card", ""), ("model_card", "performance.metrics"), ("datasheet", "")]
    # One query for the cards; two for the datasheets (the cards' datasets, their sheets).
    with django_assert_num_queries(3):
        found = evidence_found(asked, [s.pk for s in systems], timezone.localdate())
    assert len(found["model_card"]) == 2 * count
    assert len(found["datasheet"]) == count


def test_an_approved_card_has_no_expiry_date_only_a_newer_version_ends_it(personas, model, resumes):
    approved(personas, model)
    years_later = timezone.localdate().replace(year=timezone.localdate().year + 5)
    [item] = evidence_kind("model_card").find([model.system.pk], {""}, years_later)[
        (model.system.pk, "")
    ]
    assert item.current and item.expires_on is None
