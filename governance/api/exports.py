"""The audit packs' API: start an export, poll it, download it, retry a failed one.

  POST /api/v1/exports/                {"scope", "systems", "from", "to"} -> 202 and the export
  GET  /api/v1/exports/                the exports the caller may see (the packs list)
  GET  /api/v1/exports/{id}/           poll: status, progress; when done download_url,
                                       sha256, pages, size
  GET  /api/v1/exports/{id}/download/  the PDF (a token works here; the page's URL is
                                       for signed-in browsers)
  POST /api/v1/exports/{id}/retry/     queue a failed export again

Thin: the same selectors and services as the pages, the same permissions.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.openapi import Write, standard_schema
from core.api.responses import BAD_INPUT, FORBIDDEN, not_found
from core.api.serializers import ErrorSerializer, StrictInput
from core.api.viewsets import KitListMixin, PortalViewSet, ShownRetrieveMixin
from governance.lists.packs import PACK_LIST
from governance.models import AuditPack
from governance.selectors import packs as selectors
from governance.selectors.systems import systems_named
from governance.services.packs.export import pack_request, pack_retry
from governance.views.packs import pack_file_response
from registry.selectors.systems import systems_visible_to

NOT_FOUND = not_found("export")
NOT_READY = OpenApiResponse(ErrorSerializer, description="The export is not done (yet).")
GONE = OpenApiResponse(ErrorSerializer, description="Deleted after the retention time.")
MAX_SYSTEMS = 200


def _with_dates(name: str, bases: tuple, doc: str, fields: dict, **dates) -> type:
    """A serializer with `from` and `to` fields (Python keywords, so not class attributes:
    the metaclass still declares them in order)."""
    return type(name, bases, {"__doc__": doc, "__module__": __name__, **fields, **dates})


ExportSerializer = _with_dates(
    "ExportSerializer",
    (serializers.Serializer,),
    "An export as the API shows it (the packs list's API columns, governance/lists/packs.py).",
    {
        "id": serializers.IntegerField(read_only=True),
        "pack_id": serializers.CharField(read_only=True, help_text="PACK-00001, on its pages."),
        "scope": serializers.ChoiceField(choices=AuditPack.Scope.choices, read_only=True),
        "systems": serializers.ListField(child=serializers.CharField(), read_only=True),
        "status": serializers.ChoiceField(choices=AuditPack.Status.choices, read_only=True),
        "progress": serializers.IntegerField(min_value=0, max_value=100, read_only=True),
        "stage": serializers.CharField(read_only=True, help_text="What the export is doing."),
        "error": serializers.CharField(read_only=True, help_text="Why it failed, in words."),
        "size": serializers.IntegerField(read_only=True, allow_null=True, help_text="Bytes."),
        "pages": serializers.IntegerField(read_only=True, allow_null=True),
        "sha256": serializers.CharField(read_only=True, help_text="Blank until done."),
        "requested_by": serializers.EmailField(read_only=True),
        "requested_at": serializers.DateTimeField(read_only=True),
        "finished_at": serializers.DateTimeField(read_only=True, allow_null=True),
        "expires_at": serializers.DateTimeField(read_only=True, allow_null=True),
        "deleted_at": serializers.DateTimeField(read_only=True, allow_null=True),
        "download_url": serializers.URLField(read_only=True, allow_null=True),
    },
    **{"from": serializers.DateField(read_only=True), "to": serializers.DateField(read_only=True)},
)

ExportStartSerializer = _with_dates(
    "ExportStartSerializer",
    (StrictInput, serializers.Serializer),
    "What to export: a scope, system IDs for a systems pack, and the records' range.",
    {
        "scope": serializers.ChoiceField(choices=AuditPack.Scope.choices),
        "systems": serializers.ListField(
            child=serializers.CharField(max_length=20),
            required=False,
            max_length=MAX_SYSTEMS,
            help_text='System IDs, e.g. ["SYS-001"]; none for the portfolio.',
        ),
    },
    **{
        "from": serializers.DateField(help_text="The first day whose records the pack holds."),
        "to": serializers.DateField(help_text="The last day (today at the latest)."),
    },
)
# The service names the dates date_from and date_to; the API calls them from and to.
API_NAMES = {"date_from": "from", "date_to": "to"}


def _systems_of(user, system_ids: list[str]) -> list:
    """System IDs as the systems the caller may see; an unknown one is a 400 naming it."""
    found, unknown = systems_named(systems_visible_to(user), system_ids)
    if unknown:
        raise ValidationError({"systems": [unknown]})
    return found


@standard_schema(
    missing=NOT_FOUND,
    list_summary="The audit pack exports you may see (filtered, sorted, paginated)",
    retrieve_summary="Poll one export",
    create=Write(
        "Start an export of an audit pack (rendered in the background)",
        ExportStartSerializer,
        code=202,
    ),
)
class ExportViewSet(KitListMixin, ShownRetrieveMixin, PortalViewSet):
    """Audit pack exports, by id (e.g. /api/v1/exports/1/)."""

    serializer_class = ExportSerializer
    lookup_value_regex = r"[0-9]{1,9}"
    read_permission = "governance.pack.view"
    action_permissions = {
        "list": "governance.pack.view",
        "retrieve": "governance.pack.view",
        "metadata": "governance.pack.view",
        "download": "governance.pack.view",
        "create": "governance.pack.request",
        "retry": "governance.pack.retry",
    }
    list_spec = PACK_LIST

    def get_queryset(self):
        return selectors.packs_visible_to(self.request.user)

    def object_get(self, user, key: str):
        return selectors.pack_get_for(user, pk=int(key))

    def list_query(self, user, params):
        return selectors.pack_list_for(user, params, **self.list_context())

    def list_context(self) -> dict:
        """The list's context: absolute download URLs."""
        return {"absolute": self.request.build_absolute_uri}

    def create(self, request, *args, **kwargs):
        data = self.valid_input(ExportStartSerializer)
        systems = _systems_of(request.user, data.get("systems") or [])
        try:
            pack = pack_request(
                actor=request.user,
                scope=data["scope"],
                systems=systems,
                date_from=data["from"],
                date_to=data["to"],
            )
        except ValidationError as exc:
            raise ValidationError(_api_names(exc)) from None
        return Response(self.shown(pack), status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Download a finished export (PDF)",
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: NOT_READY,
            410: GONE,
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        pack = self.get_object()
        if pack.deleted_at is not None:
            gone = f"{pack.pack_id} was deleted after the retention time."
            return Response({"detail": gone}, status=status.HTTP_410_GONE)
        if pack.status != AuditPack.Status.DONE:
            not_ready = f"{pack.pack_id} is {pack.status}, not done."
            return Response({"detail": not_ready}, status=status.HTTP_409_CONFLICT)
        return pack_file_response(request.user, pack)

    @extend_schema(
        summary="Queue a failed export again",
        request=None,
        responses={202: ExportSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def retry(self, request, *args, **kwargs):
        pack = pack_retry(actor=request.user, pack=self.get_object())
        return Response(self.shown(pack), status=status.HTTP_202_ACCEPTED)


def _api_names(exc: ValidationError) -> dict:
    return {API_NAMES.get(k, k): v for k, v in exc.message_dict.items()}
