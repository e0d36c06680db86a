"""The API of a card's versions, /api/v1/model-cards/{id}/versions/: list, start a
draft, read, edit the draft, submit, approve, send back, completeness, export."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response

from cards.api import serializers as s
from cards.lists import (
    VERSION_LIST,
    completeness_shown,
)
from cards.models import ModelCardVersion
from cards.selectors.completeness import card_version_completeness
from cards.selectors.exports import FORMATS
from cards.selectors.lists import (
    cards_visible_to,
)
from cards.selectors.models import (
    card_get_for,
    number_or_404,
    version_get_for,
)
from cards.services.approval import card_version_approve, card_version_reject
from cards.services.card_versions import (
    card_version_draft_start,
    card_version_submit,
    card_version_update,
)
from cards.services.exports import card_version_export
from core.api.openapi import Write, standard_schema, write_schema
from core.api.responses import BAD_INPUT, FORBIDDEN, not_found
from core.api.viewsets import KitListMixin, PortalViewSet, ShownRetrieveMixin, action_schema
from core.lists.openapi import filter_parameters

VERSION_404 = not_found("model card version")
VIEW, EDIT = "cards.model.view", "cards.version.edit"


class FileFormatNegotiation(DefaultContentNegotiation):
    """?format= names the export's file format here, not one of the API's renderers."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


FORMAT = OpenApiParameter(
    "format",
    str,
    OpenApiParameter.QUERY,
    required=True,
    enum=FORMATS,
    description="cyclonedx, spdx, huggingface, markdown or pdf",
)
EXPORT_ANSWERS = {
    (200, "application/vnd.cyclonedx+json"): OpenApiTypes.OBJECT,
    (200, "application/ld+json"): OpenApiTypes.OBJECT,
    (200, "text/markdown"): OpenApiTypes.STR,
    (200, "application/pdf"): OpenApiTypes.BINARY,
    400: BAD_INPUT,
    403: FORBIDDEN,
    404: VERSION_404,
}


CARD_OF_VERSIONS_404 = not_found("model card")


# The card is the URL's, so its list and a new draft answer 404 too (standard_schema's
# list and create know no 404).
@extend_schema_view(
    list=extend_schema(
        summary="A card's versions, newest first",
        parameters=filter_parameters(VERSION_LIST),
        responses={
            200: s.VersionSerializer(many=True),
            400: BAD_INPUT,
            403: FORBIDDEN,
            404: CARD_OF_VERSIONS_404,
        },
    ),
    create=write_schema(
        Write(
            "Start the next version as a draft (a copy of the latest); optionally with its "
            "content and changelog",
            s.VersionWriteSerializer,
        ),
        s.VersionSerializer,
        201,
        CARD_OF_VERSIONS_404,
    ),
)
@standard_schema(
    missing=VERSION_404,
    retrieve_summary="One version with its content",
    partial_update=Write("Edit a draft's content and/or changelog", s.VersionWriteSerializer),
)
class CardVersionViewSet(KitListMixin, ShownRetrieveMixin, PortalViewSet):
    serializer_class = s.VersionSerializer
    list_spec = VERSION_LIST
    read_permission = VIEW
    lookup_field = "number"
    lookup_value_regex = "[0-9]{1,9}"
    content_negotiation_class = FileFormatNegotiation
    action_permissions = {
        "list": VIEW,
        "retrieve": VIEW,
        "metadata": VIEW,
        "create": VIEW,  # the card is the URL's: the right is required on it in create
        "partial_update": EDIT,
        "submit": EDIT,
        "approve": "cards.version.approve",
        "reject": "cards.version.reject",
        "completeness": VIEW,
        "export": VIEW,
    }

    def card(self):
        return card_get_for(self.request.user, self.kwargs["card_pk"])

    def get_queryset(self):
        card_id = number_or_404(self.kwargs["card_pk"])
        return ModelCardVersion.objects.filter(
            card__in=cards_visible_to(self.request.user), card_id=card_id
        )

    def object_get(self, user, key):
        return version_get_for(user, self.kwargs["card_pk"], key)

    def list_query(self, user, params):
        self.card()  # 404 for a card that is not there
        return VERSION_LIST.query(self.get_queryset(), params)

    @transaction.atomic
    def create(self, request, *args, **kwargs):
        card = self.card()
        self.require(EDIT, card)
        data = self.valid_input(s.VersionWriteSerializer)
        version = card_version_draft_start(actor=request.user, card=card)
        if data:
            card_version_update(actor=request.user, version=version, **data)
        return Response(self.shown(version), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        version = self.get_object()
        data = self.valid_input(s.VersionWriteSerializer)
        card_version_update(actor=request.user, version=version, **data)
        return Response(self.shown(version))

    @action_schema(
        "Submit a draft for review",
        request=s.EmptyInputSerializer,
        response=s.VersionSerializer,
        missing=VERSION_404,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        version = self.get_object()
        self.valid_input(s.EmptyInputSerializer)
        card_version_submit(actor=request.user, version=version)
        return Response(self.shown(version))

    @action_schema(
        "Approve a version in review (the AI safety lead)",
        request=s.DecisionInputSerializer,
        response=s.VersionSerializer,
        missing=VERSION_404,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        version = self.get_object()
        note = self.valid_input(s.DecisionInputSerializer).get("decision_note", "")
        card_version_approve(actor=request.user, version=version, note=note)
        return Response(self.shown(version))

    @action_schema(
        "Send a version in review back to its author, with a note",
        request=s.DecisionInputSerializer,
        response=s.VersionSerializer,
        missing=VERSION_404,
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, *args, **kwargs):
        version = self.get_object()
        note = self.valid_input(s.DecisionInputSerializer).get("decision_note", "")
        card_version_reject(actor=request.user, version=version, note=note)
        return Response(self.shown(version))

    @extend_schema(
        summary="The version's completeness for its system's tier",
        responses={200: s.CompletenessSerializer, 403: FORBIDDEN, 404: VERSION_404},
    )
    @action(detail=True, methods=["get"])
    def completeness(self, request, *args, **kwargs):
        version = self.get_object()
        return Response(completeness_shown(card_version_completeness(version)))

    @extend_schema(
        summary="The version as a file: CycloneDX 1.6 ML-BOM, SPDX 3.0.1 AI, Hugging Face "
        "README, Markdown for regulators, or PDF",
        parameters=[FORMAT],
        responses=EXPORT_ANSWERS,
    )
    @action(detail=True, methods=["get"])
    def export(self, request, *args, **kwargs):
        version = self.get_object()
        exported = card_version_export(
            actor=request.user,
            version=version,
            file_format=request.query_params.get("format", ""),
        )
        response = HttpResponse(exported.body, content_type=exported.content_type)
        response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
        return response
