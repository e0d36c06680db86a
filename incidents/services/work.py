"""Working an incident: notes, the lead, the checklist. Each line goes to the timeline."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.clocks.services import deadline_reassign
from core.models import User
from core.permissions import require
from core.services import notification_send
from core.writes import row_lock
from incidents.choices import TimelineKind
from incidents.contributions import incident_link
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
    entry = timeline_record(incident=incident, kind=TimelineKind.NOTE, text=text, actor=actor)
    audit_record(actor=actor, action="incident.note_added", obj=incident, changes={"note": text})
    return entry


@transaction.atomic
def incident_lead_assign(*, actor, incident: Incident, lead: User) -> Incident:
    """Name the incident lead (responders and the CISO): they own its open clocks from
    now on, so warnings and escalations reach them."""
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
    before = incident.lead.email if incident.lead_id else ""
    incident.lead = lead
    incident.updated_at = timezone.now()
    incident.save(update_fields=["lead", "updated_at"])
    audit_record(
        actor=actor, action="incident.lead_assigned", obj=incident,
        changes={"lead": [before, lead.email]},
    )  # fmt: skip
    for deadline in incident_deadlines(incident).filter(met_at=None, cancelled_at=None):
        if deadline.owner_id != lead.pk:
            deadline_reassign(actor=actor, deadline=deadline, owner=lead)
    timeline_record(
        incident=incident, kind=TimelineKind.NOTE, actor=actor,
        text=f"Lead: {lead.full_name or lead.email}.",
    )  # fmt: skip
    notification_send(
        recipient=lead, title=f"You lead incident {incident.incident_id}",
        reason=f"{actor.email} named you the incident lead.",
        link=incident_link(incident.incident_id), subject=incident,
    )  # fmt: skip
    return incident


@transaction.atomic
def incident_checklist_tick(*, actor, item: ChecklistItem) -> ChecklistItem:
    """Mark a playbook action done: who and when, and a timeline line."""
    row_lock(item)
    require(actor, "incidents.incident.work", item.incident)
    if item.done_at is not None:
        raise ValidationError({"item": ["This item is done already."]})
    item.done_by, item.done_at = actor, timezone.now()
    item.save(update_fields=["done_by", "done_at"])
    audit_record(
        actor=actor, action="incident.checklist_done", obj=item.incident,
        changes={"item": item.text},
    )  # fmt: skip
    timeline_record(
        incident=item.incident, kind=TimelineKind.CHECKLIST, actor=actor, at=item.done_at,
        text=f"Done: {item.text}", data={"item": item.pk},
    )  # fmt: skip
    return item
