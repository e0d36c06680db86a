"""Classifying through the page (DOMAIN.md 2.1 worked examples) and working the controls."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from registry.models import Classification, SystemControl
from tests.factories import HIRING_SCREENER, AISystemFactory, classified_system, control_evidence

pytestmark = pytest.mark.django_db

CHATBOT = {
    "decision_impact": "financial",
    "human_oversight": "partial",
    "data_sensitivity": "sensitive",
    "user_vulnerability": "general_public",
    "deployment_scale": "thousands",
    "decision_reversibility": "reversible",
}
SUMMARIZER = {
    "decision_impact": "informational",
    "human_oversight": "full",
    "data_sensitivity": "sensitive",
    "user_vulnerability": "professionals",
    "deployment_scale": "internal",
    "decision_reversibility": "reversible",
}
CLASSIFY = "/systems/SYS-001/classify/"


@pytest.fixture
def system(personas):
    return AISystemFactory(system_id="SYS-001", name="Under review", owner_team=personas.people_ops)


@pytest.mark.parametrize(
    ("inputs", "score", "tier", "label", "controls"),
    [
        (HIRING_SCREENER, 13, "high", "High", 11),
        (CHATBOT, 11, "medium", "Medium", 7),
        (SUMMARIZER, 6, "low", "Low", 3),
    ],
    ids=["hiring-screener", "billing-chatbot", "document-summarizer"],
)
def test_worked_examples_through_the_classify_page(
    client, personas, system, inputs, score, tier, label, controls
):
    client.force_login(personas.safety)
    response = client.post(CLASSIFY, {**inputs, "rationale": "DOMAIN.md 2.1 example."})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert f"Classified: score {score}, tier {label}." in html
    assert f"{controls} required controls added, 0 retired." in html
    assert f"<strong>{score}</strong>" in html
    assert f'<span class="badge badge-tier badge-tier-{tier}">{label}</span>' in html
    assert len(re.findall(r'<tr id="control-row-\d+"', html)) == controls
    system.refresh_from_db()
    assert (system.risk_score, system.risk_tier) == (score, tier)


def test_the_page_shows_points_and_help_for_every_dimension(client, personas, system):
    client.force_login(personas.owner)
    html = client.get(CLASSIFY).content.decode()
    for text in (
        "Life or safety (5 points)",
        "Informational (1 point)",
        "None (4 points)",
        "Special category (4 points)",
        "Vulnerable populations (4 points)",
        "Internal (0 points)",
        "Irreversible (3 points)",
        "Special category: health",
        "17 or more",
    ):
        assert text in html, text
    assert html.count("<fieldset") == 6
    assert '<label for="id_rationale">Rationale</label>' in html


def test_a_re_classification_starts_from_the_last_values(client, personas):
    classified_system(personas)
    client.force_login(personas.owner)
    html = client.get(CLASSIFY).content.decode()
    assert re.search(r'value="employment"[^>]*checked', html)
    assert re.search(r'value="difficult_to_reverse"[^>]*checked', html)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"decision_impact": None}, "decision_impact"),
        ({"deployment_scale": "planet"}, "deployment_scale"),
        ({"rationale": ""}, "rationale"),
        ({"rationale": "z" * 20_001}, "rationale"),
    ],
    ids=["missing-dimension", "unknown-value", "no-rationale", "rationale-too-long"],
)
def test_bad_classification_input_is_a_400_and_saves_nothing(
    client, personas, system, change, field
):
    data = {**HIRING_SCREENER, "rationale": "Because.", **change}
    data = {k: v for k, v in data.items() if v is not None}
    client.force_login(personas.owner)
    response = client.post(CLASSIFY, data)
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Classification.objects.exists()
    system.refresh_from_db()
    assert system.risk_tier == ""


def test_a_tier_change_reports_the_controls_added_and_retired(client, personas):
    classified_system(personas)
    client.force_login(personas.engmanager)
    response = client.post(CLASSIFY, {**SUMMARIZER, "rationale": "Now internal only."}, follow=True)
    html = response.content.decode()
    active = SystemControl.objects.filter(retired_at__isnull=True)
    retired = SystemControl.objects.filter(retired_at__isnull=False)
    assert active.count() == 3
    assert f"{active.count() - 1} required controls added, {retired.count()} retired." in html
    assert f"{retired.count()} retired controls" in html


def test_re_classifying_clears_the_banner(client, personas):
    system = classified_system(personas)
    client.force_login(personas.owner)
    edit = reverse("registry:system_edit", args=["SYS-001"])
    client.post(
        edit,
        {
            "name": system.name,
            "description": system.description,
            "owner_team": personas.people_ops.pk,
            "lifecycle_stage": "conception",
            "user_population": "vulnerable_populations",
        },
    )
    detail = reverse("registry:system_detail", args=["SYS-001"])
    assert "Re-classification needed" in client.get(detail).content.decode()
    client.force_login(personas.safety)
    client.post(
        CLASSIFY,
        {**HIRING_SCREENER, "user_vulnerability": "vulnerable_populations", "rationale": "R"},
    )
    assert "Re-classification needed" not in client.get(detail).content.decode()


# --- required controls ------------------------------------------------------------------


def control_url(control) -> str:
    return reverse("registry:control_update", args=[control.system.system_id, control.pk])


def control_data(control, **values) -> dict:
    return {f"control-{control.pk}-{key}": value for key, value in values.items()}


def test_a_plain_form_post_sets_a_control_and_returns_to_the_page(client, personas):
    control = classified_system(personas).controls.get(control__key="model-card")
    control_evidence(personas.owner, control)
    client.force_login(personas.owner)
    data = control_data(control, status="implemented", evidence_links="https://wiki/mc/1")
    response = client.post(control_url(control), data)
    assert response.status_code == 302
    assert response["Location"] == "/systems/SYS-001/#controls"
    control.refresh_from_db()
    assert (control.status, control.evidence_links) == ("implemented", "https://wiki/mc/1")
    html = client.get("/systems/SYS-001/").content.decode()
    assert "1 of 11 implemented" in html
    assert 'href="https://wiki/mc/1"' in html


def test_htmx_gets_the_updated_row_back(client, personas):
    control = classified_system(personas).controls.get(control__key="model-card")
    client.force_login(personas.owner)
    data = control_data(control, status="in_progress")
    response = client.post(control_url(control), data, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="control-row-{control.pk}"')
    assert "Saved" in html  # and the row shows the new status chosen, not merely offered
    assert re.search(r'<option value="in_progress"\s+selected>In progress</option>', html)
    assert not re.search(r'<option value="missing"\s+selected>', html)
    control.refresh_from_db()
    assert control.status == "in_progress"


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_not_applicable_without_justification_is_a_400(client, personas, htmx):
    control = classified_system(personas).controls.get(control__key="model-card")
    client.force_login(personas.owner)
    headers = {"HX-Request": "true"} if htmx else {}
    data = control_data(control, status="not_applicable", evidence_links="kept")
    response = client.post(control_url(control), data, headers=headers)
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_control-{control.pk}-justification_error"' in html
    assert "Say why this control does not apply." in html
    assert ">\nkept</textarea>" in html
    control.refresh_from_db()
    assert control.status == "missing"


def test_a_retired_control_cannot_be_changed(client, personas):
    system = classified_system(personas)
    client.force_login(personas.safety)
    client.post(CLASSIFY, {**SUMMARIZER, "rationale": "Internal only."})
    client.force_login(personas.owner)
    retired = system.controls.get(retired_at__isnull=False, control__key="model-card")
    response = client.post(control_url(retired), control_data(retired, status="implemented"))
    assert response.status_code == 400
    assert "retired" in response.content.decode()


def test_a_product_owner_of_another_team_cannot_change_controls(client, personas):
    control = classified_system(personas).controls.first()
    client.force_login(personas.owner2)
    response = client.post(control_url(control), control_data(control, status="implemented"))
    assert response.status_code == 403
    html = client.get("/systems/SYS-001/").content.decode()
    assert f"control-{control.pk}-status" not in html and "<summary>Edit" not in html


def test_each_control_also_has_a_page_of_its_own(client, personas):
    control = classified_system(personas).controls.get(control__key="model-card")
    client.force_login(personas.owner)
    response = client.get(control_url(control))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Model card</h1>" in html
    assert f'name="control-{control.pk}-status"' in html
    client.force_login(personas.auditor)
    assert client.get(control_url(control)).status_code == 403
