"""The built pack: PDF/A-3b, signed, with its manifest attached, and the manifest's
content (evidence hashes, records, the audit head)."""

import json

import pytest
from django.utils import timezone

from core.audit import audit_checkpoint_take
from core.models import AuditCheckpoint, AuditEvent
from core.signing import pdf_signature_check
from governance.services.packs.build import pack_build
from governance.services.packs.content import PackContent
from governance.services.packs.manifest import manifest_bytes, manifest_from_pdf, pack_manifest
from tests.factories import AISystemFactory, AuditPackFactory, evidence_file, record_events
from tests.pdf_reading import pdf_attachment_names, pdf_xmp


@pytest.fixture
def built(personas, tmp_path):
    """A system pack built now, its progress reports, and the file on disk."""
    record_events(personas.admin, 3)
    system = AISystemFactory(name="Resume screener", owner_team=personas.people_ops)
    pack = AuditPackFactory(systems=[system], requested_by=personas.auditor)
    progress = []
    result = pack_build(pack=pack, on_progress=lambda percent, words: progress.append(percent))
    path = tmp_path / f"{pack.pack_id}.pdf"
    path.write_bytes(result.data)
    return pack, result, progress, path


def test_the_pack_declares_pdf_a_3b(built):
    meta = pdf_xmp(built[1].data)
    assert 'pdfaid:part="3"' in meta or "<pdfaid:part>3</pdfaid:part>" in meta
    assert 'pdfaid:conformance="B"' in meta or "<pdfaid:conformance>B" in meta


def test_the_pack_has_exactly_one_attachment_the_manifest(built):
    assert pdf_attachment_names(built[1].data) == ["manifest.json"]


def test_the_pack_is_signed_after_the_manifest_was_attached(built):
    pack, result, _, _ = built
    check = pdf_signature_check(result.data)
    assert check.ok, check.problem
    assert check.signer == "Test Organisation"
    assert manifest_from_pdf(result.data)["pack_id"] == pack.pack_id


def test_the_build_reports_its_stages_and_the_facts(built):
    import hashlib

    pack, result, progress, _ = built
    assert progress == [5, 15, 35, 80, 90]
    assert result.sha256 == hashlib.sha256(result.data).hexdigest()
    assert result.pages >= 1
    assert AuditCheckpoint.objects.get(label=pack.pack_id) == result.checkpoint


def test_the_manifest_records_the_audit_head_and_the_request(built, personas):
    pack, result, _, _ = built
    manifest = manifest_from_pdf(result.data)
    head = AuditEvent.objects.order_by("-seq").first()
    assert manifest["audit_head"] == {"seq": head.seq, "hash": head.hash}
    assert (result.checkpoint.seq, result.checkpoint.hash) == (head.seq, head.hash)
    assert manifest["systems"] == [pack.systems.get().system_id]
    assert manifest["scope"] == "system"
    assert manifest["requested_by"] == personas.auditor.email
    assert manifest["date_from"] == pack.date_from.isoformat()


def test_every_evidence_file_is_listed_once_with_its_hash(personas):
    report = evidence_file(personas.owner, "report.pdf")
    scan = evidence_file(personas.owner, "scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    pack = AuditPackFactory(requested_by=personas.auditor)
    content = PackContent(
        template="governance/packs/system.html",
        context={},
        evidence=[scan, report, scan],
        records=[{"type": "registry.aisystem", "id": "SYS-001", "version": "3"}],
    )
    manifest = pack_manifest(
        pack=pack,
        content=content,
        checkpoint=audit_checkpoint_take(label=pack.pack_id),
        generated_at=timezone.now(),
    )
    assert [entry["name"] for entry in manifest["evidence"]] == ["report.pdf", "scan.png"]
    assert manifest["evidence"][0] == {
        "id": report.pk,
        "name": "report.pdf",
        "sha256": report.sha256,
        "size": report.size,
        "uploaded_by": personas.owner.email,
        "uploaded_at": report.uploaded_at.isoformat(),
    }
    assert manifest["records"] == content.records


def test_the_manifest_bytes_are_canonical():
    one = manifest_bytes({"b": 1, "a": {"d": "é", "c": [1, 2]}})
    two = manifest_bytes({"a": {"c": [1, 2], "d": "é"}, "b": 1})
    assert one == two == '{"a":{"c":[1,2],"d":"é"},"b":1}'.encode()
    assert json.loads(one) == {"a": {"c": [1, 2], "d": "é"}, "b": 1}


@pytest.mark.parametrize("data", [b"", b"not a pdf", b"%PDF-1.7\n%%EOF"])
def test_no_manifest_is_none_not_an_exception(data):
    assert manifest_from_pdf(data) is None
