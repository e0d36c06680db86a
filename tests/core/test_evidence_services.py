"""Storing evidence files: refusals store nothing, the same bytes are stored once,
expiry warns the uploader 30 days before through the clocks engine."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from core.evidence.services import EXPIRY_KIND, evidence_store
from core.models import AuditEvent, Deadline, EvidenceFile
from tests.factories import ELF_BYTES, MZ_BYTES, PDF_BYTES, evidence_upload

pytestmark = pytest.mark.django_db


def stored_objects(location) -> list:
    return sorted(p for p in location.rglob("*") if p.is_file())


@pytest.fixture
def one_stored(personas):
    return evidence_store(actor=personas.owner, upload=evidence_upload("kept.pdf"))


BAD_UPLOADS = [
    ("empty.pdf", b"", {}, "The file is empty."),
    ("big.pdf", PDF_BYTES + b"x" * 2000, {"max_bytes": 1024}, "the limit is"),
    ("tool.pdf", ELF_BYTES, {}, "Executable files are not accepted."),
    ("setup.exe", MZ_BYTES, {}, "Executable files are not accepted."),
    ("page.html", b"<html><body>hi</body></html>", {}, "HTML and SVG files can run script"),
    ("logo.svg", b"<svg><script>alert(1)</script></svg>", {}, "HTML and SVG files can run script"),
]


@pytest.mark.parametrize(("name", "content", "options", "message"), BAD_UPLOADS)
def test_a_bad_upload_is_refused_and_nothing_already_stored_is_lost(
    personas, one_stored, evidence_storage_of_this_test, name, content, options, message
):
    before = (EvidenceFile.objects.count(), stored_objects(evidence_storage_of_this_test))
    with pytest.raises(ValidationError) as refused:
        evidence_store(actor=personas.owner, upload=evidence_upload(name, content), **options)
    assert message in refused.value.message_dict["file"][0]
    assert (EvidenceFile.objects.count(), stored_objects(evidence_storage_of_this_test)) == before
    assert EvidenceFile.objects.get().original_name == "kept.pdf"


def test_the_size_limit_message_names_both_sizes(personas):
    upload = evidence_upload("big.pdf", PDF_BYTES + b"x" * (3 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        evidence_store(actor=personas.owner, upload=upload, max_bytes=2 * 1024 * 1024)
    assert refused.value.message_dict == {"file": ["The file is 3 MB; the limit is 2 MB."]}


def test_an_unsafe_name_is_refused_rather_than_renamed(personas):
    upload = evidence_upload("report.pdf")
    upload._name = "../../etc/report.pdf"  # as a client could send it, before Django trims it
    with pytest.raises(ValidationError) as refused:
        evidence_store(actor=personas.owner, upload=upload)
    assert "'../'" in refused.value.message_dict["file"][0]
    assert not EvidenceFile.objects.exists()


def test_the_same_bytes_twice_are_two_rows_and_one_stored_object(
    personas, evidence_storage_of_this_test
):
    first = evidence_store(actor=personas.owner, upload=evidence_upload("a.pdf"))
    second = evidence_store(actor=personas.ciso, upload=evidence_upload("b.pdf"))
    assert first.pk != second.pk and first.sha256 == second.sha256
    assert (
        first.storage_name
        == second.storage_name
        == (f"sha256/{first.sha256[:2]}/{first.sha256[2:4]}/{first.sha256}")
    )
    assert len(stored_objects(evidence_storage_of_this_test)) == 1
    assert (second.uploaded_by, second.original_name) == (personas.ciso, "b.pdf")


def test_an_upload_records_what_was_stored(personas):
    evidence = evidence_store(actor=personas.owner, upload=evidence_upload("Bias report.pdf"))
    assert (evidence.size, evidence.content_type) == (len(PDF_BYTES), "application/pdf")
    assert evidence.safe_name == "Bias report.pdf"
    event = AuditEvent.objects.get(action="evidence.uploaded")
    assert event.actor == personas.owner
    assert event.changes["sha256"] == evidence.sha256
    assert event.changes["size"] == len(PDF_BYTES)
    assert event.changes["type"] == "application/pdf"


def test_people_without_a_role_cannot_upload(personas):
    with pytest.raises(PermissionDenied):
        evidence_store(actor=personas.outsider, upload=evidence_upload())


def test_an_expiry_before_it_applies_is_refused_on_its_field(personas):
    with pytest.raises(ValidationError) as refused:
        evidence_store(
            actor=personas.owner,
            upload=evidence_upload(),
            applies_from=date(2026, 6, 1),
            expires_on=date(2026, 5, 1),
        )
    assert list(refused.value.message_dict) == ["expires_on"]
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"expires_on": date(9999, 12, 31)}, "expires_on"),
        ({"applies_from": date(9999, 12, 30), "expires_on": date(9999, 12, 31)}, "applies_from"),
        ({"applies_from": date(9999, 12, 31)}, "applies_from"),
    ],
)
@time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), tick=False)
def test_a_date_near_the_calendars_end_is_refused_and_leaves_no_file(
    personas, evidence_storage_of_this_test, dates, field
):
    """Found: an expiry of 9999-12-31 was a 500 (OverflowError computing its deadline)
    and left the file on disk. Expected: refused on its field, no row, no file."""
    with pytest.raises(ValidationError) as refused:
        evidence_store(actor=personas.owner, upload=evidence_upload("far.pdf"), **dates)
    assert "more than 50 years ahead" in refused.value.message_dict[field][0]
    assert not EvidenceFile.objects.exists() and not Deadline.objects.exists()
    assert stored_objects(evidence_storage_of_this_test) == []


@time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), tick=False)
def test_an_expiry_opens_a_deadline_that_warns_the_uploader_30_days_before(personas):
    evidence = evidence_store(
        actor=personas.owner, upload=evidence_upload(), expires_on=date(2026, 12, 31)
    )
    deadline = Deadline.objects.get(kind=EXPIRY_KIND)
    assert deadline.subject_id == str(evidence.pk)
    assert deadline.owner == personas.owner
    # Due when it stops counting: the first moment after its last valid day.
    assert deadline.due_at == datetime(2027, 1, 1, tzinfo=UTC)
    assert deadline.warn_before == [timedelta(days=30)]
    assert deadline.next_alert_at == datetime(2026, 12, 2, tzinfo=UTC)


def test_evidence_without_an_expiry_opens_no_deadline(personas):
    evidence_store(actor=personas.owner, upload=evidence_upload())
    assert not Deadline.objects.filter(kind=EXPIRY_KIND).exists()


def test_a_questionnaire_upload_names_its_sender_without_an_account(personas):
    evidence = evidence_store(
        actor=None, upload=evidence_upload(), uploaded_by_label="Vendor: Acme AI (link)"
    )
    assert evidence.uploaded_by is None
    assert evidence.uploaded_by_label == "Vendor: Acme AI (link)"


def test_the_sweep_warns_the_uploader_30_days_before_the_file_stops_counting(personas):
    from core.clocks.sweep import deadlines_sweep_run
    from core.models import Notification

    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), tick=False):
        evidence_store(
            actor=personas.owner, upload=evidence_upload("pia.pdf"), expires_on=date(2026, 12, 31)
        )
    with time_machine.travel(datetime(2026, 12, 1, 23, 59, tzinfo=UTC), tick=False):
        assert deadlines_sweep_run() == 0
    with time_machine.travel(datetime(2026, 12, 2, 0, 0, tzinfo=UTC), tick=False):
        assert deadlines_sweep_run() == 1
    note = Notification.objects.get(recipient=personas.owner)
    assert note.title == "Expiry of evidence pia.pdf is due in 30 days"
