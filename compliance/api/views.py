"""The compliance API (issue 19 section 4): thin views over compliance's selectors, under
the same permission as its pages (compliance.view: every member reads the library and
every visible system's coverage).

  /api/v1/frameworks/                      the library (filter key, current), paginated
  /api/v1/frameworks/{id}/                 one framework version
  /api/v1/frameworks/{id}/requirements/    its requirement tree, in order, paginated
  /api/v1/systems/{system_id}/compliance/  the system's coverage of every current
                                           framework, from coverage_for: the same rule
                                           as the compliance page and the audit packs
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from compliance.api import serializers as cs
from compliance.api.serializers import coverage_data
from compliance.models import Framework, Requirement
from compliance.selectors.coverage import coverage_for, systems_with_facts
from core.api.openapi import standard_schema
from core.api.responses import BAD_INPUT, FORBIDDEN, not_found
from core.api.viewsets import PortalViewSet
from registry.selectors.systems import systems_visible_to

VIEW = "compliance.view"
FRAMEWORK_404 = not_found("framework")
BOOLEAN_WORDS = {"true": True, "false": False}
FILTERS = [
    OpenApiParameter("key", OpenApiTypes.STR, description='A framework\'s key, e.g. "eu-ai-act".'),
    OpenApiParameter(
        "current",
        OpenApiTypes.STR,
        enum=["true", "false"],
        description="true: the versions systems are assessed against; false: older ones.",
    ),
]
SLUG_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


def _frameworks():
    assessable = Count("requirements", filter=Q(requirements__assessable=True))
    return Framework.objects.annotate(requirement_count=assessable).order_by(
        "name", "-imported_at", "pk"
    )


def framework_filters(params) -> dict:
    """The ORM filters the query string asks for; a 400 naming a value it cannot read."""
    lookup, errors = {}, {}
    key = params.get("key")
    if key is not None:
        if not key or len(key) > 60 or not set(key) <= SLUG_CHARS:
            errors["key"] = ["Use a framework's key: letters, digits, hyphens (up to 60)."]
        lookup["key"] = key
    current = params.get("current")
    if current is not None:
        if current not in BOOLEAN_WORDS:
            errors["current"] = ["Use true or false."]
        lookup["is_current"] = BOOLEAN_WORDS.get(current)
    if errors:
        raise ValidationError(errors)
    return lookup


@standard_schema(missing=FRAMEWORK_404, retrieve_summary="One framework version")
class FrameworkViewSet(PortalViewSet):
    """The frameworks in the library, each version a row."""

    serializer_class = cs.FrameworkSerializer
    read_permission = VIEW
    action_permissions = {"list": VIEW, "retrieve": VIEW, "requirements": VIEW}

    def get_queryset(self):
        return _frameworks()

    def object_get(self, user, key):
        found = _frameworks().filter(pk=key).first()
        if found is None:
            raise Http404("No such framework.")
        return found

    @extend_schema(
        summary="The framework library, every version (filter key, current), paginated",
        parameters=FILTERS,
        responses={200: cs.FrameworkSerializer(many=True), 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def list(self, request, *args, **kwargs):
        lookup = framework_filters(request.query_params)
        rows = self.paginator.paginate_queryset(
            _frameworks().filter(**lookup),
            request,
            view=self,
            counted=Framework.objects.filter(**lookup),
        )
        return self.get_paginated_response(cs.FrameworkSerializer(rows, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(cs.FrameworkSerializer(self.get_object()).data)

    @extend_schema(
        summary="A framework version's requirements, in the tree's order, paginated",
        responses={
            200: cs.RequirementSerializer(many=True),
            400: BAD_INPUT,
            403: FORBIDDEN,
            404: FRAMEWORK_404,
        },
    )
    @action(detail=True, methods=["get"])
    def requirements(self, request, *args, **kwargs):
        framework = self.get_object()
        rows = Requirement.objects.filter(framework=framework)
        page = self.paginator.paginate_queryset(
            rows.select_related("parent").order_by("order", "pk"),
            request,
            view=self,
            counted=rows,
        )
        return self.get_paginated_response(cs.RequirementSerializer(page, many=True).data)


class SystemComplianceViewSet(PortalViewSet):
    """One system's coverage (GET /api/v1/systems/{system_id}/compliance/)."""

    serializer_class = cs.SystemCoverageSerializer
    pagination_class = None  # one system's answer, its frameworks bounded by the library
    read_permission = VIEW
    action_permissions = {"retrieve": VIEW}

    def get_queryset(self):
        return systems_visible_to(self.request.user)

    @extend_schema(
        summary="The system's coverage of every current framework: per framework the "
        "counts and percentage, per requirement its status, evidence and what is missing",
        responses={200: cs.SystemCoverageSerializer, 403: FORBIDDEN, 404: not_found("system")},
    )
    def retrieve(self, request, *args, **kwargs):
        rows = systems_with_facts(self.get_queryset().filter(system_id=kwargs["system_id"]))
        system = rows.first()
        if system is None:
            raise Http404("No such AI system.")
        self.check_object_permissions(request, system)
        today = timezone.localdate()
        coverage = coverage_for([system], today)[system.pk]
        return Response(coverage_data(system, coverage, today))
