"""Who sets what (DOMAIN.md 14, issue 15 section 2): owners never approve their own
system in another role, and the RACI's controls are set by their responsible roles."""

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from core.choices import Role
from core.models import RoleAssignment
from registry import services
from registry.models import GateApproval
from tests.factories import (
    BILLING_CHATBOT,
    classified_system,
    control_evidence,
    gate_request_submitted,
    hiring_screener_in_development,
    user_with_roles,
)

pytestmark = pytest.mark.django_db


def control_of(system, key: str):
    return system.controls.select_related("control", "system").get(control__key=key)


@pytest.fixture
def owner_and_ciso(personas):
    """A product owner of People Ops who is also the CISO."""
    person = user_with_roles("po-ciso@example.com", Role.CISO)
    RoleAssignment.objects.create(user=person, role=Role.PRODUCT_OWNER, team=personas.people_ops)
    return person


def test_an_owner_who_is_ciso_fills_no_ciso_slot_of_a_teammates_request(personas, owner_and_ciso):
    """The finding: a product owner of the team who is also CISO filled the CISO slot of
    a teammate's gate request. Expected: refused, in the service and in the API (403)."""
    system = hiring_screener_in_development(personas)
    request = gate_request_submitted(personas.owner, system)
    with pytest.raises(PermissionDenied):
        services.gate_approval_decide(
            actor=owner_and_ciso, request=request, role="ciso", decision="approved"
        )
    client = APIClient()
    client.force_authenticate(owner_and_ciso)
    response = client.post(
        f"/api/v1/gate-requests/{request.pk}/approvals/",
        {"role": "ciso", "decision": "approved"},
        format="json",
    )
    assert response.status_code == 403
    assert not GateApproval.objects.filter(approver=owner_and_ciso).exists()
    services.gate_approval_decide(
        actor=personas.ciso, request=request, role="ciso", decision="approved"
    )
    assert GateApproval.objects.filter(approver=personas.ciso, role="ciso").exists()


def test_an_owner_who_is_ciso_sets_no_ciso_approval_on_their_teams_system(
    client, personas, owner_and_ciso
):
    """The finding: they set "CISO approval" on their own team's system. Expected:
    refused by the service and on the page (403, no form)."""
    approval = control_of(classified_system(personas), "ciso-approval")
    with pytest.raises(PermissionDenied):
        services.control_update(actor=owner_and_ciso, control=approval, status="implemented")
    client.force_login(owner_and_ciso)
    html = client.get("/systems/SYS-001/").content.decode()
    assert f'name="control-{approval.pk}-status"' not in html
    response = client.post(
        f"/systems/SYS-001/controls/{approval.pk}/",
        {f"control-{approval.pk}-status": "implemented"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 403
    approval.refresh_from_db()
    assert approval.status == "missing"
    services.control_update(actor=personas.ciso, control=approval, status="implemented")


def test_an_owner_who_is_ciso_confirms_no_classification_of_their_system(personas, owner_and_ciso):
    from core.permissions import can

    system = classified_system(personas)
    assert not can(owner_and_ciso, "registry.classification.decide", system)
    assert not can(owner_and_ciso, "registry.classification.reopen", system)


@pytest.mark.parametrize(
    ("key", "allowed", "refused"),
    [
        ("privacy-impact-assessment", ("dpo",), ("owner", "admin", "ciso", "safety")),
        ("security-assessment", ("security", "ciso"), ("owner", "admin", "dpo")),
        ("bias-testing", ("safety",), ("owner", "admin", "engmanager")),
    ],
)
def test_the_raci_controls_are_set_by_their_responsible_roles(personas, key, allowed, refused):
    """The finding: the product owner set the privacy impact assessment, the security
    assessment and the bias evaluation themselves. Expected: only the RACI's R."""
    control = control_of(classified_system(personas), key)
    for name in refused:
        with pytest.raises(PermissionDenied):
            services.control_update(
                actor=getattr(personas, name), control=control, status="in_progress"
            )
    for name in allowed:
        services.control_update(
            actor=getattr(personas, name), control=control, status="in_progress"
        )
    setter = getattr(personas, allowed[0])
    control_evidence(setter, control)
    services.control_update(actor=setter, control=control, status="implemented")
    control.refresh_from_db()
    assert control.status == "implemented"


def test_basic_bias_testing_of_a_medium_system_is_the_ai_safety_leads(personas):
    control = control_of(classified_system(personas, BILLING_CHATBOT), "basic-bias-testing")
    with pytest.raises(PermissionDenied):
        services.control_update(actor=personas.owner, control=control, status="in_progress")
    services.control_update(actor=personas.safety, control=control, status="in_progress")


def test_the_page_says_who_sets_a_raci_control(client, personas):
    system = classified_system(personas)
    pia = control_of(system, "privacy-impact-assessment")
    client.force_login(personas.owner)
    html = client.get("/systems/SYS-001/").content.decode()
    row = html.split(f'id="control-row-{pia.pk}"')[1].split("</tr>")[0]
    assert "<form" not in row and "Set by the Data protection officer" in row
    client.force_login(personas.dpo)
    html = client.get("/systems/SYS-001/").content.decode()
    assert f'name="control-{pia.pk}-status"' in html
