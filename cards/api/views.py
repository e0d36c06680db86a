"""The cards API: models, model cards (with import) and datasets: thin views over
cards.selectors and cards.services, under the same permissions as the pages (versions:
cards.api.versions).

  /api/v1/models/                                  a system's models (filter system)
  /api/v1/model-cards/                             the card list; import (multipart)
  /api/v1/model-cards/{id}/versions/               list, start a draft
  /api/v1/model-cards/{id}/versions/{n}/           read, edit the draft; submit,
                                                   approve, reject, completeness, export
  /api/v1/datasets/                                the register, with datasheet versions
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from cards.api import serializers as s
from cards.lists import (
    CARD_LIST,
    DATASET_LIST,
    MODEL_LIST,
    VERSION_LIST,
)
from cards.models import ModelCardVersion
from cards.selectors.datasets import dataset_get_for, datasets_visible_to, datasheet_versions_of
from cards.selectors.lists import (
    card_list_for,
    cards_visible_to,
    dataset_list_for,
    model_list_for,
)
from cards.selectors.models import (
    card_get_for,
    model_get_for,
    models_visible_to,
)
from cards.services.ai_models import model_create
from cards.services.card_import import card_version_import
from core.api.openapi import Write, standard_schema
from core.api.responses import BAD_INPUT, FORBIDDEN, not_found
from core.api.viewsets import KitListMixin, PortalViewSet, ShownRetrieveMixin
from core.evidence.uploads import EvidenceMultiPartParser
from registry.selectors.systems import system_get_for

CARD_404 = not_found("model card")
VIEW, EDIT = "cards.model.view", "cards.version.edit"


@standard_schema(
    missing=not_found("model"),
    list_summary="A system's models (filter system=SYS-001)",
    retrieve_summary="One model",
    create=Write(
        "Add a model to a system (its product owners); its card comes with it",
        s.ModelInputSerializer,
    ),
)
class ModelViewSet(KitListMixin, ShownRetrieveMixin, PortalViewSet):
    serializer_class = s.ModelSerializer
    list_spec = MODEL_LIST
    read_permission = VIEW
    # create: whoever may register systems (their product owners) passes here; the
    # right on the one system named in the body is required before anything is written.
    action_permissions = {
        "list": VIEW,
        "retrieve": VIEW,
        "metadata": VIEW,
        "create": "registry.system.create",
    }

    def get_queryset(self):
        return models_visible_to(self.request.user)

    def object_get(self, user, key):
        return model_get_for(user, key)

    def list_query(self, user, params):
        return model_list_for(user, params)

    def create(self, request, *args, **kwargs):
        data = self.valid_input(s.ModelInputSerializer)
        try:
            system = system_get_for(request.user, system_id=data.pop("system"))
        except Http404:
            raise ValidationError({"system": ["No such system."]}) from None
        self.require("cards.model.create", system)
        model = model_create(actor=request.user, system=system, **data)
        return Response(self.shown(model), status=status.HTTP_201_CREATED)


@standard_schema(
    missing=CARD_404,
    list_summary="Model cards: latest and approved version, the latest's completeness",
    retrieve_summary="One model card",
)
class ModelCardViewSet(KitListMixin, ShownRetrieveMixin, PortalViewSet):
    serializer_class = s.CardSerializer
    list_spec = CARD_LIST
    read_permission = VIEW
    # import: the card is only known from the body. Whoever may register systems (their
    # product owners) passes here; the right on that card is required before anything.
    action_permissions = {
        "list": VIEW,
        "retrieve": VIEW,
        "metadata": VIEW,
        "card_import": "registry.system.create",
    }

    def get_queryset(self):
        return cards_visible_to(self.request.user)

    def object_get(self, user, key):
        return card_get_for(user, key)

    def list_query(self, user, params):
        return card_list_for(user, params)

    def list_context(self) -> dict:
        return card_list_for(self.request.user, {}).context

    @extend_schema(
        summary="Import a CycloneDX ML-BOM or a Hugging Face README as a new draft version "
        "of a card, with the report of what was read, not read and still missing",
        request={"multipart/form-data": s.ImportInputSerializer},
        responses={201: s.ImportResultSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        parser_classes=[EvidenceMultiPartParser],
    )
    @transaction.atomic
    def card_import(self, request, *args, **kwargs):
        data = self.valid_input(s.ImportInputSerializer)
        try:
            card = card_get_for(request.user, data["card"])
        except Http404:
            raise ValidationError({"card": ["No such model card."]}) from None
        self.require(EDIT, card)
        imported = card_version_import(actor=request.user, card=card, upload=data["file"])
        version, report = imported.version, imported.report
        shown = {
            "version": _version_shown(version),
            "report": {
                "format": report.format,
                "read": list(report.read),
                "not_read": list(report.not_read),
                "missing": list(report.missing),
            },
        }
        return Response(shown, status=status.HTTP_201_CREATED)


def _version_shown(version: ModelCardVersion) -> dict:
    query = VERSION_LIST.query(ModelCardVersion.objects.filter(pk=version.pk), {})
    return query.api_rows(query.rows("api"))[0]


@standard_schema(
    missing=not_found("dataset"),
    list_summary="The dataset register, with each dataset's datasheet versions by number",
    retrieve_summary="One dataset",
)
class DatasetViewSet(KitListMixin, ShownRetrieveMixin, PortalViewSet):
    serializer_class = s.DatasetSerializer
    list_spec = DATASET_LIST
    read_permission = "cards.dataset.view"
    action_permissions = {
        "list": "cards.dataset.view",
        "retrieve": "cards.dataset.view",
        "metadata": "cards.dataset.view",
        "datasheets": "cards.dataset.view",
    }

    def get_queryset(self):
        return datasets_visible_to(self.request.user)

    def object_get(self, user, key):
        return dataset_get_for(user, key)

    def list_query(self, user, params):
        return dataset_list_for(user, params)

    @extend_schema(
        summary="A dataset's datasheet versions, newest first, with their content",
        responses={
            200: s.DatasheetVersionSerializer(many=True),
            403: FORBIDDEN,
            404: not_found("dataset"),
        },
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def datasheets(self, request, *args, **kwargs):
        dataset = self.get_object()
        versions = datasheet_versions_of(request.user, dataset).defer(None)
        return Response(s.DatasheetVersionSerializer(versions, many=True).data)
