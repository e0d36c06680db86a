"""The Annex VIII and Annex IV API (issue 19 section 4): thin, the same selectors and
services as the pages, the same permissions.

  GET  /api/v1/systems/{system_id}/annex-viii                  the registration record (409 when
                                                               the annex does not concern it)
  POST /api/v1/systems/{system_id}/annex-viii                  {"eu_database_number"}: record it
  GET  /api/v1/systems/{system_id}/annex-iv                    the latest renders, newest first
  POST /api/v1/systems/{system_id}/annex-iv                    start a render (202)
  GET  /api/v1/systems/{system_id}/annex-iv/{id}               poll one render
  GET  /api/v1/systems/{system_id}/annex-iv/{id}/download      its PDF once done
"""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from compliance.exchange.annex_viii import NotConcerned
from compliance.models import AnnexIvRender
from compliance.selectors import annex as selectors
from compliance.services import annex as services
from core.api.authentication import TokenAuthentication
from core.api.responses import BAD_INPUT, FORBIDDEN, not_found
from core.api.serializers import ErrorSerializer, StrictInput
from core.api.throttling import SIGNED_IN
from core.permissions import require
from registry.selectors.systems import system_get_for

NOT_FOUND = not_found("system")
NOT_CONCERNED = OpenApiResponse(ErrorSerializer, description="The annex does not concern it.")


class NumberInput(StrictInput, serializers.Serializer):
    eu_database_number = serializers.CharField(
        max_length=services.EU_NUMBER_MAX, help_text="The number the EU database gave."
    )


class RenderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    render_id = serializers.CharField(help_text="ANNEX-IV-00001")
    status = serializers.ChoiceField(choices=AnnexIvRender.Status.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    stage = serializers.CharField()
    error = serializers.CharField()
    requested_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    pages = serializers.IntegerField(allow_null=True)
    size = serializers.IntegerField(allow_null=True)
    gaps = serializers.IntegerField(allow_null=True, help_text="Gaps the document lists.")
    sha256 = serializers.CharField()
    download_url = serializers.URLField(allow_null=True)


class _SystemView(APIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = SIGNED_IN

    def system(self, request, system_id: str):
        require(request.user, "compliance.view")
        return system_get_for(request.user, system_id=system_id)


class AnnexViiiView(_SystemView):
    """The EU database registration record (Annex VIII) of a system."""

    @extend_schema(
        operation_id="system_annex_viii",
        summary="The system's EU database registration record (Annex VIII), gaps named",
        responses={200: OpenApiTypes.OBJECT, 403: FORBIDDEN, 404: NOT_FOUND, 409: NOT_CONCERNED},
        tags=["compliance"],
    )
    def get(self, request, system_id: str):
        system = self.system(request, system_id)
        try:
            document = selectors.annex_viii_for(system, timezone.localdate())
        except NotConcerned as why:
            return Response({"detail": str(why)}, status=status.HTTP_409_CONFLICT)
        return Response(document.as_dict())

    @extend_schema(
        operation_id="system_annex_viii_number",
        summary="Record the EU database registration number the system received",
        request=NumberInput,
        responses={200: OpenApiTypes.OBJECT, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["compliance"],
    )
    def post(self, request, system_id: str):
        system = self.system(request, system_id)
        require(request.user, "compliance.registration.record", system)  # before the input
        serializer = NumberInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        number = serializer.validated_data["eu_database_number"]
        services.eu_database_number_record(actor=request.user, system=system, number=number)
        return Response({"system_id": system.system_id, "eu_database_number": number})


def render_shape(request, system, render: AnnexIvRender) -> dict:
    done = render.status == AnnexIvRender.Status.DONE
    url = reverse("system-annex-iv-download", args=[system.system_id, render.pk])
    return {
        "id": render.pk,
        "render_id": render.render_id,
        "status": render.status,
        "progress": render.progress,
        "stage": render.stage,
        "error": render.error,
        "requested_at": render.requested_at,
        "finished_at": render.finished_at,
        "pages": render.pages,
        "size": render.size,
        "gaps": render.gaps,
        "sha256": render.sha256,
        "download_url": request.build_absolute_uri(url) if done else None,
    }


class AnnexIvView(_SystemView):
    """The technical documentation (Annex IV) of a high-risk system we provide."""

    @extend_schema(
        operation_id="system_annex_iv_list",
        summary="The system's Annex IV renders, newest first",
        responses={200: RenderSerializer(many=True), 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["compliance"],
    )
    def get(self, request, system_id: str):
        system = self.system(request, system_id)
        renders = selectors.annex_iv_renders(system)
        return Response([render_shape(request, system, r) for r in renders])

    @extend_schema(
        operation_id="system_annex_iv_start",
        summary="Start rendering the system's Annex IV document (in the background)",
        request=None,
        responses={202: RenderSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["compliance"],
    )
    def post(self, request, system_id: str):
        system = self.system(request, system_id)
        render = services.annex_iv_request(actor=request.user, system=system)
        return Response(render_shape(request, system, render), status=status.HTTP_202_ACCEPTED)


class AnnexIvRenderView(_SystemView):
    @extend_schema(
        operation_id="system_annex_iv_poll",
        summary="Poll one Annex IV render: status, progress, and the download when done",
        responses={200: RenderSerializer, 403: FORBIDDEN, 404: not_found("render")},
        tags=["compliance"],
    )
    def get(self, request, system_id: str, render_id: int):
        system = self.system(request, system_id)
        render = selectors.annex_iv_render_get(system, render_id)
        return Response(render_shape(request, system, render))


class AnnexIvDownloadView(_SystemView):
    @extend_schema(
        operation_id="system_annex_iv_download",
        summary="Download a finished Annex IV document (PDF/A)",
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            403: FORBIDDEN,
            404: not_found("render"),
            409: OpenApiResponse(ErrorSerializer, description="Not done (yet)."),
        },
        tags=["compliance"],
    )
    def get(self, request, system_id: str, render_id: int):
        system = self.system(request, system_id)
        render = selectors.annex_iv_render_get(system, render_id)
        if render.status != AnnexIvRender.Status.DONE:
            detail = f"{render.render_id} is {render.status}, not done."
            return Response({"detail": detail}, status=status.HTTP_409_CONFLICT)
        services.annex_iv_download_record(actor=request.user, render=render)
        response = HttpResponse(selectors.annex_iv_pdf(render), content_type="application/pdf")
        name = f"{system.system_id}-annex-iv-{render.render_id}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
