"""The registry's write services: what they save, what they refuse, what they audit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent
from registry import services
from registry.models import AIActScreening, AISystem, Classification, SystemControl
from tests.factories import (
    DOCUMENT_SUMMARIZER,
    HIRING_SCREENER,
    INPUTS_FOR_TIER,
    AISystemFactory,
    control_evidence,
)

pytestmark = pytest.mark.django_db


CONTROLS_PER_TIER = {"low": 3, "medium": 7, "high": 11, "critical": 15}


def system_data(team, **overrides) -> dict:
    return {
        "system_id": "SYS-001",
        "name": "Resume screener",
        "description": "Ranks applicants' CVs for recruiters.",
        "owner_team": team,
        **overrides,
    }


def events(action: str):
    return AuditEvent.objects.filter(action=action)


def active_controls(system) -> set[str]:
    rows = SystemControl.objects.filter(system=system, retired_at__isnull=True)
    return set(rows.values_list("control__key", flat=True))


def classify(actor, system, tier: str, rationale: str = "Reviewed with the team."):
    return services.system_classify(
        actor=actor, system=system, inputs=INPUTS_FOR_TIER[tier], rationale=rationale
    )


# --- system_create ---------------------------------------------------------------------


def test_product_owner_registers_a_system_for_their_team_and_it_is_audited(personas):
    system = services.system_create(
        actor=personas.owner,
        data=system_data(personas.people_ops, regulatory_scope=["gdpr", "eeoc", "gdpr"]),
    )
    stored = AISystem.objects.get(system_id="SYS-001")
    assert stored.owner_team == personas.people_ops
    assert stored.regulatory_scope == ["gdpr", "eeoc"]
    event = events("system.created").get()
    assert event.actor == personas.owner and event.object_id == str(system.pk)
    assert event.changes["name"] == [None, "Resume screener"]
    assert event.changes["owner_team"] == [None, "people-ops"]


def test_product_owner_cannot_register_a_system_for_another_team(personas):
    with pytest.raises(PermissionDenied):
        services.system_create(actor=personas.owner, data=system_data(personas.customer_success))
    assert not AISystem.objects.exists()
    assert not events("system.created").exists()


@pytest.mark.parametrize("persona", ["auditor", "board", "outsider", "legal"])
def test_people_without_a_product_team_cannot_register_systems(personas, persona):
    with pytest.raises(PermissionDenied):
        services.system_create(
            actor=getattr(personas, persona), data=system_data(personas.people_ops)
        )
    assert not AISystem.objects.exists()


def test_admin_registers_a_system_for_any_team(personas):
    services.system_create(actor=personas.admin, data=system_data(personas.customer_success))
    assert AISystem.objects.get().owner_team == personas.customer_success


def test_duplicate_system_id_is_refused_in_the_portals_words(personas):
    services.system_create(actor=personas.owner, data=system_data(personas.people_ops))
    with pytest.raises(ValidationError) as err:
        services.system_create(
            actor=personas.owner, data=system_data(personas.people_ops, name="Another")
        )
    assert err.value.message_dict == {
        "system_id": ["An AI system with this system ID already exists."]
    }
    assert AISystem.objects.count() == 1
    assert events("system.created").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"description": "x" * 1_000_000}, "description"),
        ({"system_id": "system one"}, "system_id"),
        ({"regulatory_scope": ["gdpr", "martian_law"]}, "regulatory_scope"),
        ({"lifecycle_stage": "abandoned"}, "lifecycle_stage"),
        ({"risk_tier": "low"}, "risk_tier"),
    ],
    ids=["no-name", "huge-description", "bad-id", "bad-regulation", "bad-stage", "tier-by-hand"],
)
def test_bad_input_names_the_field_and_saves_nothing(personas, overrides, field):
    with pytest.raises(ValidationError) as err:
        services.system_create(
            actor=personas.owner, data=system_data(personas.people_ops, **overrides)
        )
    assert field in err.value.message_dict
    assert not AISystem.objects.exists()
    assert not AuditEvent.objects.exists()


# --- system_update ---------------------------------------------------------------------


def test_update_records_before_and_after_of_the_changed_fields_only(personas):
    system = AISystemFactory(owner_team=personas.people_ops, name="Old name")
    services.system_update(
        actor=personas.owner, system=system, data={"name": "New name", "description": "Same"}
    )
    system.refresh_from_db()
    assert system.name == "New name"
    event = events("system.updated").get()
    assert event.changes == {
        "name": ["Old name", "New name"],
        "description": ["A system under test.", "Same"],
    }


def test_an_edit_from_a_stale_page_keeps_a_classification_made_meanwhile(personas):
    system = AISystemFactory(owner_team=personas.people_ops, name="Old name")
    opened_form = AISystem.objects.get(pk=system.pk)  # the owner opens the edit page
    services.system_classify(
        actor=personas.safety, system=system, inputs=HIRING_SCREENER, rationale="Screens CVs."
    )
    services.system_update(actor=personas.owner, system=opened_form, data={"name": "New name"})
    stored = AISystem.objects.get(pk=system.pk)
    assert (stored.name, stored.risk_score, stored.risk_tier) == ("New name", 13, "high")


def test_product_owner_cannot_change_another_teams_system(personas):
    system = AISystemFactory(owner_team=personas.customer_success, name="Theirs")
    with pytest.raises(PermissionDenied):
        services.system_update(actor=personas.owner, system=system, data={"name": "Mine now"})
    system.refresh_from_db()
    assert system.name == "Theirs"


def test_product_owner_cannot_move_their_system_to_a_team_they_do_not_own(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    with pytest.raises(PermissionDenied):
        services.system_update(
            actor=personas.owner, system=system, data={"owner_team": personas.customer_success}
        )
    assert AISystem.objects.get(pk=system.pk).owner_team == personas.people_ops


def test_system_id_of_a_registered_system_cannot_change(personas):
    system = AISystemFactory(owner_team=personas.people_ops, system_id="SYS-010")
    with pytest.raises(ValidationError) as err:
        services.system_update(actor=personas.admin, system=system, data={"system_id": "SYS-011"})
    assert "system_id" in err.value.message_dict
    assert AISystem.objects.filter(system_id="SYS-010").exists()


def test_refused_update_leaves_the_row_and_the_object_unchanged(personas):
    system = AISystemFactory(owner_team=personas.people_ops, name="Kept")
    with pytest.raises(ValidationError):
        services.system_update(
            actor=personas.owner, system=system, data={"name": "", "description": "new"}
        )
    assert (system.name, system.description) == ("Kept", "A system under test.")
    assert AISystem.objects.get(pk=system.pk).name == "Kept"
    assert not events("system.updated").exists()


def test_change_of_scale_flags_a_classified_system_for_reclassification(personas):
    system = AISystemFactory(owner_team=personas.people_ops, deployment_scale="thousands")
    classify(personas.safety, system, "high")
    services.system_update(
        actor=personas.owner, system=system, data={"deployment_scale": "millions"}
    )
    services.system_update(
        actor=personas.owner,
        system=system,
        data={"deployment_scale": "internal", "user_population": "professionals"},
    )
    system.refresh_from_db()
    assert system.reclassification_needed
    assert system.reclassification_reasons == ["scale changed", "user population changed"]
    assert events("system.reclassification_flagged").count() == 2


def test_unclassified_system_is_not_flagged_when_its_use_changes(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    services.system_update(actor=personas.owner, system=system, data={"intended_uses": "More"})
    system.refresh_from_db()
    assert not system.reclassification_needed
    assert not events("system.reclassification_flagged").exists()


def test_change_of_name_does_not_flag_reclassification(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    classify(personas.safety, system, "low")
    services.system_update(actor=personas.owner, system=system, data={"name": "Renamed"})
    system.refresh_from_db()
    assert not system.reclassification_needed


# --- system_classify -------------------------------------------------------------------


@pytest.mark.parametrize(("tier", "count"), CONTROLS_PER_TIER.items())
def test_classification_sets_the_tier_and_requires_its_controls(personas, tier, count):
    system = AISystemFactory(owner_team=personas.people_ops)
    outcome = classify(personas.safety, system, tier)
    system.refresh_from_db()
    assert system.risk_tier == tier == outcome.classification.tier
    assert system.risk_score == outcome.classification.score
    assert len(active_controls(system)) == count
    assert set(outcome.added) == active_controls(system) and outcome.retired == ()
    event = events("system.classified").get()
    assert event.changes["risk_tier"] == [None, tier]
    assert sorted(event.changes["controls_added"]) == sorted(outcome.added)


def test_classification_keeps_a_dated_record_with_inputs_and_author(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    services.system_classify(
        actor=personas.ciso, system=system, inputs=HIRING_SCREENER, rationale="  Screens CVs.  "
    )
    record = Classification.objects.get(system=system)
    assert (record.score, record.tier, record.rationale) == (13, "high", "Screens CVs.")
    assert record.classified_by == personas.ciso
    assert record.decision_reversibility == "difficult_to_reverse"


def test_tier_down_retires_controls_and_tier_up_brings_them_back_with_status(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    classify(personas.safety, system, "high")
    red_team = SystemControl.objects.get(system=system, control__key="red-team-engagement")
    control_evidence(personas.owner, red_team)
    services.control_update(actor=personas.owner, control=red_team, status="implemented")

    down = classify(personas.safety, system, "low")
    assert active_controls(system) == {"security-checklist", "basic-documentation", "annual-review"}
    assert len(down.retired) == 10 and set(down.added) == {
        "security-checklist",
        "basic-documentation",
    }
    assert SystemControl.objects.filter(system=system, retired_at__isnull=False).count() == 10

    up = classify(personas.safety, system, "critical")
    assert len(active_controls(system)) == 15
    assert "red-team-engagement" in up.added
    red_team.refresh_from_db()
    assert (red_team.retired_at, red_team.status) == (None, "implemented")


def test_classification_clears_the_reclassification_flag(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    classify(personas.safety, system, "medium")
    services.system_update(
        actor=personas.owner, system=system, data={"decision_type": "employment"}
    )
    assert system.reclassification_needed
    classify(personas.safety, system, "high")
    system.refresh_from_db()
    assert not system.reclassification_needed and system.reclassification_reasons == []


@pytest.mark.parametrize(
    ("inputs", "rationale", "field"),
    [
        ({**HIRING_SCREENER, "human_oversight": "sometimes"}, "ok", "human_oversight"),
        (
            {k: v for k, v in HIRING_SCREENER.items() if k != "deployment_scale"},
            "ok",
            "deployment_scale",
        ),
        (HIRING_SCREENER, "   ", "rationale"),
        ({**HIRING_SCREENER, "mood": "good"}, "ok", "mood"),
    ],
    ids=["unknown-value", "missing-dimension", "blank-rationale", "unknown-dimension"],
)
def test_bad_classification_names_the_field_and_saves_nothing(personas, inputs, rationale, field):
    system = AISystemFactory(owner_team=personas.people_ops)
    with pytest.raises(ValidationError) as err:
        services.system_classify(
            actor=personas.owner, system=system, inputs=inputs, rationale=rationale
        )
    assert field in err.value.message_dict
    assert not Classification.objects.exists() and not SystemControl.objects.exists()
    system.refresh_from_db()
    assert system.risk_tier == ""


@pytest.mark.parametrize("persona", ["auditor", "owner2", "board", "dpo", "admin", "legal"])
def test_people_outside_the_raci_cannot_classify(personas, persona):
    system = AISystemFactory(owner_team=personas.people_ops)
    with pytest.raises(PermissionDenied):
        services.system_classify(
            actor=getattr(personas, persona),
            system=system,
            inputs=DOCUMENT_SUMMARIZER,
            rationale="x",
        )
    assert not Classification.objects.exists()


# --- control_update --------------------------------------------------------------------


def test_not_applicable_needs_a_justification(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    classify(personas.safety, system, "low")
    control = SystemControl.objects.filter(system=system).first()
    with pytest.raises(ValidationError) as err:
        services.control_update(actor=personas.owner, control=control, status="not_applicable")
    assert "justification" in err.value.message_dict
    control.refresh_from_db()
    assert control.status == "missing"


def test_control_update_saves_status_and_evidence_and_audits(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    classify(personas.safety, system, "low")
    control = SystemControl.objects.filter(system=system).first()
    services.control_update(
        actor=personas.owner,
        control=control,
        status="not_applicable",
        justification="Internal tool, no external users.",
        evidence_links="https://wiki.example.com/decision-17",
    )
    control.refresh_from_db()
    assert control.status == "not_applicable"
    event = events("control.updated").get()
    assert event.changes["status"] == ["missing", "not_applicable"]


def test_auditor_cannot_change_a_control(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    classify(personas.safety, system, "low")
    control = SystemControl.objects.filter(system=system).first()
    with pytest.raises(PermissionDenied):
        services.control_update(actor=personas.auditor, control=control, status="implemented")


def test_retired_control_is_history_and_cannot_change(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    classify(personas.safety, system, "high")
    classify(personas.safety, system, "low")
    retired = SystemControl.objects.get(
        system=system, retired_at__isnull=False, control__key="model-card"
    )
    with pytest.raises(ValidationError):
        services.control_update(actor=personas.owner, control=retired, status="implemented")


# --- ai_act_screening_record -----------------------------------------------------------

ALL_NO = dict.fromkeys(services.AI_ACT_ANSWER_KEYS, False)
ACCESS_YES = {**ALL_NO, "affects_access": True}


def screen_high_risk(system, *, actor):
    """A screening that finds the system high-risk in the employment area."""
    return services.ai_act_screening_record(
        actor=actor,
        system=system,
        answers=ACCESS_YES,
        category="high_risk",
        annex_area="employment",
    )


def test_screening_records_the_category_on_the_system(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    screen_high_risk(system, actor=personas.dpo)
    system.refresh_from_db()
    assert (system.ai_act_category, system.ai_act_annex_area) == ("high_risk", "employment")
    screening = AIActScreening.objects.get(system=system)
    assert screening.presumed_high_risk and screening.decided_by == personas.dpo
    assert events("system.ai_act_screened").get().changes["ai_act_category"] == [
        "unassessed",
        "high_risk",
    ]


def test_only_legal_may_decide_against_the_high_risk_presumption(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    with pytest.raises(ValidationError) as err:
        services.ai_act_screening_record(
            actor=personas.dpo, system=system, answers=ACCESS_YES, category="minimal", rationale="x"
        )
    assert "category" in err.value.message_dict
    assert not AIActScreening.objects.exists()
    services.ai_act_screening_record(
        actor=personas.legal,
        system=system,
        answers=ACCESS_YES,
        category="minimal",
        rationale="Access decision is made by a person; the tool only formats CVs.",
    )
    system.refresh_from_db()
    assert system.ai_act_category == "minimal"


def test_a_later_screening_cannot_undo_a_high_risk_decision_without_legal(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    screen_high_risk(system, actor=personas.legal)
    with pytest.raises(ValidationError) as err:
        services.ai_act_screening_record(
            actor=personas.owner, system=system, answers=ALL_NO, category="minimal"
        )
    assert "category" in err.value.message_dict
    system.refresh_from_db()
    assert system.ai_act_category == "high_risk"
    assert AIActScreening.objects.count() == 1


def test_a_screening_from_a_stale_page_is_judged_on_the_stored_category(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    opened_page = AISystem.objects.get(pk=system.pk)  # still "unassessed"
    services.ai_act_screening_record(
        actor=personas.legal, system=system, answers=ACCESS_YES, category="prohibited"
    )
    with pytest.raises(ValidationError):
        services.ai_act_screening_record(
            actor=personas.owner, system=opened_page, answers=ALL_NO, category="minimal"
        )
    services.ai_act_screening_record(
        actor=personas.legal,
        system=opened_page,
        answers=ALL_NO,
        category="limited",
        rationale="The emotion scoring was removed; it is now a chatbot.",
    )
    lowered = events("system.ai_act_screened").order_by("seq").last()
    assert lowered.changes["ai_act_category"] == ["prohibited", "limited"]


def test_a_system_recorded_with_legal_effect_cannot_be_screened_without_it(personas):
    system = AISystemFactory(owner_team=personas.people_ops, legal_effect_decisions=True)
    with pytest.raises(ValidationError) as err:
        services.ai_act_screening_record(
            actor=personas.legal, system=system, answers=ALL_NO, category="minimal"
        )
    assert "legal_effect" in err.value.message_dict
    assert not AIActScreening.objects.exists()


@pytest.mark.parametrize(
    ("answers", "category", "annex_area", "field"),
    [
        (ALL_NO, "high_risk", "", "annex_area"),
        (ALL_NO, "minimal", "employment", "annex_area"),
        (ALL_NO, "unassessed", "", "category"),
        ({**ALL_NO, "legal_effect": "maybe"}, "minimal", "", "legal_effect"),
    ],
    ids=["high-risk-without-area", "area-without-high-risk", "no-decision", "non-boolean"],
)
def test_bad_screening_names_the_field(personas, answers, category, annex_area, field):
    system = AISystemFactory(owner_team=personas.people_ops)
    with pytest.raises(ValidationError) as err:
        services.ai_act_screening_record(
            actor=personas.legal,
            system=system,
            answers=answers,
            category=category,
            annex_area=annex_area,
        )
    assert field in err.value.message_dict
    assert not AIActScreening.objects.exists()
