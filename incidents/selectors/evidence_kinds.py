"""What incidents offers as evidence for a framework's requirement (core.evidence_kinds,
registered by incidents.contributions):

- `incident_log`: the system's incident log as the portal keeps it, one record per
  system that exists ("N incidents recorded"), its fingerprint over the incidents and
  their statuses, so a new incident or a status change sends an acceptance back;
- `art73_report`: each EU AI Act Art. 73 report (or the deployer's Art. 26(5) notice)
  sent to the authority for one of the system's serious incidents; a system with no
  serious incident has one record saying so (record_id "none"), and one with a serious
  incident but no report sent has nothing: the gap.

Both answer for every system asked at once in a fixed number of queries.
"""

from __future__ import annotations

import hashlib
from datetime import date
from urllib.parse import urlencode

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Q, Value
from django.urls import reverse

from core.dates import day_text
from core.evidence_kinds import Found, FoundEvidence
from incidents.choices import Audience, ClockKind
from incidents.models import IncidentNotification
from registry.models import AISystem

# A serious incident in the sense of Art. 3(49) (incidents.rules.incident.is_serious),
# as seen from the system's side of the relation.
SERIOUS = (
    Q(incidents__death=True)
    | Q(incidents__critical_infrastructure_disruption=True)
    | Q(incidents__widespread_infringement=True)
    | Q(incidents__other_serious_harm=True)
)
LOG_RECORD = "log"
NO_SERIOUS_RECORD = "none"


def incidents_list_url(system_id: str) -> str:
    """The incidents list filtered to the system."""
    return f"{reverse('incidents:list')}?{urlencode({'system': system_id})}"


def _systems(system_pks: list[int]):
    """The systems asked, with their incidents' ids and statuses (by id) and how many
    of them are serious (one query)."""
    has_incident = Q(incidents__isnull=False)
    return (
        AISystem.objects.filter(pk__in=system_pks)
        .annotate(
            incident_ids=ArrayAgg(
                "incidents__id", filter=has_incident, order_by="incidents__id", default=Value([])
            ),
            incident_statuses=ArrayAgg(
                "incidents__status",
                filter=has_incident,
                order_by="incidents__id",
                default=Value([]),
            ),
            serious=Count("incidents", filter=SERIOUS),
        )
        .order_by("pk")
    )


def incident_log_found(system_pks: list[int], _details: set[str], _today: date) -> Found:
    """One record per system asked that exists: its incident log (one query)."""
    found: Found = {}
    for system in _systems(system_pks):
        count = len(system.incident_ids)
        pairs = ",".join(
            f"{i}:{s}" for i, s in zip(system.incident_ids, system.incident_statuses, strict=True)
        )
        found[(system.pk, "")] = [
            FoundEvidence(
                record_type="incidents.incident",
                record_id=LOG_RECORD,
                label=f"{count} incident{'' if count == 1 else 's'} recorded",
                fingerprint=hashlib.sha256(f"{system.pk}|{pairs}".encode()).hexdigest(),
                url=incidents_list_url(system.system_id),
            )
        ]
    return found


def art73_reports_found(system_pks: list[int], _details: set[str], _today: date) -> Found:
    """The sent Art. 73 reports of each system's serious incidents, the latest first, or
    "No serious incident recorded" (two queries)."""
    found: Found = {}
    serious_systems = set()
    for system in _systems(system_pks):
        if system.serious:
            serious_systems.add(system.pk)
        else:
            found[(system.pk, "")] = [_no_serious_item(system)]
    if not serious_systems:
        return found
    sent = (
        IncidentNotification.objects.filter(
            incident__system_id__in=serious_systems,
            audience=Audience.REGULATOR,
            regime=ClockKind.AI_ACT_ART73,
            sent_at__isnull=False,
        )
        .select_related("incident")
        .order_by("-sent_at", "-id")
    )
    for notification in sent:
        key = (notification.incident.system_id, "")
        found.setdefault(key, []).append(_report_item(notification))
    return found


def _no_serious_item(system: AISystem) -> FoundEvidence:
    return FoundEvidence(
        record_type="incidents.incident",
        record_id=NO_SERIOUS_RECORD,
        label="No serious incident recorded",
        fingerprint=NO_SERIOUS_RECORD,
        url=incidents_list_url(system.system_id),
    )


def _report_item(notification: IncidentNotification) -> FoundEvidence:
    incident = notification.incident
    return FoundEvidence(
        record_type="incidents.incidentnotification",
        record_id=str(notification.pk),
        label=f"{incident.incident_id}: {notification.get_phase_display().lower()} "
        f"to the authority, sent {day_text(notification.sent_at)}",
        fingerprint=f"{notification.pk}:{notification.sent_at.isoformat()}",
        url=reverse("incidents:notification", args=[incident.incident_id, notification.pk]),
    )
