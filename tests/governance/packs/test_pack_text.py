"""The text of a generated pack (read with pypdf) holds what an auditor looks for."""

import pytest
from django.utils import timezone

from governance.services.packs.build import pack_build
from incidents.models import (
    Incident,
    IncidentNotification,
    NotificationEvidence,
    PostIncidentReview,
    ReviewEvidence,
)
from tests.factories import EvidenceFileFactory
from tests.governance.packs.conftest import APPROVERS, make_pack
from tests.pdf_reading import pdf_page_texts, pdf_text, pdf_words_right_edge

pytestmark = pytest.mark.django_db


def build(pack):
    return pack_build(pack=pack, on_progress=lambda *_: None)


def test_system_pack_names_the_system_its_tier_every_approver_and_the_head(
    system_pack, full_system, tmp_path
):
    built = build(system_pack)
    text = pdf_text(built.data, tmp_path)
    assert "SYS-001 Resume screener" in text
    assert "Risk tier: High (score 13)" in text
    for approver in APPROVERS:
        assert approver in text
    assert built.checkpoint.hash in text
    assert system_pack.pack_id in text
    assert f"Page 1 of {built.pages}" in text


def test_portfolio_pack_holds_its_sections(personas, full_system, tmp_path):
    built = build(make_pack(personas.auditor, scope="portfolio"))
    text = pdf_text(built.data, tmp_path)
    for heading in (
        "Executive summary",
        "Residual risk (after controls)",
        "Inherent risk",
        "Tiers and AI Act categories",
        "Overdue reviews and mitigations",
        "Open incidents and clock performance",
        "Review sessions' minutes",
    ):
        assert heading in text
    assert "SYS-001 Resume screener: High" in text
    assert "Screener leaked a CV" in text  # the open incident
    assert built.checkpoint.hash in text


def test_every_page_has_the_pack_id_and_page_x_of_y(system_pack, tmp_path):
    built = build(system_pack)
    pages = pdf_page_texts(built.data, tmp_path)
    assert len(pages) == built.pages > 1
    for number, text in enumerate(pages, start=1):
        assert system_pack.pack_id in text
        assert f"Page {number} of {built.pages}" in text


def test_the_contents_give_each_part_its_page(system_pack, tmp_path):
    pages = pdf_page_texts(build(system_pack).data, tmp_path)
    assert "SYS-001 Resume screener . . . page 2" in pages[0]
    audit_page = int(pages[0].split("Audit trail . . . page ")[1].split()[0])
    assert "Audit trail" in pages[audit_page - 1]


def test_long_hashes_and_unbroken_text_stay_on_the_page(system_pack, full_system, tmp_path):
    full_system.description = "x" * 400
    full_system.save()
    right_edge, page_width = pdf_words_right_edge(build(system_pack).data, tmp_path)
    assert right_edge <= page_width - 40  # inside the 16 mm (45 pt) right margin


def test_system_pack_lists_the_files_on_an_incidents_notification_and_review(
    personas, system_pack, full_system, tmp_path
):
    incident = Incident.objects.get(system=full_system)
    sent = IncidentNotification.objects.create(
        incident=incident,
        audience="regulator",
        regime="gdpr_72h",
        subject="Personal data breach report",
        body="What happened.",
        created_by=personas.dpo,
        sent_at=timezone.now(),
        sent_by=personas.dpo,
    )
    receipt = EvidenceFileFactory(original_name="authority-receipt.pdf")
    NotificationEvidence.objects.create(notification=sent, evidence=receipt, added_by=personas.dpo)
    review = PostIncidentReview.objects.create(
        incident=incident,
        root_cause="An unfiltered CV field.",
        test_cases="A CV with a hidden field.",
        control_changes="Output scanning.",
        reviewed_by=personas.responder,
    )
    analysis = EvidenceFileFactory(original_name="root-cause-analysis.pdf")
    ReviewEvidence.objects.create(review=review, evidence=analysis, added_by=personas.responder)
    removed = EvidenceFileFactory(original_name="first-draft.pdf")
    ReviewEvidence.objects.create(
        review=review, evidence=removed, added_by=personas.responder, removed_at=timezone.now()
    )
    text = pdf_text(build(system_pack).data, tmp_path)
    for kept in (receipt, analysis):  # by the record, and in the evidence index
        assert text.count(kept.original_name) == 2
        assert kept.sha256 in text
    assert "Post-incident review evidence" in text
    assert removed.original_name not in text  # taken off the review: not the review's now
