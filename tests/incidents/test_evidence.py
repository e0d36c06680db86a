"""Evidence files on an incident's post-incident review and on its sent regulator's and
leadership notifications: attached and taken off by those who may change the record
(audited on the incident, kept as history), shown with their name and SHA-256 and
downloaded through core's permission-checked view; a refused upload is a 400 that names
the field and stores nothing."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditEvent, EvidenceFile
from incidents.models import NotificationEvidence, ReviewEvidence, TimelineEntry
from incidents.services.evidence import (
    notification_evidence_attach,
    notification_evidence_detach,
    review_evidence_attach,
    review_evidence_detach,
)
from incidents.services.notice_facts import incident_notice_facts_update
from incidents.services.notifications import (
    notification_draft,
    notification_mark_sent,
    notification_update,
)
from incidents.services.report import incident_report
from incidents.services.review import incident_review_record
from incidents.services.steps import (
    incident_close,
    incident_contain,
    incident_resolve,
    incident_triage,
)
from tests.factories import MZ_BYTES, PDF_BYTES, evidence_upload, organisation_profile

pytestmark = pytest.mark.django_db
NINE = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
LATER = NINE + timedelta(hours=30)
HTMX = {"HX-Request": "true"}
PDF_SHA = hashlib.sha256(PDF_BYTES).hexdigest()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(LATER, tick=False) as traveller:
        yield traveller


@pytest.fixture
def incident(personas, screener):
    organisation_profile()
    return incident_report(
        actor=personas.owner,
        system=screener,
        type="privacy_violation",
        severity="high",
        discovered_at=NINE,
        description="Candidate names shown to other candidates.",
    )


@pytest.fixture
def review(personas, incident):
    for step in (incident_triage, incident_contain, incident_resolve):
        step(actor=personas.responder, incident=incident)
    return incident_review_record(
        actor=personas.responder,
        incident=incident,
        root_cause="A shared cache served one candidate's page to another.",
        test_cases="Two sessions never see each other's names.",
        control_changes="Per-user cache keys.",
    )


def sent_leadership_notice(personas, incident, draft=None):
    notice = draft or notification_draft(
        actor=personas.responder, incident=incident, audience="leadership", phase="initial"
    )
    notification_update(
        actor=personas.responder,
        notification=notice,
        subject=notice.subject,
        body=notice.body,
        recipient="Executive team",
    )
    return notification_mark_sent(
        actor=personas.responder, notification=notice, sent_at=LATER, reference=""
    )


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


# --- the services --------------------------------------------------------------------


def test_a_file_on_the_review_is_audited_on_the_incident_and_taken_off_as_history(
    personas, incident, review
):
    link = review_evidence_attach(
        actor=personas.responder, review=review, upload=evidence_upload("rca.pdf")
    )
    stored = ReviewEvidence.objects.select_related("evidence").get()
    assert stored == link and stored.evidence.sha256 == PDF_SHA
    assert stored.added_by == personas.responder and stored.removed_at is None
    (attached,) = events("incident.review_evidence_attached")
    assert (attached.object_type, attached.object_id) == ("incidents.incident", str(incident.pk))
    assert attached.changes == {
        "review": review.pk,
        "evidence": stored.evidence.pk,
        "sha256": PDF_SHA,
        "name": "rca.pdf",
    }
    assert TimelineEntry.objects.filter(
        incident=incident, kind="review", text__startswith="Evidence added to the post-incident"
    ).exists()

    review_evidence_detach(actor=personas.responder, link=link)
    kept = ReviewEvidence.objects.get()
    assert kept.removed_at is not None and kept.removed_by == personas.responder
    (removed,) = events("incident.review_evidence_removed")
    assert removed.object_id == str(incident.pk) and removed.changes["sha256"] == PDF_SHA
    with pytest.raises(ValidationError, match="removed from the review already"):
        review_evidence_detach(actor=personas.responder, link=kept)
    assert EvidenceFile.objects.count() == 1  # the bytes stay, for the record


def test_the_same_file_twice_on_the_review_is_refused(personas, review):
    review_evidence_attach(actor=personas.responder, review=review, upload=evidence_upload())
    with pytest.raises(ValidationError) as refused:
        review_evidence_attach(actor=personas.responder, review=review, upload=evidence_upload())
    assert refused.value.message_dict == {"file": ["This file is attached already."]}
    assert ReviewEvidence.objects.count() == 1


def test_a_closed_incident_keeps_its_review_files_as_they_were(personas, incident, review):
    link = review_evidence_attach(actor=personas.responder, review=review, upload=evidence_upload())
    incident_close(actor=personas.responder, incident=incident)
    with pytest.raises(ValidationError, match="closed"):
        review_evidence_attach(
            actor=personas.responder, review=review, upload=evidence_upload("late.pdf")
        )
    with pytest.raises(ValidationError, match="closed"):
        review_evidence_detach(actor=personas.responder, link=link)
    assert ReviewEvidence.objects.get().removed_at is None


def test_only_those_who_may_record_the_review_attach_to_it(personas, review):
    with pytest.raises(PermissionDenied):
        review_evidence_attach(actor=personas.auditor, review=review, upload=evidence_upload())
    assert not ReviewEvidence.objects.exists() and not EvidenceFile.objects.exists()


def test_a_sent_leadership_notification_takes_files_a_draft_does_not(personas, incident):
    draft = notification_draft(
        actor=personas.responder, incident=incident, audience="leadership", phase="initial"
    )
    with pytest.raises(ValidationError, match="once the notification is marked sent"):
        notification_evidence_attach(
            actor=personas.responder, notification=draft, upload=evidence_upload()
        )
    sent = sent_leadership_notice(personas, incident, draft)
    link = notification_evidence_attach(
        actor=personas.responder, notification=sent, upload=evidence_upload("slides.pdf")
    )
    assert NotificationEvidence.objects.get(removed_at=None) == link
    (attached,) = events("incident.notification_evidence_attached")
    assert attached.object_id == str(incident.pk)
    assert attached.changes["notification"] == sent.pk and attached.changes["name"] == "slides.pdf"

    notification_evidence_detach(actor=personas.responder, link=link)
    assert NotificationEvidence.objects.get().removed_by == personas.responder
    assert len(events("incident.notification_evidence_removed")) == 1


def test_a_notice_to_affected_users_takes_no_files(personas, incident):
    incident_notice_facts_update(
        actor=personas.responder,
        incident=incident,
        likely_consequences="Candidates' names known to other candidates.",
        measures_taken="The shared cache is off.",
        advice_to_people="Nothing is needed.",
    )
    notice = notification_draft(
        actor=personas.responder, incident=incident, audience="users", phase="initial"
    )
    notice = sent_leadership_notice(personas, incident, notice)
    with pytest.raises(ValidationError, match="regulator's and leadership"):
        notification_evidence_attach(
            actor=personas.responder, notification=notice, upload=evidence_upload()
        )


# --- the pages -----------------------------------------------------------------------


def test_the_review_block_shows_each_file_with_its_name_and_hash_and_downloads_it(
    client, personas, review
):
    review_evidence_attach(
        actor=personas.responder, review=review, upload=evidence_upload("rca.pdf")
    )
    client.force_login(personas.auditor)  # reads every incident, changes nothing
    html = client.get("/incidents/INC-0001/").content.decode()
    block = html.split('id="review-evidence"')[1].split("</section>")[0]
    evidence = EvidenceFile.objects.get()
    download = reverse("core:evidence_download", args=[evidence.pk])
    assert "rca.pdf" in block and PDF_SHA in block and PDF_SHA[:12] in block
    assert f'href="{download}"' in block
    assert "Attach a file" not in block and "Remove rca.pdf" not in block
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert events("evidence.downloaded")[0].actor == personas.auditor


def test_a_responder_attaches_and_removes_a_review_file_from_the_page(client, personas, review):
    client.force_login(personas.responder)
    html = client.get("/incidents/INC-0001/").content.decode()
    assert 'action="/incidents/INC-0001/review/evidence/"' in html
    response = client.post(
        "/incidents/INC-0001/review/evidence/",
        {"review-evidence-file": evidence_upload("rca.pdf")},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/incidents/INC-0001/#review-title"
    link = ReviewEvidence.objects.get()
    html = client.get("/incidents/INC-0001/").content.decode()
    assert "Remove rca.pdf" in html
    response = client.post(f"/incidents/INC-0001/review/evidence/{link.pk}/remove/")
    assert response.status_code == 302
    assert ReviewEvidence.objects.get().removed_at is not None
    block = client.get("/incidents/INC-0001/").content.decode().split('id="review-evidence"')[1]
    assert "No files attached." in block.split("</section>")[0]


def test_a_role_that_may_not_change_the_record_gets_403(client, personas, incident, review):
    link = review_evidence_attach(actor=personas.responder, review=review, upload=evidence_upload())
    client.force_login(personas.auditor)
    upload = {"review-evidence-file": evidence_upload("mine.pdf")}
    assert client.post("/incidents/INC-0001/review/evidence/", upload).status_code == 403
    remove = f"/incidents/INC-0001/review/evidence/{link.pk}/remove/"
    assert client.post(remove).status_code == 403
    notice = sent_leadership_notice(personas, incident)
    url = f"/incidents/INC-0001/notifications/{notice.pk}/evidence/"
    assert client.post(url, {"notification-evidence-file": evidence_upload()}).status_code == 403
    assert EvidenceFile.objects.count() == 1 and ReviewEvidence.objects.get().removed_at is None


def test_a_sent_notification_page_shows_its_files_and_takes_more(client, personas, incident):
    notice = sent_leadership_notice(personas, incident)
    notification_evidence_attach(
        actor=personas.responder, notification=notice, upload=evidence_upload("slides.pdf")
    )
    client.force_login(personas.responder)
    page = f"/incidents/INC-0001/notifications/{notice.pk}/"
    html = client.get(page).content.decode()
    block = html.split('id="notification-evidence"')[1]
    assert "slides.pdf" in block and PDF_SHA in block and "Remove slides.pdf" in block
    response = client.post(
        f"{page}evidence/", {"notification-evidence-file": evidence_upload("receipt.txt", b"ok")}
    )
    assert response.status_code == 302 and response["Location"] == page
    assert "receipt.txt" in client.get(page).content.decode()
    assert NotificationEvidence.objects.filter(removed_at=None).count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("big.pdf", PDF_BYTES + b"%" * 2048, "the limit is 1 KB"),
        ("setup.exe", MZ_BYTES, "Executable files are not accepted."),
    ],
)
def test_an_oversized_or_forbidden_upload_answers_400_naming_the_field(
    client, personas, settings, review, name, content, message
):
    settings.EVIDENCE_MAX_BYTES = 1024
    client.force_login(personas.responder)
    response = client.post(
        "/incidents/INC-0001/review/evidence/",
        {"review-evidence-file": evidence_upload(name, content)},
        headers=HTMX,
    )
    assert response.status_code == 400
    form = response.context["evidence"]["form"]
    assert list(form.errors) == ["file"] and message in form.errors["file"][0]
    html = response.content.decode()
    assert 'id="review-evidence"' in html and message in html
    assert 'name="review-evidence-file"' in html
    plain = client.post(
        "/incidents/INC-0001/review/evidence/",
        {"review-evidence-file": evidence_upload(name, content)},
    )
    assert plain.status_code == 400 and message in plain.content.decode()
    assert not ReviewEvidence.objects.exists() and not EvidenceFile.objects.exists()


def test_removing_a_file_of_a_closed_incident_says_why_and_keeps_it(
    client, personas, incident, review
):
    link = review_evidence_attach(actor=personas.responder, review=review, upload=evidence_upload())
    incident_close(actor=personas.responder, incident=incident)
    client.force_login(personas.responder)
    response = client.post(f"/incidents/INC-0001/review/evidence/{link.pk}/remove/", follow=True)
    assert "its post-incident review is kept as it was closed" in response.content.decode()
    assert ReviewEvidence.objects.get().removed_at is None
