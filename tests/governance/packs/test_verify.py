"""Verifying a pack: `pack_verify`, `manage.py verify_pack` and the upload page name what
no longer matches: the signature, the evidence files, the audit checkpoint."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.models import AuditEvent
from core.pdf import render_pdf
from core.signing import pdf_sign
from governance.services.packs import build
from governance.services.packs.manifest import MANIFEST_NAME, manifest_bytes, manifest_from_pdf
from governance.services.packs.verify import pack_verify
from registry.models import ChecklistEvidence
from tests.factories import AISystemFactory, AuditPackFactory, evidence_file, record_events
from tests.governance.packs.test_verify_checkpoint import rehash_from

URL = reverse("governance:pack_verify")


@pytest.fixture
def report(personas):
    return evidence_file(personas.owner, "report.pdf", b"%PDF-1.4 the original report")


@pytest.fixture
def pack_file(personas, report, tmp_path):
    """A built pack of a system with `report` as checklist evidence, written to disk."""
    system = AISystemFactory(owner_team=personas.people_ops, risk_tier="high")
    ChecklistEvidence.objects.create(
        system=system, item="rollback-tested", evidence=report, added_by=personas.owner
    )
    record_events(personas.admin, 4)
    pack = AuditPackFactory(systems=[system], requested_by=personas.auditor)
    path = tmp_path / f"{pack.pack_id}.pdf"
    path.write_bytes(build.pack_build(pack=pack, on_progress=lambda *_: None).data)
    return path


def verify_command(path) -> str:
    """The command's output; CommandError (exit code 1) when a check fails."""
    from io import StringIO

    out = StringIO()
    call_command("verify_pack", str(path), stdout=out)
    return out.getvalue()


def failing_command(path) -> str:
    with pytest.raises(CommandError) as failure:
        verify_command(path)
    assert failure.value.returncode == 1
    return str(failure.value)


def test_a_fresh_pack_verifies(pack_file):
    verification = pack_verify(data=pack_file.read_bytes())
    assert verification.ok, verification.findings
    assert [check.name for check in verification.checks] == [
        "Signature",
        "Evidence files",
        "Audit checkpoint",
    ]
    output = verify_command(pack_file)  # returns: exit code 0
    assert "Signature: OK" in output and "Signed by Test Organisation" in output
    assert "Evidence files: OK" in output and "1 evidence file listed" in output
    assert "Audit checkpoint: OK" in output
    assert "The pack verifies" in output


def test_an_evidence_file_changed_after_the_export_is_named(
    pack_file, report, evidence_storage_of_this_test
):
    (evidence_storage_of_this_test / report.storage_name).write_bytes(b"%PDF-1.4 forged")
    forged = hashlib.sha256(b"%PDF-1.4 forged").hexdigest()
    message = failing_command(pack_file)
    assert (
        f"Evidence file 'report.pdf' (#{report.pk}): the stored file's SHA-256 is {forged}, "
        f"the pack recorded {report.sha256}"
    ) in message
    assert "Signature" not in message and "Audit" not in message


def test_an_evidence_file_no_longer_stored_is_named(pack_file, report):
    number = report.pk
    ChecklistEvidence.objects.filter(evidence=report).delete()  # links protect the file
    report.delete()
    assert f"Evidence file #{number} is no longer stored" in failing_command(pack_file)


def test_evidence_bytes_gone_from_storage_are_named(
    pack_file, report, evidence_storage_of_this_test
):
    (evidence_storage_of_this_test / report.storage_name).unlink()
    assert f"'report.pdf' (#{report.pk}): its stored bytes are missing" in failing_command(
        pack_file
    )


def test_an_audit_event_rewritten_and_rehashed_after_the_export_is_named(pack_file, tamper_with):
    tamper_with(2, "test.forged")
    rehash_from(2)  # what a careful forger does: the chain verifies again by itself
    message = failing_command(pack_file)
    assert "no longer has the recorded hash" in message
    assert "Evidence" not in message and "signature" not in message


def test_an_event_changed_in_place_before_the_packs_checkpoint_takes_the_full_walk(
    pack_file, tamper_with
):
    """The pack's check walks from its own checkpoint, verified by its build; an event
    changed in place before it (its hash left as it was) is found by the full walk."""
    tamper_with(2, "test.forged")
    assert "Audit checkpoint: OK" in verify_command(pack_file)
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify", stdout=out, stderr=StringIO())
    assert exit_info.value.code == 1
    assert out.getvalue().strip() == "BROKEN at seq 2: content does not match its hash"


def test_a_pack_with_one_byte_altered_is_named(pack_file):
    data = bytearray(pack_file.read_bytes())
    data[len(data) // 3] ^= 0x01
    pack_file.write_bytes(bytes(data))
    message = failing_command(pack_file)
    assert "the file was changed after signing" in message


def test_a_checkpoint_from_another_portal_is_named(pack_file, personas):
    """Another portal's pack carries a head that this portal never stored, even if it
    is signed with a trusted key and names an event that exists here."""
    record_events(personas.admin, 2)
    head = AuditEvent.objects.order_by("-seq").first()
    manifest = manifest_from_pdf(pack_file.read_bytes())
    manifest["audit_head"] = {"seq": head.seq, "hash": head.hash}
    html = "<!doctype html><title>x</title><p>Another portal's pack</p>"
    pdf = render_pdf_html(html, manifest)
    verification = pack_verify(data=pdf)
    assert verification.findings == [
        f"The audit checkpoint #{head.seq} ({head.hash[:12]}…) is not stored in this portal"
    ]


def render_pdf_html(html: str, manifest: dict) -> bytes:
    from core.pdf import html_to_pdf

    attachments = [(MANIFEST_NAME, manifest_bytes(manifest))]
    return pdf_sign(html_to_pdf(html, variant="pdf/a-3b", attachments=attachments))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data", [b"", b"plain text", None], ids=["empty", "not a PDF", "a PDF without manifest"]
)
def test_a_file_that_is_no_pack_gives_findings_not_an_exception(data):
    if data is None:
        data = render_pdf("governance/packs/system.html", {"pack": None, "systems": []})
    verification = pack_verify(data=data)
    assert not verification.ok
    assert verification.checks[1].findings == [
        "The file has no readable manifest.json attached: it is not an audit pack of this "
        "portal, or it is damaged"
    ]
    assert verification.checks[2].findings == [
        "Not checked: the file has no readable manifest.json"
    ]


def test_the_command_names_a_file_it_cannot_read(tmp_path, db):
    with pytest.raises(CommandError, match="Cannot read .*absent.pdf"):
        verify_command(tmp_path / "absent.pdf")


# --- the upload page -------------------------------------------------------------------


def test_a_member_uploads_a_pack_and_sees_each_check(client, personas, pack_file):
    client.force_login(personas.owner)
    with pack_file.open("rb") as upload:
        response = client.post(URL, {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Verified" in page and page.count(">OK<") == 3
    assert "Signed by Test Organisation" in page
    event = AuditEvent.objects.filter(action="pack.verified").get()
    assert event.actor == personas.owner
    assert event.changes["result"] == "passed"
    assert event.changes["file_sha256"] == hashlib.sha256(pack_file.read_bytes()).hexdigest()


def test_the_page_names_what_failed_and_records_it(client, personas, pack_file, tamper_with):
    tamper_with(3, "test.forged")
    rehash_from(3)
    client.force_login(personas.auditor)
    with pack_file.open("rb") as upload:
        page = client.post(URL, {"file": upload}).content.decode()
    assert "Not verified" in page and "FAILED" in page
    assert "no longer has the recorded hash" in page
    event = AuditEvent.objects.filter(action="pack.verified").get()
    assert (event.changes["result"], event.changes["failed_checks"]) == (
        "failed",
        ["Audit checkpoint"],
    )


def test_the_page_works_without_javascript(client, personas):
    client.force_login(personas.auditor)
    page = client.get(URL).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'method="post"' in page
    assert 'type="file"' in page and "hx-" not in page.split("<main", 1)[-1]


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_people_without_a_role_are_refused(client, personas, pack_file):
    client.force_login(personas.outsider)
    with pack_file.open("rb") as upload:
        assert client.post(URL, {"file": upload}).status_code == 403
    assert not AuditEvent.objects.filter(action="pack.verified").exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"just text, not a PDF", "This is not a PDF file"),
        (b"", "The file is empty."),
    ],
)
def test_a_bad_upload_is_a_400_naming_the_field(client, personas, content, problem):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(personas.auditor)
    response = client.post(URL, {"file": SimpleUploadedFile("pack.pdf", content)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Audit pack (PDF):" in page and problem in page
    assert not AuditEvent.objects.filter(action="pack.verified").exists()


def test_a_too_large_upload_is_a_400_naming_the_field(client, personas, pack_file, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    client.force_login(personas.auditor)
    with pack_file.open("rb") as upload:
        response = client.post(URL, {"file": upload})
    assert response.status_code == 400
    assert "Audit pack (PDF):" in response.content.decode()
    assert "the limit is" in response.content.decode()


def test_no_file_at_all_is_a_400_naming_the_field(client, personas):
    client.force_login(personas.auditor)
    response = client.post(URL, {})
    assert response.status_code == 400
    assert "Audit pack (PDF): This field is required." in response.content.decode()


def test_an_unsafe_file_name_is_a_400_naming_the_field(client, personas, pack_file):
    """The test client would strip the path from the name: the body is written by hand."""
    boundary = "pack-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="../../etc/pack.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + pack_file.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    client.force_login(personas.auditor)
    response = client.generic(
        "POST", URL, body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 400
    assert "Audit pack (PDF):" in response.content.decode()
    assert "&#x27;../&#x27;" in response.content.decode()
    assert not AuditEvent.objects.filter(action="pack.verified").exists()


def test_the_audit_trail_says_verified_in_words():
    from core.audit_display import action_label

    assert action_label("pack.verified") == "Verified an audit pack"
