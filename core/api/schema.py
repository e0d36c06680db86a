"""Post-processing of the OpenAPI schema (drf-spectacular's POSTPROCESSING_HOOKS)."""

from __future__ import annotations

REF_PREFIX = "#/components/schemas/"


def forbid_unknown_request_fields(result: dict, generator, request, public) -> dict:
    """Every request body refuses fields it does not name (the serializers answer 400
    "Unexpected field."), so the schema says so: `additionalProperties: false` on each
    object schema that some operation takes as its request body."""
    schemas = result.get("components", {}).get("schemas", {})
    for name in _request_body_components(result):
        schema = schemas.get(name)
        if schema is not None and schema.get("type") == "object":
            schema["additionalProperties"] = False
    return result


def _request_body_components(result: dict) -> set[str]:
    names = set()
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            content = operation.get("requestBody", {}).get("content", {})
            for media in content.values():
                ref = media.get("schema", {}).get("$ref", "")
                if ref.startswith(REF_PREFIX):
                    names.add(ref.removeprefix(REF_PREFIX))
    return names
