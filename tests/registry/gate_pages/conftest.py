"""Fixtures of the gate pages' and API's tests: the hiring screener (HIGH) in development
and requests of it, filled through the gate services (tests.factories)."""

import pytest

from registry import services
from tests.factories import gate_request_filled, hiring_screener_in_development

MISSING_TWO = ("red-team-report", "data-lineage-documentation")


@pytest.fixture
def screener(personas):
    """SYS-001, the resume screener of People Ops, classified HIGH, in development."""
    return hiring_screener_in_development(personas)


@pytest.fixture
def open_request(personas, screener):
    """The owner's open pre-deployment security review of SYS-001, nothing given yet."""
    return services.gate_request_open(actor=personas.owner, system=screener, summary="v3 ready")


@pytest.fixture
def filled_request(personas, open_request):
    """The open request with every test and every artifact but two."""
    return gate_request_filled(open_request, personas.owner, skip=MISSING_TWO)
