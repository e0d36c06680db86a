"""The questionnaire a vendor contact answers through a link, without an account
(issue 9 part 2).

The link carries a random token (`secrets.token_urlsafe(32)`: 256 bits); only its
SHA-256 is stored with the link, so the database cannot give a working link away (the
mail that carries it to the contact is core's outbound mail, whose body is erased once
it is sent). A link is single use (closed on submit), expires (14 days by default),
and is withdrawn by the assessor (before sending a new one: only a draft is sent). It
reaches its one assessment only: every service here takes the link, never an
assessment id from the visitor. What the contact does through it is audited with
them as the actor: "Vendor contact: <e-mail> (questionnaire link)" (link_holder).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.audit import Outsider, audit_record
from core.evidence.services import evidence_store
from core.mail import mail_send
from core.permissions import require
from core.services import notification_send
from core.writes import row_create, row_lock, row_update
from vendors.choices import AssessmentStatus, EvidenceKind
from vendors.forms.questionnaire import UploadForm, answers_stored, answers_validated
from vendors.models import Assessment, AssessmentEvidence, QuestionnaireLink
from vendors.selectors.assessments import questionnaire_send_refusal
from vendors.services.assessments import ANSWER_FIELDS
from vendors.services.evidence import evidence_link_create
from vendors.services.scoring import assessment_score

TOKEN_BYTES = 32  # 256 bits of randomness; the issue asks for at least 128
UPLOAD_KINDS = tuple(value for value, _label in UploadForm.KINDS)


class LinkClosed(Exception):
    """A link that accepts nothing: `state` is "unknown", "used", "expired" or "revoked"."""

    MESSAGES = {
        "unknown": "This questionnaire link is not valid. Check that you copied it whole.",
        "used": "This questionnaire was submitted already; the link cannot be used again.",
        "expired": "This questionnaire link has expired.",
        "revoked": "This questionnaire link was withdrawn by the assessor.",
    }

    def __init__(self, state: str):
        super().__init__(self.MESSAGES[state])
        self.state = state


def link_holder(link: QuestionnaireLink) -> Outsider:
    """The vendor contact acting through their link, as the audit trail names them.

    Not a portal account: the link's token is their only credential, so they hold no
    permission, but the trail names them (rather than "system") and says how they came.
    """
    return Outsider(f"Vendor contact: {link.contact_email} (questionnaire link)")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def questionnaire_url(token: str) -> str:
    return settings.PORTAL_BASE_URL + reverse("questionnaire:form", kwargs={"token": token})


def link_state(link: QuestionnaireLink, now) -> str:
    """ "open", or why the link accepts nothing (used first: a submitted link stays used)."""
    if link.submitted_at is not None:
        return "used"
    if link.revoked_at is not None:
        return "revoked"
    return "expired" if now >= link.expires_at else "open"


def questionnaire_link_for_token(token: str, *, lock: bool = False) -> QuestionnaireLink:
    """The open link of `token`, or LinkClosed saying why it accepts nothing."""
    rows = QuestionnaireLink.objects.select_related("assessment__product__vendor")
    if lock:
        rows = rows.select_for_update(of=("self",))
    link = rows.filter(token_hash=token_digest(token or "")).first()
    if link is None:
        raise LinkClosed("unknown")
    state = link_state(link, timezone.now())
    if state != "open":
        raise LinkClosed(state)
    return link


def _open_locked(link: QuestionnaireLink) -> QuestionnaireLink:
    """Re-read the link under its lock and refuse it when it closed meanwhile."""
    row_lock(link)
    state = link_state(link, timezone.now())
    if state != "open":
        raise LinkClosed(state)
    return link


@transaction.atomic
def questionnaire_send(
    *, actor, assessment: Assessment, contact_email: str, days_valid: int = 14
) -> tuple[QuestionnaireLink, str]:
    """Send the questionnaire of a draft `assessment` to `contact_email` (assessors).
    Returns the link and its token: the token is e-mailed and shown once, never stored.
    The assessment is "sent to vendor"; to send it again, the assessor withdraws the
    open link first (vendors.rules.questionnaire says when it may be sent)."""
    row_lock(assessment)
    require(actor, "vendors.assessment.change", assessment)
    refused = _send_refusals(assessment, contact_email, days_valid)
    if refused:
        raise ValidationError(refused)
    now = timezone.now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    # One event on the assessment names the new link: the rows are written first.
    link = row_create(
        actor=actor,
        model=QuestionnaireLink,
        values={
            "assessment": assessment,
            "token_hash": token_digest(token),
            "contact_email": contact_email.strip(),
            "created_by": actor,
            "created_at": now,
            "expires_at": now + timedelta(days=days_valid),
            "draft_answers": _current_answers(assessment),
        },
        action=None,
    )
    row_update(actor=actor, obj=assessment, values={"status": AssessmentStatus.SENT}, action=None)
    audit_record(
        actor=actor,
        action="questionnaire.sent",
        obj=assessment,
        changes={
            "link": link.pk,
            "contact_email": link.contact_email,
            "expires_at": link.expires_at,
        },
    )
    _mail_link(link, questionnaire_url(token), vendor=assessment.product.vendor.name)
    return link, token


def _send_refusals(assessment, contact_email, days_valid) -> dict[str, list[str]]:
    refused = {}
    if problem := questionnaire_send_refusal(assessment):
        refused["assessment"] = [problem]
    try:
        QuestionnaireLink(contact_email=(contact_email or "").strip()).clean_fields(
            exclude=[f.name for f in QuestionnaireLink._meta.fields if f.name != "contact_email"]
        )
    except ValidationError as exc:
        refused.update(exc.message_dict)
    if not 1 <= days_valid <= 90:
        refused["days_valid"] = ["A link is valid for 1 to 90 days."]
    return refused


def _current_answers(assessment: Assessment) -> dict[str, Any]:
    """The answers the contact finds filled in (a re-assessment starts from the last)."""
    return answers_stored({name: getattr(assessment, name) for name in ANSWER_FIELDS})


def _mail_link(link: QuestionnaireLink, url: str, *, vendor: str) -> None:
    """The link to the contact, by core's outbound mail: sent once the sending commits,
    retried while the mail server fails; the body (the token) is erased once sent."""
    mail_send(
        to=link.contact_email,
        subject=f"Security questionnaire for {vendor}",
        body=f"Please answer our vendor risk questionnaire for {vendor}:\n\n{url}\n\n"
        f"You can save your answers and come back until you submit. The link is personal "
        f"and works until {link.expires_at:%Y-%m-%d %H:%M} UTC.\n",
        reason=f"An assessor sent the vendor questionnaire of {vendor} to this address.",
        keep_body=False,
    )


@transaction.atomic
def questionnaire_save(*, link: QuestionnaireLink, answers: Mapping[str, Any]) -> QuestionnaireLink:
    """Keep the contact's answers as a draft (each answer given is checked; a refused one
    keeps the previous draft whole). Audited on the assessment with the answers that
    changed, the contact as the actor; a save that changes nothing records nothing."""
    _open_locked(link)
    draft = answers_stored(answers_validated(answers, complete=False))
    before = link.draft_answers or {}
    changed = {
        name: [before.get(name), draft.get(name)]
        for name in ANSWER_FIELDS
        if before.get(name) != draft.get(name)
    }
    row_update(
        actor=link_holder(link),
        obj=link,
        values={"draft_answers": draft},
        action="questionnaire.draft_saved",
        audit_on=link.assessment,
        audit_changes=changed,
        audit_extra={"by": link.contact_email, "link": link.pk},
    )
    return link


@transaction.atomic
def questionnaire_upload(
    *, link: QuestionnaireLink, kind: str, upload, expires_on: date | None = None
) -> AssessmentEvidence:
    """Store a document from the contact (core's evidence rules, with the smaller
    VENDOR_UPLOAD_MAX_BYTES limit) and link it to the link's assessment."""
    _open_locked(link)
    refused = {}
    if kind not in UPLOAD_KINDS:
        refused["kind"] = ["Choose a SOC 2 report, a DPA or a penetration test summary."]
    if kind == EvidenceKind.SOC2_REPORT and expires_on is None:
        refused["expires_on"] = ["A SOC 2 report needs the last day it is valid."]
    if refused:
        raise ValidationError(refused)
    contact = link_holder(link)
    evidence = evidence_store(
        actor=contact,
        uploaded_by_label=link.contact_email,
        upload=upload,
        max_bytes=settings.VENDOR_UPLOAD_MAX_BYTES,
        expires_on=expires_on,
    )
    return evidence_link_create(
        actor=contact,
        assessment=link.assessment,
        evidence=evidence,
        kind=kind,
        expires_on=expires_on,
        audit_extra={"by": link.contact_email, "link": link.pk},
    )


@transaction.atomic
def questionnaire_submit(*, link: QuestionnaireLink, answers: Mapping[str, Any]) -> Assessment:
    """The contact's final answers: every one required and checked, written to the
    assessment (now "answered"), the link used up, the assessor notified. A refused
    submit keeps the answers given as the draft, so nothing typed is lost."""
    _open_locked(link)
    cleaned = answers_validated(answers, complete=True)
    assessment = link.assessment
    row_update(
        actor=link_holder(link),
        obj=assessment,
        action="questionnaire.answered",
        values={**cleaned, "status": AssessmentStatus.ANSWERED},
        audit_extra={"by": link.contact_email, "link": link.pk},
    )
    row_update(
        actor=None,
        obj=link,
        action=None,
        values={"submitted_at": timezone.now(), "draft_answers": answers_stored(cleaned)},
    )
    notification_send(
        recipient=assessment.assessor,
        title=f"Questionnaire answered: {assessment.product}",
        reason="You sent this vendor questionnaire; review the answers before scoring.",
        body=f"{link.contact_email} submitted the answers.",
        link=reverse("vendors:assessment_review", kwargs={"pk": assessment.pk}),
        subject=assessment,
        dedupe_key=f"vendors.questionnaire.{link.pk}.submitted",
    )
    return assessment


@transaction.atomic
def questionnaire_revoke(*, actor, link: QuestionnaireLink) -> QuestionnaireLink:
    """Withdraw an open link; the assessment is back in draft, to edit or send again."""
    row_lock(link)
    require(actor, "vendors.assessment.change", link.assessment)
    if link_state(link, timezone.now()) != "open":
        raise ValidationError({"link": ["This link is no longer open."]})
    row_update(actor=actor, obj=link, values={"revoked_at": timezone.now()}, action=None)
    assessment = row_lock(link.assessment)
    if assessment.status == AssessmentStatus.SENT:
        row_update(
            actor=actor, obj=assessment, values={"status": AssessmentStatus.DRAFT}, action=None
        )
    audit_record(
        actor=actor,
        action="questionnaire.revoked",
        obj=assessment,
        changes={"link": link.pk, "contact_email": link.contact_email},
    )
    return link


@transaction.atomic
def questionnaire_review(
    *, actor, assessment: Assessment, corrections: Mapping[str, tuple[Any, str]] | None = None
) -> Assessment:
    """The assessor accepts the vendor's answers, or corrects some, each with a note
    (recorded in the audit trail with the old and new value), then scores them."""
    row_lock(assessment)
    require(actor, "vendors.assessment.change", assessment)
    corrections = dict(corrections or {})
    refused: dict[str, list[str]] = {}
    if assessment.status != AssessmentStatus.ANSWERED:
        refused["assessment"] = ["Only an answered questionnaire is reviewed."]
    notes = {name: (note or "").strip() for name, (_value, note) in corrections.items()}
    refused.update(
        {n: ["Say why you correct this answer."] for n, note in notes.items() if not note}
    )
    values = {}
    try:
        if corrections:
            values = answers_validated(
                {name: value for name, (value, _note) in corrections.items()},
                complete=True,
                only=tuple(corrections),
            )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            refused.setdefault(name, []).extend(messages)
    if refused:
        raise ValidationError(refused)
    if values:
        row_update(
            actor=actor,
            obj=assessment,
            values=values,
            action="assessment.answers_corrected",
            audit_extra={"notes": notes},
        )
    audit_record(
        actor=actor,
        action="questionnaire.reviewed",
        obj=assessment,
        changes={"corrected": sorted(values), "accepted_as_answered": not values},
    )
    return assessment_score(actor=actor, assessment=assessment)
