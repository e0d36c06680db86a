"""The gate API: requests (list, open as a draft, submit, one with its live
evaluation), what they gather (artifacts, tests, approvals), their remediation and
withdrawal, and the pipeline's check. Thin: the same selectors and services as the
pages, under the same permissions.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.authentication import TokenAuthentication
from core.api.openapi import Write, standard_schema
from core.api.responses import FORBIDDEN, not_found
from core.api.throttling import SIGNED_IN
from core.api.viewsets import KitListMixin, PortalViewSet, action_schema
from core.evidence.uploads import EvidenceMultiPartParser
from core.models import User
from core.permissions import require
from registry.api import gate_serializers as s
from registry.api.gate_shapes import request_shape
from registry.forms.gates import gate_test_values
from registry.lists.gates import GATE_REQUEST_LIST
from registry.selectors.gate_pages import gate_request_list_for, gate_requests_visible_to
from registry.selectors.gates import gate_check, gate_request_get_for
from registry.selectors.systems import system_get_for
from registry.services import (
    gate_approval_decide,
    gate_artifact_add,
    gate_remediation_complete,
    gate_request_open,
    gate_request_proceed_with_remediation,
    gate_request_submit,
    gate_request_withdraw,
    gate_test_record,
)

NOT_FOUND = not_found("gate request")
OPEN_EXAMPLE = OpenApiExample(
    "Request the pre-deployment security review",
    request_only=True,
    value={
        "system": "SYS-001",
        "gate": "pre-deployment-security-review",
        "summary": "Model v3 is ready.",
    },
)


def _action(summary: str, request, code: int = 200):
    """The schema of a write on one request: the request as it now is, or 400, 403, 404."""
    return action_schema(
        summary, request=request, response=s.GateRequestSerializer, code=code, missing=NOT_FOUND
    )


@standard_schema(
    missing=NOT_FOUND,
    list_summary="List gate requests (filtered, sorted, paginated)",
    list_serializer=s.GateRequestListSerializer,
    retrieve_summary="One gate request, with its live evaluation, artifacts, tests and approvals",
    create=Write(
        "Open a draft gate request for a system (its product owner); nobody is asked "
        "until it is submitted",
        s.GateRequestOpenSerializer,
        examples=(OPEN_EXAMPLE,),
    ),
)
class GateRequestViewSet(KitListMixin, PortalViewSet):
    """Gate requests by id. No update or DELETE: requests are permanent records."""

    serializer_class = s.GateRequestSerializer
    list_spec = GATE_REQUEST_LIST
    # Any id reaches the view, which answers 404 in the API's shape for one that is
    # not a number (the route and its schema as they have always been).
    lookup_value_regex = "[^/.]+"
    read_permission = "registry.gate.view"
    action_permissions = {
        "list": "registry.gate.view",
        "retrieve": "registry.gate.view",
        "metadata": "registry.gate.view",
        # Product owners (of some team) and administrators, as for registering a system;
        # the service then checks "registry.gate.request" on the system itself.
        "create": "registry.system.create",
        "artifacts": "registry.gate.contribute",
        "tests": "registry.gate.contribute",
        "approvals": "registry.gate.approve",
        "remediation": "registry.gate.remediate",
        "remediation_complete": "registry.gate.remediation_complete",
        "withdraw": "registry.gate.withdraw",
        "submit": "registry.gate.submit",
    }

    def get_queryset(self):
        return gate_requests_visible_to(self.request.user)

    def object_get(self, user, key):
        return gate_request_get_for(user, key)

    def list_query(self, user, params):
        return gate_request_list_for(user, params, now=timezone.now())

    def retrieve(self, request, *args, **kwargs):
        return Response(request_shape(request, self.get_object()))

    def create(self, request, *args, **kwargs):
        data = self.valid_input(s.GateRequestOpenSerializer)
        try:
            system = system_get_for(request.user, system_id=data["system"])
        except Http404:
            raise ValidationError({"system": ["No such AI system."]}) from None
        require(request.user, "registry.gate.request", system)
        opened = gate_request_open(
            actor=request.user,
            system=system,
            gate_slug=data.get("gate") or None,
            summary=data.get("summary", ""),
        )
        return Response(self._fresh(opened.pk), status=status.HTTP_201_CREATED)

    def _fresh(self, pk: int) -> dict:
        return request_shape(self.request, gate_request_get_for(self.request.user, pk))

    @_action(
        "Add an artifact: a file (multipart) or a portal record (JSON)",
        s.ArtifactInputSerializer,
        201,
    )
    @action(detail=True, methods=["post"], parser_classes=[EvidenceMultiPartParser, JSONParser])
    def artifacts(self, request, *args, **kwargs):
        gate_request = self.get_object()
        data = self.valid_input(s.ArtifactInputSerializer)
        artifact = gate_artifact_add(
            actor=request.user,
            request=gate_request,
            requirement=data["requirement"],
            upload=data.get("file"),
            record_type=data.get("record_type") or "",
            record_id=data.get("record_id"),
        )
        shape = self._fresh(gate_request.pk)
        shape["artifact"] = next(a for a in shape["artifacts"] if a["id"] == artifact.pk)
        shape["sha256"] = artifact.sha256
        return Response(shape, status=status.HTTP_201_CREATED)

    @_action(
        "Record a test result (multipart with `report`, or JSON with `report_url`)",
        s.TestInputSerializer,
        201,
    )
    @action(detail=True, methods=["post"], parser_classes=[EvidenceMultiPartParser, JSONParser])
    def tests(self, request, *args, **kwargs):
        gate_request = self.get_object()
        data = self.valid_input(s.TestInputSerializer)
        gate_test_record(actor=request.user, request=gate_request, **gate_test_values(data))
        return Response(self._fresh(gate_request.pk), status=status.HTTP_201_CREATED)

    @_action(
        "Approve or reject in one approval slot (a role you hold)", s.ApprovalInputSerializer, 201
    )
    @action(detail=True, methods=["post"])
    def approvals(self, request, *args, **kwargs):
        gate_request = self.get_object()
        data = self.valid_input(s.ApprovalInputSerializer)
        gate_approval_decide(
            actor=request.user,
            request=gate_request,
            role=data["role"],
            decision=data["decision"],
            comment=data.get("comment", ""),
        )
        return Response(self._fresh(gate_request.pk), status=status.HTTP_201_CREATED)

    @_action(
        "Proceed with a remediation plan (non-blocking gates only)", s.RemediationInputSerializer
    )
    @action(detail=True, methods=["post"])
    def remediation(self, request, *args, **kwargs):
        gate_request = self.get_object()
        data = self.valid_input(s.RemediationInputSerializer)
        owner = User.objects.filter(email__iexact=data["owner"], is_active=True).first()
        if owner is None:
            raise ValidationError({"owner": ["No such person."]})
        gate_request_proceed_with_remediation(
            actor=request.user,
            request=gate_request,
            plan=data["plan"],
            owner=owner,
            due=data["due"],
        )
        return Response(self._fresh(gate_request.pk))

    @_action(
        "Mark the remediation plan done (meets its deadline)",
        s.RemediationCompleteInputSerializer,
    )
    @action(detail=True, methods=["post"], url_path="remediation-complete")
    def remediation_complete(self, request, *args, **kwargs):
        gate_request = self.get_object()
        data = self.valid_input(s.RemediationCompleteInputSerializer)
        gate_remediation_complete(actor=request.user, request=gate_request, outcome=data["outcome"])
        return Response(self._fresh(gate_request.pk))

    @_action(
        "Submit a draft for approval: the owner's sign-off; the approvers are asked, once",
        None,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        gate_request = self.get_object()
        gate_request_submit(actor=request.user, request=gate_request)
        return Response(self._fresh(gate_request.pk))

    @_action("Withdraw the request (it stays on record as withdrawn)", s.WithdrawInputSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        gate_request = self.get_object()
        data = self.valid_input(s.WithdrawInputSerializer)
        gate_request_withdraw(actor=request.user, request=gate_request, reason=data["reason"])
        return Response(self._fresh(gate_request.pk))


class GateCheckView(APIView):
    """May this system pass this gate? For CI pipelines: fail the build when
    `can_proceed` is false. Judged on the open request for the gate, else the latest."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = SIGNED_IN

    @extend_schema(
        operation_id="gate_check",
        summary="May the system pass the gate? (for CI pipelines)",
        responses={200: s.CheckSerializer, 403: FORBIDDEN, 404: not_found("system or gate")},
        tags=["registry"],
    )
    def get(self, request, system_id: str, gate_slug: str):
        evaluation = gate_check(request.user, system_id, gate_slug, timezone.localdate())
        return Response(evaluation.as_check())
