"""The OpenAPI schema of a viewset's standard actions, declared once on the class.

Every list, retrieve, create and update documents the same answers (400 for bad input,
403, 404 for a missing object); `standard_schema` writes them, so a viewset names only
its summaries, its request serializers and its 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view

from core.api.responses import BAD_INPUT, FORBIDDEN
from core.lists.openapi import filter_parameters


@dataclass(frozen=True)
class Write:
    """A write action of `standard_schema`: its summary and request body (and examples)."""

    summary: str
    request: Any
    examples: tuple = ()
    code: int | None = None  # the answer's status: 201 for create, 200 for an update


def standard_schema(
    *,
    missing=None,
    list_summary: str = "",
    list_serializer=None,
    retrieve_summary: str = "",
    create: Write | None = None,
    update: Write | None = None,
    partial_update: Write | None = None,
):
    """A class decorator: the schema of a viewset's standard actions, with their answers::

        @standard_schema(
            missing=not_found("risk"),          # the 404 of retrieve and the updates
            list_summary="The risk register (filtered, sorted, paginated)",
            retrieve_summary="One risk",
            create=Write("Add a risk", RiskWriteSerializer),
            partial_update=Write("Change some of a risk's fields", RiskUpdateSerializer),
        )
        class RiskViewSet(KitListMixin, ShownRetrieveMixin, PortalViewSet):
            serializer_class = RiskSerializer   # what every action answers with
            list_spec = RISK_LIST               # its filters are the list's parameters

    list: rows of the viewset's `serializer_class` (or `list_serializer`), 400, 403, with
    the filters of its `list_spec` as parameters.
    retrieve: the object, 403, 404. create: the object (201), 400, 403. update and
    partial_update: the object, 400, 403, 404. An action not named is not documented
    here (a viewset without it, or one documented with an `extend_schema` of its own).
    """

    def decorate(viewset: type) -> type:
        shown = viewset.serializer_class
        actions = {}
        if list_summary:
            spec = viewset.list_spec  # None: a list without the kit's filters
            actions["list"] = extend_schema(
                summary=list_summary,
                parameters=filter_parameters(spec) if spec is not None else None,
                responses={
                    200: (list_serializer or shown)(many=True),
                    400: BAD_INPUT,
                    403: FORBIDDEN,
                },
            )
        if retrieve_summary:
            answers = {200: shown, 403: FORBIDDEN, 404: missing}
            actions["retrieve"] = extend_schema(summary=retrieve_summary, responses=answers)
        for name, write, code, may_miss in (
            ("create", create, 201, False),
            ("update", update, 200, True),
            ("partial_update", partial_update, 200, True),
        ):
            if write is not None:
                actions[name] = write_schema(write, shown, code, missing if may_miss else None)
        return extend_schema_view(**actions)(viewset)

    return decorate


def write_schema(write: Write, response, code: int, missing=None):
    """The schema of a write: its answer (`write.code` or `code`), 400, 403 (and 404)."""
    responses = {write.code or code: response, 400: BAD_INPUT, 403: FORBIDDEN}
    if missing is not None:
        responses[404] = missing
    extra = {"examples": list(write.examples)} if write.examples else {}
    return extend_schema(summary=write.summary, request=write.request, responses=responses, **extra)
