"""The incidents API: thin views over incidents.selectors and the services, under the
same permissions as the pages (core.api.permissions.PortalActionPermission)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.api.pagination import StandardPagination, list_kit_response
from core.api.permissions import PortalActionPermission
from core.api.responses import BAD_INPUT, FORBIDDEN, not_found
from core.lists.openapi import filter_parameters
from incidents import selectors
from incidents.api.serializers import (
    GdprNoRiskSerializer,
    IncidentReportSerializer,
    IncidentSerializer,
    IncidentUpdateSerializer,
    StepSerializer,
)
from incidents.lists.incident import INCIDENT_LIST
from incidents.rules import AWARENESS_FIELDS
from incidents.services import steps
from incidents.services.changes import (
    FACTS,
    incident_awareness_correct,
    incident_facts_update,
    incident_severity_change,
)
from incidents.services.gdpr import incident_gdpr_no_risk_decide
from incidents.services.report import incident_report
from registry.models import AISystem

NOT_FOUND = not_found("incident")
INCIDENT_ID_URL_PATTERN = "[A-Za-z0-9-]{1,12}"
STEP_RESPONSES = {200: IncidentSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND}


def _step_schema(summary: str):
    return extend_schema(summary=summary, request=StepSerializer, responses=STEP_RESPONSES)


@extend_schema_view(
    list=extend_schema(
        summary="List incidents (filtered, sorted, paginated)",
        parameters=filter_parameters(INCIDENT_LIST),
        responses={200: IncidentSerializer(many=True), 400: BAD_INPUT, 403: FORBIDDEN},
    ),
    retrieve=extend_schema(
        summary="One incident, with its clocks",
        responses={200: IncidentSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Report an incident (anyone who can see the system)",
        request=IncidentReportSerializer,
        responses={201: IncidentSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    ),
    partial_update=extend_schema(
        summary="Change facts, severity (lowering needs a reason) or awareness (with a reason)",
        request=IncidentUpdateSerializer,
        responses={200: IncidentSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
class IncidentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Incidents, looked up by incident ID (e.g. /api/v1/incidents/INC-0001/)."""

    lookup_field = "incident_id"
    lookup_value_regex = INCIDENT_ID_URL_PATTERN
    serializer_class = IncidentSerializer
    permission_classes = [IsAuthenticated, PortalActionPermission]
    pagination_class = StandardPagination
    filter_backends: list = []  # the list kit filters; its parameters are declared above
    http_method_names = ["get", "post", "patch", "head", "options"]
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

    def get_object(self):
        incident = selectors.incident_get_for(self.request.user, self.kwargs["incident_id"])
        self.check_object_permissions(self.request, incident)
        return incident

    def list(self, request, *args, **kwargs):
        return list_kit_response(
            self, request, selectors.incident_list_for(request.user, request.query_params)
        )

    def retrieve(self, request, *args, **kwargs):
        return Response(self._shown(self.get_object()))

    def create(self, request, *args, **kwargs):
        serializer = IncidentReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        system = AISystem.objects.filter(system_id=data.pop("system").strip().upper()).first()
        if system is None:
            raise ValidationError({"system": ["No such system."]})
        incident = incident_report(actor=request.user, system=system, **data)
        return Response(self._shown(incident), status=status.HTTP_201_CREATED)

    @transaction.atomic
    def partial_update(self, request, *args, **kwargs):
        incident = self.get_object()
        serializer = IncidentUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        facts = {name: data.pop(name) for name in FACTS if name in data}
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
                actor=request.user, incident=incident,
                discovered_at=data["discovered_at"], reason=reason,
            )  # fmt: skip
        return Response(self._shown(incident))

    def _step(self, request, service):
        incident = self.get_object()
        serializer = StepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service(actor=request.user, incident=incident, **serializer.validated_data)
        return Response(self._shown(incident))

    @_step_schema("Mark the incident triaged (meets the triage clock)")
    @action(detail=True, methods=["post"])
    def triage(self, request, *args, **kwargs):
        return self._step(request, steps.incident_triage)

    @_step_schema("Mark the incident contained (meets the containment clock)")
    @action(detail=True, methods=["post"])
    def contain(self, request, *args, **kwargs):
        return self._step(request, steps.incident_contain)

    @_step_schema("Mark the incident resolved")
    @action(detail=True, methods=["post"])
    def resolve(self, request, *args, **kwargs):
        return self._step(request, steps.incident_resolve)

    @_step_schema("Close the incident (needs the post-incident review)")
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        return self._step(request, steps.incident_close)

    @extend_schema(
        summary="The DPO decides the breach is unlikely to result in a risk to people "
        "(closes the GDPR clock, with reasons)",
        request=GdprNoRiskSerializer, responses=STEP_RESPONSES,
    )  # fmt: skip
    @action(detail=True, methods=["post"], url_path="gdpr-no-risk")
    def gdpr_no_risk(self, request, *args, **kwargs):
        incident = self.get_object()
        serializer = GdprNoRiskSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        incident_gdpr_no_risk_decide(
            actor=request.user, incident=incident, reasons=serializer.validated_data["reasons"]
        )
        return Response(self._shown(incident))

    def _shown(self, incident) -> dict:
        """The incident as the list shows it: the same columns, read back in one query."""
        query = INCIDENT_LIST.query(
            selectors.incidents_visible_to(self.request.user).filter(pk=incident.pk),
            {}, now=timezone.now(),
        )  # fmt: skip
        return query.api_rows(query.rows("api"))[0]
