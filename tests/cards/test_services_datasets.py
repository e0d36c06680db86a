"""The dataset register and its datasheets, written through the services."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cards.models import DatasheetVersion
from cards.rules.datasheet import datasheet_to_dict
from cards.services.datasets import (
    dataset_create,
    datasheet_version_approve,
    datasheet_version_draft_start,
    datasheet_version_update,
)
from core.models import AuditEvent
from tests.cards.factories import FILLED_DATASHEET

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(personas):
    return dataset_create(
        actor=personas.owner, key="resumes", name="Resumes", owner_team=personas.people_ops
    )


def filled_draft(personas, dataset, sheet=FILLED_DATASHEET, changelog=""):
    draft = datasheet_version_draft_start(actor=personas.owner, dataset=dataset)
    return datasheet_version_update(
        actor=personas.owner, version=draft, content=datasheet_to_dict(sheet), changelog=changelog
    )


def test_a_product_owner_registers_a_dataset_of_their_team_only(personas, dataset):
    assert dataset.owner_team == personas.people_ops
    with pytest.raises(PermissionDenied):
        dataset_create(
            actor=personas.owner, key="x", name="X", owner_team=personas.customer_success
        )
    with pytest.raises(ValidationError) as refused:
        dataset_create(
            actor=personas.owner, key="resumes", name="Again", owner_team=personas.people_ops
        )
    assert "key" in refused.value.message_dict


@pytest.mark.parametrize("key", ["new", "export"])
def test_a_key_naming_a_page_of_the_register_is_refused_on_its_field(personas, key):
    """/datasets/new/ and /datasets/export.csv are pages: a dataset keyed so could never
    be opened, whether registered from the page or the API."""
    with pytest.raises(ValidationError) as refused:
        dataset_create(actor=personas.owner, key=key, name="X", owner_team=personas.people_ops)
    assert refused.value.message_dict["key"] == [
        f"'{key}' names a page of the register; choose another."
    ]
    assert not AuditEvent.objects.filter(action="dataset.created").exists()


def test_the_ai_safety_lead_or_the_dpo_approves_a_filled_datasheet(personas, dataset):
    v1 = datasheet_version_approve(actor=personas.safety, version=filled_draft(personas, dataset))
    assert (v1.status, v1.approved_by, len(v1.content_hash)) == ("approved", personas.safety, 64)
    v2 = filled_draft(
        personas, dataset, replace(FILLED_DATASHEET, size="52,000 rows"), "Added 2025."
    )
    datasheet_version_approve(actor=personas.dpo, version=v2)
    assert dict(DatasheetVersion.objects.values_list("number", "status")) == {
        1: "superseded",
        2: "approved",
    }
    assert AuditEvent.objects.filter(action="datasheet_version.superseded").count() == 1


def test_a_datasheet_missing_sections_is_not_approved(personas, dataset):
    draft = filled_draft(personas, dataset, replace(FILLED_DATASHEET, labelling=""))
    with pytest.raises(ValidationError) as refused:
        datasheet_version_approve(actor=personas.safety, version=draft)
    assert refused.value.message_dict == {"content.labelling": ["The labelling is missing."]}


def test_version_2_of_a_datasheet_says_what_changed(personas, dataset):
    datasheet_version_approve(actor=personas.safety, version=filled_draft(personas, dataset))
    draft = datasheet_version_draft_start(actor=personas.owner, dataset=dataset)
    with pytest.raises(ValidationError) as refused:
        datasheet_version_approve(actor=personas.safety, version=draft)
    assert "changelog" in refused.value.message_dict


@pytest.mark.parametrize("who", ["owner", "owner2", "ciso", "auditor"])
def test_others_do_not_approve_a_datasheet(personas, dataset, who):
    draft = filled_draft(personas, dataset)
    with pytest.raises(PermissionDenied):
        datasheet_version_approve(actor=getattr(personas, who), version=draft)


def test_a_bad_datasheet_names_its_fields(personas, dataset):
    draft = datasheet_version_draft_start(actor=personas.owner, dataset=dataset)
    with pytest.raises(ValidationError) as refused:
        datasheet_version_update(
            actor=personas.owner, version=draft, content={"personal_data": "no"}
        )
    assert refused.value.message_dict == {"content.personal_data": ["Must be true or false."]}


def test_an_approved_datasheet_is_not_edited(personas, dataset):
    v1 = datasheet_version_approve(actor=personas.safety, version=filled_draft(personas, dataset))
    with pytest.raises(ValidationError):
        datasheet_version_update(actor=personas.owner, version=v1, changelog="later")
