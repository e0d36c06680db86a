"""The registry's contributions to "Waiting for me" (core.work, issue 17): the controls
the RACI gives a person to set (DOMAIN.md 14), and the product owner's gaps: required
controls missing, classification proposals returned, gate requests to submit or redo."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.choices import Role
from core.models import Deadline, RoleAssignment, User
from core.work import work_count_for, work_for
from registry import services
from registry.models import SystemControl
from registry.selectors import work as registry_work
from registry.selectors.reviews import PROPOSAL_WAIT_KIND
from tests.factories import (
    DOCUMENT_SUMMARIZER,
    HIRING_SCREENER,
    AISystemFactory,
    classified_system,
    control_evidence,
    gate_request_submitted,
    hiring_screener_in_development,
    people_ops_system,
    unsaved_systems,
)

pytestmark = pytest.mark.django_db

TO_SET = "registry.controls_to_set"


def items(person, key: str) -> list:
    """The items of one source for `person`, read as a fresh login would (roles loaded
    anew)."""
    fresh = User.objects.get(pk=person.pk)
    return next((group.items for group in work_for(fresh) if group.key == key), [])


def titles(person, key: str) -> list[str]:
    return [item.title for item in items(person, key)]


def control_of(system, key: str) -> SystemControl:
    return system.controls.select_related("control", "system").get(control__key=key)


def in_production(personas, *, team=None, system_id="SYS-001"):
    """A HIGH system already in production: no gate ahead asks for the CISO approval."""
    system = AISystemFactory(
        system_id=system_id,
        name="Resume screener",
        owner_team=team or personas.people_ops,
        lifecycle_stage="production",
    )
    services.system_classify(
        actor=personas.safety, system=system, inputs=HIRING_SCREENER, rationale="Screens."
    )
    return system


# --- controls for you to set ------------------------------------------------------------


def test_the_dpo_sees_the_pia_of_a_high_system_with_its_anchor_and_why(personas):
    system = classified_system(personas)
    pia = control_of(system, "privacy-impact-assessment")
    (item,) = items(personas.dpo, TO_SET)
    assert item.title == "SYS-001 Resume screener: Privacy impact assessment"
    assert item.url == f"/systems/SYS-001/#control-row-{pia.pk}"
    assert item.why == (
        "The RACI gives the privacy impact assessment to the Data protection officer; "
        "status: missing."
    )


def test_the_dpo_in_the_owning_team_sees_the_pia_among_the_teams_gaps_not_as_theirs(personas):
    classified_system(personas)
    RoleAssignment.objects.create(
        user=personas.dpo, role=Role.PRODUCT_OWNER, team=personas.people_ops
    )
    assert titles(personas.dpo, TO_SET) == []
    (gap,) = items(personas.dpo, "registry.owner_controls")
    assert "Privacy impact assessment (Data protection officer)" in gap.why


def test_the_security_lead_is_asked_for_the_security_assessment_the_ciso_only_without_one(
    personas,
):
    classified_system(personas)
    assert titles(personas.security, TO_SET) == ["SYS-001 Resume screener: Security assessment"]
    # The CISO is accountable; the security lead does it while there is one.
    assert "SYS-001 Resume screener: Security assessment" not in titles(personas.ciso, TO_SET)
    personas.security.is_active = False
    personas.security.save()
    assert "SYS-001 Resume screener: Security assessment" in titles(personas.ciso, TO_SET)


def test_the_ai_safety_lead_sees_the_bias_testing(personas):
    classified_system(personas)
    assert titles(personas.safety, TO_SET) == ["SYS-001 Resume screener: Bias testing"]


def test_an_approval_control_waits_for_its_approver_only_where_no_gate_ahead_asks(personas):
    # In development the pre-deployment review asks the CISO: the slot is the place.
    hiring_screener_in_development(personas)
    assert titles(personas.ciso, TO_SET) == []
    in_production(personas, team=personas.customer_success, system_id="SYS-002")
    (item,) = items(personas.ciso, TO_SET)
    assert item.title == "SYS-002 Resume screener: CISO approval"
    assert item.why == (
        "Your approval as CISO: no gate ahead of this system asks for it; status: missing."
    )


def test_an_owner_never_sees_an_approval_control_of_their_own_system(personas):
    """A product owner of People Ops who is also the CISO: the CISO approval of a People
    Ops system is not theirs to give (DOMAIN.md 14); the CISO's is listed to the CISO."""
    in_production(personas)
    owner_ciso = User.objects.get(pk=personas.owner.pk)
    RoleAssignment.objects.create(user=owner_ciso, role=Role.CISO)
    assert titles(owner_ciso, TO_SET) == []
    assert titles(personas.ciso, TO_SET) == ["SYS-001 Resume screener: CISO approval"]


def test_an_implemented_or_not_applicable_control_leaves_the_queue(personas):
    system = classified_system(personas)
    pia = control_of(system, "privacy-impact-assessment")
    services.control_update(actor=personas.dpo, control=pia, status="in_progress")
    assert items(personas.dpo, TO_SET)[0].why.endswith("status: in progress.")
    control_evidence(personas.dpo, pia)
    services.control_update(actor=personas.dpo, control=pia, status="implemented")
    assert titles(personas.dpo, TO_SET) == []

    bias = control_of(system, "bias-testing")
    services.control_update(
        actor=personas.safety,
        control=bias,
        status="not_applicable",
        justification="Covered by the third-party audit of the vendor model.",
    )
    assert titles(personas.safety, TO_SET) == []


def test_a_retired_control_never_shows(personas):
    system = classified_system(personas)
    assert titles(personas.dpo, TO_SET) == ["SYS-001 Resume screener: Privacy impact assessment"]
    services.system_classify(
        actor=personas.safety, system=system, inputs=DOCUMENT_SUMMARIZER, rationale="Narrowed."
    )
    assert control_of(system, "privacy-impact-assessment").retired_at is not None
    assert titles(personas.dpo, TO_SET) == []


def test_a_long_queue_shows_the_first_and_counts_them_all(client, personas, monkeypatch):
    for system in unsaved_systems(personas.customer_success, 3):
        system.save()
        services.system_classify(
            actor=personas.safety, system=system, inputs=HIRING_SCREENER, rationale="Bulk."
        )
    monkeypatch.setattr(registry_work, "REVIEW_ITEMS_SHOWN", 2)
    assert len(items(personas.dpo, TO_SET)) == 2
    assert work_count_for(User.objects.get(pk=personas.dpo.pk)) == 3
    client.force_login(personas.dpo)
    page = client.get("/waiting/").content.decode()
    assert "And 1 more, not listed here: the 2 above come first." in page
    assert "3 things wait for you." in page


# --- the product owner's gaps -----------------------------------------------------------


def test_the_owner_sees_missing_controls_one_line_a_system(personas):
    system = classified_system(personas)
    in_production(personas, team=personas.people_ops, system_id="SYS-002")
    first, second = items(personas.owner, "registry.owner_controls")
    assert first.title == "SYS-001 Resume screener: 11 required controls missing"
    assert first.url == "/systems/SYS-001/#controls"
    assert first.why.startswith("Missing: Annual review, Human escalation path, ")
    assert "Set by others: Bias testing (AI safety lead), CISO approval (CISO), " in first.why
    assert second.title.startswith("SYS-002 ")
    # Another team's owner sees none of them.
    assert items(personas.owner2, "registry.owner_controls") == []

    services.control_update(
        actor=personas.owner, control=control_of(system, "model-card"), status="in_progress"
    )
    first = items(personas.owner, "registry.owner_controls")[0]
    assert first.title == "SYS-001 Resume screener: 10 required controls missing"
    assert "Model card" not in first.why


def test_a_returned_proposal_waits_for_the_owner_until_a_new_one_is_made(personas):
    system = people_ops_system(personas)
    assert titles(personas.owner, "registry.owner_classifications") == [
        "SYS-001 Resume screener: not classified"
    ]
    outcome = services.system_classify(
        actor=personas.owner, system=system, inputs=HIRING_SCREENER, rationale="Ours."
    )
    assert titles(personas.owner, "registry.owner_classifications") == []
    services.classification_reject(
        actor=personas.safety,
        proposal=outcome.classification,
        note="Applicants are the general public: scale is thousands, not internal.",
    )
    (item,) = items(personas.owner, "registry.owner_classifications")
    assert item.title == "SYS-001 Resume screener: classification proposal returned"
    assert item.url == "/systems/SYS-001/classify/"
    assert "“Applicants are the general public: scale is thousands, not internal.”" in item.why
    services.system_classify(
        actor=personas.owner, system=system, inputs=HIRING_SCREENER, rationale="Again."
    )
    assert titles(personas.owner, "registry.owner_classifications") == []


def test_the_reviewer_owning_a_proposals_clock_sees_the_proposal_once_with_its_due_time(
    personas,
):
    """The proposal's waiting clock (5 days) goes to one reviewer; the review queue
    lists the proposal with that clock's due time, and "Your deadlines" does not list
    the clock again under its own title (found twice for the AI safety lead)."""
    system = people_ops_system(personas)
    outcome = services.system_classify(
        actor=personas.owner, system=system, inputs=HIRING_SCREENER, rationale="Ours."
    )
    clock = Deadline.objects.get(kind=PROPOSAL_WAIT_KIND, met_at__isnull=True)
    reviewer = User.objects.get(pk=clock.owner_id)
    (item,) = items(reviewer, "registry.review_queue")
    assert item.title == "SYS-001 Resume screener"
    assert item.due_at == clock.due_at
    every_title = [entry.title for group in work_for(reviewer) for entry in group.items]
    assert clock.label not in every_title
    assert every_title.count("SYS-001 Resume screener") == 1
    services.classification_confirm(actor=reviewer, proposal=outcome.classification)
    assert items(reviewer, "registry.review_queue") == []


def test_a_draft_and_then_a_blocked_gate_request_wait_for_the_owner(personas):
    system = hiring_screener_in_development(personas)
    draft = services.gate_request_open(actor=personas.owner, system=system, summary="v3")
    (item,) = items(personas.owner, "registry.owner_gate_requests")
    assert item.title == "SYS-001 Resume screener: Pre-deployment security review (draft)"
    assert item.url == f"/systems/SYS-001/gate-requests/{draft.pk}/"
    assert "not submitted" in item.why
    services.gate_request_submit(actor=personas.owner, request=draft)
    assert items(personas.owner, "registry.owner_gate_requests") == []

    services.gate_approval_decide(
        actor=personas.ciso,
        request=draft,
        role="ciso",
        decision="rejected",
        comment="No penetration test yet.",
    )
    (item,) = items(personas.owner, "registry.owner_gate_requests")
    assert item.title.endswith("(blocked)")
    assert "rejected: “No penetration test yet.”" in item.why
    # A new request replaces the blocked one: only the new draft waits.
    again = gate_request_submitted(personas.owner, system)
    assert items(personas.owner, "registry.owner_gate_requests") == []
    assert again.status == "open"


# --- a fixed number of queries whatever the portfolio -----------------------------------


def queries_of(person) -> int:
    fresh = User.objects.get(pk=person.pk)
    with CaptureQueriesContext(connection) as captured:
        work_for(fresh)
    return len(captured)


@pytest.mark.parametrize("who", ["dpo", "ciso", "safety", "owner"])
def test_one_system_or_twenty_cost_the_same_queries(personas, who):
    def queries_with(count: int, start: int) -> int:
        for system in unsaved_systems(personas.people_ops, count, start=start):
            system.lifecycle_stage = "production"
            system.save()
            services.system_classify(
                actor=personas.safety, system=system, inputs=HIRING_SCREENER, rationale="Bulk."
            )
            services.gate_request_open(actor=personas.owner, system=system, summary="Review.")
        return queries_of(getattr(personas, who))

    one = queries_with(1, start=1000)
    assert one == queries_with(19, start=2000)


def test_each_source_is_one_query_and_the_approvers_two(personas, django_assert_num_queries):
    """With the person's roles loaded (the page loads them once for every source)."""
    from core.permissions import roles_of
    from registry.selectors import work_owner

    in_production(personas)
    in_production(personas, team=personas.customer_success, system_id="SYS-002")
    dpo, ciso, owner = (
        User.objects.get(pk=p.pk) for p in (personas.dpo, personas.ciso, personas.owner)
    )
    for person in (dpo, ciso, owner):
        roles_of(person)
    with django_assert_num_queries(1):
        assert len(registry_work.controls_to_set_for(dpo)) == 2
    with django_assert_num_queries(2):  # the controls, and the gates in force
        assert len(registry_work.controls_to_set_for(ciso)) == 2
    for source in (
        work_owner.owner_controls_missing_for,
        work_owner.owner_classifications_for,
        work_owner.owner_gate_requests_for,
    ):
        with django_assert_num_queries(1):
            source(owner)
