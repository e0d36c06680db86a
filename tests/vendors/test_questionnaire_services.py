"""The questionnaire's services: the token, the link's life, the answers checked, the
assessor's review and the score."""

import base64
import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from core.models import AuditEvent, Notification, OutboundMail
from core.tasks import outbound_mail_send
from tests.factories import VENDOR_ANSWERS_ALL_GOOD, AssessmentFactory, evidence_upload
from vendors.models import AssessmentEvidence, QuestionnaireLink
from vendors.services.questionnaire import (
    LinkClosed,
    questionnaire_link_for_token,
    questionnaire_review,
    questionnaire_revoke,
    questionnaire_save,
    questionnaire_send,
    questionnaire_submit,
    questionnaire_upload,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
# DOMAIN.md 8's second worked example: only a 60-day retention and no audit rights.
ANSWERS_LOW = {**VENDOR_ANSWERS_ALL_GOOD, "data_retention_days": 60, "audit_rights": False}


def _as_page(answers):
    """The answers as the page posts them (strings, "yes"/"no")."""
    shown = {True: "yes", False: "no"}
    return {k: shown.get(v, v) if isinstance(v, bool) else str(v) for k, v in answers.items()}


def _answered(link, answers):
    """The contact uploads a current SOC 2 report (else the claim scores as none), then
    submits."""
    questionnaire_upload(
        link=link,
        kind="soc2_report",
        upload=evidence_upload("soc2.pdf"),
        expires_on=date(2070, 6, 30),
    )
    return questionnaire_submit(link=link, answers=_as_page(answers))


@pytest.fixture
def sent(personas, django_capture_on_commit_callbacks, mailoutbox, monkeypatch):
    # The link goes out by core's mail task once the sending commits: run it here.
    monkeypatch.setattr(outbound_mail_send, "delay", lambda *args: outbound_mail_send.apply(args))
    assessment = AssessmentFactory(assessor=personas.security)
    with django_capture_on_commit_callbacks(execute=True):
        link, token = questionnaire_send(
            actor=personas.security, assessment=assessment, contact_email="sec@vendor.example"
        )
    return link, token


def test_the_token_has_256_bits_is_mailed_and_only_its_hash_is_stored(sent, mailoutbox):
    link, token = sent
    assert len(base64.urlsafe_b64decode(token + "=")) * 8 >= 128  # 256 random bits
    stored = QuestionnaireLink.objects.get()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(QuestionnaireLink.objects.values().get())
    assert not AuditEvent.objects.filter(changes__icontains=token).exists()
    assert len(mailoutbox) == 1 and token in mailoutbox[0].body
    assert mailoutbox[0].to == ["sec@vendor.example"]
    outgoing = OutboundMail.objects.get()  # the mail's trace keeps no working link
    assert outgoing.sent_at is not None and token not in str(OutboundMail.objects.values().get())
    assert stored.assessment.status == "sent"
    assert stored.expires_at - stored.created_at == timedelta(days=14)
    assert AuditEvent.objects.filter(action="questionnaire.sent").exists()


def test_two_links_never_share_a_token(personas):
    tokens = set()
    for _ in range(20):
        assessment = AssessmentFactory(assessor=personas.security)
        tokens.add(
            questionnaire_send(
                actor=personas.security, assessment=assessment, contact_email="a@b.example"
            )[1]
        )
    assert len(tokens) == 20


def test_only_assessors_send_and_only_a_draft_after_its_open_link_is_withdrawn(personas, sent):
    link, token = sent
    for person in (personas.owner, personas.auditor, personas.outsider):
        with pytest.raises(PermissionDenied):
            questionnaire_send(
                actor=person, assessment=link.assessment, contact_email="x@y.example"
            )
    with pytest.raises(ValidationError) as refused:
        questionnaire_send(
            actor=personas.dpo, assessment=link.assessment, contact_email="other@vendor.example"
        )
    assert "withdraw the open link" in refused.value.message_dict["assessment"][0]
    assert questionnaire_link_for_token(token) == link  # the open link still works
    questionnaire_revoke(actor=personas.dpo, link=link)  # back to draft
    _new, new_token = questionnaire_send(
        actor=personas.dpo, assessment=link.assessment, contact_email="other@vendor.example"
    )
    with pytest.raises(LinkClosed) as closed:
        questionnaire_link_for_token(token)
    assert closed.value.state == "revoked"
    assert questionnaire_link_for_token(new_token).contact_email == "other@vendor.example"


def test_an_answered_assessment_is_not_sent_again(personas):
    assessment = AssessmentFactory(assessor=personas.security, status="answered")
    with pytest.raises(ValidationError) as refused:
        questionnaire_send(
            actor=personas.security, assessment=assessment, contact_email="c@v.example"
        )
    assert "review their answers" in refused.value.message_dict["assessment"][0]
    assert not QuestionnaireLink.objects.exists()


def test_a_sent_assessment_whose_link_lapsed_is_sent_again(personas):
    assessment = AssessmentFactory(assessor=personas.security)
    with time_machine.travel(NOW, tick=False):
        questionnaire_send(
            actor=personas.security, assessment=assessment, contact_email="c@v.example"
        )
    with time_machine.travel(NOW + timedelta(days=15), tick=False):
        assessment.refresh_from_db()
        assert assessment.status == "sent"  # nobody can answer it any more
        _link, token = questionnaire_send(
            actor=personas.security, assessment=assessment, contact_email="new@v.example"
        )
        assert questionnaire_link_for_token(token).contact_email == "new@v.example"


def test_draft_saves_are_audited_with_the_contact_as_actor(sent):
    link, _token = sent
    questionnaire_save(link=link, answers={"use_case": "Screening", "data_retention_days": "45"})
    questionnaire_save(link=link, answers={"use_case": "Screening", "data_retention_days": "45"})
    questionnaire_save(link=link, answers={"use_case": "Screening"})
    events = list(AuditEvent.objects.filter(action="questionnaire.draft_saved").order_by("seq"))
    assert len(events) == 2  # the unchanged second save records nothing
    first, second = events
    contact = "Vendor contact: sec@vendor.example (questionnaire link)"
    assert (first.actor_label, first.actor) == (contact, None)
    assert first.object_type == "vendors.assessment"
    assert first.object_id == str(link.assessment.pk)
    assert first.changes["use_case"] == [None, "Screening"]
    assert first.changes["by"] == "sec@vendor.example" and first.changes["link"] == link.pk
    assert second.changes["data_retention_days"] == [45, None]
    assert "use_case" not in second.changes
    questionnaire_submit(link=link, answers=_as_page(VENDOR_ANSWERS_ALL_GOOD))
    answered = AuditEvent.objects.get(action="questionnaire.answered")
    assert answered.actor_label == contact


def test_a_link_is_used_up_by_submit_and_accepts_nothing_after(sent):
    link, token = sent
    questionnaire_submit(link=link, answers=_as_page(VENDOR_ANSWERS_ALL_GOOD))
    link.assessment.refresh_from_db()
    assert link.assessment.status == "answered"
    assert Notification.objects.filter(recipient=link.assessment.assessor).count() == 1
    with pytest.raises(LinkClosed) as closed:
        questionnaire_link_for_token(token)
    assert closed.value.state == "used"
    for write in (
        lambda: questionnaire_submit(link=link, answers=_as_page(ANSWERS_LOW)),
        lambda: questionnaire_save(link=link, answers={"use_case": "changed"}),
        lambda: questionnaire_upload(link=link, kind="dpa", upload=evidence_upload()),
    ):
        with pytest.raises(LinkClosed):
            write()
    link.assessment.refresh_from_db()
    assert link.assessment.data_retention_days == 30
    assert not AssessmentEvidence.objects.exists()


def test_a_link_expires_after_14_days_and_a_revoked_one_is_closed(personas):
    assessment = AssessmentFactory(assessor=personas.security)
    with time_machine.travel(NOW, tick=False):
        link, token = questionnaire_send(
            actor=personas.security, assessment=assessment, contact_email="c@v.example"
        )
    with time_machine.travel(NOW + timedelta(days=13, hours=23), tick=False):
        assert questionnaire_link_for_token(token) == link
    with time_machine.travel(NOW + timedelta(days=14), tick=False):
        with pytest.raises(LinkClosed) as closed:
            questionnaire_link_for_token(token)
        assert closed.value.state == "expired"
        with pytest.raises(LinkClosed):
            questionnaire_save(link=link, answers={"use_case": "late"})
    other = AssessmentFactory(assessor=personas.security)
    link2, token2 = questionnaire_send(
        actor=personas.security, assessment=other, contact_email="c@v.example"
    )
    with pytest.raises(PermissionDenied):
        questionnaire_revoke(actor=personas.owner, link=link2)
    questionnaire_revoke(actor=personas.security, link=link2)
    other.refresh_from_db()
    assert other.status == "draft"
    with pytest.raises(LinkClosed) as closed:
        questionnaire_link_for_token(token2)
    assert closed.value.state == "revoked"
    with pytest.raises(LinkClosed) as closed:
        questionnaire_link_for_token("x" * 43)
    assert closed.value.state == "unknown"


def test_a_draft_is_kept_and_bad_answers_are_refused_naming_the_field(sent):
    link, _token = sent
    questionnaire_save(link=link, answers={"use_case": "Screening", "data_retention_days": "45"})
    for bad, field in (
        ({"data_retention_days": "-1"}, "data_retention_days"),
        ({"sla_uptime_percentage": "120"}, "sla_uptime_percentage"),
        ({"use_case": "x" * 5000}, "use_case"),
        ({"favourite_colour": "blue"}, "favourite_colour"),
    ):
        with pytest.raises(ValidationError) as refused:
            questionnaire_save(link=link, answers={"use_case": "lost?", **bad})
        assert field in refused.value.message_dict
    link.refresh_from_db()
    assert link.draft_answers == {"use_case": "Screening", "data_retention_days": 45}


def test_a_submit_needs_every_answer_and_changes_nothing_when_refused(sent):
    link, _token = sent
    questionnaire_save(link=link, answers={"use_case": "Screening"})
    with pytest.raises(ValidationError) as refused:
        bad = {"sla_uptime_percentage": "120", "has_dpa": ""}
        questionnaire_submit(link=link, answers={**_as_page(VENDOR_ANSWERS_ALL_GOOD), **bad})
    assert {"sla_uptime_percentage", "has_dpa"} <= set(refused.value.message_dict)
    link.refresh_from_db()
    assert link.submitted_at is None and link.draft_answers == {"use_case": "Screening"}
    assert link.assessment.status == "sent"


def test_uploads_follow_the_evidence_rules_with_the_smaller_limit(sent):
    link, _token = sent
    questionnaire_upload(
        link=link,
        kind="soc2_report",
        upload=evidence_upload("soc2.pdf"),
        expires_on=date(2027, 6, 30),
    )
    stored = AssessmentEvidence.objects.select_related("evidence").get()
    assert stored.assessment == link.assessment and stored.added_by is None
    assert stored.evidence.uploaded_by_label == "sec@vendor.example"
    assert stored.evidence.expires_on == date(2027, 6, 30)
    with pytest.raises(ValidationError) as refused:
        questionnaire_upload(link=link, kind="soc2_report", upload=evidence_upload("b.pdf"))
    assert "expires_on" in refused.value.message_dict
    with override_settings(VENDOR_UPLOAD_MAX_BYTES=10), pytest.raises(ValidationError) as big:
        questionnaire_upload(link=link, kind="dpa", upload=evidence_upload("dpa.pdf"))
    assert "file" in big.value.message_dict
    assert AssessmentEvidence.objects.count() == 1


def test_the_assessor_corrects_with_a_note_then_the_score_is_stored(personas, sent):
    link, _token = sent
    assessment = _answered(link, VENDOR_ANSWERS_ALL_GOOD)
    with pytest.raises(ValidationError) as refused:
        questionnaire_review(
            actor=personas.security, assessment=assessment, corrections={"has_dpa": ("no", "")}
        )
    assert "has_dpa" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        questionnaire_review(actor=personas.auditor, assessment=assessment)
    questionnaire_review(
        actor=personas.security,
        assessment=assessment,
        corrections={
            "data_retention_days": ("60", "The DPA says 60 days"),
            "audit_rights": ("no", "Not in the contract"),
        },
    )
    assessment.refresh_from_db()
    assert (assessment.risk_score, assessment.risk_tier) == (3, "low")
    assert assessment.recommendation == "Approved: monitor annually"
    assert assessment.use_approved and assessment.status == "scored"
    event = AuditEvent.objects.get(action="assessment.answers_corrected")
    assert event.changes["data_retention_days"] == [30, 60]
    assert event.changes["notes"]["audit_rights"] == "Not in the contract"


def test_accepting_as_answered_scores_the_vendors_answers(personas, sent):
    link, _token = sent
    _answered(link, ANSWERS_LOW)
    assessment = questionnaire_review(actor=personas.security, assessment=link.assessment)
    assert (assessment.risk_score, assessment.risk_tier) == (3, "low")
