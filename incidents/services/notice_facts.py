"""The facts an incident's notifications carry (DOMAIN.md section 6): the records and
categories affected, the likely consequences, the measures taken or proposed, what the
people affected can do and the causal link with the AI system. The DPO, Legal and those
working the incident record them; each change is audited, and the drafts made after it
carry them (a draft already made keeps its text until its author edits it)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.permissions import require
from core.writes import row_lock, row_update
from incidents.models import Incident

NOTICE_FACTS = (
    "affected_records_estimate",
    "data_subject_categories",
    "personal_data_categories",
    "likely_consequences",
    "measures_taken",
    "advice_to_people",
    "causal_link",
)


@transaction.atomic
def incident_notice_facts_update(*, actor, incident: Incident, **facts) -> Incident:
    """Set any of NOTICE_FACTS (text stripped; a records count of None: not known)."""
    unknown = set(facts) - set(NOTICE_FACTS)
    if unknown:
        raise TypeError(f"Not a notice fact: {', '.join(sorted(unknown))}")
    incident = row_lock(incident)
    require(actor, "incidents.notification.draft", incident)
    values = {
        name: value.strip() if isinstance(value, str) else value for name, value in facts.items()
    }
    row_update(
        actor=actor,
        obj=incident,
        values=values,
        action="incident.notice_facts_updated",
        also={"updated_at": timezone.now()},
    )
    return incident
