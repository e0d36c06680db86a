"""Working an incident: notes, the lead, the checklist. Each line goes to the timeline."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.clocks.services import deadline_reassign
from core.models import User
from core.permissions import require
from core.services import notification_send
from core.writes import row_create, row_lock, row_update
from incidents import rules
from incidents.choices import TimelineKind
from incidents.contributions import clock_kind, incident_link
from incidents.models import ChecklistItem, Incident, TimelineEntry
from incidents.permissions import may_lead
from incidents.services.clocks import incident_deadlines
from incidents.services.timeline import timeline_record
from registry.models import LONG_TEXT


@transaction.atomic
def incident_note_add(*, actor, incident: Incident, text: str) -> TimelineEntry:
    """A note in the timeline, by whoever works the incident."""
    require(actor, "incidents.incident.work", incident)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ["Write the note."]})
    if len(text) > LONG_TEXT:
        raise ValidationError({"text": [f"At most {LONG_TEXT} characters."]})
    return row_create(
        actor=actor,
        model=TimelineEntry,
        values={"incident": incident, "kind": TimelineKind.NOTE, "text": text, "actor": actor},
        action="incident.note_added",
        audit_on=incident,
        audit_changes={"note": text},
    )


@transaction.atomic
def incident_lead_assign(*, actor, incident: Incident, lead: User) -> Incident:
    """Name the incident lead (responders and the CISO): they own its open SLA clocks
    from now on, so warnings and escalations reach them (the GDPR and Art. 73 clocks stay
    with the DPO and Legal, who file them)."""
    row_lock(incident)
    require(actor, "incidents.incident.lead_assign", incident)
    if not lead.is_active:
        raise ValidationError({"lead": ["This person's account is not active."]})
    if incident.lead_id == lead.pk:
        return incident
    if not may_lead(lead, incident):
        raise ValidationError(
            {
                "lead": [
                    "Name a responder, the CISO, the AI safety lead, "
                    "an engineering manager or the incident contact."
                ]
            }
        )
    row_update(
        actor=actor,
        obj=incident,
        values={"lead": lead},
        action="incident.lead_assigned",
        snapshot=_lead_by_email,
    )
    # The lead owns the SLA clocks; the regulatory ones stay with the roles that file them.
    for deadline in incident_deadlines(incident).filter(met_at=None, cancelled_at=None):
        if deadline.owner_id != lead.pk and not rules.filed_by(clock_kind(deadline.kind)):
            deadline_reassign(actor=actor, deadline=deadline, owner=lead)
    timeline_record(
        incident=incident,
        kind=TimelineKind.NOTE,
        actor=actor,
        text=f"Lead: {lead.full_name or lead.email}.",
    )
    notification_send(
        recipient=lead,
        title=f"You lead incident {incident.incident_id}",
        reason=f"{actor.email} named you the incident lead.",
        link=incident_link(incident.incident_id),
        subject=incident,
    )
    return incident


@transaction.atomic
def incident_checklist_tick(*, actor, item: ChecklistItem) -> ChecklistItem:
    """Mark a playbook action done: who and when, and a timeline line."""
    row_lock(item)
    require(actor, "incidents.incident.work", item.incident)
    if item.done_at is not None:
        raise ValidationError({"item": ["This item is done already."]})
    # Told on the incident, by the item's words.
    row_update(
        actor=actor,
        obj=item,
        values={"done_by": actor, "done_at": timezone.now()},
        action="incident.checklist_done",
        audit_on=item.incident,
        audit_changes={"item": item.text},
    )
    timeline_record(
        incident=item.incident,
        kind=TimelineKind.CHECKLIST,
        actor=actor,
        at=item.done_at,
        text=f"Done: {item.text}",
        data={"item": item.pk},
    )
    return item


def _lead_by_email(incident: Incident, _fields) -> dict[str, str]:
    """The lead as the trail names people: by e-mail ("" for none)."""
    return {"lead": incident.lead.email if incident.lead_id else ""}
