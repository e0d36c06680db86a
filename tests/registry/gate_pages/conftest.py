"""Fixtures of the gate pages' and API's tests: the hiring screener (HIGH) in development
and requests of it, filled through the gate services (tests.factories)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from registry import services
from tests.factories import (
    HIRING_SCREENER,
    gate_request_filled,
    gate_request_submitted,
    hiring_screener_in_development,
    people_ops_system,
)

MISSING_TWO = ("red-team-report", "data-lineage-documentation")


@pytest.fixture
def screener(personas):
    """SYS-001, the resume screener of People Ops, classified HIGH, in development."""
    return hiring_screener_in_development(personas)


@pytest.fixture
def draft_request(personas, screener):
    """The owner's draft pre-deployment security review of SYS-001, nothing given yet."""
    return services.gate_request_open(actor=personas.owner, system=screener, summary="v3 ready")


@pytest.fixture
def open_request(personas, screener):
    """The owner's pre-deployment security review of SYS-001, submitted with nothing
    given yet: the approvers are asked."""
    return gate_request_submitted(personas.owner, screener, summary="v3 ready")


@pytest.fixture
def filled_request(personas, draft_request):
    """The draft given every test and every artifact but two, then submitted."""
    gate_request_filled(draft_request, personas.owner, skip=MISSING_TWO)
    return services.gate_request_submit(actor=personas.owner, request=draft_request)


@pytest.fixture
def remediation_request(personas):
    """SYS-001 (HIGH) in production: the owner's annual review, let proceed by the CISO
    with a plan owned by the AI safety lead, due in 30 days."""
    system = people_ops_system(personas, lifecycle_stage="production")
    services.system_classify(
        actor=personas.safety, system=system, inputs=HIRING_SCREENER, rationale="High."
    )
    request = gate_request_submitted(personas.owner, system, gate_slug="annual-production-review")
    return services.gate_request_proceed_with_remediation(
        actor=personas.ciso,
        request=request,
        plan="Re-run the bias suite.",
        owner=personas.safety,
        due=timezone.localdate() + timedelta(days=30),
    )
