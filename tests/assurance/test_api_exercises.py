"""The red-team API: exercises listed with the page's filters, created and changed,
results read with rates, intervals and findings and posted in batches through
results_record (a bad row is a 400 naming rows[i].field)."""

from __future__ import annotations

import pytest

from assurance.models import CategoryResult, Exercise
from governance.models import Risk
from tests.assurance import exercise_of
from tests.factories import AISystemFactory, people_ops_system

pytestmark = pytest.mark.django_db
BASE = "/api/v1/red-team/exercises/"


@pytest.fixture
def system(personas):
    return people_ops_system(personas, risk_tier="high")


def row(category, attempts, successes, benign_prompts=0, refusals=0) -> dict:
    return {
        "category": category,
        "attempts": attempts,
        "successes": successes,
        "benign_prompts": benign_prompts,
        "refusals": refusals,
    }


def body(**changes):
    return {
        "title": "Q4 sweep",
        "systems": ["SYS-001"],
        "scope": "Assistant with retrieval and guardrails.",
        "methods": ["automated"],
        "stack_tested": ["retrieval", "guardrails"],
        "started_on": "2026-11-02",
        "run_by": "AI safety team",
        **changes,
    }


def test_the_ai_safety_lead_creates_reads_and_changes_an_exercise(api_client, personas, system):
    api_client.force_authenticate(personas.safety)
    created = api_client.post(BASE, body(), format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["exercise_id"] == "RT-001"
    assert created.json()["systems"] == ["SYS-001"]
    assert created.json()["status"] == "planned"

    changed = api_client.patch(
        f"{BASE}RT-001/", {"status": "completed", "ended_on": "2026-11-20"}, format="json"
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["ended_on"] == "2026-11-20"
    assert Exercise.objects.get().status == "completed"
    assert api_client.get(f"{BASE}rt-001/").json()["status"] == "completed"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"systems": ["SYS-404"]}, "systems"),
        ({"systems": []}, "systems"),
        ({"methods": ["telepathy"]}, "methods"),
        ({"ended_on": "2026-10-01"}, "ended_on"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api_client, personas, system, changes, field):
    api_client.force_authenticate(personas.safety)
    response = api_client.post(BASE, body(**changes), format="json")
    assert response.status_code == 400
    assert field in str(response.json())
    assert not Exercise.objects.exists()


def test_the_list_filters_like_the_page(api_client, personas, system):
    other = AISystemFactory(system_id="SYS-777", owner_team=personas.customer_success)
    exercise_of(personas.safety, system, title="Ours")
    exercise_of(personas.safety, other, title="Theirs", methods=["human"])
    api_client.force_authenticate(personas.auditor)
    titles = lambda query: [r["title"] for r in api_client.get(BASE + query).json()["results"]]  # noqa: E731
    assert sorted(titles("")) == ["Ours", "Theirs"]
    assert titles("?system=SYS-777") == ["Theirs"]
    assert titles("?method=human") == ["Theirs"]
    assert api_client.get(BASE + "?status=lost").status_code == 400


def test_results_are_posted_in_a_batch_and_read_with_intervals(api_client, personas, system):
    exercise = exercise_of(personas.safety, system)
    api_client.force_authenticate(personas.safety)
    url = f"{BASE}{exercise.exercise_id}/results/"
    rows = [
        {
            "category": "jailbreak",
            "attempts": 40,
            "successes": 3,
            "benign_prompts": 0,
            "refusals": 0,
        },
        {
            "category": "encoding",
            "attempts": 4000,
            "successes": 3,
            "benign_prompts": 100,
            "refusals": 4,
        },
    ]
    posted = api_client.post(url, {"rows": rows}, format="json")
    assert posted.status_code == 201, posted.json()
    shown = {r["category"]: r for r in api_client.get(url).json()}
    assert shown["jailbreak"]["asr"]["text"] == "3 of 40 = 7.5% (95% CI 2.6%–19.9%)"
    assert shown["jailbreak"]["findings"] == [{"rate": "asr", "value": 0.075, "limit": 0.05}]
    assert shown["encoding"]["findings"] == []
    assert shown["jailbreak"]["thresholds_version"] == 1
    assert (
        shown["jailbreak"]["risk"]
        == Risk.objects.get(red_team_results__category="jailbreak").risk_id
    )


def test_a_bad_row_is_a_400_naming_it_and_nothing_is_saved(api_client, personas, system):
    exercise = exercise_of(personas.safety, system)
    api_client.force_authenticate(personas.safety)
    rows = [
        {
            "category": "jailbreak",
            "attempts": 4,
            "successes": 1,
            "benign_prompts": 0,
            "refusals": 0,
        },
        {"category": "toxicity", "attempts": 4, "successes": 5, "benign_prompts": 0, "refusals": 0},
    ]
    response = api_client.post(
        f"{BASE}{exercise.exercise_id}/results/", {"rows": rows}, format="json"
    )
    assert response.status_code == 400
    assert "rows[1].successes" in str(response.json())
    assert "More successes (5) than attempts (4)." in str(response.json())
    assert not CategoryResult.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("safety", 201), ("owner", 201), ("owner2", 403), ("auditor", 403), ("board", 403)],
)
def test_who_may_post_results(api_client, personas, system, who, status):
    exercise = exercise_of(personas.safety, system)
    api_client.force_authenticate(getattr(personas, who))
    row = {
        "category": "jailbreak",
        "attempts": 4,
        "successes": 0,
        "benign_prompts": 0,
        "refusals": 0,
    }
    response = api_client.post(
        f"{BASE}{exercise.exercise_id}/results/", {"rows": [row]}, format="json"
    )
    assert response.status_code == status
    assert CategoryResult.objects.exists() == (status == 201)
    assert api_client.get(f"{BASE}{exercise.exercise_id}/results/").status_code == 200


def test_an_unknown_exercise_is_404(api_client, personas):
    api_client.force_authenticate(personas.auditor)
    assert api_client.get(f"{BASE}RT-404/").status_code == 404
    assert api_client.get(f"{BASE}RT-404/results/").status_code == 404
