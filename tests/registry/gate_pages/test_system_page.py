"""The system page's lifecycle block, opening a request from it, the request list, the
board's waiting requests, and what these pages cost in queries."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from registry import services
from registry.models import AISystem, GateRequest
from tests.factories import (
    DOCUMENT_SUMMARIZER,
    gate_request_filled,
    gate_request_submitted,
    people_ops_system,
    uploaded_by,
)

pytestmark = pytest.mark.django_db


def test_the_owner_requests_the_next_gate_from_the_system_page(client, personas, screener):
    client.force_login(personas.owner)
    page = client.get("/systems/SYS-001/").content.decode()
    lifecycle = page[page.index('id="lifecycle"') :]
    for stage in (
        "Conception",
        "Development",
        "Pre-deployment",
        "Production",
        "Deprecated",
        "Decommissioned",
    ):
        assert stage in lifecycle
    assert 'aria-current="step">\n      Development' in lifecycle
    new = "/systems/SYS-001/gate-requests/new/?gate=pre-deployment-security-review"
    assert f'href="{new}">Request Pre-deployment security review' in lifecycle
    assert "Open a draft request" in client.get(new).content.decode()
    response = client.post(
        "/systems/SYS-001/gate-requests/new/",
        {"gate": "pre-deployment-security-review", "summary": "Model v3"},
    )
    request = GateRequest.objects.get()
    assert request.status == "draft"
    assert response.url == f"/systems/SYS-001/gate-requests/{request.pk}/"
    page = client.get("/systems/SYS-001/").content.decode()
    banner = page[page.index('id="open-gate-request"') :]
    assert "Draft request, not submitted yet:" in banner
    assert "7 artifacts:" in banner and "3 approvals: CISO; Legal; Product owner" in banner
    assert "4 tests:" in banner
    assert "Request Pre-deployment" not in page  # one request in progress at a time
    services.gate_request_submit(actor=personas.owner, request=request)
    banner = client.get("/systems/SYS-001/").content.decode()
    banner = banner[banner.index('id="open-gate-request"') :]
    assert "Open request:" in banner and "2 approvals: CISO; Legal" in banner


@pytest.mark.parametrize("persona", ["owner2", "ciso", "auditor", "admin"])
def test_only_the_owning_product_owner_may_request(client, personas, screener, persona):
    client.force_login(getattr(personas, persona))
    assert "Request Pre-deployment" not in client.get("/systems/SYS-001/").content.decode()
    response = client.post("/systems/SYS-001/gate-requests/new/", {"summary": "x"})
    assert response.status_code == 403
    assert not GateRequest.objects.exists()


def test_a_low_system_passes_development_authorization_at_once_as_not_required(client, personas):
    system = people_ops_system(personas, lifecycle_stage="conception", ai_act_category="minimal")
    services.system_classify(
        actor=personas.safety, system=system, inputs=DOCUMENT_SUMMARIZER, rationale="Low."
    )
    client.force_login(personas.owner)
    response = client.post("/systems/SYS-001/gate-requests/new/", {"summary": ""}, follow=True)
    page = response.content.decode()
    assert "Gate not required for this risk tier" in page
    assert "Gate not required for this risk tier (Low)." in page
    assert AISystem.objects.get(pk=system.pk).lifecycle_stage == "development"
    lifecycle = client.get("/systems/SYS-001/").content.decode()
    assert "Development authorization</a>: <span" in lifecycle
    assert "Gate not required for this risk tier" in lifecycle


def _many_requests(personas, system, rounds: int) -> None:
    """`rounds` withdrawn requests with every artifact replaced, then an open one."""
    for _ in range(rounds):
        request = services.gate_request_open(actor=personas.owner, system=system)
        gate_request_filled(request, personas.owner)
        services.gate_request_submit(actor=personas.owner, request=request)
        services.gate_approval_decide(
            actor=personas.ciso, request=request, role="ciso", decision="approved"
        )
        services.gate_artifact_add(
            actor=personas.owner,
            request=request,
            requirement="model-card-final",
            evidence=uploaded_by(personas.owner, "again.pdf"),
        )
        services.gate_request_withdraw(actor=personas.owner, request=request, reason="Again.")


def test_the_system_page_costs_the_same_with_one_or_many_requests(
    client, personas, screener, django_assert_max_num_queries
):
    client.force_login(personas.owner)
    gate_request_submitted(personas.owner, screener)
    with django_assert_max_num_queries(60) as few:
        client.get("/systems/SYS-001/")
    GateRequest.objects.filter(system=screener).update(status="withdrawn")
    _many_requests(personas, screener, 3)
    request = gate_request_submitted(personas.owner, screener)
    gate_request_filled(request, personas.owner)
    with django_assert_max_num_queries(60) as many:
        client.get("/systems/SYS-001/")
    assert len(few.captured_queries) == len(many.captured_queries)


def test_the_request_page_costs_the_same_with_few_or_many_artifacts_and_approvals(
    client, personas, screener, django_assert_max_num_queries
):
    small = gate_request_submitted(personas.owner, screener)
    client.force_login(personas.ciso)
    with django_assert_max_num_queries(40) as few:
        client.get(f"/systems/SYS-001/gate-requests/{small.pk}/")
    gate_request_filled(small, personas.owner)
    for n in range(3):  # approvals given and voided again, artifacts replaced
        services.gate_approval_decide(
            actor=personas.ciso, request=small, role="ciso", decision="approved"
        )
        services.gate_artifact_add(
            actor=personas.owner,
            request=small,
            requirement="red-team-report",
            evidence=uploaded_by(personas.owner, f"red-team-{n}.pdf"),
        )
    services.gate_approval_decide(
        actor=personas.legal, request=small, role="legal", decision="approved"
    )
    with django_assert_max_num_queries(40) as many:
        response = client.get(f"/systems/SYS-001/gate-requests/{small.pk}/")
    assert response.content.decode().count('class="voided"') >= 6
    assert len(few.captured_queries) == len(many.captured_queries)


def test_the_request_list_filters_and_exports(client, personas, screener):
    with time_machine.travel(timezone.now() - timedelta(days=12)):
        waiting = services.gate_request_open(actor=personas.owner, system=screener)
    client.force_login(personas.auditor)
    page = client.get("/gate-requests/?waiting=true").content.decode()
    assert "No gate requests match" in page, "a draft waits for its owner, not the approvers"
    with time_machine.travel(timezone.now() - timedelta(days=8)):
        services.gate_request_submit(actor=personas.owner, request=waiting)
    page = client.get("/gate-requests/?waiting=true").content.decode()
    assert f"/systems/SYS-001/gate-requests/{waiting.pk}/" in page and "8 days" in page
    assert "No gate requests match" in client.get("/gate-requests/?waiting=false").content.decode()
    assert client.get("/gate-requests/?status=open&gate=deprecation").status_code == 200
    bad = client.get("/gate-requests/?waiting=maybe&gate=nope")
    assert bad.status_code == 400 and "Use true or false." in bad.content.decode()
    export = client.get("/gate-requests/export.csv?system=sys-001")
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert lines[0].startswith("id,system,status,waiting_days,gate,move,requested_by")
    assert ",SYS-001,open,8,pre-deployment-security-review," in lines[1]


def test_the_board_lists_requests_waiting_over_five_days_since_submitted(
    client, personas, screener
):
    with time_machine.travel(timezone.now() - timedelta(days=20)):
        request = services.gate_request_open(actor=personas.owner, system=screener)
    with time_machine.travel(timezone.now() - timedelta(days=6)):
        services.gate_request_submit(actor=personas.owner, request=request)
    client.force_login(personas.board)
    response = client.get("/board/")
    block = next(b for b in response.context["blocks"] if b.key == "gates_waiting")
    assert block.count == 1
    assert block.items[0].text == "SYS-001 Resume screener: Pre-deployment security review"
    assert block.items[0].note == "waiting 6 days"
    assert client.get(block.url).status_code == 200
    assert client.get(block.items[0].url).status_code == 200


@pytest.mark.parametrize("persona", ["ciso", "legal", "owner", "auditor"])
def test_the_open_requests_are_one_click_from_the_portfolio(client, personas, persona):
    client.force_login(getattr(personas, persona))
    page = client.get("/systems/portfolio/").content.decode()
    assert 'href="/gate-requests/?status=open">Open gate requests</a>' in page
    assert client.get("/gate-requests/?status=open").status_code == 200
