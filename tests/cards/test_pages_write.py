"""The pages a model's owner writes with besides the card's own: adding a model to a
system (from the system's page and from the card list), the models panel on the
system's page, and registering a dataset, writing its datasheet and approving it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cards.models import AIModel, Dataset, DatasheetVersion, ModelCard, ModelCardVersion
from core.models import AuditEvent
from tests.cards.factories import DatasetFactory, DatasheetVersionFactory
from tests.cards.page_data import CONTENT, make_card, stored
from tests.factories import AISystemFactory

pytestmark = pytest.mark.django_db

FULL_SHEET = {
    "motivation": "Screen applications fairly.",
    "composition": "48,000 applications with their outcomes.",
    "collection": "Exported from the applicant tracking system.",
    "preprocessing": "Names and photos removed.",
    "labelling": "Hired or not, from the tracking system.",
    "distribution": "Internal only.",
    "maintenance": "People Ops refreshes it yearly.",
    "recommended_uses": "Training and evaluating the screener.",
}


@pytest.fixture
def system(personas):
    return AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops, risk_tier="high")


def _panel(client, system_id: str) -> str:
    url = reverse("cards:system_models_panel", args=[system_id])
    return client.get(url, headers={"HX-Request": "true"}).content.decode()


# Adding a model


def test_the_owner_adds_a_model_from_the_system_page_and_lands_on_its_card(
    client, personas, system
):
    client.force_login(personas.owner)
    add = f"{reverse('cards:model_new')}?system=SYS-001"
    assert add.replace("&", "&amp;") in _panel(client, "SYS-001")
    form = client.get(add).content.decode()
    assert '<option value="SYS-001" selected>' in form
    posted = {"system": "SYS-001", "key": "ranker", "name": "Resume ranker", "description": "Ranks"}
    response = client.post(add, posted, follow=True)
    model = AIModel.objects.get(system=system, key="ranker")
    assert response.redirect_chain[-1][0] == reverse("cards:card_detail", args=[model.card.pk])
    page = response.content.decode()
    assert "Model card: Resume ranker" in page and "Start version 1" in page
    assert AuditEvent.objects.filter(action="ai_model.created", actor=personas.owner).exists()


def test_a_duplicate_key_is_refused_on_the_key_field(client, personas, system):
    client.force_login(personas.owner)
    posted = {"system": "SYS-001", "key": "ranker", "name": "Resume ranker"}
    assert client.post(reverse("cards:model_new"), posted).status_code == 302
    again = client.post(reverse("cards:model_new"), posted)
    assert again.status_code == 400
    page = again.content.decode()
    assert 'name="key" value="ranker" maxlength="80" required aria-invalid="true"' in page
    assert "Model key: SYS-001 already has a model with the key ranker." in page
    bad = client.post(reverse("cards:model_new"), {**posted, "key": "Not a slug!"})
    assert bad.status_code == 400 and "Model key:" in bad.content.decode()
    assert AIModel.objects.filter(system=system).count() == 1


def test_the_card_list_offers_add_a_model_with_the_systems_one_may_change(client, personas, system):
    AISystemFactory(system_id="SYS-002", owner_team=personas.customer_success)
    client.force_login(personas.owner)
    assert reverse("cards:model_new") in client.get(reverse("cards:card_list")).content.decode()
    form = client.get(reverse("cards:model_new")).content.decode()
    assert 'value="SYS-001"' in form and 'value="SYS-002"' not in form
    client.force_login(personas.auditor)
    assert reverse("cards:model_new") not in client.get(reverse("cards:card_list")).content.decode()


def test_adding_a_model_is_refused_to_those_who_do_not_own_the_system(client, personas, system):
    posted = {"system": "SYS-001", "key": "ranker", "name": "Resume ranker"}
    client.force_login(personas.auditor)
    assert client.get(reverse("cards:model_new")).status_code == 403
    assert client.post(reverse("cards:model_new"), posted).status_code == 403
    client.force_login(personas.owner2)  # owns another team's systems
    AISystemFactory(system_id="SYS-002", owner_team=personas.customer_success)
    assert client.get(f"{reverse('cards:model_new')}?system=SYS-001").status_code == 403
    assert client.post(reverse("cards:model_new"), posted).status_code == 403
    assert "Add a model" not in _panel(client, "SYS-001")
    assert not AIModel.objects.exists()


# The models panel on the system's page


def test_the_system_page_loads_the_models_panel(client, personas, system):
    client.force_login(personas.auditor)
    page = client.get(reverse("registry:system_detail", args=["SYS-001"])).content.decode()
    assert reverse("cards:system_models_panel", args=["SYS-001"]) in page
    assert "Models and their cards" in page


def test_the_panel_shows_each_model_with_its_versions_completeness_and_flag(client, personas):
    card = make_card(personas)  # SYS-001: v1 approved, v2 draft with one gap
    ModelCard.objects.filter(pk=card.pk).update(
        new_version_needed_at="2026-11-02T09:00:00Z", new_version_needed_reason="Retrained"
    )
    client.force_login(personas.auditor)
    panel = _panel(client, "SYS-001")
    assert "Screener" in panel and reverse("cards:card_detail", args=[card.pk]) in panel
    assert reverse("cards:version_detail", args=[card.pk, 2]) in panel
    assert "Draft" in panel and "1 gap" in panel
    assert reverse("cards:version_detail", args=[card.pk, 1]) in panel
    assert '<span class="badge badge-warning">Yes</span>' in panel
    assert "Add a model" not in panel
    whole = client.get(reverse("cards:system_models_panel", args=["SYS-001"])).content.decode()
    assert "<h1>Models of SYS-001" in whole
    assert client.get(reverse("cards:system_models_panel", args=["SYS-404"])).status_code == 404


def test_the_panel_costs_the_same_at_1_and_at_50_models(
    client, personas, django_assert_num_queries
):
    card = make_card(personas)
    client.force_login(personas.owner)
    _panel(client, "SYS-001")  # the session and the roles warm
    url = reverse("cards:system_models_panel", args=["SYS-001"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url, headers={"HX-Request": "true"})
    models = AIModel.objects.bulk_create(
        AIModel(
            system=card.model.system, key=f"m-{i}", name=f"Model {i}", created_by=personas.owner
        )
        for i in range(49)
    )
    cards = ModelCard.objects.bulk_create(ModelCard(model=m) for m in models)
    ModelCardVersion.objects.bulk_create(
        ModelCardVersion(card=c, number=1, content=stored(CONTENT), created_by=personas.owner)
        for c in cards
    )
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert page.count("1 gap") == 50 and "Model 48" in page


# Datasets and datasheets


def test_the_owner_registers_a_dataset_and_writes_its_datasheet(client, personas):
    client.force_login(personas.owner)
    assert (
        reverse("cards:dataset_new") in client.get(reverse("cards:dataset_list")).content.decode()
    )
    form = client.get(reverse("cards:dataset_new")).content.decode()
    team = personas.people_ops
    assert f'value="{team.pk}"' in form and f'value="{personas.customer_success.pk}"' not in form
    posted = {"key": "applications-2025", "name": "Applications 2025", "owner_team": team.pk}
    response = client.post(reverse("cards:dataset_new"), posted, follow=True)
    assert response.redirect_chain[-1][0] == reverse("cards:dataset_detail", args=[posted["key"]])
    assert "Start version 1" in response.content.decode()
    start = reverse("cards:datasheet_start", args=["applications-2025"])
    started = client.post(start, follow=True)
    edit = reverse("cards:datasheet_edit", args=["applications-2025", 1])
    assert started.redirect_chain[-1][0] == edit
    assert started.content.decode().count("(needed to approve)") == 8
    fields = {**FULL_SHEET, "size": "48,000", "special_categories": "health\n\nethnicity\n"}
    saved = client.post(edit, {**fields, "personal_data": "on", "changelog": ""}, follow=True)
    assert "Datasheet version 1 saved." in saved.content.decode()
    sheet = DatasheetVersion.objects.get(dataset__key="applications-2025", number=1)
    assert sheet.status == "draft" and sheet.content["special_categories"] == [
        "health",
        "ethnicity",
    ]
    assert sheet.content["personal_data"] is True and sheet.content["size"] == "48,000"
    again = client.get(reverse("cards:dataset_detail", args=["applications-2025"]))
    assert "Edit draft version 1" in again.content.decode()
    assert "Start version" not in again.content.decode()


def test_a_duplicate_or_reserved_dataset_key_is_refused_on_its_field(client, personas):
    DatasetFactory(key="loans")
    client.force_login(personas.owner)
    posted = {"key": "loans", "name": "Loans", "owner_team": personas.people_ops.pk}
    refused = client.post(reverse("cards:dataset_new"), posted)
    assert refused.status_code == 400
    assert "Dataset key: A dataset with the key loans is already registered." in (
        refused.content.decode()
    )
    reserved = client.post(reverse("cards:dataset_new"), {**posted, "key": "new"})
    assert reserved.status_code == 400 and "Dataset key: &#x27;new&#x27; names a page" in (
        reserved.content.decode()
    )
    assert Dataset.objects.count() == 1


def test_a_dataset_is_refused_to_a_reader_and_for_another_team(client, personas):
    client.force_login(personas.auditor)
    assert client.get(reverse("cards:dataset_new")).status_code == 403
    assert (
        reverse("cards:dataset_new")
        not in client.get(reverse("cards:dataset_list")).content.decode()
    )
    client.force_login(personas.owner)
    other = {"key": "x", "name": "X", "owner_team": personas.customer_success.pk}
    refused = client.post(reverse("cards:dataset_new"), other)
    assert refused.status_code == 400 and "Owning team:" in refused.content.decode()
    assert not Dataset.objects.exists()


def test_the_datasheet_form_names_the_field_it_refuses(client, personas):
    sheet = DatasheetVersionFactory(dataset__owner_team=personas.people_ops)
    client.force_login(personas.owner)
    edit = reverse("cards:datasheet_edit", args=[sheet.dataset.key, 1])
    too_long = client.post(edit, {"motivation": "x" * 20_001})
    assert too_long.status_code == 400
    assert "Motivation:" in too_long.content.decode()
    sheet.refresh_from_db()
    assert sheet.content.get("motivation", "") == ""


def test_start_version_2_copies_version_1_and_approval_needs_a_changelog(client, personas):
    sheet = DatasheetVersionFactory(
        dataset__owner_team=personas.people_ops, approved=True, content=FULL_SHEET
    )
    key = sheet.dataset.key
    client.force_login(personas.owner)
    page = client.get(reverse("cards:dataset_detail", args=[key])).content.decode()
    assert "Start version 2" in page
    client.post(reverse("cards:datasheet_start", args=[key]))
    draft = DatasheetVersion.objects.get(dataset=sheet.dataset, number=2)
    assert draft.content["motivation"] == FULL_SHEET["motivation"]
    client.force_login(personas.dpo)
    read = client.get(reverse("cards:datasheet_detail", args=[key, 2])).content.decode()
    assert "Approve version 2" in read and "hx-confirm" in read and "Edit the draft" not in read
    refused = client.post(reverse("cards:datasheet_approve", args=[key, 2]), follow=True)
    assert "Not approved: Say what changed since the previous version." in refused.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_dpo_approves_a_complete_datasheet_and_the_previous_is_superseded(client, personas):
    first = DatasheetVersionFactory(
        dataset__owner_team=personas.people_ops, approved=True, content=FULL_SHEET
    )
    key = first.dataset.key
    draft = DatasheetVersionFactory(
        dataset=first.dataset, number=2, content=FULL_SHEET, changelog="Added 2026"
    )
    client.force_login(personas.owner)  # the owner writes, never approves
    assert (
        "Approve version"
        not in client.get(reverse("cards:datasheet_detail", args=[key, 2])).content.decode()
    )
    assert client.post(reverse("cards:datasheet_approve", args=[key, 2])).status_code == 403
    client.force_login(personas.dpo)
    response = client.post(
        reverse("cards:datasheet_approve", args=[key, 2]), headers={"HX-Request": "true"}
    )
    assert response.headers["HX-Redirect"] == reverse("cards:datasheet_detail", args=[key, 2])
    draft.refresh_from_db()
    first.refresh_from_db()
    assert (draft.status, draft.approved_by, first.status) == (
        "approved",
        personas.dpo,
        "superseded",
    )
    page = client.get(reverse("cards:datasheet_detail", args=[key, 2])).content.decode()
    assert "Datasheet version 2 approved." in page and "Approve version" not in page


def test_a_decided_datasheet_is_not_edited(client, personas):
    sheet = DatasheetVersionFactory(
        dataset__owner_team=personas.people_ops, approved=True, content=FULL_SHEET
    )
    client.force_login(personas.owner)
    edit = reverse("cards:datasheet_edit", args=[sheet.dataset.key, 1])
    response = client.post(edit, {"motivation": "Changed"}, follow=True)
    assert "is no draft" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.content["motivation"] == FULL_SHEET["motivation"]
    client.force_login(personas.owner2)
    assert client.get(edit).status_code == 403
