"""The registry's reads: who sees what, filters, and a fixed number of queries."""

import pytest
from django.http import Http404, QueryDict

from core.permissions import forget_roles
from registry import services
from registry.models import AISystem
from registry.selectors import systems as selectors
from registry.selectors.classification import classification_history_for
from tests.factories import INPUTS_FOR_TIER, AISystemFactory, unsaved_systems

pytestmark = pytest.mark.django_db


def classify(actor, system, tier: str) -> None:
    services.system_classify(
        actor=actor, system=system, inputs=INPUTS_FOR_TIER[tier], rationale="Reviewed."
    )


def ids(query) -> list[str]:
    return [row["system_id"] for row in query.rows("page")]


@pytest.fixture
def portfolio(personas):
    """Four systems in two teams: high, low, unclassified, critical."""
    make = AISystemFactory
    screener = make(system_id="SYS-001", name="Resume screener", owner_team=personas.people_ops)
    chatbot = make(
        system_id="SYS-002",
        name="Billing chatbot",
        owner_team=personas.customer_success,
        regulatory_scope=["gdpr", "ccpa"],
        processes_eu_personal_data=True,
        model_version="gpt-x-2026-01",
    )
    make(
        system_id="SYS-003",
        name="Doc summarizer",
        owner_team=personas.people_ops,
        lifecycle_stage="production",
        legal_effect_decisions=True,
    )
    triage = make(system_id="SYS-004", name="Triage", owner_team=personas.people_ops)
    classify(personas.safety, screener, "high")
    classify(personas.safety, chatbot, "low")
    classify(personas.safety, triage, "critical")
    services.system_update(
        actor=personas.admin, system=chatbot, data={"deployment_scale": "millions"}
    )
    return personas


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["SYS-001", "SYS-002", "SYS-003", "SYS-004"]),
        ({"tier": "high"}, ["SYS-001"]),
        ({"tier": "unclassified"}, ["SYS-003"]),
        ({"stage": "production"}, ["SYS-003"]),
        ({"team": "customer-success"}, ["SYS-002"]),
        ({"regulation": "ccpa"}, ["SYS-002"]),
        ({"eu_personal_data": "true"}, ["SYS-002"]),
        ({"eu_personal_data": "false", "tier": "critical"}, ["SYS-004"]),
        ({"reclassification": "true"}, ["SYS-002"]),
        ({"q": "GPT-X"}, ["SYS-002"]),
        ({"q": "resume screener"}, ["SYS-001"]),
        ({"ordering": "-risk_tier"}, ["SYS-004", "SYS-001", "SYS-002", "SYS-003"]),
        ({"ordering": "name"}, ["SYS-002", "SYS-003", "SYS-001", "SYS-004"]),
        ({"ordering": "-risk_score"}, ["SYS-004", "SYS-001", "SYS-002", "SYS-003"]),
        ({"ordering": "risk_score"}, ["SYS-002", "SYS-001", "SYS-004", "SYS-003"]),
        ({"ordering": "risk_tier"}, ["SYS-002", "SYS-001", "SYS-004", "SYS-003"]),
    ],
)
def test_list_filters_searches_and_sorts(portfolio, params, expected):
    assert ids(selectors.system_list_for(portfolio.auditor, params=params)) == expected


def test_list_takes_a_query_dict_from_a_request(portfolio):
    params = QueryDict("stage=conception&ordering=-system_id")
    expected = ["SYS-004", "SYS-002", "SYS-001"]
    assert ids(selectors.system_list_for(portfolio.board, params=params)) == expected


def test_invalid_filters_are_named_and_give_an_empty_list_without_raising(portfolio):
    params = {"tier": "severe", "reclassification": "maybe", "ordering": "password"}
    query = selectors.system_list_for(portfolio.auditor, params=params)
    assert set(query.errors) == {"tier", "reclassification", "ordering"}
    assert ids(query) == []
    assert selectors.system_list_for(portfolio.auditor, {"tier": "low"}).errors == {}


@pytest.mark.parametrize("params", [{"tier": ""}, {"ordering": ""}, {"reclassification": ""}])
def test_a_blank_parameter_means_any(portfolio, params):
    assert len(ids(selectors.system_list_for(portfolio.auditor, params))) == 4


def test_list_carries_control_counts(portfolio):
    [row] = selectors.system_list_for(portfolio.auditor, params={"tier": "critical"}).rows("api")
    assert row["control_counts"] == {
        "required": 15,
        "implemented": 0,
        "in_progress": 0,
        "not_applicable": 0,
    }


def test_people_without_a_role_see_no_systems(portfolio):
    assert ids(selectors.system_list_for(portfolio.outsider)) == []
    with pytest.raises(Http404):
        selectors.system_get_for(portfolio.outsider, system_id="SYS-001")


def test_missing_and_forbidden_systems_are_both_404(portfolio):
    with pytest.raises(Http404):
        selectors.system_get_for(portfolio.auditor, system_id="SYS-999")
    assert selectors.system_get_for(portfolio.auditor, system_id="SYS-001").name == (
        "Resume screener"
    )


def test_detail_shows_history_and_active_controls_before_retired(portfolio):
    system = AISystem.objects.get(system_id="SYS-001")
    classify(portfolio.safety, system, "low")
    detail = selectors.system_detail_for(portfolio.auditor, system_id="SYS-001")
    assert (detail.current_classification.tier, detail.current_classification.status) == (
        "low",
        "effective",
    )
    assert detail.current_classification.classified_by == portfolio.safety
    history = classification_history_for(portfolio.auditor, system=system)
    assert [(c.tier, c.status) for c in history] == [("low", "effective"), ("high", "superseded")]
    assert len(detail.active_controls) == 3 and len(detail.retired_controls) == 10
    retired_at = [c.retired_at for c in detail.controls]
    assert retired_at[:3] == [None] * 3 and None not in retired_at[3:]


def test_detail_costs_the_same_queries_with_a_long_history(portfolio, django_assert_num_queries):
    def detail_queries(system_id: str) -> None:
        user = portfolio.auditor
        forget_roles(user)
        # roles, system, effective classification, controls, their evidence files, AI Act;
        # then a history page (count and rows), however long the history.
        with django_assert_num_queries(8):
            detail = selectors.system_detail_for(user, system_id=system_id)
            assert detail.current_classification.scheme.version == 1
            [c.control.name for c in detail.controls]
            page = classification_history_for(user, system=detail.system, page=1)
            [(c.classified_by.email, c.tier, c.scheme.version) for c in page]

    system = AISystem.objects.get(system_id="SYS-001")
    detail_queries("SYS-001")
    for tier in ("low", "medium", "critical", "high") * 3:
        classify(portfolio.safety, system, tier)
    detail_queries("SYS-001")


def test_portfolio_counts_every_tier_stage_and_flag(portfolio):
    summary = selectors.portfolio_summary_for(portfolio.board)
    assert summary.total == 4
    assert summary.by_tier == {"critical": 1, "high": 1, "medium": 0, "low": 1, "unclassified": 1}
    assert summary.by_stage["production"] == 1 and summary.by_stage["conception"] == 3
    assert [s.system_id for s in summary.unclassified] == ["SYS-003"]
    assert summary.unclassified_count == 1
    assert (summary.eu_personal_data_count, summary.legal_effect_count) == (1, 1)
    assert summary.reclassification_count == 1
    assert [s.system_id for s in summary.reclassification] == ["SYS-002"]


def test_portfolio_of_someone_without_a_role_is_empty(portfolio):
    summary = selectors.portfolio_summary_for(portfolio.outsider)
    assert summary.total == 0 and summary.unclassified == []


@pytest.mark.parametrize("rows", [1, 1000])
def test_list_page_and_portfolio_cost_the_same_queries_at_1_and_1000_systems(
    personas, django_assert_num_queries, rows
):
    AISystem.objects.bulk_create(unsaved_systems(personas.people_ops, rows))
    params = {"tier": "unclassified", "ordering": "-updated_at", "q": "bulk"}
    user = personas.board
    forget_roles(user)
    # roles, list count, list page, portfolio counts, unclassified list, re-classification list
    with django_assert_num_queries(6):
        page = selectors.system_list_for(user, params=params).page("api")
        total = page.paginator.count
        page = [(s["system_id"], s["owner_team__name"], s["control_counts"]) for s in page]
        summary = selectors.portfolio_summary_for(user)
        [s.owner_team.name for s in summary.unclassified]
    assert total == rows == summary.total and len(page) == min(rows, 50)
