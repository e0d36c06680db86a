"""Notifications of an incident (DOMAIN.md section 6): drafted from a template with the
incident's facts, edited while unsent, marked sent (then frozen). The regulator's
initial report meets its regime's clock; the first leadership notification meets the
leadership clock. Initial reports and follow-ups are each kept."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.choices import Role
from core.clocks.selectors import deadline_open_for
from core.models import User
from core.permissions import require
from core.writes import row_lock, row_update
from incidents import drafts, rules
from incidents.choices import Audience, ClockKind, NotificationPhase, TimelineKind
from incidents.clock_kinds import deadline_kind
from incidents.models import Incident, IncidentNotification
from incidents.services.clocks import incident_deadlines
from incidents.services.meet import incident_clock_meet
from incidents.timeline import timeline_record

REGIMES = (ClockKind.GDPR_72H, ClockKind.AI_ACT_ART73)


def _dpo_contact() -> str:
    dpo = User.objects.filter(role_assignments__role=Role.DPO, is_active=True).order_by("pk")
    person = dpo.first()
    if person is None:
        return ""
    name = person.get_full_name() if hasattr(person, "get_full_name") else ""
    return f"{name} <{person.email}>" if name else person.email


def _draft_problems(incident, audience: str, phase: str, regime: str) -> dict[str, str]:
    if audience not in Audience.values:
        return {"audience": f"'{audience}' is not an audience."}
    if phase not in NotificationPhase.values:
        return {"phase": f"'{phase}' is not a phase."}
    if audience == Audience.REGULATOR and regime not in REGIMES:
        return {"regime": "Say which regulatory report this is (GDPR Art. 33 or AI Act Art. 73)."}
    if audience != Audience.REGULATOR and regime:
        return {"regime": "Only a regulator's report answers a regulatory clock."}
    return {}


def _context(incident: Incident) -> drafts.DraftContext:
    # Affected people are pointed at INCIDENT_SUPPORT_CONTACT (a public support address),
    # else the DPO: never the system's on-call address, which is internal.
    done = incident.checklist.filter(done_at__isnull=False).values_list("text", flat=True)
    return drafts.DraftContext(
        system_name=f"{incident.system.name} ({incident.system.system_id})",
        dpo_contact=_dpo_contact(),
        support_contact=getattr(settings, "INCIDENT_SUPPORT_CONTACT", ""),
        actions_taken=list(done),
    )


@transaction.atomic
def notification_draft(
    *, actor, incident: Incident, audience: str, phase: str, regime: str = ""
) -> IncidentNotification:
    """A new unsent notification to `audience`, its text filled from the incident."""
    incident = row_lock(incident)
    notification = IncidentNotification(
        incident=incident, audience=audience, phase=phase, regime=regime, created_by=actor
    )
    require(actor, "incidents.notification.draft", incident)
    require(actor, "incidents.notification.audience", notification)
    problems = _draft_problems(incident, audience, phase, regime)
    if problems:
        raise ValidationError(problems)
    clocks = [(row.label, row.due_at) for row in incident_deadlines(incident) if row.is_open]
    draft = drafts.draft_for(
        incident, _context(incident), audience=audience, phase=phase, regime=regime, clocks=clocks
    )
    notification.subject, notification.body = draft.subject[:300], draft.body
    notification.full_clean()
    notification.save()
    audit_record(
        actor=actor, action="incident.notification_drafted", obj=notification,
        changes={"incident": incident.incident_id, "audience": audience, "phase": phase,
                 "regime": regime},
    )  # fmt: skip
    return notification


def _require_sender(actor, notification: IncidentNotification) -> None:
    require(actor, "incidents.notification.send", notification.incident)
    require(actor, "incidents.notification.audience", notification)


def _refuse_if_sent(notification: IncidentNotification) -> None:
    if notification.sent_at is not None:
        raise ValidationError(
            {"sent_at": f"This notification was marked sent on "
                        f"{notification.sent_at:%Y-%m-%d %H:%M} UTC; it cannot change."}
        )  # fmt: skip


@transaction.atomic
def notification_update(
    *, actor, notification: IncidentNotification, subject: str, body: str, recipient: str
) -> IncidentNotification:
    """Edit a draft: subject, text and recipient, only while unsent."""
    notification = row_lock(notification)
    _require_sender(actor, notification)
    _refuse_if_sent(notification)
    row_update(
        actor=actor, obj=notification, action="incident.notification_updated",
        values={"subject": subject.strip(), "body": body, "recipient": recipient.strip()},
    )  # fmt: skip
    return notification


def _send_problems(notification, sent_at, reference, recipient, now) -> dict[str, str]:
    problems = {}
    if sent_at is None:
        problems["sent_at"] = "Give the time it was sent."
    elif rules.timezone_naive(sent_at):
        problems["sent_at"] = "Give the time with its time zone."
    elif sent_at > now:
        problems["sent_at"] = "The time it was sent cannot be in the future."
    elif sent_at < notification.incident.discovered_at:
        problems["sent_at"] = "It cannot have been sent before the incident was discovered."
    if not recipient.strip():
        problems["recipient"] = "Name the recipient."
    if notification.audience == Audience.REGULATOR and not reference.strip():
        problems["reference"] = "Give the authority's reference (or the submission's)."
    return problems


def _meets(notification: IncidentNotification) -> str | None:
    """The clock this notification meets, if any."""
    if notification.audience == Audience.REGULATOR and notification.phase == "initial":
        return notification.regime
    if notification.audience == Audience.LEADERSHIP:
        return ClockKind.LEADERSHIP
    return None


@transaction.atomic
def notification_mark_sent(
    *,
    actor,
    notification: IncidentNotification,
    sent_at: datetime,
    reference: str,
    delay_reasons: str = "",
) -> IncidentNotification:
    """Record that the notification went out, as it reads now; it is frozen afterwards.
    A GDPR report sent after the 72 hours needs the reasons for the delay."""
    notification = row_lock(notification)
    _require_sender(actor, notification)
    _refuse_if_sent(notification)
    incident = notification.incident
    problems = _send_problems(notification, sent_at, reference, notification.recipient,
                              timezone.now())  # fmt: skip
    if problems:
        raise ValidationError(problems)
    row_update(
        actor=actor, obj=notification, action="incident.notification_sent",
        values={"sent_at": sent_at, "sent_by": actor, "reference": reference.strip(),
                "delay_reasons": delay_reasons.strip()},
    )  # fmt: skip
    timeline_record(
        incident=incident, kind=TimelineKind.NOTIFICATION, actor=actor, at=sent_at,
        text=f"{Audience(notification.audience).label} notified "
             f"({NotificationPhase(notification.phase).label.lower()}): {notification.subject}",
        data={"notification": notification.pk, "reference": notification.reference},
    )  # fmt: skip
    kind = _meets(notification)
    if kind and deadline_open_for(subject=incident, kind=deadline_kind(kind)):
        # Late GDPR reports are refused here without their reasons (rules.gdpr_late_needs_
        # reasons), and the whole send with them: nothing is half recorded.
        incident_clock_meet(
            actor=actor, incident=incident, kind=kind, at=sent_at,
            reference=reference.strip(), delay_reasons=delay_reasons,
        )  # fmt: skip
    return notification


@transaction.atomic
def notification_pdf(*, actor, notification: IncidentNotification) -> bytes:
    """The regulator's notification as a PDF (what was sent, or the draft as it reads
    now); the download is audited."""
    from core.pdf import render_pdf

    require(actor, "incidents.incident.view", notification.incident)
    if notification.audience != Audience.REGULATOR:
        raise ValidationError({"audience": "Only a regulator's notification is a PDF."})
    pdf = render_pdf(
        "incidents/pdf/regulator_notification.html",
        {"notification": notification, "incident": notification.incident,
         "sections": drafts.sections_of(notification.body)},
    )  # fmt: skip
    audit_record(
        actor=actor, action="incident.notification_downloaded", obj=notification,
        changes={"format": "pdf", "sent": notification.sent_at is not None},
    )  # fmt: skip
    return pdf
