"""API errors: always JSON, a 4xx for bad input, with the field named."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

# The body of every 400, as the OpenAPI schema describes it: one key per refused field
# or query parameter with its messages (an index-keyed object for items of a list), or
# {"detail": "..."} for a body that cannot be parsed at all.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Each refused field or parameter with its messages; or `detail`.",
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "string"},
            {"type": "object"},
        ]
    },
    "example": {"name": ["This field is required."]},
}


class BodyTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "body_too_large"


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        exc = BodyTooLarge(f"The request body is larger than {limit:g} MB.")
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
