"""/api/v1/deadlines/: the caller's own deadlines, read-only, on the list kit.
Administrators and the board may name a subject (subject_type, subject_id) to see every
deadline of it (core.clocks.selectors.api_deadline_list_for)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import BasePermission

from core.api.authentication import TokenAuthentication
from core.api.errors import VALIDATION_ERROR_SCHEMA
from core.api.pagination import StandardPagination, list_kit_response
from core.api.throttling import SIGNED_IN
from core.clocks.selectors import api_deadline_list_for
from core.deadline_list import API_DEADLINES, STATES
from core.lists.openapi import filter_parameters
from core.models import Deadline
from core.permissions import can


class DeadlineSerializer(serializers.Serializer):
    """The shape of a row (for the schema): the list kit builds the rows themselves."""

    id = serializers.IntegerField()
    label = serializers.CharField(help_text="What is due, e.g. 'Review of SYS-001'.")
    kind = serializers.CharField(help_text="e.g. registry.system_review")
    owner = serializers.EmailField(help_text="The owner's e-mail.")
    due_at = serializers.DateTimeField()
    state = serializers.ChoiceField(choices=[*(v for v, _ in STATES), "cancelled"])
    met_at = serializers.DateTimeField(allow_null=True)
    subject_type = serializers.CharField(help_text="app_label.model, e.g. registry.aisystem")
    subject_id = serializers.CharField()
    link = serializers.CharField(help_text="The subject's page in the portal.")


class MayReadOwnDeadlines(BasePermission):
    def has_permission(self, request, view) -> bool:
        return can(request.user, "core.deadline.view_own")


class DeadlineListView(generics.ListAPIView):
    """The caller's deadlines, filtered by kind and state, sorted, paginated."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [*SIGNED_IN, MayReadOwnDeadlines]
    pagination_class = StandardPagination
    serializer_class = DeadlineSerializer
    filter_backends: list = []  # the list kit filters; its parameters are declared below

    def get_queryset(self):
        return Deadline.objects.none()  # for the schema only: list() reads the kit

    @extend_schema(
        operation_id="deadlines_list",
        summary="My deadlines (administrators and the board: any subject's)",
        parameters=filter_parameters(API_DEADLINES),
        responses={
            200: DeadlineSerializer(many=True),
            400: OpenApiResponse(VALIDATION_ERROR_SCHEMA, description="A parameter, named."),
        },
        tags=["core"],
    )
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        query = api_deadline_list_for(request.user, request.query_params)
        return list_kit_response(self, request, query)
