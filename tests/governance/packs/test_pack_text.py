"""The text of a generated pack (pdftotext) holds what an auditor looks for."""

import pytest

from governance.packs.build import pack_build
from tests.governance.packs.conftest import APPROVERS, pdf_text

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
