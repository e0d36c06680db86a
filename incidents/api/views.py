"""The incidents API: thin views over incidents.selectors and the services, under the
same permissions as the pages (core.api.viewsets.PortalViewSet)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.openapi import Write, standard_schema
from core.api.responses import not_found
from core.api.viewsets import KitListMixin, PortalViewSet, ShownRetrieveMixin, action_schema
from incidents import selectors
from incidents.api.serializers import (
    BreachSerializer,
    GdprNoRiskSerializer,
    IncidentReportSerializer,
    IncidentSerializer,
    IncidentUpdateSerializer,
    StepSerializer,
)
from incidents.lists.breach import BREACH_LIST
from incidents.lists.incident import INCIDENT_LIST
from incidents.rules import AWARENESS_FIELDS, FACT_FIELDS
from incidents.services import steps
from incidents.services.changes import (
    incident_awareness_correct,
    incident_facts_update,
    incident_severity_change,
)
from incidents.services.gdpr import incident_gdpr_no_risk_decide
from incidents.services.report import incident_report
from registry.models import AISystem

NOT_FOUND = not_found("incident")
INCIDENT_ID_URL_PATTERN = "[A-Za-z0-9-]{1,12}"


def _step_schema(summary: str, request=StepSerializer):
    return action_schema(summary, request=request, response=IncidentSerializer, missing=NOT_FOUND)


@standard_schema(
    missing=NOT_FOUND,
    list_summary="List incidents (filtered, sorted, paginated)",
    retrieve_summary="One incident, with its clocks",
    create=Write("Report an incident (anyone who can see the system)", IncidentReportSerializer),
    partial_update=Write(
        "Change facts, severity (lowering needs a reason) or awareness (with a reason)",
        IncidentUpdateSerializer,
    ),
)
class IncidentViewSet(KitListMixin, ShownRetrieveMixin, PortalViewSet):
    """Incidents, looked up by incident ID (e.g. /api/v1/incidents/INC-0001/)."""

    lookup_field = "incident_id"
    lookup_value_regex = INCIDENT_ID_URL_PATTERN
    serializer_class = IncidentSerializer
    list_spec = INCIDENT_LIST
    read_permission = "incidents.incident.view"
    action_permissions = {
        "list": "incidents.incident.view",
        "retrieve": "incidents.incident.view",
        "metadata": "incidents.incident.view",
        "create": "incidents.incident.report",
        "partial_update": "incidents.incident.change",
        "triage": "incidents.incident.work",
        "contain": "incidents.incident.work",
        "resolve": "incidents.incident.work",
        "close": "incidents.incident.work",
        "gdpr_no_risk": "incidents.gdpr.no_risk_decide",
    }

    def get_queryset(self):
        return selectors.incidents_visible_to(self.request.user)

    def object_get(self, user, key):
        return selectors.incident_get_for(user, key)

    def list_query(self, user, params):
        return selectors.incident_list_for(user, params)

    def list_context(self) -> dict:
        """The clocks are read now."""
        return {"now": timezone.now()}

    def create(self, request, *args, **kwargs):
        data = self.valid_input(IncidentReportSerializer)
        system = AISystem.objects.filter(system_id=data.pop("system").strip().upper()).first()
        if system is None:
            raise ValidationError({"system": ["No such system."]})
        incident = incident_report(actor=request.user, system=system, **data)
        return Response(self.shown(incident), status=status.HTTP_201_CREATED)

    @transaction.atomic
    def partial_update(self, request, *args, **kwargs):
        incident = self.get_object()
        data = self.valid_input(IncidentUpdateSerializer)
        reason = data.pop("reason", "")
        facts = {name: data.pop(name) for name in FACT_FIELDS if name in data}
        awareness = {name: data.pop(name) for name in AWARENESS_FIELDS if name in data}
        if facts or awareness:
            incident_facts_update(
                actor=request.user, incident=incident, awareness=awareness, reason=reason, **facts
            )
        if "severity" in data and data["severity"] != incident.severity:
            incident_severity_change(
                actor=request.user, incident=incident, severity=data["severity"], reason=reason
            )
        if "discovered_at" in data and data["discovered_at"] != incident.discovered_at:
            incident_awareness_correct(
                actor=request.user,
                incident=incident,
                discovered_at=data["discovered_at"],
                reason=reason,
            )
        return Response(self.shown(incident))

    def _step(self, service, serializer_class=StepSerializer):
        """A write on the incident from the fields of `serializer_class`; the incident after."""
        incident = self.get_object()
        service(actor=self.request.user, incident=incident, **self.valid_input(serializer_class))
        return Response(self.shown(incident))

    @_step_schema("Mark the incident triaged (meets the triage clock)")
    @action(detail=True, methods=["post"])
    def triage(self, request, *args, **kwargs):
        return self._step(steps.incident_triage)

    @_step_schema("Mark the incident contained (meets the containment clock)")
    @action(detail=True, methods=["post"])
    def contain(self, request, *args, **kwargs):
        return self._step(steps.incident_contain)

    @_step_schema("Mark the incident resolved")
    @action(detail=True, methods=["post"])
    def resolve(self, request, *args, **kwargs):
        return self._step(steps.incident_resolve)

    @_step_schema("Close the incident (needs the post-incident review)")
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        return self._step(steps.incident_close)

    @_step_schema(
        "The DPO decides the breach is unlikely to result in a risk to people "
        "(closes the GDPR clock, with reasons)",
        request=GdprNoRiskSerializer,
    )
    @action(detail=True, methods=["post"], url_path="gdpr-no-risk")
    def gdpr_no_risk(self, request, *args, **kwargs):
        return self._step(incident_gdpr_no_risk_decide, GdprNoRiskSerializer)


@standard_schema(
    list_summary="The breach register: every personal-data breach, notified or not (GDPR "
    "Art. 33(5); filtered, sorted, paginated)",
)
class BreachViewSet(KitListMixin, PortalViewSet):
    """/api/v1/incidents/breaches/: the register's page as data, to the same people (the
    DPO, Legal, the CISO, the board, auditors and administrators)."""

    serializer_class = BreachSerializer
    list_spec = BREACH_LIST
    read_permission = "incidents.breach_register.view"
    action_permissions = {
        "list": "incidents.breach_register.view",
        "metadata": "incidents.breach_register.view",
    }

    def get_queryset(self):
        return selectors.breaches_visible_to(self.request.user)

    def list_query(self, user, params):
        return selectors.breach_list_for(user, params)
