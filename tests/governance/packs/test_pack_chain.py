"""What a pack says of the audit chain's verification: the part of the chain its build
walked, from event #1 or from a verified checkpoint, and never more than that."""

import re
from datetime import UTC, datetime

from django.template.loader import render_to_string
from django.utils import timezone

from core.audit import audit_checkpoint_verified, audit_verify
from core.models import AuditCheckpoint
from governance.services.packs.build import pack_build
from tests.factories import record_events
from tests.governance.packs.conftest import make_pack
from tests.pdf_reading import pdf_text


def verify_and_record() -> AuditCheckpoint:
    """What a daily verification leaves: a full walk, recorded as a verified checkpoint."""
    return audit_checkpoint_verified(report=audit_verify(), label="daily")


def chain_sentence(report, seq) -> str:
    html = render_to_string("governance/packs/_chain.html", {"chain": report, "checkpoint": seq})
    return re.sub(r"<[^>]+>", "", html).strip()


def test_the_pack_sentence_names_the_part_of_the_chain_walked(personas):
    record_events(personas.admin, 4)
    assert chain_sentence(audit_verify(), 4) == (
        "Intact: the audit trail verified from event #1 to #4, 4 events checked."
    )
    checkpoint = verify_and_record()
    AuditCheckpoint.objects.filter(pk=checkpoint.pk).update(
        verified_at=datetime(2026, 12, 1, 6, 30, tzinfo=UTC)
    )
    record_events(personas.admin, 1)
    with timezone.override("Europe/Paris"):
        sentence = chain_sentence(audit_verify(from_checkpoint=True), 5)
    assert sentence == (
        "Intact: the audit trail verified from checkpoint #4 (the chain up to it was found "
        "whole on 2026-12-01 07:30 CET) to #5, 1 event checked."
    )


def test_a_built_pack_verifies_from_the_daily_checkpoint_and_says_so(
    personas, full_system, tmp_path
):
    checkpoint = verify_and_record()
    pack = make_pack(personas.auditor, systems=[full_system])
    built = pack_build(pack=pack, on_progress=lambda *_: None)
    text = " ".join(pdf_text(built.data, tmp_path).split())
    assert (
        f"the audit trail verified from checkpoint #{checkpoint.seq} (the chain up to it was "
        f"found whole on" in text
    )
    assert f"to #{built.checkpoint.seq}" in text
    stored = AuditCheckpoint.objects.get(pk=built.checkpoint.pk)
    assert stored.verified_from == checkpoint.seq and stored.verified_at is not None
