"""POST /api/v1/red-team/exercises/{exercise_id}/import/ (issue 20 sections 1 and 4): a
red-team tool's result file (multipart: `file`, `source`; for an Inspect log `measures`
and optionally `category`) into an exercise. `preview=true` answers 200 with what would
be recorded and writes nothing; otherwise 201 with the import. A file that cannot be
read is a 400 on `file` with the line (or the JSON path) and the reason. Thin: the same
services as the page, under the same permission (assurance.exercise.manage). The client
sends the file with each call, so no upload is kept between a preview and the import."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from assurance.exchange.reading import MEASURES, TOOLS
from assurance.models import Exercise
from assurance.rules.results import CATEGORY_MAX
from assurance.services.result_import import (
    MANAGE,
    max_import_bytes,
    result_import,
    result_import_preview,
    too_large,
)
from core.api.authentication import TokenAuthentication
from core.api.responses import BAD_INPUT, FORBIDDEN, not_found
from core.api.serializers import StrictInput
from core.api.throttling import SIGNED_IN
from core.evidence.uploads import EvidenceMultiPartParser
from core.permissions import require


class RedTeamImportInput(StrictInput, serializers.Serializer):
    file = serializers.FileField(help_text="The tool's result file.")
    source = serializers.ChoiceField(
        choices=list(TOOLS.items()), help_text="The tool that wrote the file."
    )
    measures = serializers.ChoiceField(
        choices=list(MEASURES.items()),
        required=False,
        default="",
        help_text="Inspect logs only (required then): what the task's score is a share of.",
    )
    category = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=CATEGORY_MAX,
        help_text="Inspect logs only: the attack category (default: the task's name).",
    )
    preview = serializers.BooleanField(
        default=False, help_text="Answer what would be recorded; write nothing."
    )


class RedTeamImportRowSerializer(serializers.Serializer):
    category = serializers.CharField()
    attempts = serializers.IntegerField()
    successes = serializers.IntegerField()
    benign_prompts = serializers.IntegerField()
    refusals = serializers.IntegerField()
    asr = serializers.CharField(help_text="The attack success rate, as a percentage.")
    frr = serializers.CharField(help_text="The false refusal rate, or '—' if not measured.")
    action = serializers.CharField(help_text="'create' the result, or 'replace' its counts.")
    replaces = serializers.CharField(help_text="The counts it replaces, or ''.")


class RedTeamImportPreviewSerializer(serializers.Serializer):
    source = serializers.CharField()
    name = serializers.CharField()
    sha256 = serializers.CharField()
    size = serializers.IntegerField()
    categories = RedTeamImportRowSerializer(many=True)
    notes = serializers.ListField(
        child=serializers.CharField(), help_text="What was left out, or not measured."
    )


class RedTeamImportedResultSerializer(serializers.Serializer):
    category = serializers.CharField()
    attempts = serializers.IntegerField()
    successes = serializers.IntegerField()
    benign_prompts = serializers.IntegerField()
    refusals = serializers.IntegerField()


class RedTeamImportedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    exercise = serializers.CharField()
    source = serializers.CharField()
    sha256 = serializers.CharField(help_text="The file kept as evidence.")
    evidence = serializers.IntegerField(help_text="The evidence file's id.")
    results = RedTeamImportedResultSerializer(many=True)
    notes = serializers.ListField(child=serializers.CharField())


def _preview_shape(preview) -> dict:
    rows = [{**vars(row), "action": row.action} for row in preview.rows]
    shown = {k: getattr(preview, k) for k in ("source", "name", "sha256", "size", "notes")}
    return {**shown, "categories": rows}


def _imported_shape(imported) -> dict:
    record = imported.result_import
    counts = ("category", "attempts", "successes", "benign_prompts", "refusals")
    return {
        "id": record.pk,
        "exercise": record.exercise.exercise_id,
        "source": record.source,
        "sha256": record.file.sha256,
        "evidence": record.file_id,
        "results": [{k: getattr(result, k) for k in counts} for result in imported.results],
        "notes": imported.notes,
    }


class ExerciseImportView(APIView):
    """Import a red-team tool's result file into an exercise, or preview it."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = SIGNED_IN
    parser_classes = [EvidenceMultiPartParser]

    @extend_schema(
        operation_id="red_team_exercise_import",
        summary="Import a garak, promptfoo, Inspect or PyRIT result file into an exercise's "
        "results; preview=true answers what would be recorded",
        request={"multipart/form-data": RedTeamImportInput},
        responses={
            201: RedTeamImportedSerializer,
            200: RedTeamImportPreviewSerializer,
            400: BAD_INPUT,
            403: FORBIDDEN,
            404: not_found("exercise"),
        },
        tags=["assurance"],
    )
    def post(self, request, exercise_id: str):
        exercise = Exercise.objects.filter(exercise_id=exercise_id.upper()).first()
        # Who may not import anywhere is refused before the exercise is looked for.
        require(request.user, MANAGE, exercise)
        if exercise is None:
            raise Http404("No such exercise.")
        serializer = RedTeamImportInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data["file"]
        if upload.size > max_import_bytes():
            raise ValidationError({"file": [too_large()]})
        call = {
            "actor": request.user,
            "exercise": exercise,
            "data": upload.read(),
            "name": upload.name,
            "source": data["source"],
            "measures": data["measures"],
            "category": data["category"],
        }
        if data["preview"]:
            return Response(_preview_shape(result_import_preview(**call)))
        imported = result_import(**call)
        return Response(_imported_shape(imported), status=status.HTTP_201_CREATED)
