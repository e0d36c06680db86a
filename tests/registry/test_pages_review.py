"""The classify page by role, the reviewers' queue and its counts, the scheme pages and
the paged classification history."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from core.permissions import forget_roles
from registry import rules, services
from registry.models import AISystem, Classification, ScoringScheme
from registry.vocabulary import DIMENSIONS
from tests.factories import (
    BILLING_CHATBOT,
    DOCUMENT_SUMMARIZER,
    HIRING_SCREENER,
    INPUTS_FOR_TIER,
    AISystemFactory,
)

pytestmark = pytest.mark.django_db

CLASSIFY = "/systems/SYS-001/classify/"
QUEUE = "/systems/review/"
SCHEME = "/systems/scoring-scheme/"
SCHEME_NEW = "/systems/scoring-scheme/new/"


@pytest.fixture
def system(personas):
    return AISystemFactory(
        system_id="SYS-001",
        name="Resume screener",
        owner_team=personas.people_ops,
        decision_type="employment",
        user_population="general_public",
        deployment_scale="millions",
    )


def propose(personas, system, inputs=HIRING_SCREENER):
    return services.system_classify(
        actor=personas.owner, system=system, inputs=inputs, rationale="Self-assessment."
    ).classification


def checked(html: str, value: str) -> bool:
    return bool(re.search(rf'value="{value}"[^>]*checked', html))


# --- the classify page ------------------------------------------------------------------


def test_the_owner_proposes_and_the_page_says_nothing_changes_yet(client, personas, system):
    client.force_login(personas.owner)
    html = client.get(CLASSIFY).content.decode()
    assert "Propose a classification for SYS-001" in html
    assert "Propose classification</button>" in html
    response = client.post(CLASSIFY, {**HIRING_SCREENER, "rationale": "Mine."}, follow=True)
    assert "Proposed: score 13, tier High." in response.content.decode()
    assert AISystem.objects.get().risk_tier == ""


def test_a_first_classification_starts_from_what_the_system_records(client, personas, system):
    client.force_login(personas.owner)
    html = client.get(CLASSIFY).content.decode()
    assert checked(html, "employment")
    assert checked(html, "general_public")
    assert checked(html, "millions")
    assert not checked(html, "partial")  # oversight is not recorded on the system


def test_the_page_asks_the_server_for_its_live_preview_and_computes_no_tier(
    client, personas, system
):
    client.force_login(personas.safety)
    html = client.get(CLASSIFY).content.decode()
    assert 'hx-get="/systems/SYS-001/classify/preview/"' in html and "aria-live" in html
    assert "classify_preview.js" not in html and "classify-scheme" not in html
    assert "from 5 to 23" in html


@pytest.mark.parametrize("tier", ["critical", "high", "medium", "low"])
def test_the_preview_answers_the_tier_the_rule_gives(client, personas, system, tier):
    answers = {d: v for d, v in INPUTS_FOR_TIER[tier].items() if d in DIMENSIONS}
    expected = rules.classify(answers, ScoringScheme.objects.get(version=1).as_rules())
    client.force_login(personas.owner)
    response = client.get(f"{CLASSIFY}preview/", answers, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert f"Score {expected.score}, tier {tier.capitalize()}." in response.content.decode()


def test_the_preview_of_some_answers_gives_the_score_so_far(client, personas, system):
    client.force_login(personas.owner)
    answers = {"decision_impact": "employment", "user_vulnerability": "lunch"}
    response = client.get(f"{CLASSIFY}preview/", answers)
    assert "Score so far 4 (1 of 6 dimensions answered)." in response.content.decode()


def test_the_preview_is_for_those_who_may_classify_the_system(client, personas, system):
    client.force_login(personas.auditor)
    assert client.get(f"{CLASSIFY}preview/", HIRING_SCREENER).status_code == 403


def test_a_reviewer_sees_the_waiting_proposal_and_its_decision_form(client, personas, system):
    proposal = propose(personas, system, DOCUMENT_SUMMARIZER)
    client.force_login(personas.safety)
    html = client.get(CLASSIFY).content.decode()
    assert "Proposal waiting for review" in html
    assert reverse("registry:classification_decide", args=["SYS-001", proposal.pk]) in html
    assert checked(html, "informational")  # the form starts from the proposal
    assert "Record my answers instead" in html


def test_a_reviewer_confirms_through_the_page(client, personas, system):
    proposal = propose(personas, system)
    client.force_login(personas.safety)
    url = reverse("registry:classification_decide", args=["SYS-001", proposal.pk])
    response = client.post(url, {"decision": "confirm"}, follow=True)
    assert "Classified: score 13, tier High." in response.content.decode()
    assert AISystem.objects.get().risk_tier == "high"


def test_a_reviewers_own_answers_replace_the_proposal(client, personas, system):
    propose(personas, system, DOCUMENT_SUMMARIZER)
    client.force_login(personas.engmanager)
    client.post(CLASSIFY, {**BILLING_CHATBOT, "rationale": "Customers, not staff."})
    assert AISystem.objects.get().risk_tier == "medium"
    assert sorted(Classification.objects.values_list("status", flat=True)) == [
        "effective",
        "superseded",
    ]


def test_a_stale_proposal_is_refused_on_the_page_with_its_reason(client, personas, system):
    proposal = propose(personas, system)
    AISystem.objects.filter(pk=system.pk).update(
        updated_at=proposal.classified_at.replace(year=2099)
    )
    client.force_login(personas.safety)
    assert "Stale:</strong> The system was changed after" in client.get(CLASSIFY).content.decode()
    url = reverse("registry:classification_decide", args=["SYS-001", proposal.pk])
    html = client.post(url, {"decision": "confirm"}, follow=True).content.decode()
    assert "cannot be confirmed: The system was changed after this proposal" in html
    assert AISystem.objects.get().risk_tier == ""


@pytest.mark.parametrize("who", ["owner", "owner2", "auditor", "admin", "legal"])
def test_people_who_do_not_review_cannot_decide(client, personas, system, who):
    proposal = propose(personas, system)
    client.force_login(getattr(personas, who))
    url = reverse("registry:classification_decide", args=["SYS-001", proposal.pk])
    assert client.post(url, {"decision": "confirm"}).status_code == 403
    assert Classification.objects.get().status == "proposed"


def test_the_ciso_reopens_from_the_system_page(client, personas, system):
    services.system_classify(
        actor=personas.safety, system=system, inputs=HIRING_SCREENER, rationale="High."
    )
    url = reverse("registry:classification_reopen", args=["SYS-001"])
    client.force_login(personas.safety)
    assert "Reopen the classification" not in client.get("/systems/SYS-001/").content.decode()
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(personas.ciso)
    assert "Reopen the classification" in client.get("/systems/SYS-001/").content.decode()
    client.post(url, {"reason": "Now used for promotions too"})
    assert AISystem.objects.get().reclassification_needed


# --- the queue and its counts -------------------------------------------------------------


def test_the_queue_lists_proposals_and_flagged_systems_with_counts(client, personas, system):
    propose(personas, system)
    other = AISystemFactory(system_id="SYS-002", owner_team=personas.customer_success)
    AISystem.objects.filter(pk=other.pk).update(
        reclassification_needed=True, reclassification_reasons=["scale changed"]
    )
    client.force_login(personas.safety)
    html = client.get(QUEUE).content.decode()
    assert "Proposals waiting (1)" in html and "Flagged for re-classification (1)" in html
    assert "SYS-001" in html and "Scale changed" in html
    nav = html.split('aria-label="Main"')[1].split("</nav>")[0]
    assert re.search(r'Review queue <span class="badge badge-count">2<', nav)
    portfolio = client.get("/systems/portfolio/").content.decode()
    assert re.search(
        r'<p class="stat-value">2</p>\s*<p class="stat-label"><a href="/systems/review/">',
        portfolio,
    )


@pytest.mark.parametrize("path", [QUEUE, SCHEME, SCHEME_NEW])
def test_anonymous_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["owner", "auditor", "board", "admin"])
def test_only_reviewers_have_the_queue(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(QUEUE).status_code == 403
    assert "Review queue" not in client.get("/systems/portfolio/").content.decode()


def test_the_navigation_count_costs_one_query(client, personas, django_assert_max_num_queries):
    from core.navigation import navigation_for

    forget_roles(personas.safety)
    # Roles, the review queue, my overdue deadlines; "Waiting for me" comes after the page.
    with django_assert_max_num_queries(3):
        items = navigation_for(personas.safety, "/systems/portfolio/")
    assert [item.label for item in items if item.active] == ["Systems"]
    systems = next(item for item in items if item.label == "Systems")
    assert [link.label for link in systems.children if link.active] == ["Portfolio"]


# --- the scheme pages ---------------------------------------------------------------------


def test_members_read_the_scheme_in_force_and_only_admins_may_edit(client, personas):
    client.force_login(personas.auditor)
    html = client.get(SCHEME).content.decode()
    assert "Scoring scheme version 1" in html and "scores from 5 to 23" in html
    assert "Edit and publish" not in html
    assert client.get(SCHEME_NEW).status_code == 403
    client.force_login(personas.admin)
    assert "Edit and publish" in client.get(SCHEME).content.decode()
    assert client.get(SCHEME_NEW).status_code == 200


def scheme_post(**changes) -> dict:
    scheme = ScoringScheme.objects.get(version=1)
    data = {}
    for dimension, values in scheme.points.items():
        for value, points in values.items():
            data[f"points__{dimension}__{value}"] = points
    for tier, lowest in scheme.thresholds.items():
        data[f"thresholds__{tier}"] = lowest
    for tier, keys in scheme.tier_controls.items():
        data[f"controls__{tier}"] = keys
    data["note"] = "Scale weighs more."
    data.update(changes)
    return data


def test_preview_lists_the_systems_that_would_move_then_publishing_flags_them(client, personas):
    for n, tier in enumerate(("high", "medium", "low"), start=1):
        found = AISystemFactory(system_id=f"SYS-00{n}", owner_team=personas.people_ops)
        services.system_classify(
            actor=personas.safety, system=found, inputs=INPUTS_FOR_TIER[tier], rationale="R"
        )
    client.force_login(personas.admin)
    data = scheme_post(points__deployment_scale__thousands=2, action="preview")
    html = client.post(SCHEME_NEW, data).content.decode()
    assert "2 systems would be flagged" in html
    assert "SYS-001" in html and "SYS-002" in html and "SYS-003</a>" not in html
    assert ScoringScheme.objects.count() == 1
    response = client.post(SCHEME_NEW, {**data, "action": "publish"}, follow=True)
    assert "Scoring scheme version 2 is in force. 2 systems are flagged" in (
        response.content.decode()
    )
    assert list(AISystem.objects.values_list("risk_tier", flat=True).order_by("system_id")) == [
        "high",
        "medium",
        "low",
    ]


def test_a_refused_scheme_edit_is_a_400_naming_the_field(client, personas):
    client.force_login(personas.admin)
    response = client.post(SCHEME_NEW, scheme_post(thresholds__high=30, action="publish"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_thresholds__high_error"' in html and "strictly down" in html
    assert ScoringScheme.objects.count() == 1


def test_an_old_version_stays_readable(client, personas):
    client.force_login(personas.admin)
    client.post(SCHEME_NEW, scheme_post(thresholds__critical=18, action="publish"))
    html = client.get("/systems/scoring-scheme/v1/").content.decode()
    assert "Replaced; kept as published" in html and "17" in html


# --- the system page's history --------------------------------------------------------------


def test_the_history_shows_the_latest_entries_and_pages_on_demand(
    client, personas, system, django_assert_max_num_queries
):
    tiers = ("low", "medium", "high", "critical") * 3  # 12 classifications
    for tier in tiers:
        services.system_classify(
            actor=personas.safety, system=system, inputs=INPUTS_FOR_TIER[tier], rationale=tier
        )
    client.force_login(personas.auditor)
    html = client.get("/systems/SYS-001/").content.decode()
    history = html.split('id="history-title"')[1].split("</section>")[0]
    assert "12 records, newest first; showing 1 to 5" in history
    assert history.count('<th scope="row"><time') == 5
    assert 'href="?page=2"' in history
    older = client.get("/systems/SYS-001/?page=3").content.decode()
    assert "showing 11 to 12" in older

    def page_queries(path):
        forget_roles(personas.auditor)
        with django_assert_max_num_queries(30) as counted:
            client.get(path)
        return len(counted.captured_queries)

    few = page_queries("/systems/SYS-001/")
    for tier in tiers:
        services.system_classify(
            actor=personas.safety, system=system, inputs=INPUTS_FOR_TIER[tier], rationale=tier
        )
    assert page_queries("/systems/SYS-001/") == few
