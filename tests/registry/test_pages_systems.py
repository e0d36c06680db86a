"""Registering, editing and reading a system through its pages."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from core.models import AuditEvent
from registry.models import AISystem, Classification
from tests.factories import HIRING_SCREENER, AISystemFactory, classified_system

pytestmark = pytest.mark.django_db

CREATE = "/systems/new/"


def new_system(personas, **overrides) -> dict:
    data = {
        "system_id": "SYS-042",
        "name": "Resume screener v2",
        "description": "Ranks applicants' CVs for recruiters.",
        "owner_team": personas.people_ops.pk,
        "lifecycle_stage": "development",
        "regulatory_scope": ["eu_ai_act", "gdpr", "eeoc"],
        "processes_eu_personal_data": "on",
        "legal_effect_decisions": "on",
        "user_population": "general_public",
        "decision_type": "employment",
        "deployment_scale": "thousands",
        "model_version": "screener-2.3.1",
        "incident_contact": "oncall-people-ops@example.com",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def team_options(html: str) -> list[str]:
    select = re.search(r'<select name="owner_team".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)


def test_product_owner_registers_and_proposes_then_a_reviewer_confirms(client, personas):
    client.force_login(personas.owner)
    response = client.post(CREATE, new_system(personas))
    assert response.status_code == 302
    assert response["Location"] == "/systems/SYS-042/"

    response = client.post(
        "/systems/SYS-042/classify/", {**HIRING_SCREENER, "rationale": "Screens CVs."}
    )
    assert response.status_code == 302
    html = client.get("/systems/SYS-042/").content.decode()
    assert "Proposed: score 13, tier High." in html
    assert "Proposed, not yet in effect:" in html
    assert "Not classified yet." in html
    assert not re.findall(r'<tr id="control-row-\d+"', html)

    client.force_login(personas.safety)
    proposal = Classification.objects.get(system__system_id="SYS-042")
    url = reverse("registry:classification_decide", args=["SYS-042", proposal.pk])
    client.post(url, {"decision": "confirm", "note": ""})
    html = client.get("/systems/SYS-042/").content.decode()
    assert "Classified: score 13, tier High. 11 required controls added, 0 retired." in html
    assert "<strong>13</strong>" in html
    assert '<span class="badge badge-tier badge-tier-high">High</span>' in html
    assert len(re.findall(r'<tr id="control-row-\d+"', html)) == 11
    assert "Human escalation path" in html and "CISO approval" in html
    system = AISystem.objects.get(system_id="SYS-042")
    assert (system.risk_score, system.risk_tier, system.owner_team) == (
        13,
        "high",
        personas.people_ops,
    )
    assert {"system.created", "classification.proposed", "system.classified"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


def test_the_team_select_offers_a_product_owner_only_their_teams(client, personas):
    client.force_login(personas.owner)
    assert team_options(client.get(CREATE).content.decode()) == ["People Ops"]
    client.force_login(personas.admin)
    assert team_options(client.get(CREATE).content.decode()) == ["Customer Success", "People Ops"]


def test_a_product_owner_cannot_register_for_another_team(client, personas):
    client.force_login(personas.owner)
    data = new_system(personas, owner_team=personas.customer_success.pk)
    response = client.post(CREATE, data)
    assert response.status_code == 400
    assert 'id="id_owner_team_error"' in response.content.decode()
    assert not AISystem.objects.exists()


def test_a_missing_name_is_a_400_that_keeps_what_was_typed(client, personas):
    client.force_login(personas.owner)
    response = client.post(CREATE, new_system(personas, name=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert '<ul class="field-error" id="id_name_error"><li>This field is required.</li>' in html
    assert 'aria-invalid="true"' in html
    assert "Ranks applicants&#x27; CVs for recruiters." in html
    assert 'value="screener-2.3.1"' in html
    assert not AISystem.objects.exists()


def test_a_one_megabyte_description_is_a_400_on_that_field(client, personas):
    client.force_login(personas.owner)
    response = client.post(CREATE, new_system(personas, description="x" * 1_048_576))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_description_error"' in html
    assert "at most 20000 characters" in html
    assert 'value="Resume screener v2"' in html
    assert not AISystem.objects.exists()


def test_a_duplicate_system_id_is_a_400_and_saves_nothing(client, personas):
    AISystemFactory(system_id="SYS-042", name="The original", owner_team=personas.people_ops)
    client.force_login(personas.owner)
    response = client.post(CREATE, new_system(personas))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_system_id_error"' in html
    assert "already exists" in html
    assert list(AISystem.objects.values_list("name", flat=True)) == ["The original"]


def test_a_badly_formed_system_id_is_refused_by_the_service(client, personas):
    client.force_login(personas.owner)
    response = client.post(CREATE, new_system(personas, system_id="SCREENER"))
    assert response.status_code == 400
    assert "Use the form SYS-001" in response.content.decode()
    assert not AISystem.objects.exists()


def test_the_detail_page_shows_every_field(client, personas):
    client.force_login(personas.owner)
    client.post(CREATE, new_system(personas))
    html = client.get("/systems/SYS-042/").content.decode()
    for text in (
        "<h1>Resume screener v2</h1>",
        "SYS-042",
        "Ranks applicants&#x27; CVs for recruiters.",
        "People Ops",
        "Development",
        "screener-2.3.1",
        "EU AI Act",
        "GDPR",
        "EEOC",
        "General public",
        "oncall-people-ops@example.com",
        "Not classified yet.",
        "Not screened yet.",
    ):
        assert text in html, text


def test_editing_the_scale_of_a_classified_system_flags_re_classification(client, personas):
    classified_system(personas)
    client.force_login(personas.owner)
    url = reverse("registry:system_edit", args=["SYS-001"])
    form = client.get(url)
    assert 'value="SYS-001"' in form.content.decode() and "disabled" in form.content.decode()
    data = new_system(personas, system_id="SYS-999", name="Resume screener")
    data["deployment_scale"] = "millions"
    response = client.post(url, data, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/systems/SYS-001/"
    assert "Re-classification needed" in html
    assert "Scale changed" in html
    assert "This system now needs re-classification." in html
    system = AISystem.objects.get()
    assert (system.system_id, system.deployment_scale, system.reclassification_needed) == (
        "SYS-001",
        "millions",
        True,
    )


def test_an_invalid_edit_is_a_400_and_saves_nothing(client, personas):
    system = AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    client.force_login(personas.owner)
    url = reverse("registry:system_edit", args=["SYS-001"])
    data = new_system(personas, name="Renamed", description="y" * 20_001)
    response = client.post(url, data)
    assert response.status_code == 400
    assert 'id="id_description_error"' in response.content.decode()
    system.refresh_from_db()
    assert system.name != "Renamed"


def test_a_product_owner_cannot_move_a_system_to_another_team(client, personas):
    system = AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    client.force_login(personas.owner)
    url = reverse("registry:system_edit", args=["SYS-001"])
    response = client.post(url, new_system(personas, owner_team=personas.customer_success.pk))
    assert response.status_code == 400
    system.refresh_from_db()
    assert system.owner_team == personas.people_ops


def test_the_history_table_lists_every_classification(client, personas):
    system = classified_system(personas)
    client.force_login(personas.safety)
    low = {**HIRING_SCREENER, "decision_impact": "informational", "human_oversight": "full"}
    client.post(reverse("registry:system_classify", args=["SYS-001"]), {**low, "rationale": "R2"})
    assert Classification.objects.filter(system=system).count() == 2
    html = client.get(reverse("registry:system_detail", args=["SYS-001"])).content.decode()
    history = html.split('id="history-title"')[1].split("</table>")[0]
    assert history.count("<tr>") == 3  # heading row and two classifications
    assert "Decision impact: Informational (1)" in history
    assert "Decision impact: Employment (4)" in history
    assert escape(personas.safety.display_name) in history
