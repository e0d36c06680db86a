"""The scoring scheme as versioned data: version 1 as shipped, new versions published by
an administrator, and what a new version does to the portfolio (flags, never re-tiers)."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import ProgrammingError, transaction

from core.models import AuditEvent
from registry import services
from registry.models import AISystem, Classification, ScoringScheme
from registry.selectors.classification import scheme_in_force
from tests.factories import (
    BILLING_CHATBOT,
    DOCUMENT_SUMMARIZER,
    HIRING_SCREENER,
    TRIAGE_ASSISTANT,
    AISystemFactory,
)

pytestmark = pytest.mark.django_db


def version_1_data() -> dict:
    scheme = scheme_in_force()
    return {
        "points": copy.deepcopy(scheme.points),
        "thresholds": dict(scheme.thresholds),
        "tier_controls": copy.deepcopy(scheme.tier_controls),
        "note": "Test edit.",
    }


@pytest.fixture
def portfolio(personas):
    """Four classified systems, one per worked example, and one unclassified."""
    systems = {}
    for system_id, inputs in (
        ("SYS-001", HIRING_SCREENER),  # 13 high
        ("SYS-002", BILLING_CHATBOT),  # 11 medium
        ("SYS-003", DOCUMENT_SUMMARIZER),  # 6 low
        ("SYS-004", TRIAGE_ASSISTANT),  # 22 critical
    ):
        system = AISystemFactory(system_id=system_id, owner_team=personas.people_ops)
        services.system_classify(
            actor=personas.safety, system=system, inputs=inputs, rationale="Reviewed."
        )
        systems[system_id] = system
    AISystemFactory(system_id="SYS-005", owner_team=personas.people_ops)
    return systems


def test_version_1_is_domain_2_1_exactly():
    scheme = scheme_in_force()
    assert (scheme.version, scheme.min_score, scheme.max_score) == (1, 5, 23)
    assert scheme.thresholds == {"critical": 17, "high": 12, "medium": 7}
    assert scheme.points["deployment_scale"] == {
        "millions": 3,
        "hundreds_of_thousands": 2,
        "thousands": 1,
        "internal": 0,
    }
    assert {t: len(keys) for t, keys in scheme.tier_controls.items()} == {
        "critical": 15,
        "high": 11,
        "medium": 7,
        "low": 3,
    }


def test_every_classification_records_the_version_it_used(personas, portfolio):
    assert set(Classification.objects.values_list("scheme__version", flat=True)) == {1}


def test_a_new_version_flags_exactly_the_systems_it_would_move_and_changes_no_tier(
    personas, portfolio
):
    data = version_1_data()
    # "Thousands" now scores 2: every system at "thousands" gains a point. SYS-001 (13,
    # high) and SYS-002 (11 -> 12) are at thousands; only SYS-002 changes tier, but both
    # change score. SYS-003 (internal) and SYS-004 (hundreds of thousands) stay.
    data["points"]["deployment_scale"]["thousands"] = 2
    tiers_before = dict(AISystem.objects.values_list("system_id", "risk_tier"))
    publication = services.scoring_scheme_publish(actor=personas.admin, **data)

    assert publication.scheme.version == 2
    assert publication.flagged == ("SYS-001", "SYS-002")
    flagged = set(
        AISystem.objects.filter(reclassification_needed=True).values_list("system_id", flat=True)
    )
    assert flagged == {"SYS-001", "SYS-002"}
    assert dict(AISystem.objects.values_list("system_id", "risk_tier")) == tiers_before
    reasons = AISystem.objects.get(system_id="SYS-002").reclassification_reasons
    assert reasons == ["scheme v2 moves it to High (score 11 to 12)"]
    event = AuditEvent.objects.get(action="scoring_scheme.published")
    assert event.changes["flagged_systems"] == ["SYS-001", "SYS-002"]
    assert AuditEvent.objects.filter(action="system.reclassification_flagged").count() == 2


def test_the_old_version_stays_readable_and_new_classifications_use_the_new_one(
    personas, portfolio
):
    data = version_1_data()
    data["thresholds"]["high"] = 14
    services.scoring_scheme_publish(actor=personas.admin, **data)
    old = ScoringScheme.objects.get(version=1)
    assert old.thresholds["high"] == 12
    outcome = services.system_classify(
        actor=personas.safety,
        system=portfolio["SYS-001"],
        inputs=HIRING_SCREENER,
        rationale="Under v2.",
    )
    assert (outcome.classification.scheme.version, outcome.classification.tier) == (2, "medium")


def test_a_published_version_is_never_edited_even_directly():
    with pytest.raises(ProgrammingError, match="never changed"), transaction.atomic():
        ScoringScheme.objects.filter(version=1).update(note="Changed")


def test_a_proposal_scored_on_an_older_version_cannot_be_confirmed(personas, portfolio):
    proposal = services.system_classify(
        actor=personas.owner,
        system=portfolio["SYS-003"],
        inputs=BILLING_CHATBOT,
        rationale="Mine.",
    ).classification
    data = version_1_data()
    data["points"]["human_oversight"]["partial"] = 3
    services.scoring_scheme_publish(actor=personas.admin, **data)
    with pytest.raises(ValidationError, match="version 2 is now in force"):
        services.classification_confirm(actor=personas.safety, proposal=proposal)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["points"]["human_oversight"].update(none=-1), "points.human_oversight.none"),
        (lambda d: d["thresholds"].update(high=20), "thresholds.high"),
        (lambda d: d["thresholds"].update(medium=12), "thresholds.medium"),
        (lambda d: d["tier_controls"]["low"].append("horoscope"), "controls.low"),
    ],
    ids=["negative-points", "high-above-critical", "medium-equal-high", "unknown-control"],
)
def test_a_refused_edit_names_the_field_and_saves_nothing(personas, portfolio, change, field):
    data = version_1_data()
    change(data)
    with pytest.raises(ValidationError) as err:
        services.scoring_scheme_publish(actor=personas.admin, **data)
    assert field in err.value.message_dict
    assert ScoringScheme.objects.count() == 1
    assert not AISystem.objects.filter(reclassification_needed=True).exists()


@pytest.mark.parametrize("persona", ["safety", "ciso", "owner", "auditor"])
def test_only_administrators_publish_a_scheme(personas, persona):
    with pytest.raises(PermissionDenied):
        services.scoring_scheme_publish(actor=getattr(personas, persona), **version_1_data())
    assert ScoringScheme.objects.count() == 1
