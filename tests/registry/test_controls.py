"""Required controls: the locked write, approvals set only by their role, and the inline
form that answers in place (refusals with every error, the summary kept current)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry import rules, services
from registry.data import shipped_control_library
from registry.models import LONG_TEXT
from tests.factories import INPUTS_FOR_TIER, classified_system, control_evidence

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def control_of(system, key: str):
    return system.controls.select_related("control", "system").get(control__key=key)


def url(control) -> str:
    return f"/systems/{control.system.system_id}/controls/{control.pk}/"


def data(control, **values) -> dict:
    return {f"control-{control.pk}-{key}": value for key, value in values.items()}


# --- the rules ------------------------------------------------------------------------


def test_which_controls_are_approvals_and_whose():
    assert rules.control_approver_role("ciso-approval") == "ciso"
    assert rules.control_approver_role("engineering-manager-approval") == "eng_manager"
    assert rules.control_approver_role("board-or-executive-approval") == "board"
    assert rules.control_approver_role("model-card") is None
    library = shipped_control_library()
    assert set(rules.APPROVAL_CONTROL_ROLES) <= set(library)  # every approval is shipped


@pytest.mark.parametrize(
    ("status", "justification", "problems"),
    [
        ("not_applicable", "", {"justification"}),
        ("not_applicable", "   ", {"justification"}),
        ("not_applicable", "Internal use only.", set()),
        ("implemented", "", set()),
    ],
)
def test_not_applicable_needs_a_justification(status, justification, problems):
    found = rules.control_status_problems(status=status, justification=justification)
    assert set(found) == problems


# --- the service ------------------------------------------------------------------------


def test_control_update_locks_the_row_it_changes(personas):
    control = control_of(classified_system(personas), "model-card")
    control_evidence(personas.owner, control)
    with CaptureQueriesContext(connection) as queries:
        services.control_update(actor=personas.owner, control=control, status="implemented")
    locked = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert len(locked) == 1 and '"registry_systemcontrol"' in locked[0]


@pytest.mark.parametrize(
    ("tier", "key", "approver"),
    [
        ("high", "ciso-approval", "ciso"),
        ("medium", "engineering-manager-approval", "engmanager"),
        ("critical", "board-or-executive-approval", "board"),
    ],
)
def test_an_approval_control_is_set_only_by_its_role(personas, tier, key, approver):
    control = control_of(classified_system(personas, INPUTS_FOR_TIER[tier]), key)
    for someone in (personas.owner, personas.admin, personas.safety):
        with pytest.raises(PermissionDenied):
            services.control_update(actor=someone, control=control, status="implemented")
    control.refresh_from_db()
    assert control.status == "missing"
    services.control_update(
        actor=getattr(personas, approver), control=control, status="implemented"
    )
    control.refresh_from_db()
    assert control.status == "implemented"


def test_the_ciso_sets_no_ordinary_control_of_a_system_they_do_not_own(personas):
    control = control_of(classified_system(personas), "model-card")
    with pytest.raises(PermissionDenied):
        services.control_update(actor=personas.ciso, control=control, status="implemented")


def test_the_service_names_every_refused_field_at_once(personas):
    control = control_of(classified_system(personas), "model-card")
    with pytest.raises(ValidationError) as refused:
        services.control_update(
            actor=personas.owner,
            control=control,
            status="not_applicable",
            evidence_links="x" * (LONG_TEXT + 1),
        )
    assert set(refused.value.message_dict) == {"justification", "evidence_links"}


# --- the pages, per role ----------------------------------------------------------------


def test_the_product_owner_sees_no_form_for_the_ciso_approval(client, personas):
    system = classified_system(personas)
    approval, card = control_of(system, "ciso-approval"), control_of(system, "model-card")
    client.force_login(personas.owner)
    html = client.get("/systems/SYS-001/").content.decode()
    row = html.split(f'id="control-row-{approval.pk}"')[1].split("</tr>")[0]
    assert "<form" not in row and "An approval: set by the CISO" in row
    assert f'name="control-{card.pk}-status"' in html
    response = client.post(url(approval), data(approval, status="implemented"), headers=HTMX)
    assert response.status_code == 403
    approval.refresh_from_db()
    assert approval.status == "missing"


def test_the_ciso_sets_the_ciso_approval_and_nothing_else(client, personas):
    system = classified_system(personas)
    approval, card = control_of(system, "ciso-approval"), control_of(system, "model-card")
    client.force_login(personas.ciso)
    html = client.get("/systems/SYS-001/").content.decode()
    assert f'name="control-{approval.pk}-status"' in html
    assert f'name="control-{card.pk}-status"' not in html
    response = client.post(url(approval), data(approval, status="implemented"), headers=HTMX)
    assert response.status_code == 200
    approval.refresh_from_db()
    assert approval.status == "implemented"


def test_an_inline_save_brings_the_new_count_along(client, personas):
    card = control_of(classified_system(personas), "model-card")
    control_evidence(personas.owner, card)
    client.force_login(personas.owner)
    assert "0 of 11 implemented" in client.get("/systems/SYS-001/").content.decode()
    response = client.post(url(card), data(card, status="implemented"), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<p id="controls-summary" role="status" hx-swap-oob="true">' in html
    assert "1 of 11 implemented." in html


def test_a_refusal_comes_back_as_the_row_with_both_errors(client, personas):
    card = control_of(classified_system(personas), "model-card")
    client.force_login(personas.owner)
    posted = data(card, status="not_applicable", evidence_links="x" * (LONG_TEXT + 1))
    response = client.post(url(card), posted, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 400
    assert html.lstrip().startswith(f'<tr id="control-row-{card.pk}"')
    assert f'id="id_control-{card.pk}-justification_error"' in html
    assert f'id="id_control-{card.pk}-evidence_links_error"' in html
    assert "hx-swap-oob" not in html  # nothing changed, so neither does the count
    assert '<details class="inline-edit" open>' in html


def test_the_justification_says_when_it_is_required(client, personas):
    card = control_of(classified_system(personas), "model-card")
    client.force_login(personas.owner)
    html = client.get("/systems/SYS-001/").content.decode()
    label = html.split(f'for="id_control-{card.pk}-justification"')[1].split("</label>")[0]
    assert "(required if not applicable)" in label and "(optional)" not in label


def test_every_page_loads_the_htmx_error_handling(client, personas):
    client.force_login(personas.owner)
    html = client.get("/systems/").content.decode()
    assert 'src="/static/django_htmx/htmx-2.min.js"' in html
    assert 'src="/static/js/portal.js"' in html
    assert "django-htmx.js" not in html  # its DEBUG helper would replace the page on a 400
