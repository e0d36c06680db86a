"""The API of frameworks in and results out (issue 19, sections 3 and 4): POST
/api/v1/frameworks/import/ (a CISO Assistant library or an OSCAL catalog, as a file or
as text; `dry_run` previews) and GET /api/v1/systems/{system_id}/compliance/oscal/ (the
system's OSCAL assessment results). Thin: the same services and selectors as the pages,
under the same permissions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from compliance.rules.library import ROLES
from compliance.selectors.oscal import system_oscal_json
from compliance.services.imports import (
    FORMATS,
    IMPORT,
    MAX_IMPORT_BYTES,
    TOO_LARGE,
    framework_import,
    framework_import_preview,
)
from core.api.authentication import TokenAuthentication
from core.api.responses import BAD_INPUT, FORBIDDEN, not_found
from core.api.serializers import StrictInput
from core.api.throttling import SIGNED_IN
from core.evidence.uploads import EvidenceMultiPartParser
from core.permissions import require
from registry.choices import Regulation
from registry.selectors.systems import system_get_for

VIEW = "compliance.view"


class FrameworkImportInputSerializer(StrictInput, serializers.Serializer):
    format = serializers.ChoiceField(choices=list(FORMATS.items()))
    content = serializers.CharField(
        required=False,
        trim_whitespace=False,
        max_length=MAX_IMPORT_BYTES,
        help_text="The file's text (JSON bodies); or send `file` as multipart.",
    )
    file = serializers.FileField(required=False, help_text="The file (multipart bodies).")
    reviewer_role = serializers.ChoiceField(
        choices=list(ROLES), default="legal", help_text="Who accepts evidence for it."
    )
    # A plain string the service checks (a 400 naming `scope`): a second enum of the
    # regulations would collide in the schema with the pack's `scope`.
    scope = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=20,
        help_text="The regulation a system's regulatory scope must hold for the framework "
        "to apply (" + ", ".join(Regulation.values) + "); blank: every system.",
    )
    dry_run = serializers.BooleanField(
        default=False, help_text="Preview what would be created; write nothing."
    )

    def validate(self, attrs):
        if ("content" in attrs) == ("file" in attrs):
            raise serializers.ValidationError({"file": ["Send either `file` or `content`."]})
        return attrs


class ImportCrosswalkSerializer(serializers.Serializer):
    source = serializers.CharField()
    target = serializers.CharField()
    mappings = serializers.IntegerField()


class FrameworkImportPreviewSerializer(serializers.Serializer):
    format = serializers.CharField()
    key = serializers.CharField()
    version = serializers.CharField()
    name = serializers.CharField()
    groups = serializers.IntegerField()
    requirements = serializers.IntegerField()
    replaces = serializers.CharField(help_text="The current version it would retire, or ''.")
    crosswalks = ImportCrosswalkSerializer(many=True)
    skipped = serializers.ListField(child=serializers.CharField())
    problems = serializers.ListField(child=serializers.CharField())


class FrameworkImportedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    version = serializers.CharField()
    name = serializers.CharField()
    source = serializers.CharField()
    source_ref = serializers.CharField()
    reviewer_role = serializers.CharField()
    scope = serializers.CharField()
    is_current = serializers.BooleanField()
    requirements = serializers.IntegerField()
    mappings = serializers.IntegerField(help_text="Crosswalk lines added.")
    skipped = serializers.ListField(child=serializers.CharField())


def upload_text(upload, field: str = "file") -> str:
    """An uploaded file's text (UTF-8), refused by its size before it is read."""
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError({field: TOO_LARGE})
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({field: "The file is not UTF-8 text."}) from None


class FrameworkImportView(APIView):
    """Import a framework (administrators): 201 with it, or 200 with the preview when
    `dry_run`; a 400 naming the problem (the file's line and reason)."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = SIGNED_IN
    parser_classes = [JSONParser, EvidenceMultiPartParser]

    @extend_schema(
        operation_id="framework_import",
        summary="Import a CISO Assistant library (YAML) or an OSCAL catalog (JSON) as a "
        "framework version; dry_run previews what would be created",
        request={
            "application/json": FrameworkImportInputSerializer,
            "multipart/form-data": FrameworkImportInputSerializer,
        },
        responses={
            201: FrameworkImportedSerializer,
            200: FrameworkImportPreviewSerializer,
            400: BAD_INPUT,
            403: FORBIDDEN,
        },
        tags=["compliance"],
    )
    def post(self, request):
        require(request.user, IMPORT)
        serializer = FrameworkImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        field = "content" if "content" in data else "file"
        text = data["content"] if field == "content" else upload_text(data["file"])
        try:
            return self._answer(request.user, text, data)
        except ValidationError as error:
            if field == "content" and "file" in error.message_dict:
                raise ValidationError({"content": error.message_dict["file"]}) from None
            raise

    def _answer(self, user, text: str, data: dict) -> Response:
        fmt = data["format"]
        if data["dry_run"]:
            preview = framework_import_preview(actor=user, text=text, fmt=fmt)
            shown = {k: v for k, v in vars(preview).items() if k != "fmt"}
            return Response({"format": fmt, **shown})
        imported = framework_import(
            actor=user, text=text, fmt=fmt, reviewer_role=data["reviewer_role"], scope=data["scope"]
        )
        framework = imported.framework
        shown = {
            "id": framework.pk,
            "key": framework.key,
            "version": framework.version,
            "name": framework.name,
            "source": framework.source,
            "source_ref": framework.source_ref,
            "reviewer_role": framework.reviewer_role,
            "scope": framework.scope,
            "is_current": framework.is_current,
            "requirements": framework.requirements.filter(assessable=True).count(),
            "mappings": imported.mappings,
            "skipped": imported.skipped,
        }
        return Response(shown, status=status.HTTP_201_CREATED)


class SystemOscalView(APIView):
    """The system's coverage as OSCAL assessment results (JSON), validated by trestle."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = SIGNED_IN

    @extend_schema(
        operation_id="system_compliance_oscal",
        summary="The system's compliance as OSCAL assessment results (OSCAL 1.2, JSON)",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="OSCAL assessment-results"),
            403: FORBIDDEN,
            404: not_found("system"),
        },
        tags=["compliance"],
    )
    def get(self, request, system_id: str):
        require(request.user, VIEW)
        system = system_get_for(request.user, system_id=system_id)
        text = system_oscal_json(
            system, now=timezone.now(), base_url=request.build_absolute_uri("/")
        )
        return HttpResponse(text, content_type="application/json")
