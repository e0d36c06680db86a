"""Reporting an incident (issue 8, section 1): the incident, its playbook checklist, its
clocks on the engine, and the people told."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import IntegerField, Max, Q
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from core.choices import Role
from core.permissions import require, roles_of
from core.selectors import users_with_role
from core.services import notification_send, notification_send_each
from core.writes import row_create, rows_create
from incidents import rules
from incidents.choices import IncidentType, Severity, TimelineKind
from incidents.contributions import incident_link
from incidents.models import ChecklistItem, Incident, PlaybookItem
from incidents.permissions import incident_contact_people, is_incident_contact
from incidents.services.awareness import awareness_moments_apply
from incidents.services.clocks import clock_owner, incident_clocks_sync
from incidents.services.timeline import timeline_record
from registry.models import AISystem

# Serialises the choice of the next INC-NNNN (two reports at once get two numbers).
INCIDENT_ID_LOCK = 0x1AC1DE47


def incident_id_next() -> str:
    """The ID after the highest INC-NNNN in use; call under INCIDENT_ID_LOCK."""
    highest = Incident.objects.aggregate(
        n=Max(Cast(Substr("incident_id", 5), output_field=IntegerField()))
    )["n"]
    return rules.incident_id_for((highest or 0) + 1)


def report_problems(*, type, severity, discovered_at, description, now) -> dict[str, str]:
    problems = {}
    if type not in IncidentType.values:
        problems["type"] = f"'{type}' is not an incident type."
    if severity not in Severity.values:
        problems["severity"] = f"'{severity}' is not a severity."
    if not isinstance(discovered_at, datetime):
        problems["discovered_at"] = "Give the discovery time."
    else:
        problems |= rules.awareness_problems(discovered_at, now)
    if not (description or "").strip():
        problems["description"] = "Describe what happened."
    return problems


@transaction.atomic
def incident_report(
    *,
    actor,
    system: AISystem,
    type: str,
    severity: str,
    discovered_at: datetime,
    title: str = "",
    description: str,
    affected_people_estimate: int = 0,
    eu_residents_affected: bool = False,
    personal_data_exposed: bool = False,
    death: bool = False,
    critical_infrastructure_disruption: bool = False,
    widespread_infringement: bool = False,
    other_serious_harm: bool = False,
    breach_nature: list[str] | tuple[str, ...] = (),
    personal_data_aware_at: datetime | None = None,
    serious_incident_aware_at: datetime | None = None,
    reason: str = "",
) -> Incident:
    """Report an incident on a system (anyone who can see the system): it gets the next
    INC-NNNN, its playbook checklist and every clock that applies; the responders, the
    system's incident contact and, with a GDPR clock, the DPO are told. A discovery
    time in the future, an unknown type or severity is refused naming the field.
    Personal data affected, or a serious-incident fact, records when the organisation
    learned it: now, or the moment given (earlier than now with a `reason`)."""
    require(actor, "incidents.incident.report", system)
    now = timezone.now()
    problems = report_problems(
        type=type,
        severity=severity,
        discovered_at=discovered_at,
        description=description,
        now=now,
    )
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INCIDENT_ID_LOCK])
    facts = {
        "affected_people_estimate": affected_people_estimate,
        "eu_residents_affected": eu_residents_affected,
        "personal_data_exposed": personal_data_exposed,
        "death": death,
        "critical_infrastructure_disruption": critical_infrastructure_disruption,
        "widespread_infringement": widespread_infringement,
        "other_serious_harm": other_serious_harm,
        "breach_nature": list(breach_nature),
    }
    incident = row_create(
        actor=actor,
        model=Incident,
        values={
            "incident_id": incident_id_next(),
            "system": system,
            "type": type,
            "severity": severity,
            "title": (title or "").strip() or default_title(type, system),
            "description": description.strip(),
            "discovered_at": discovered_at,
            "reported_by": actor,
            "reported_at": now,
            "updated_at": now,
            **facts,
        },
        action="incident.reported",
        audit_changes={
            "system": system.system_id,
            "type": type,
            "severity": severity,
            "discovered_at": discovered_at,
            **facts,
        },
        # The system and the reporter are the caller's own objects: no query for them.
        validate=lambda incident: incident.full_clean(exclude=["system", "reported_by", "lead"]),
    )
    timeline_record(
        incident=incident,
        kind=TimelineKind.REPORTED,
        actor=actor,
        at=now,
        text=f"Reported: {incident.get_severity_display()} "
        f"{incident.get_type_display().lower()} on {system.system_id}.",
    )
    given = {
        "personal_data_aware_at": personal_data_aware_at,
        "serious_incident_aware_at": serious_incident_aware_at,
    }
    awareness_moments_apply(actor=actor, incident=incident, given=given, reason=reason, now=now)
    checklist_copy(actor=actor, incident=incident)
    incident_clocks_sync(actor=actor, incident=incident, why="reported")
    _tell_people(incident)
    return incident


def default_title(type: str, system: AISystem) -> str:
    return f"{IncidentType(type).label} on {system.system_id}"


def checklist_copy(*, actor, incident: Incident) -> int:
    """Copy the playbook's items for the incident's type and severity that are not on
    its checklist yet (a raised severity adds its own): one insert, one event on the
    incident naming the items (none when nothing was new)."""
    items = PlaybookItem.objects.filter(
        Q(type=incident.type) | Q(type=""),
        Q(severity=incident.severity) | Q(severity=""),
        retired_at__isnull=True,
    )
    present = set(incident.checklist.values_list("phase", "text"))
    new = [
        {"incident": incident, "phase": i.phase, "text": i.text, "order": i.order}
        for i in items.order_by("phase", "order", "pk")
        if (i.phase, i.text) not in present
    ]
    created = rows_create(
        actor=actor,
        model=ChecklistItem,
        rows=new,
        action="incident.checklist_copied",
        audit_on=incident,
        audit_changes={"items": [f"{row['phase']}: {row['text']}" for row in new]},
        # The incident is the caller's own object: no query per item for it.
        validate=lambda item: item.full_clean(exclude=["incident"]),
    )
    return len(created)


def _tell_people(incident: Incident) -> None:
    """Responders, the system's incident contact, and the DPO when GDPR's clock runs."""
    roles = [Role.RESPONDER]
    if rules.gdpr_applies(incident):
        roles.append(Role.DPO)
    people = users_with_role(roles) | incident_contact_people(incident.system)
    owner = clock_owner(incident)
    gdpr = " The GDPR 72-hour clock is running." if rules.gdpr_applies(incident) else ""
    for person in people.distinct().order_by("pk"):
        notification_send(
            recipient=person,
            title=f"New incident {incident.incident_id}: {incident.title}"[:200],
            reason=_why(person, incident, owner),
            body=f"{incident.get_severity_display()} severity on {incident.system}.{gdpr}",
            link=incident_link(incident.incident_id),
            subject=incident,
            dedupe_key=f"incident-reported:{incident.pk}:{person.pk}",
        )


def _why(person, incident: Incident, owner) -> str:
    if person.pk == owner.pk:
        return "You own this incident's clocks."
    if is_incident_contact(person, incident.system):
        return f"You are the incident contact of {incident.system.system_id}."
    if Role.RESPONDER in roles_of(person):
        return "You are an incident responder."
    return "You are the DPO, and its GDPR 72-hour clock runs."


def dpo_tell_gdpr_started(incident: Incident) -> None:
    """The DPOs, when a change of facts starts an incident's GDPR 72-hour clock."""
    notification_send_each(
        users_with_role(Role.DPO),
        title=f"GDPR 72-hour clock started for {incident.incident_id}",
        reason="You are the DPO: EU residents' personal data was exposed.",
        body=f"{incident.title} on {incident.system}.",
        link=incident_link(incident.incident_id),
        subject=incident,
        dedupe_key=lambda dpo: (
            f"incident-gdpr:{incident.pk}:{dpo.pk}:{int(incident.discovered_at.timestamp())}"
        ),
    )
