"""Role x action over every /api/v1/ route, generated from the URL resolver.

For every API route and every unsafe method, an auditor (reads everything, changes
nothing), a signed-in person without any role, and an anonymous visitor are refused:
403 or 405 (401 too for the anonymous), never a 2xx, and nothing reaches the audit
trail. A new endpoint without permission rules fails this test; a route with a URL
parameter this file has no sample value for fails it too, until one is added here.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.models import AuditEvent
from registry.models import ControlDefinition, SystemControl
from tests.cards.factories import DatasetFactory, ModelCardFactory, ModelCardVersionFactory
from tests.factories import (
    AISystemFactory,
    AssessmentFactory,
    GateRequestFactory,
    IncidentFactory,
    RiskFactory,
    VendorFactory,
    VendorProductFactory,
)

pytestmark = pytest.mark.django_db

API_PREFIX = "/api/v1/"
UNSAFE_METHODS = ("post", "put", "patch", "delete")
# A value for every URL parameter an API route may take; a route with another one fails.
SAMPLE_KWARGS = {
    "system_id": "SYS-001",
    "risk_id": "RISK-001",
    "incident_id": "INC-0001",
    "control_key": "model-card",
    "format": "json",
    "pk": "1",  # the gate request, vendor and assessment the test makes with this id
    "gate_slug": "production-deployment",
    "card_pk": "1",  # the model card the test makes with this id, and its version 1
    "number": "1",
    "render_id": "1",  # an Annex IV render (compliance): none exists, so a 404 at worst
    "exercise_id": "RT-001",  # a red-team exercise: none exists, refused before the 404
}
# Routes every signed-in person may write to, with the reason. Empty so far.
OPEN_TO_EVERY_MEMBER: dict[tuple[str, str], str] = {}
# The writes an auditor may make, all on the audit packs (DOMAIN.md 1: auditors download
# evidence packs): what this test's empty request gets instead of a refusal, a 400 naming
# the fields or a 404 for a pack that does not exist. Never a 2xx, never an audit event.
AUDITOR_WRITES: dict[tuple[str, str], set[int]] = {
    ("post", "export-list"): {400},
    ("post", "export-retry"): {404},
}
REFUSED = {
    "auditor": {403, 405},
    "outsider": {403, 405},
    "anonymous": {401, 403, 405},
}


def _walk(patterns, namespace: str = "", prefix: str = "", params: frozenset[str] = frozenset()):
    """(namespaced name, pattern, route text, URL parameters) of every leaf pattern."""
    for entry in patterns:
        text = prefix + str(entry.pattern).lstrip("^")
        names = params | _params_of(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner, text, names)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield name, text, names


def _params_of(pattern) -> frozenset[str]:
    regex = getattr(pattern, "regex", None)
    return frozenset(regex.groupindex) if regex is not None else frozenset()


def api_routes() -> tuple[list[tuple[str, str]], list[str]]:
    """(name, concrete path) of every /api/v1/ route, and the routes that cannot be tested."""
    routes, problems = set(), []
    for name, text, params in _walk(get_resolver().url_patterns):
        if not text.startswith(API_PREFIX.lstrip("/")):
            continue
        missing = sorted(params - set(SAMPLE_KWARGS))
        if name is None or missing:
            problems.append(f"{text}: unnamed or no sample value for {missing}")
            continue
        routes.add((name, reverse(name, kwargs={p: SAMPLE_KWARGS[p] for p in params})))
    return sorted(routes), problems


ROUTES, UNTESTABLE = api_routes()
CASES = [
    pytest.param(persona, method, name, path, id=f"{persona}-{method}-{path}")
    for name, path in ROUTES
    for method in UNSAFE_METHODS
    for persona in REFUSED
    if (method, name) not in OPEN_TO_EVERY_MEMBER
]


def test_the_generator_finds_the_api_routes():
    names = {name for name, _ in ROUTES}
    assert {
        "system-list",
        "system-detail",
        "system-classify",
        "system-review-classification",
        "risk-list",
        "risk-detail",
        "incident-list",
        "incident-detail",
        "incident-triage",
        "incident-close",
        "gate-request-list",
        "gate-request-detail",
        "gate-request-artifacts",
        "gate-request-tests",
        "gate-request-approvals",
        "gate-request-remediation",
        "gate-request-remediation-complete",
        "gate-request-withdraw",
        "gate-check",
        "vendor-list",
        "vendor-detail",
        "vendor-products",
        "vendor-changes",
        "assessment-list",
        "assessment-detail",
        "assessment-score",
        "assessment-ciso-approval",
        "assessment-evidence",
        "export-list",
        "export-detail",
        "export-download",
        "export-retry",
        "model-list",
        "model-card-list",
        "model-card-import",
        "model-card-version-list",
        "model-card-version-detail",
        "model-card-version-submit",
        "model-card-version-approve",
        "model-card-version-reject",
        "dataset-list",
        "framework-list",
        "framework-detail",
        "framework-requirements",
        "system-compliance",
    } <= names
    assert UNTESTABLE == []


@pytest.mark.parametrize(("persona", "method", "name", "path"), CASES)
def test_people_who_may_not_write_are_refused_on_every_api_route(
    api_client, personas, persona, method, name, path
):
    system = AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    IncidentFactory(incident_id="INC-0001", system=system)
    SystemControl.objects.create(
        system=system, control=ControlDefinition.objects.get(key=SAMPLE_KWARGS["control_key"])
    )
    RiskFactory(risk_id="RISK-001", owner_team=personas.people_ops)
    GateRequestFactory(pk=1, system=system, requested_by=personas.owner)
    product = VendorProductFactory(vendor=VendorFactory(pk=1))
    AssessmentFactory(pk=1, product=product, assessor=personas.ciso)
    card = ModelCardFactory(pk=1, model__system=system)
    ModelCardVersionFactory(card=card, number=1, created_by=personas.owner)
    DatasetFactory(pk=1, owner_team=personas.people_ops)
    if persona != "anonymous":
        api_client.force_authenticate(getattr(personas, persona))
    events_before = AuditEvent.objects.count()
    response = getattr(api_client, method)(path, {}, format="json")
    expected = REFUSED[persona]
    if persona == "auditor":
        expected = AUDITOR_WRITES.get((method, name), expected)
    assert response.status_code in expected, (name, response.status_code)
    assert AuditEvent.objects.count() == events_before
