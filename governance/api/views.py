"""The risk register's API on core's PortalViewSet: thin views over
governance.selectors.risks and the services, under the same permissions as the pages."""

from __future__ import annotations

import functools

from django.core.exceptions import ValidationError
from rest_framework import status
from rest_framework.response import Response

from core.api.openapi import Write, standard_schema
from core.api.responses import not_found
from core.api.viewsets import KitListMixin, PortalViewSet, ShownRetrieveMixin
from governance.api.serializers import RiskSerializer, RiskUpdateSerializer, RiskWriteSerializer
from governance.lists.risks import RISK_LIST
from governance.models import RISK_ID_URL_PATTERN
from governance.selectors import risks as selectors
from governance.selectors.systems import systems_named
from governance.services.risks import risk_create, risk_update
from registry.models import AISystem, SystemControl

NOT_FOUND = not_found("risk")


@standard_schema(
    missing=NOT_FOUND,
    list_summary="The risk register (filtered, sorted, paginated)",
    retrieve_summary="One risk",
    create=Write("Add a risk to the register (board and administrators)", RiskWriteSerializer),
    update=Write("Replace a risk's fields", RiskUpdateSerializer),
    partial_update=Write("Change some of a risk's fields", RiskUpdateSerializer),
)
class RiskViewSet(KitListMixin, ShownRetrieveMixin, PortalViewSet):
    """Risks, looked up by risk ID (e.g. /api/v1/risks/RISK-001/). No DELETE: close it."""

    lookup_field = "risk_id"
    lookup_value_regex = RISK_ID_URL_PATTERN
    serializer_class = RiskSerializer
    http_method_names = [*PortalViewSet.http_method_names, "put"]  # PUT replaces a risk
    read_permission = "governance.risk.view"
    action_permissions = {
        "list": "governance.risk.view",
        "retrieve": "governance.risk.view",
        "metadata": "governance.risk.view",
        "create": "governance.risk.create",
        "update": "governance.risk.change",
        "partial_update": "governance.risk.change",
    }
    list_spec = RISK_LIST

    def get_queryset(self):
        return selectors.risks_visible_to(self.request.user)

    def object_get(self, user, key: str):
        return selectors.risk_get_for(user, risk_id=key)

    def list_query(self, user, params):
        return selectors.risk_list_for(user, params)

    def create(self, request, *args, **kwargs):
        data = _service_data(self.valid_input(RiskWriteSerializer))
        risk = risk_create(actor=request.user, data=data)
        return Response(self.shown(risk), status=status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs):
        risk = self.get_object()
        given = self.valid_input(functools.partial(RiskUpdateSerializer, partial=partial))
        risk = risk_update(actor=request.user, risk=risk, data=_service_data(given))
        return Response(self.shown(risk))

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)


def _service_data(data: dict) -> dict:
    """System IDs and control ids as objects; an unknown one is a 400 naming the field."""
    data = dict(data)
    if "systems" in data:
        data["systems"], unknown = systems_named(AISystem.objects.all(), data["systems"])
        if unknown:
            raise ValidationError({"systems": [unknown]})
    if "existing_controls" in data:
        wanted = list(dict.fromkeys(data["existing_controls"]))
        found = list(SystemControl.objects.filter(pk__in=wanted))
        if len(found) != len(wanted):
            raise ValidationError({"existing_controls": ["No such system control."]})
        data["existing_controls"] = found
    return data
