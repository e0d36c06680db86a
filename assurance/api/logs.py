"""The log digest API (issue 20 sections 3 and 4): thin, the same selectors and service
as the pages, the same permissions.

  GET  /api/v1/systems/{system_id}/log-digests/   the system's digests, newest day first
  POST /api/v1/systems/{system_id}/log-digests/   {date, records, sha256 and/or merkle_root,
                                                  location, correction: {reason}?}

Both take the system's scoped monitoring token (`token_scope`), refused (403) for
another system, or a person's token or session (who may record: the system's owners,
administrators).
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from assurance.models import LogDigest
from assurance.services.log_digests import log_digest_record
from core.api.authentication import TokenAuthentication, token_object_matches
from core.api.responses import BAD_INPUT, FORBIDDEN, not_found
from core.api.serializers import StrictInput
from core.api.throttling import SIGNED_IN
from core.permissions import require
from registry.selectors.systems import system_get_for

LIST_LIMIT = 400  # more than a year of days
HEX64 = r"^[0-9a-fA-F]{64}$"


class CorrectionInput(StrictInput, serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why the day's digest is replaced.")


class DigestInput(StrictInput, serializers.Serializer):
    date = serializers.DateField(help_text="The day of the batch (YYYY-MM-DD, UTC).")
    records = serializers.IntegerField(min_value=0, max_value=10**15)
    sha256 = serializers.RegexField(HEX64, required=False, default="", allow_blank=True)
    merkle_root = serializers.RegexField(HEX64, required=False, default="", allow_blank=True)
    location = serializers.CharField(max_length=500, help_text="Where the batch is kept.")
    correction = CorrectionInput(required=False, help_text="Only to replace the day's digest: why.")


class DigestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    records = serializers.IntegerField()
    sha256 = serializers.CharField()
    merkle_root = serializers.CharField()
    location = serializers.CharField()
    corrects = serializers.IntegerField(allow_null=True, help_text="The digest it corrects.")
    correction_reason = serializers.CharField()
    audit_sequence = serializers.IntegerField(
        allow_null=True, help_text="The audit event that recorded it."
    )
    received_at = serializers.DateTimeField()


def digest_shape(digest: LogDigest) -> dict:
    return {
        "id": digest.pk,
        "date": digest.date,
        "records": digest.records,
        "sha256": digest.sha256,
        "merkle_root": digest.merkle_root,
        "location": digest.location,
        "corrects": digest.corrects_id,
        "correction_reason": digest.correction_reason,
        "audit_sequence": digest.audit_sequence,
        "received_at": digest.received_at,
    }


class LogDigestView(APIView):
    """A system's daily log digests."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = SIGNED_IN
    token_scope = "monitoring"  # the system's monitoring token is accepted here

    def system(self, request, system_id: str):
        require(request.user, "assurance.view")
        system = system_get_for(request.user, system_id=system_id)
        if not token_object_matches(request, system.pk):
            raise exceptions.PermissionDenied("This token is for another system.")
        return system

    @extend_schema(
        operation_id="system_log_digests",
        summary="The system's log digests, newest day first (at most 400)",
        responses={200: DigestSerializer(many=True), 403: FORBIDDEN, 404: not_found("system")},
        tags=["assurance"],
    )
    def get(self, request, system_id: str):
        system = self.system(request, system_id)
        digests = LogDigest.objects.filter(system=system).order_by("-date", "-id")[:LIST_LIMIT]
        return Response([digest_shape(d) for d in digests])

    @extend_schema(
        operation_id="system_log_digest_record",
        summary="Record one day's log digest in the audit trail (a correction needs a reason)",
        request=DigestInput,
        responses={
            201: DigestSerializer,
            400: BAD_INPUT,
            403: FORBIDDEN,
            404: not_found("system"),
        },
        tags=["assurance"],
    )
    def post(self, request, system_id: str):
        system = self.system(request, system_id)
        require(request.user, "assurance.digest.record", system)  # before the input
        serializer = DigestInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        correction = data.get("correction")
        digest = log_digest_record(
            actor=request.user,
            system=system,
            day=data["date"],
            records=data["records"],
            sha256=data["sha256"],
            merkle_root=data["merkle_root"],
            location=data["location"],
            correction_reason=correction["reason"] if correction else None,
            now=timezone.now(),
        )
        return Response(digest_shape(digest), status=status.HTTP_201_CREATED)
