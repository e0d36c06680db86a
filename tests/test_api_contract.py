"""The API keeps its OpenAPI contract: schemathesis runs every phase against /api/schema/
(explicit examples, coverage of boundary and invalid values, fuzzing, and stateful
sequences that create a system and then read, change and classify it) and checks each
answer: never a 500, documented status codes, content types and bodies that match the
schema, and unknown fields and schema-violating values refused."""

import threading
from collections import Counter

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import connections
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

from core.services import api_token_issue
from tests.cards.factories import (
    DatasetFactory,
    DatasheetVersionFactory,
    ModelCardFactory,
    ModelCardVersionFactory,
)
from tests.factories import (
    VENDOR_ANSWERS_HIGH,
    AISystemFactory,
    AssessmentFactory,
    IncidentFactory,
    RiskFactory,
    VendorProductFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)  # STACK-NOTES: in-process calls
PHASES = ("examples", "coverage", "fuzzing", "stateful")
EXAMPLES = 25  # generated cases per operation in the fuzzing phase
SEED = 20261130  # a fixed seed: the same cases each run; change it to explore others


def contract_config(api_key: str) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "cache": {"enabled": False},  # no state carried between runs, no files left
            "suppress-health-check": ["all"],
            "headers": {"Authorization": f"Token {api_key}"},
            "generation": {"max-examples": EXAMPLES, "database": "none"},
            "phases": {
                **{phase: {"enabled": True} for phase in PHASES},
                # Sequences of at most 10 calls (create, then read, change, classify it).
                "stateful": {"enabled": True, "max-steps": 10, "generation": {"max-examples": 15}},
            },
            "checks": {
                # The token is sent with every call, so a request "without auth" cannot
                # be made here; tests/test_api_permissions.py covers who may call what.
                "ignored_auth": {"enabled": False},
                # Expects every schema-valid value to be accepted, but an unknown team
                # slug or a taken system ID is schema-valid and rightly a 400 naming it.
                "positive_data_acceptance": {"enabled": False},
            },
        }
    )


@pytest.fixture
def api_key(personas, shipped_libraries, settings) -> str:
    """An administrator's token, and a system, a risk, an incident, a vendor with a
    product and an assessment, a model card and a dataset for the detail operations. The
    contract's thousands of calls are one person's: no rate limit here
    (tests/core/test_api_throttling.py)."""
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {scope: None for scope in rates},
    }
    system = AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    IncidentFactory(incident_id="INC-0001", system=system, reported_by=personas.owner)
    RiskFactory(risk_id="RISK-001", owner_team=personas.people_ops)
    AssessmentFactory(product=VendorProductFactory(), assessor=personas.ciso, **VENDOR_ANSWERS_HIGH)
    card = ModelCardFactory(model__system=system)  # a card with an approved v1 and a draft v2
    ModelCardVersionFactory(card=card, number=1, approved=True)
    ModelCardVersionFactory(card=card, number=2, created_by=personas.admin)
    DatasheetVersionFactory(dataset=DatasetFactory(owner_team=personas.people_ops))
    return api_token_issue(actor=personas.admin, user=personas.admin, name="contract").key


def portal_app():
    """The portal as a WSGI app that closes the database connections of schemathesis's
    worker threads after each call, so none is left open when the test database goes."""
    django_app = get_wsgi_application()

    def app(environ, start_response):
        try:
            return django_app(environ, start_response)
        finally:
            if threading.current_thread() is not threading.main_thread():
                connections.close_all()

    return app


def test_every_operation_keeps_its_contract_in_every_phase(api_key):
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json",
        portal_app(),
        config=contract_config(api_key),
        headers={"Authorization": f"Token {api_key}"},
    )
    ran, cases, failures, errors = set(), Counter(), [], []
    for event in from_schema(schema).execute():
        if isinstance(event, events.PhaseFinished) and event.status != Status.SKIP:
            ran.add(event.phase.name.value)
        elif isinstance(event, events.ScenarioFinished):
            cases[event.phase.value] += len(event.recorder.cases)
            if event.status == Status.FAILURE:
                failures.extend(_failures(event))
        elif isinstance(event, events.NonFatalError | events.FatalError):
            errors.append(str(getattr(event, "value", event)))
    assert not errors, errors
    assert not failures, "\n\n".join(failures[:30])
    assert set(PHASES) <= ran, ran
    assert all(cases[phase] for phase in PHASES), cases  # each phase made requests


def _failures(event) -> list[str]:
    found = []
    for checks in event.recorder.checks.values():
        for check in checks:
            if check.status == Status.FAILURE:
                failure = check.failure_info.failure
                found.append(
                    f"{event.phase.value} {check.name}: {failure.title}: {failure.message}"
                    f"\n  {check.failure_info.code_sample}"
                )
    return found
