"""The red-team API on core's PortalViewSet: thin views over assurance's selectors and
services, under the same permissions as the pages.

  /api/v1/red-team/exercises/                     list (the page's filters), create
  /api/v1/red-team/exercises/{exercise_id}/       retrieve, partial_update
  /api/v1/red-team/exercises/{exercise_id}/results/   GET the results with rates,
                                                  intervals and findings; POST a batch of
                                                  rows (results_record: a category
                                                  already recorded is replaced)
"""

from __future__ import annotations

import functools

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from assurance.api import serializers as s
from assurance.lists import EXERCISE_LIST
from assurance.rules.results import ResultRow
from assurance.selectors import exercises as selectors
from assurance.services.exercises import exercise_create, exercise_update
from assurance.services.results import results_record
from core.api.openapi import Write, standard_schema
from core.api.responses import BAD_INPUT, FORBIDDEN, not_found
from core.api.viewsets import KitListMixin, PortalViewSet, ShownRetrieveMixin
from governance.selectors.systems import systems_named
from registry.models import AISystem

VIEW, MANAGE = "assurance.view", "assurance.exercise.manage"
NOT_FOUND = not_found("exercise")
EXERCISE_ID_PATTERN = "[Rr][Tt]-[0-9]{1,8}"


@standard_schema(
    missing=NOT_FOUND,
    list_summary="Red-team exercises (filtered, sorted, paginated)",
    retrieve_summary="One red-team exercise",
    create=Write("Record a red-team exercise", s.ExerciseWriteSerializer),
    partial_update=Write("Change some of an exercise's fields", s.ExerciseWriteSerializer),
)
class ExerciseViewSet(KitListMixin, ShownRetrieveMixin, PortalViewSet):
    """Exercises, looked up by exercise ID (e.g. /api/v1/red-team/exercises/RT-001/)."""

    lookup_field = "exercise_id"
    lookup_value_regex = EXERCISE_ID_PATTERN
    serializer_class = s.ExerciseSerializer
    read_permission = VIEW
    action_permissions = {
        "list": VIEW,
        "retrieve": VIEW,
        "metadata": VIEW,
        "create": "assurance.exercise.create",
        "partial_update": MANAGE,
        # GET reads (assurance.view); POST is checked on the exercise in the service.
        "results": VIEW,
    }
    list_spec = EXERCISE_LIST

    def check_permissions(self, request):
        """Someone who may change no exercise at all (an auditor) is refused a write
        before the lookup, so a write reveals nothing of what exists; the exercise's own
        rule (assurance.exercise.manage) is checked on it after."""
        super().check_permissions(request)
        if request.method not in SAFE_METHODS:
            self.require("assurance.exercise.create")

    def get_queryset(self):
        return selectors.exercises_visible_to(self.request.user)

    def object_get(self, user, key: str):
        return selectors.exercise_get_for(user, exercise_id=key)

    def list_query(self, user, params):
        return selectors.exercise_list_for(user, params)

    def create(self, request, *args, **kwargs):
        data = _service_data(self.valid_input(s.ExerciseWriteSerializer))
        exercise = exercise_create(actor=request.user, data=data)
        return Response(self.shown(exercise), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        exercise = self.get_object()
        given = self.valid_input(functools.partial(s.ExerciseWriteSerializer, partial=True))
        exercise_update(actor=request.user, exercise=exercise, data=_service_data(given))
        return Response(self.shown(exercise))

    @extend_schema(
        methods=["GET"],
        summary="An exercise's results per attack category, with rates and findings",
        responses={200: s.RedTeamResultSerializer(many=True), 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Record a batch of results (a category already recorded is replaced)",
        request=s.RedTeamResultBatchSerializer,
        responses={
            201: s.RedTeamResultSerializer(many=True),
            400: BAD_INPUT,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def results(self, request, *args, **kwargs):
        exercise = self.get_object()
        if request.method == "POST":
            self.require(MANAGE, exercise)
            batch = self.valid_input(s.RedTeamResultBatchSerializer)
            rows = [ResultRow(**row) for row in batch["rows"]]
            results_record(actor=request.user, exercise=exercise, rows=rows, source="manual")
            exercise = selectors.exercise_get_for(request.user, exercise_id=exercise.exercise_id)
            answer = status.HTTP_201_CREATED
        else:
            answer = status.HTTP_200_OK
        return Response(results_shown(exercise), status=answer)


def results_shown(exercise) -> list[dict]:
    version = exercise.thresholds.version if exercise.thresholds else None
    return [
        {
            "category": view.result.category,
            "attempts": view.result.attempts,
            "successes": view.result.successes,
            "benign_prompts": view.result.benign_prompts,
            "refusals": view.result.refusals,
            "source": view.result.source,
            "notes": view.result.notes,
            "asr": _rate(view.asr, view.asr_text),
            "frr": _rate(view.frr, view.frr_text),
            "findings": [
                {"rate": f.rate, "value": f.value, "limit": f.limit} for f in view.findings
            ],
            "thresholds_version": version,
            "risk": view.result.risk.risk_id if view.result.risk_id else None,
        }
        for view in selectors.exercise_results(exercise)
    ]


def _rate(rate, text: str) -> dict:
    return {
        "hits": rate.hits,
        "n": rate.n,
        "value": rate.value,
        "low": rate.low,
        "high": rate.high,
        "text": text,
    }


def _service_data(data: dict) -> dict:
    """System IDs as systems; an unknown one is a 400 naming the field."""
    data = dict(data)
    if "systems" in data:
        data["systems"], unknown = systems_named(AISystem.objects.all(), data["systems"])
        if unknown:
            raise ValidationError({"systems": [unknown]})
    return data
