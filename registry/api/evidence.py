"""The API of a control's evidence files: a multipart upload answered with the stored
file's SHA-256 (the same service as the system page's upload form)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from core.api.responses import BAD_INPUT, FORBIDDEN, not_found
from core.api.serializers import StrictInput
from core.api.viewsets import PortalViewSet
from core.evidence.uploads import EvidenceMultiPartParser
from registry.selectors.systems import control_get_for
from registry.services.control_evidence import control_evidence_attach


class EvidenceUploadSerializer(StrictInput, serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, help_text="The evidence file.")
    applies_from = serializers.DateField(
        required=False, allow_null=True, help_text="Default: today."
    )
    expires_on = serializers.DateField(
        required=False, allow_null=True, help_text="After this date it no longer counts."
    )


class ControlEvidenceSerializer(serializers.Serializer):
    """A file attached to a control, as stored."""

    id = serializers.IntegerField(source="evidence.pk")
    control = serializers.CharField(source="control.control.key")
    sha256 = serializers.CharField(source="evidence.sha256")
    size = serializers.IntegerField(source="evidence.size")
    content_type = serializers.CharField(source="evidence.content_type")
    name = serializers.CharField(source="evidence.safe_name")
    applies_from = serializers.DateField(source="evidence.applies_from")
    expires_on = serializers.DateField(source="evidence.expires_on", allow_null=True)
    uploaded_at = serializers.DateTimeField(source="evidence.uploaded_at")


class ControlEvidenceViewSet(PortalViewSet):
    """POST /api/v1/systems/{system_id}/controls/{control_key}/evidence/ (multipart)."""

    parser_classes = [EvidenceMultiPartParser]
    serializer_class = ControlEvidenceSerializer
    read_permission = "registry.system.view"
    action_permissions = {"create": "registry.control.change"}

    @extend_schema(
        summary="Attach an evidence file to a system's required control (multipart); "
        "the answer carries the file's SHA-256",
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={
            201: ControlEvidenceSerializer,
            400: BAD_INPUT,
            403: FORBIDDEN,
            404: not_found("system or control"),
        },
    )
    def create(self, request, system_id: str, control_key: str):
        control = control_get_for(request.user, system_id=system_id, control_key=control_key)
        self.check_object_permissions(request, control)
        data = self.valid_input(EvidenceUploadSerializer)
        link = control_evidence_attach(
            actor=request.user,
            control=control,
            upload=data["file"],
            applies_from=data.get("applies_from"),
            expires_on=data.get("expires_on"),
        )
        return Response(ControlEvidenceSerializer(link).data, status=status.HTTP_201_CREATED)
