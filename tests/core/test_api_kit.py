"""core.api.viewsets: strict input through `valid_input`, and the answers `action_schema`
and `standard_schema` document.

(Every app's viewsets stand on PortalViewSet; their own tests cover list and retrieve.)
"""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.test import APIRequestFactory, force_authenticate

from core.api.openapi import Write, standard_schema
from core.api.responses import not_found
from core.api.serializers import StrictInput
from core.api.viewsets import PortalViewSet, action_schema

pytestmark = pytest.mark.django_db


class NoteInput(StrictInput, serializers.Serializer):
    text = serializers.CharField(max_length=20)


class NoteOutput(serializers.Serializer):
    text = serializers.CharField()


class NoteViewSet(PortalViewSet):
    read_permission = "core.deadline.view_own"
    action_permissions = {"echo": "core.deadline.view_own"}

    @action_schema("Echo a note", request=NoteInput, response=NoteOutput, code=201)
    @action(detail=False, methods=["post"])
    def echo(self, request):
        return Response(self.valid_input(NoteInput), status=201)


def echo(user, data):
    view = NoteViewSet.as_view({"post": "echo"})
    request = APIRequestFactory().post("/notes/echo/", data, format="json")
    force_authenticate(request, user=user)
    return view(request)


def test_valid_input_gives_the_validated_fields(personas):
    response = echo(personas.dpo, {"text": "hello"})
    assert (response.status_code, response.data) == (201, {"text": "hello"})


def test_valid_input_refuses_an_unknown_or_bad_field_naming_it(personas):
    unknown = echo(personas.dpo, {"text": "hello", "colour": "red"})
    assert (unknown.status_code, unknown.data) == (400, {"colour": ["Unexpected field."]})
    too_long = echo(personas.dpo, {"text": "x" * 21})
    assert too_long.status_code == 400 and set(too_long.data) == {"text"}


def test_the_action_schema_names_its_answer_and_the_refusals():
    router = SimpleRouter()
    router.register("notes", NoteViewSet, basename="note")
    schema = SchemaGenerator(patterns=router.urls).get_schema(request=None, public=True)
    operation = schema["paths"]["/notes/echo/"]["post"]
    assert operation["summary"] == "Echo a note"
    assert set(operation["responses"]) == {"201", "400", "403"}


@standard_schema(
    missing=not_found("note"),
    list_summary="List notes",
    retrieve_summary="One note",
    create=Write("Write a note", NoteInput),
    partial_update=Write("Change a note", NoteInput, code=202),
)
class StandardNoteViewSet(PortalViewSet):
    serializer_class = NoteOutput
    read_permission = "core.deadline.view_own"

    def list(self, request):
        return Response([])

    def retrieve(self, request, pk=None):
        return Response({})

    def create(self, request):
        return Response({}, status=201)

    def partial_update(self, request, pk=None):
        return Response({}, status=202)


def test_the_standard_schema_names_each_action_s_answer_and_refusals():
    router = SimpleRouter()
    router.register("notes", StandardNoteViewSet, basename="note")
    paths = SchemaGenerator(patterns=router.urls).get_schema(request=None, public=True)["paths"]
    answers = {
        (path, method): (operation["summary"], set(operation["responses"]))
        for path, operations in paths.items()
        for method, operation in operations.items()
    }
    assert answers == {
        ("/notes/", "get"): ("List notes", {"200", "400", "403"}),
        ("/notes/", "post"): ("Write a note", {"201", "400", "403"}),
        ("/notes/{id}/", "get"): ("One note", {"200", "403", "404"}),
        ("/notes/{id}/", "patch"): ("Change a note", {"202", "400", "403", "404"}),
    }
