"""The text of a generated pack (read with pypdf) holds what an auditor looks for."""

import pytest

from governance.services.packs.build import pack_build
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
