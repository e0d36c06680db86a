"""The registry API: thin views over registry.selectors and registry.services.

Every action of a viewset names the portal action it needs in `action_permissions`;
an action without an entry is refused (fail closed). Reading needs
"registry.system.view" before anything else, so people without a role get 403
rather than learning which systems exist.
"""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from core.api.errors import VALIDATION_ERROR_SCHEMA
from core.api.pagination import StandardPagination
from core.permissions import can
from registry import selectors, services
from registry.api.serializers import (
    ClassificationSerializer,
    ClassifyInputSerializer,
    ErrorSerializer,
    SystemSerializer,
    SystemUpdateSerializer,
    SystemWriteSerializer,
)
from registry.filters import SystemFilter
from registry.models import SYSTEM_ID_URL_PATTERN

BAD_INPUT = OpenApiResponse(VALIDATION_ERROR_SCHEMA, description="Invalid input, field named.")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="Not signed in, or not allowed.")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such system (or not visible).")
REGISTER_EXAMPLE = OpenApiExample(
    "Register a hiring screener",
    request_only=True,
    value={
        "name": "Resume screener",
        "description": "Ranks applicants' CVs for recruiters, who review every shortlist.",
        "owner_team": "people-ops",
        "lifecycle_stage": "development",
        "decision_type": "employment",
        "user_population": "general_public",
        "regulatory_scope": ["eu_ai_act", "gdpr", "eeoc"],
    },
    description="Without `system_id`, the system gets the next free one.",
)
CHANGE_EXAMPLE = OpenApiExample(
    "Record the model version now running",
    request_only=True,
    value={"model_version": "talentsift-rank-2025-06", "lifecycle_stage": "production"},
)


class PortalActionPermission(BasePermission):
    """Map each viewset action to a `core.permissions.can` action; unmapped: denied."""

    def has_permission(self, request, view) -> bool:
        if not can(request.user, view.read_permission):
            return False
        if view.action is None:  # a method the viewset does not offer: DRF answers 405
            return True
        needed = view.action_permissions.get(view.action)
        if needed is None:
            return False
        return view.detail or can(request.user, needed)

    def has_object_permission(self, request, view, obj) -> bool:
        needed = view.action_permissions.get(view.action)
        return needed is not None and can(request.user, needed, obj)


@extend_schema_view(
    list=extend_schema(
        summary="List AI systems (filtered, sorted, paginated)",
        responses={200: SystemSerializer(many=True), 400: BAD_INPUT, 403: FORBIDDEN},
    ),
    retrieve=extend_schema(
        summary="One AI system",
        responses={200: SystemSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Register an AI system",
        request=SystemWriteSerializer,
        examples=[REGISTER_EXAMPLE],
        responses={201: SystemSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    ),
    update=extend_schema(
        summary="Replace a system's fields",
        request=SystemUpdateSerializer,
        responses={200: SystemSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary="Change some of a system's fields",
        request=SystemUpdateSerializer,
        examples=[CHANGE_EXAMPLE],
        responses={200: SystemSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
class SystemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """AI systems, looked up by system ID (e.g. /api/v1/systems/SYS-001/). No DELETE."""

    lookup_field = "system_id"
    lookup_value_regex = SYSTEM_ID_URL_PATTERN
    serializer_class = SystemSerializer
    permission_classes = [IsAuthenticated, PortalActionPermission]
    pagination_class = StandardPagination
    # Declared for the OpenAPI parameters; `list` applies the same SystemFilter itself.
    filter_backends = [DjangoFilterBackend]
    filterset_class = SystemFilter
    read_permission = "registry.system.view"
    action_permissions = {
        "list": "registry.system.view",
        "retrieve": "registry.system.view",
        "metadata": "registry.system.view",
        "create": "registry.system.create",
        "update": "registry.system.change",
        "partial_update": "registry.system.change",
        "classify": "registry.system.classify",
    }

    def get_queryset(self):
        return selectors.systems_visible_to(self.request.user)

    def get_object(self):
        system = selectors.system_get_for(self.request.user, system_id=self.kwargs["system_id"])
        self.check_object_permissions(self.request, system)
        return system

    def list(self, request, *args, **kwargs):
        filterset = selectors.system_filterset_for(request.user, request.query_params)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        page = self.paginate_queryset(filterset.qs)
        return self.get_paginated_response(SystemSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        serializer = SystemWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        system = services.system_create(actor=request.user, data=serializer.validated_data)
        return Response(self._shown(system), status=status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs):
        system = self.get_object()
        serializer = SystemUpdateSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        system = services.system_update(
            actor=request.user, system=system, data=serializer.validated_data
        )
        return Response(self._shown(system))

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(
        summary="Classify a system (DOMAIN.md 2.1) and sync its required controls",
        request=ClassifyInputSerializer,
        responses={201: ClassificationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def classify(self, request, *args, **kwargs):
        system = self.get_object()
        serializer = ClassifyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = services.system_classify(
            actor=request.user,
            system=system,
            inputs=serializer.inputs,
            rationale=serializer.validated_data["rationale"],
        )
        context = {"controls_added": outcome.added, "controls_retired": outcome.retired}
        shown = ClassificationSerializer(outcome.classification, context=context)
        return Response(shown.data, status=status.HTTP_201_CREATED)

    def _shown(self, system) -> dict:
        """The system as the API shows it, read back with its control counts."""
        fresh = selectors.system_get_for(self.request.user, system_id=system.system_id)
        return SystemSerializer(fresh).data
