"""A model card in the browser (issue 18's must-show): the hiring screener's card has v2
approved, cited as "model card (final)" by the open pre-deployment request, where the
CISO has approved. The owner drafts v3, sees the completeness gap live as they type an
accuracy below its threshold for one group, fixes it, saves and submits; the AI safety
lead approves in their own browser; the request now cites v3, the CISO's approval bound
to v2 is voided and the CISO told."""

import re

import pytest

from cards.models import ModelCard, ModelCardVersion
from cards.rules.content import card_to_dict
from cards.services.ai_models import model_create
from cards.services.approval import card_version_approve
from cards.services.card_versions import (
    card_version_draft_start,
    card_version_submit,
    card_version_update,
)
from core.models import Notification
from registry import services
from registry.models import GateApproval, GateArtifact
from tests.cards.factories import RESUMES, DatasheetVersionFactory, complete_card
from tests.e2e.conftest import log_in
from tests.factories import gate_request_filled, hiring_screener_in_development

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
FINAL = "model-card-final"


def approved(personas, card, changelog: str):
    version = card_version_draft_start(actor=personas.owner, card=card)
    content = card_to_dict(complete_card())
    card_version_update(actor=personas.owner, version=version, content=content, changelog=changelog)
    card_version_submit(actor=personas.owner, version=version)
    return card_version_approve(actor=personas.safety, version=version)


def screener_with_v2_cited_and_the_ciso_approved(personas):
    DatasheetVersionFactory(dataset__key=RESUMES, approved=True)
    system = hiring_screener_in_development(personas)
    model = model_create(actor=personas.owner, system=system, key="ranker", name="Resume ranker")
    card = ModelCard.objects.get(model=model)
    approved(personas, card, "First version.")
    v2 = approved(personas, card, "Retrained on 2024 applications.")
    request = services.gate_request_open(actor=personas.owner, system=system)
    gate_request_filled(request, personas.owner, skip=(FINAL,))
    services.gate_artifact_add(
        actor=personas.owner,
        request=request,
        requirement=FINAL,
        record_type="model_card_version",
        record_id=v2.pk,
    )
    request = services.gate_request_submit(actor=personas.owner, request=request)
    services.gate_approval_decide(
        actor=personas.ciso, request=request, role="ciso", decision="approved"
    )
    return card, v2, request


def accept_dialogs(page) -> list[str]:
    said = []

    def accept(dialog):
        said.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    return said


def test_owner_drafts_v3_fixes_the_gap_safety_approves_and_v2_approvals_are_voided(
    page, browser, live_server, personas
):
    card, v2, request = screener_with_v2_cited_and_the_ciso_approved(personas)
    base = live_server.url
    confirmations = accept_dialogs(page)

    log_in(page, base, personas.owner.email)
    page.goto(f"{base}/cards/{card.pk}/")
    page.get_by_role("button", name="Start version 3").click()
    page.wait_for_url(f"**/cards/{card.pk}/versions/3/edit/changelog/")
    page.get_by_label("What changes in this version").fill("Retrained on the 2025 intake.")
    page.get_by_role("button", name="Save changelog").click()
    page.get_by_text("Changelog saved.").wait_for()

    page.get_by_role("link", name="Performance").click()
    page.wait_for_url("**/versions/3/edit/performance/")
    completeness = page.locator("#completeness")
    assert "Complete" in completeness.inner_text(), "v3 starts as a copy of v2"
    older = page.locator("fieldset.metric-row").nth(1)
    assert older.get_by_label("Group").input_value() == "age 60+"
    older.get_by_label("Value").fill("0.91")
    gap = completeness.locator("li", has_text="age 60+")
    gap.wait_for()  # live, unsaved: the box follows the form as it is typed
    assert "1 gap" in completeness.inner_text()
    assert "Not yet suitable for the high-risk gate" in completeness.inner_text()

    older.get_by_label("Value").fill("0.93")
    gap.wait_for(state="detached")
    assert "Suitable for the high-risk gate" in page.locator("#completeness").inner_text()
    page.get_by_role("button", name="Save performance").click()
    page.wait_for_url("**/versions/3/edit/performance/")

    page.goto(f"{base}/cards/{card.pk}/versions/3/")
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text("Version 3 submitted for review.").wait_for()
    assert "Submit version 3 for review?" in confirmations[-1]
    v3 = ModelCardVersion.objects.get(card=card, number=3)
    assert v3.status == "in_review"
    assert v3.content["performance"]["metrics"][1]["value"] == 0.93

    safety_context = browser.new_context(timezone_id="Europe/Berlin", locale="en-GB")
    try:
        reviewer = safety_context.new_page()
        reviewer.set_default_timeout(15_000)
        said = accept_dialogs(reviewer)
        log_in(reviewer, base, personas.safety.email)
        reviewer.goto(f"{base}/cards/{card.pk}/versions/3/")
        form = reviewer.locator("#approve-form")
        form.get_by_label("Note").fill("Group accuracy restored above 92%.")
        form.get_by_role("button", name="Approve version 3").click()
        reviewer.get_by_text("Version 3 approved.").wait_for()
        assert "Approve version 3?" in said[-1]
    finally:
        safety_context.close()

    v3.refresh_from_db()
    assert v3.status == "approved" and len(v3.content_hash) == 64
    cited = GateArtifact.objects.get(request=request, requirement=FINAL, replaced_at=None)
    assert (cited.record_id, cited.sha256) == (v3.pk, v3.content_hash)
    assert v3.content_hash != v2.content_hash
    ciso = GateApproval.objects.get(request=request, role="ciso")
    assert ciso.voided_at is not None
    told = Notification.objects.get(recipient=personas.ciso, title__contains="voided")
    assert told.link.endswith(f"/gate-requests/{request.pk}/")

    # The owner sees it on the request: v3 cited, v2 replaced, the CISO asked again.
    page.goto(f"{base}/systems/SYS-001/gate-requests/{request.pk}/")
    item = page.locator(f"#artifact-{FINAL}")
    assert re.search(r"Model card: Resume ranker \(ranker\) v3", item.inner_text())
    assert v2.content_hash in item.locator(".voided").inner_text()
    assert "v3 was approved" in page.locator("#gate-request").inner_text()
