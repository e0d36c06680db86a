"""Notifications of an incident (DOMAIN.md section 6): drafted from a template with the
incident's facts, edited while unsent, marked sent (then frozen). The regulator's
initial report meets its regime's clock; the first leadership notification meets the
leadership clock. Initial reports and follow-ups are each kept."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.clocks.selectors import deadline_open_for
from core.permissions import require
from core.rules import organisation_missing
from core.selectors import organisation_profile_get
from core.writes import row_create, row_lock, row_update
from incidents import rules
from incidents.choices import Audience, ClockKind, NotificationPhase, TimelineKind
from incidents.contributions import deadline_kind
from incidents.models import Incident, IncidentNotification
from incidents.rules import drafts
from incidents.services.clocks import incident_deadlines
from incidents.services.meet import incident_clock_meet
from incidents.services.timeline import timeline_record

REGIMES = (ClockKind.GDPR_72H, ClockKind.AI_ACT_ART73)


def _draft_problems(incident, audience: str, phase: str, regime: str) -> dict[str, str]:
    if audience not in Audience.values:
        return {"audience": f"'{audience}' is not an audience."}
    if phase not in NotificationPhase.values:
        return {"phase": f"'{phase}' is not a phase."}
    if audience == Audience.REGULATOR and regime not in REGIMES:
        return {"regime": "Say which regulatory report this is (GDPR Art. 33 or AI Act Art. 73)."}
    if audience != Audience.REGULATOR and regime:
        return {"regime": "Only a regulator's report answers a regulatory clock."}
    if phase == NotificationPhase.FINAL and regime != ClockKind.AI_ACT_ART73:
        return {
            "phase": "Only the AI Act report has a final report; a GDPR report is "
            "initial or a follow-up."
        }
    return _facts_problems(incident, audience, regime)


def _facts_problems(incident, audience: str, regime: str) -> dict[str, str]:
    """A report about a fact the incident does not record is not drafted."""
    if regime == ClockKind.GDPR_72H and not incident.personal_data_aware_at:
        return {
            "personal_data_aware_at": "Record that personal data was affected, and when "
            "the organisation became aware of it, first."
        }
    if regime == ClockKind.AI_ACT_ART73 and not incident.serious_incident_aware_at:
        return {
            "serious_incident_aware_at": "Record what makes the incident serious, and "
            "when the organisation became aware of it, first."
        }
    if audience == Audience.USERS:
        return drafts.users_missing(incident)
    return {}


def _organisation(audience: str, regime: str):
    """The organisation's profile, refused (naming the items) when this document needs
    one it lacks: no notice goes out with a stand-in name or contact."""
    profile = organisation_profile_get()
    missing = organisation_missing(profile, drafts.PROFILE_NEEDS[regime or audience])
    if missing:
        raise ValidationError(
            {
                "organisation": (
                    "The organisation profile lacks what this document needs: "
                    f"{', '.join(missing)}. An administrator fills it in on the organisation page."
                )
            }
        )
    return profile


def _providers(system) -> tuple[str, ...]:
    links = system.vendor_links.filter(removed_at__isnull=True).select_related("product__vendor")
    return tuple(dict.fromkeys(link.product.vendor.name for link in links))


def _gdpr_due(incident: Incident):
    row = (
        incident_deadlines(incident)
        .filter(kind=deadline_kind(ClockKind.GDPR_72H), cancelled_at__isnull=True)
        .first()
    )
    return row.due_at if row else None


def _earlier_reference(incident: Incident, regime: str) -> str:
    sent = incident.notifications.filter(
        audience=Audience.REGULATOR, regime=regime, sent_at__isnull=False
    ).order_by("sent_at", "pk")
    return next((n.reference for n in sent if n.reference), "")


def _context(incident: Incident, profile, regime: str) -> drafts.DraftContext:
    system = incident.system
    done = incident.checklist.filter(done_at__isnull=False).values_list("text", flat=True)
    return drafts.DraftContext(
        organisation=profile,
        system_name=f"{system.name} ({system.system_id})",
        system_id=system.system_id,
        zone=ZoneInfo(profile.time_zone or settings.TIME_ZONE),
        actions_taken=list(done),
        now=timezone.now(),
        gdpr_due_at=_gdpr_due(incident),
        earlier_reference=_earlier_reference(incident, regime) if regime else "",
        system_version=system.model_version,
        our_role=system.ai_act_role,
        eu_database_number=system.eu_database_number,
        providers=_providers(system),
    )


@transaction.atomic
def notification_draft(
    *, actor, incident: Incident, audience: str, phase: str, regime: str = ""
) -> IncidentNotification:
    """A new unsent notification to `audience`, its text filled from the incident."""
    incident = row_lock(incident)
    values = {
        "incident": incident,
        "audience": audience,
        "phase": phase,
        "regime": regime,
        "created_by": actor,
    }
    require(actor, "incidents.notification.draft", incident)
    require(actor, "incidents.notification.audience", IncidentNotification(**values))
    problems = _draft_problems(incident, audience, phase, regime)
    if problems:
        raise ValidationError(problems)
    profile = _organisation(audience, regime)
    clocks = [(row.label, row.due_at) for row in incident_deadlines(incident) if row.is_open]
    draft = drafts.draft_for(
        incident,
        _context(incident, profile, regime),
        audience=audience,
        phase=phase,
        regime=regime,
        clocks=clocks,
    )
    return row_create(
        actor=actor,
        model=IncidentNotification,
        values={
            **values,
            "subject": draft.subject[:300],
            "body": draft.body,
            "recipient": draft.recipient[:300],
        },
        action="incident.notification_drafted",
        audit_changes={
            "incident": incident.incident_id,
            "audience": audience,
            "phase": phase,
            "regime": regime,
        },
    )


def _require_sender(actor, notification: IncidentNotification) -> None:
    require(actor, "incidents.notification.send", notification.incident)
    require(actor, "incidents.notification.audience", notification)


def _refuse_if_sent(notification: IncidentNotification) -> None:
    if notification.sent_at is not None:
        raise ValidationError(
            {
                "sent_at": f"This notification was marked sent on "
                f"{notification.sent_at:%Y-%m-%d %H:%M} UTC; it cannot change."
            }
        )


@transaction.atomic
def notification_update(
    *, actor, notification: IncidentNotification, subject: str, body: str, recipient: str
) -> IncidentNotification:
    """Edit a draft: subject, text and recipient, only while unsent."""
    notification = row_lock(notification)
    _require_sender(actor, notification)
    _refuse_if_sent(notification)
    row_update(
        actor=actor,
        obj=notification,
        action="incident.notification_updated",
        values={"subject": subject.strip(), "body": body, "recipient": recipient.strip()},
    )
    return notification


def _send_problems(notification, sent_at, recipient, now) -> dict[str, str]:
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
    # The authority's reference is optional: many portals give none at submission.
    problems = _send_problems(notification, sent_at, notification.recipient, timezone.now())
    if problems:
        raise ValidationError(problems)
    row_update(
        actor=actor,
        obj=notification,
        action="incident.notification_sent",
        values={
            "sent_at": sent_at,
            "sent_by": actor,
            "reference": reference.strip(),
            "delay_reasons": delay_reasons.strip(),
        },
    )
    timeline_record(
        incident=incident,
        kind=TimelineKind.NOTIFICATION,
        actor=actor,
        at=sent_at,
        text=f"{Audience(notification.audience).label} notified "
        f"({NotificationPhase(notification.phase).label.lower()}): {notification.subject}",
        data={"notification": notification.pk, "reference": notification.reference},
    )
    kind = _meets(notification)
    if kind and deadline_open_for(subject=incident, kind=deadline_kind(kind)):
        # Late GDPR reports are refused here without their reasons (rules.gdpr_late_needs_
        # reasons), and the whole send with them: nothing is half recorded.
        incident_clock_meet(
            actor=actor,
            incident=incident,
            kind=kind,
            at=sent_at,
            reference=reference.strip(),
            delay_reasons=delay_reasons,
        )
    return notification


@transaction.atomic
def notification_pdf(*, actor, notification: IncidentNotification) -> bytes:
    """The regulator's notification as an archivable PDF/A-3b (what was sent, or the
    draft as it reads now), under the organisation's name, times in its zone; the
    download is audited."""
    from core.pdf import render_pdf

    require(actor, "incidents.incident.view", notification.incident)
    if notification.audience != Audience.REGULATOR:
        raise ValidationError({"audience": "Only a regulator's notification is a PDF."})
    profile = _organisation(notification.audience, notification.regime)
    pdf = render_pdf(
        "incidents/pdf/regulator_notification.html",
        {
            "notification": notification,
            "incident": notification.incident,
            "organisation": profile,
            "zone": profile.time_zone or settings.TIME_ZONE,
            "sections": drafts.sections_of(notification.body),
        },
        variant="pdf/a-3b",
    )
    audit_record(
        actor=actor,
        action="incident.notification_downloaded",
        obj=notification,
        changes={"format": "pdf", "sent": notification.sent_at is not None},
    )
    return pdf
