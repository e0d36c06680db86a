"""Evidence files on an incident's records (DOMAIN.md 6): the post-incident review (the
root-cause analysis, the fix, the test that now catches it) and each notification sent
to a regulator or to leadership (the authority's receipt, the report as filed, the
slides shown). The bytes are core's evidence files (core.evidence.services: size, type
and name checked, refused with a ValidationError on `file`); the links are the
incident's own rows, taken off by a stamp and never deleted. Each attach and removal is
audited on the incident (incident.review_evidence_attached and _removed, the same for
notification_evidence) and written to its timeline.

Who: a review's files, whoever may record the review, while the incident is open (a
closed incident's review is kept as it was closed); a notification's files, whoever may
send that notification, once it is sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from core.evidence.services import evidence_store
from core.models import EvidenceFile
from core.permissions import require
from core.writes import link_remove, row_create, row_lock
from incidents.choices import Audience, IncidentStatus, TimelineKind
from incidents.models import (
    Incident,
    IncidentNotification,
    NotificationEvidence,
    PostIncidentReview,
    ReviewEvidence,
)
from incidents.services.timeline import timeline_record

EVIDENCE_AUDIENCES = (Audience.REGULATOR, Audience.LEADERSHIP)
REVIEW_CLOSED = "The incident is closed: its post-incident review is kept as it was closed."
ALREADY_ATTACHED = "This file is attached already."


@dataclass(frozen=True)
class Record:
    """A record that takes files: its link model, the link's field naming it, the row,
    its words in the timeline and the timeline's kind."""

    model: type[ReviewEvidence] | type[NotificationEvidence]
    field: str  # "review" or "notification"; the audit actions are named after it
    row: PostIncidentReview | IncidentNotification
    words: str
    kind: str


def _review(review: PostIncidentReview) -> Record:
    return Record(ReviewEvidence, "review", review, "post-incident review", TimelineKind.REVIEW)


def _notification(notification: IncidentNotification) -> Record:
    words = f"notification '{notification.subject}'"
    return Record(
        NotificationEvidence, "notification", notification, words, TimelineKind.NOTIFICATION
    )


@transaction.atomic
def review_evidence_attach(*, actor, review: PostIncidentReview, upload) -> ReviewEvidence:
    """Store `upload` and attach it to the post-incident review."""
    incident = row_lock(review.incident)
    _require_review_editor(actor, incident)
    return _attach(actor, incident, _review(review), upload)


@transaction.atomic
def review_evidence_detach(*, actor, link: ReviewEvidence) -> ReviewEvidence:
    """Take a file off the post-incident review (the link is kept, stamped removed)."""
    review = PostIncidentReview.objects.get(pk=link.review_id)
    incident = row_lock(review.incident)
    _require_review_editor(actor, incident)
    return _detach(actor, incident, _review(review), link)


@transaction.atomic
def notification_evidence_attach(
    *, actor, notification: IncidentNotification, upload
) -> NotificationEvidence:
    """Store `upload` and attach it to a sent regulator's or leadership notification."""
    notification = row_lock(notification)  # judged as stored now, as its sending is
    _require_notification_sender(actor, notification)
    return _attach(actor, notification.incident, _notification(notification), upload)


@transaction.atomic
def notification_evidence_detach(*, actor, link: NotificationEvidence) -> NotificationEvidence:
    """Take a file off a sent notification (the link is kept, stamped removed)."""
    notification = row_lock(IncidentNotification.objects.get(pk=link.notification_id))
    _require_notification_sender(actor, notification)
    return _detach(actor, notification.incident, _notification(notification), link)


def _attach(actor, incident: Incident, record: Record, upload):
    evidence = evidence_store(actor=actor, upload=upload)
    attached = record.model.objects.filter(
        **{record.field: record.row}, removed_at=None, evidence__sha256=evidence.sha256
    )
    if attached.exists():
        raise ValidationError({"file": [ALREADY_ATTACHED]})
    link = row_create(
        actor=actor,
        model=record.model,
        values={record.field: record.row, "evidence": evidence, "added_by": actor},
        action=f"incident.{record.field}_evidence_attached",
        audit_on=incident,
        audit_changes={record.field: record.row.pk, **described(evidence)},
    )
    _timeline(actor, incident, record, evidence, verb="added to")
    return link


def _detach(actor, incident: Incident, record: Record, link):
    link_remove(
        actor=actor,
        link=link,
        action=f"incident.{record.field}_evidence_removed",
        audit_on=incident,
        audit_changes={record.field: record.row.pk, **described(link.evidence)},
        already=f"This file was removed from the {record.field} already.",
    )
    _timeline(actor, incident, record, link.evidence, verb="removed from")
    return link


def described(evidence: EvidenceFile) -> dict:
    """The file as the audit trail names it: by its id, hash and download name."""
    return {"evidence": evidence.pk, "sha256": evidence.sha256, "name": evidence.safe_name}


def _require_review_editor(actor, incident: Incident) -> None:
    require(actor, "incidents.review.record", incident)
    if incident.status == IncidentStatus.CLOSED:
        raise ValidationError(REVIEW_CLOSED)


def _require_notification_sender(actor, notification: IncidentNotification) -> None:
    """Those who may send this notification (its audience's filers) keep its files."""
    require(actor, "incidents.notification.send", notification.incident)
    require(actor, "incidents.notification.audience", notification)
    if notification.audience not in EVIDENCE_AUDIENCES:
        raise ValidationError("Files are kept for the regulator's and leadership notifications.")
    if notification.sent_at is None:
        raise ValidationError("Files are attached once the notification is marked sent.")


def _timeline(actor, incident: Incident, record: Record, evidence, *, verb: str) -> None:
    timeline_record(
        incident=incident,
        kind=record.kind,
        actor=actor,
        text=f"Evidence {verb} the {record.words}: {evidence.safe_name} "
        f"(SHA-256 {evidence.sha256[:12]}…).",
        data={"evidence": evidence.pk, "sha256": evidence.sha256, "added": verb == "added to"},
    )
