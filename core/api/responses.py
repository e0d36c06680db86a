"""The responses every endpoint documents alike in the OpenAPI schema."""

from drf_spectacular.utils import OpenApiResponse

from core.api.errors import VALIDATION_ERROR_SCHEMA
from core.api.serializers import ErrorSerializer

BAD_INPUT = OpenApiResponse(VALIDATION_ERROR_SCHEMA, description="Invalid input, field named.")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="Not signed in, or not allowed.")


def not_found(what: str) -> OpenApiResponse:
    """A 404 for `what` that does not exist or that the caller may not see."""
    return OpenApiResponse(ErrorSerializer, description=f"No such {what} (or not visible).")
