"""The list kit's query parameters as OpenAPI declares them, from the same filter set,
so that the schema and the behaviour agree: a blank value is "any" (it is in every
enum), `page` and `page_size` and whole-number filters (ids) are integers in their
ranges."""

from __future__ import annotations

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from core.lists.filters import YES_NO, StrictBooleanFilter
from core.lists.paging import MAX_PAGE_SIZE, PAGE_SIZE
from core.lists.spec import ListSpec

BLANK = "A blank value means any."


def _parameter(name: str, flt) -> OpenApiParameter:
    label = str(flt.label or name)
    if isinstance(flt, StrictBooleanFilter):
        values = [value for value, _ in YES_NO]
    elif isinstance(flt, django_filters.ChoiceFilter) and isinstance(
        flt.extra.get("choices"), list | tuple
    ):
        values = [str(value) for value, _ in flt.extra["choices"]]
    elif issubclass(flt.field_class, forms.IntegerField):
        return OpenApiParameter(name, _integer(flt), OpenApiParameter.QUERY, description=label)
    else:
        max_length = flt.extra.get("max_length")
        schema = {"type": "string", **({"maxLength": max_length} if max_length else {})}
        return OpenApiParameter(name, schema, OpenApiParameter.QUERY, description=label)
    return OpenApiParameter(
        name,
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        enum=["", *values],
        description=f"{label}. {BLANK}",
    )


def _integer(flt) -> dict:
    """A whole-number filter's schema, with the bounds its form field enforces."""
    bounds = {"minimum": flt.extra.get("min_value"), "maximum": flt.extra.get("max_value")}
    return {"type": "integer", **{key: value for key, value in bounds.items() if value is not None}}


def filter_parameters(spec: ListSpec) -> list[OpenApiParameter]:
    """Every filter of the list and its `ordering`, as query parameters."""
    return [_parameter(name, flt) for name, flt in spec.filterset_class.base_filters.items()]


def page_parameters() -> list[dict]:
    """`page` and `page_size` in the raw form DRF paginators hand to drf-spectacular."""
    return [
        {
            "name": "page",
            "required": False,
            "in": "query",
            "description": "A page number from 1 to the last page.",
            "schema": {"type": "integer", "minimum": 1},
        },
        {
            "name": "page_size",
            "required": False,
            "in": "query",
            "description": f"Rows a page, 1 to {MAX_PAGE_SIZE} (default {PAGE_SIZE}).",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
        },
    ]
