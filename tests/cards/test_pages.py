"""The model card pages per role: the list (a fixed number of queries at 1 and 1,000
cards), a card with its versions, a version read section by section, editing a draft by
section with the live completeness box, submitting, approving and sending back, the
diff between two versions, and the dataset pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cards.models import AIModel, ModelCard, ModelCardVersion
from tests.cards.factories import DatasetFactory, DatasheetVersionFactory
from tests.cards.page_data import CONTENT, GAP, make_card, stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(personas):
    return make_card(personas)


def _version(card, number) -> ModelCardVersion:
    return ModelCardVersion.objects.get(card=card, number=number)


def test_the_list_shows_each_card_with_its_versions_and_named_gaps(client, personas, card):
    client.force_login(personas.auditor)
    page = client.get(reverse("cards:card_list")).content.decode()
    assert reverse("cards:card_detail", args=[card.pk]) in page
    assert "Screener" in page and "SYS-001" in page
    assert "1 gap" in page and "Draft" in page
    api = client.get("/api/v1/model-cards/").json()
    assert api["results"][0]["completeness"]["gaps"][0]["message"] == GAP
    assert client.get(reverse("cards:card_list") + "?status=nonsense").status_code == 400


def test_the_list_costs_the_same_at_1_and_at_1000_cards(
    client, personas, card, django_assert_max_num_queries
):
    client.force_login(personas.auditor)
    url = reverse("cards:card_list")
    with django_assert_max_num_queries(12) as one:
        assert client.get(url).status_code == 200
    system = card.model.system
    models = AIModel.objects.bulk_create(
        AIModel(system=system, key=f"m-{i}", name=f"Model {i}", created_by=personas.owner)
        for i in range(999)
    )
    cards = ModelCard.objects.bulk_create(ModelCard(model=m) for m in models)
    ModelCardVersion.objects.bulk_create(
        ModelCardVersion(card=c, number=1, content=stored(CONTENT), created_by=personas.owner)
        for c in cards
    )
    with django_assert_max_num_queries(len(one.captured_queries)) as many:
        page = client.get(url)
    assert page.status_code == 200 and "1000 model cards" in page.content.decode()
    assert len(many.captured_queries) == len(one.captured_queries)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get("/api/v1/model-cards/").json()["count"] == 1000


def test_the_list_exports_as_csv_and_xlsx(client, personas, card):
    client.force_login(personas.auditor)
    response = client.get(reverse("cards:card_export", args=["csv"]))
    text = b"".join(response.streaming_content).decode()
    assert response.status_code == 200 and "Screener" in text and "1 gap" in text
    xlsx = client.get(reverse("cards:card_export", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_card_page_shows_the_approved_version_the_draft_and_the_gap(client, personas, card):
    client.force_login(personas.safety)
    page = client.get(reverse("cards:card_detail", args=[card.pk])).content.decode()
    assert "Version 1</a>, approved by" in page
    assert "Version 2</a> (draft)" in page
    assert GAP in page and "Not yet suitable for the high-risk gate" in page
    assert "Start version" not in page  # the safety lead writes no card


def test_a_version_reads_every_section_and_says_whether_each_threshold_is_met(
    client, personas, card
):
    client.force_login(personas.auditor)
    page = client.get(reverse("cards:version_detail", args=[card.pk, 1])).content.decode()
    assert "Identity and versioning" in page and "Governance" in page
    assert "Meets its threshold" in page and "Does not meet its threshold" in page
    assert "at least 0.92" in page
    assert "Edit this draft" not in page
    assert client.get(reverse("cards:version_detail", args=[card.pk, 9])).status_code == 404


def _metric_post(value: str) -> dict:
    rows = CONTENT["performance"]["metrics"]
    data = {"metrics-TOTAL_FORMS": "2", "metrics-INITIAL_FORMS": "2", "performance-caveats": ""}
    for index, row in enumerate(rows):
        for key in ("name", "unit", "group", "ci_low", "ci_high", "threshold", "direction"):
            data[f"metrics-{index}-{key}"] = row.get(key, "")
        data[f"metrics-{index}-value"] = row["value"]
    data["metrics-1-value"] = value
    return data


def test_the_completeness_box_follows_the_unsaved_form(client, personas, card):
    client.force_login(personas.owner)
    url = reverse("cards:version_completeness", args=[card.pk, 2, "performance"])
    below = client.post(url, _metric_post("0.91"), HTTP_HX_REQUEST="true").content.decode()
    assert GAP in below and "Not yet suitable" in below
    fixed = client.post(url, _metric_post("0.93"), HTTP_HX_REQUEST="true").content.decode()
    assert GAP not in fixed and "Suitable for the high-risk gate" in fixed
    assert _version(card, 2).content == stored(CONTENT)  # nothing saved
    client.force_login(personas.owner2)  # another team's owner
    assert client.post(url, _metric_post("0.93")).status_code == 403


def test_an_owner_edits_a_section_adds_a_metric_row_and_saves(client, personas, card):
    client.force_login(personas.owner)
    url = reverse("cards:version_edit", args=[card.pk, 2, "performance"])
    shown = client.get(url).content.decode()
    assert 'name="metrics-1-value"' in shown and GAP in shown
    more = client.post(url, {**_metric_post("0.91"), "add_metric": "1"}).content.decode()
    assert 'name="metrics-2-name"' in more
    bad = client.post(
        url, {**_metric_post("0.91"), "metrics-1-threshold": "0.5", "metrics-1-direction": ""}
    )
    assert bad.status_code == 400 and "A threshold needs its direction" in bad.content.decode()
    saved = client.post(url, _metric_post("0.93"))
    assert saved.status_code == 302
    metrics = _version(card, 2).content["performance"]["metrics"]
    assert metrics[1]["value"] == 0.93


def test_an_owner_removes_a_metric_row(client, personas, card):
    client.force_login(personas.owner)
    url = reverse("cards:version_edit", args=[card.pk, 2, "performance"])
    assert client.post(url, {**_metric_post("0.91"), "metrics-1-DELETE": "on"}).status_code == 302
    assert [m["group"] for m in _version(card, 2).content["performance"]["metrics"]] == [""]


def test_a_text_section_saves_and_its_lines_become_a_list(client, personas, card):
    client.force_login(personas.owner)
    url = reverse("cards:version_edit", args=[card.pk, 2, "governance"])
    data = {"governance-incident_contact": "ai@example.com", "governance-approvers": "A\nB\n"}
    assert client.post(url, data).status_code == 302
    governance = _version(card, 2).content["governance"]
    assert (
        governance["approvers"] == ["A", "B"] and governance["incident_contact"] == "ai@example.com"
    )
    assert (
        client.get(reverse("cards:version_edit", args=[card.pk, 2, "nonsense"])).status_code == 404
    )
    assert (
        client.get(reverse("cards:version_edit", args=[card.pk, 1, "governance"])).status_code
        == 302
    )


def test_a_refused_submit_from_htmx_reloads_the_version_page_with_the_reason(
    client, personas, card
):
    """The Submit button posts with htmx: a refusal sends the browser to the version page
    (HX-Redirect) with the reason on it, rather than swapping a page into the button."""
    client.force_login(personas.owner)
    submit = reverse("cards:version_submit", args=[card.pk, 2])
    refused = client.post(submit, HTTP_HX_REQUEST="true")
    assert refused.status_code == 200
    assert refused.headers["HX-Redirect"] == reverse("cards:version_detail", args=[card.pk, 2])
    assert _version(card, 2).status == "draft"
    page = client.get(refused.headers["HX-Redirect"]).content.decode()
    assert "Say what changed since the previous version." in page


def test_submit_then_the_safety_lead_sends_back_and_approves(client, personas, card):
    client.force_login(personas.owner)
    submit = reverse("cards:version_submit", args=[card.pk, 2])
    client.post(submit)
    assert _version(card, 2).status == "draft"  # version 2 needs its changelog first
    client.post(
        reverse("cards:version_edit", args=[card.pk, 2, "changelog"]),
        {"changelog": "Retrained"},
    )
    client.post(
        reverse("cards:version_edit", args=[card.pk, 2, "performance"]), _metric_post("0.93")
    )
    assert client.post(submit).status_code == 302
    assert _version(card, 2).status == "in_review"
    assert client.post(reverse("cards:version_approve", args=[card.pk, 2])).status_code == 403
    client.force_login(personas.safety)
    page = client.get(reverse("cards:version_detail", args=[card.pk, 2])).content.decode()
    assert "Approve version 2" in page and "Send back to the author" in page
    reject = reverse("cards:version_reject", args=[card.pk, 2])
    refused = client.post(reject, {"decision_note": ""}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400 and "Say what must change." in refused.content.decode()
    client.post(reject, {"decision_note": "Add the caveats."})
    assert _version(card, 2).status == "draft"
    client.force_login(personas.owner)
    client.post(submit)
    client.force_login(personas.safety)
    approved = client.post(
        reverse("cards:version_approve", args=[card.pk, 2]), {"decision_note": ""}
    )
    assert approved.status_code == 302
    assert _version(card, 2).status == "approved" and _version(card, 1).status == "superseded"


def test_an_owner_starts_the_next_version_from_the_card_page(client, personas, card):
    ModelCardVersion.objects.filter(card=card, number=2).delete()
    client.force_login(personas.owner)
    page = client.get(reverse("cards:card_detail", args=[card.pk])).content.decode()
    assert "Start version 2" in page
    response = client.post(reverse("cards:draft_start", args=[card.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("cards:version_edit", args=[card.pk, 2, "changelog"])
    assert _version(card, 2).content == _version(card, 1).content


def test_the_diff_names_each_changed_field_between_any_two_versions(client, personas, card):
    changed = stored({**CONTENT, "uses": {"intended_uses": "Rank and explain."}})
    ModelCardVersion.objects.filter(card=card, number=2).update(content=changed)
    client.force_login(personas.auditor)
    url = reverse("cards:version_diff", args=[card.pk])
    page = client.get(url, {"from": 1, "to": 2}).content.decode()
    assert "1 change" in page and "Intended uses" in page and "Rank and explain." in page
    assert client.get(url, {"from": 1, "to": 7}).status_code == 400
    assert "The two versions say the same" in client.get(url, {"from": 2, "to": 2}).content.decode()


def test_the_dataset_pages_show_the_datasheet_and_its_gaps(client, personas):
    sheet = DatasheetVersionFactory(
        dataset=DatasetFactory(key="loans", name="Loan book"),
        approved=True,
        content={"motivation": "Credit scoring"},
    )
    client.force_login(personas.auditor)
    listed = client.get(reverse("cards:dataset_list")).content.decode()
    assert "Loan book" in listed and reverse("cards:dataset_detail", args=["loans"]) in listed
    detail = client.get(reverse("cards:dataset_detail", args=["loans"])).content.decode()
    assert "Version 1 is the approved datasheet" in detail
    read = client.get(reverse("cards:datasheet_detail", args=["loans", sheet.number]))
    assert (
        "Credit scoring" in read.content.decode()
        and "The labelling is missing." in read.content.decode()
    )
    assert client.get(reverse("cards:dataset_detail", args=["nope"])).status_code == 404


def test_people_without_a_role_see_no_card_page(client, personas, card):
    client.force_login(personas.outsider)
    for url in (
        reverse("cards:card_list"),
        reverse("cards:card_detail", args=[card.pk]),
        reverse("cards:dataset_list"),
    ):
        assert client.get(url).status_code == 403
