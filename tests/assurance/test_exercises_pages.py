"""The red-team pages: the exercise list (filters, sort, exports), one exercise with its
results as "x of n = p% (95% CI a%–b%)", the create, edit and manual results forms, and
who may use them."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from assurance.models import CategoryResult, Exercise
from assurance.rules.results import ResultRow
from assurance.services.results import results_record
from tests.assurance import exercise_of
from tests.factories import AISystemFactory, people_ops_system

pytestmark = pytest.mark.django_db
LIST = "/assurance/"


@pytest.fixture
def system(personas):
    return people_ops_system(personas, risk_tier="high")


def test_the_landing_page_says_when_nothing_is_recorded(client, personas):
    client.force_login(personas.auditor)
    page = client.get(LIST).content.decode()
    assert "No red-team exercise is recorded yet." in page
    assert 'href="/assurance/monitoring/"' in page and 'href="/assurance/logs/"' in page


def test_the_list_filters_by_system_status_method_and_dates(client, personas, system):
    other = AISystemFactory(system_id="SYS-777", owner_team=personas.customer_success)
    exercise_of(personas.safety, system, title="Spring sweep", started_on=date(2026, 3, 1))
    exercise_of(
        personas.safety,
        other,
        title="Bounty round",
        methods=["bug_bounty"],
        status="completed",
        started_on=date(2026, 10, 1),
        ended_on=date(2026, 10, 20),
    )
    client.force_login(personas.auditor)

    def titles(query):
        response = client.get(LIST + query)
        assert response.status_code == 200
        page = response.content.decode()
        return [t for t in ("Spring sweep", "Bounty round") if t in page]

    assert titles("") == ["Spring sweep", "Bounty round"]
    assert titles("?system=SYS-777") == ["Bounty round"]
    assert titles("?status=planned") == ["Spring sweep"]
    assert titles("?method=bug_bounty") == ["Bounty round"]
    assert titles("?started_from=2026-06-01") == ["Bounty round"]
    assert titles("?started_to=2026-06-01") == ["Spring sweep"]
    assert client.get(LIST + "?status=lost").status_code == 400
    assert client.get(LIST + "?started_from=yesterday").status_code == 400


def test_the_list_sorts_and_exports_csv_and_xlsx(client, personas, system):
    first = exercise_of(personas.safety, system, title="Older", started_on=date(2026, 1, 5))
    second = exercise_of(personas.safety, system, title="Newer", started_on=date(2026, 9, 5))
    results_record(
        actor=personas.safety,
        exercise=second,
        rows=[ResultRow("jailbreak", 40, 3, 0, 0)],
        source="manual",
    )
    client.force_login(personas.auditor)
    page = client.get(LIST + "?ordering=started_on").content.decode()
    assert page.index(first.exercise_id) < page.index(second.exercise_id)

    response = client.get(reverse("assurance:exercise_export", args=["csv"]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["exercise_id"] for r in rows] == [second.exercise_id, first.exercise_id]
    assert rows[0]["systems"] == "SYS-001"
    assert rows[0]["successful_attacks"] == "3 of 40"
    assert rows[1]["successful_attacks"] == "No attacks recorded"
    xlsx = client.get(reverse("assurance:exercise_export", args=["xlsx"]))
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_detail_shows_each_rate_with_its_sample_and_interval(client, personas, system):
    exercise = exercise_of(personas.safety, system)
    results_record(
        actor=personas.safety,
        exercise=exercise,
        rows=[ResultRow("jailbreak", 40, 3, 200, 70), ResultRow("encoding", 4000, 3, 0, 0)],
        source="manual",
    )
    client.force_login(personas.auditor)
    page = client.get(f"/assurance/exercises/{exercise.exercise_id}/").content.decode()
    # DOMAIN.md 9: 3 successes in 40 attempts and in 4,000 are different findings.
    assert "3 of 40 = 7.5% (95% CI 2.6%–19.9%)" in page
    assert "3 of 4000 = 0.07% (95% CI 0.03%–0.22%)" in page
    assert "ASR 7.5% above 5.0%" in page
    assert "FRR 35.0% above 10.0%" in page
    assert "refuses 30% or more of legitimate requests" in page
    assert "thresholds version 1" in page
    risk = CategoryResult.objects.get(category="jailbreak").risk
    assert risk.risk_id in page
    assert "Enter one category" not in page  # the auditor may not record results
    assert f'href="/assurance/exercises/{exercise.exercise_id}/report.pdf"' in page
    assert "Import a tool" not in page
    client.force_login(personas.safety)
    page = client.get(f"/assurance/exercises/{exercise.exercise_id}/").content.decode()
    assert f'href="/assurance/exercises/{exercise.exercise_id}/import/"' in page
    assert "Enter one category" in page


def test_the_ai_safety_lead_records_an_exercise_and_edits_it(client, personas, system):
    client.force_login(personas.safety)
    response = client.post(
        reverse("assurance:exercise_create"),
        {
            "title": "Q4 sweep",
            "systems": ["SYS-001"],
            "scope": "Assistant with retrieval.",
            "methods": ["automated", "human"],
            "stack_tested": ["guardrails"],
            "started_on": "2026-11-02",
            "run_by": "AI safety team",
            "status": "planned",
        },
    )
    exercise = Exercise.objects.get()
    assert exercise.exercise_id == "RT-001"
    assert response.url == "/assurance/exercises/RT-001/"
    assert exercise.methods == ["automated", "human"]

    response = client.post(
        reverse("assurance:exercise_edit", args=["RT-001"]),
        {
            "title": "Q4 sweep",
            "systems": ["SYS-001"],
            "scope": "Assistant with retrieval.",
            "methods": ["automated"],
            "stack_tested": ["guardrails"],
            "started_on": "2026-11-02",
            "run_by": "AI safety team",
            "status": "completed",
        },
    )
    assert response.status_code == 400
    assert "Give the day a completed exercise ended." in response.content.decode()


def test_a_form_without_systems_names_the_field(client, personas):
    client.force_login(personas.safety)
    response = client.post(
        reverse("assurance:exercise_create"),
        {
            "title": "x",
            "scope": "y",
            "started_on": "2026-11-02",
            "run_by": "z",
            "status": "planned",
        },
    )
    assert response.status_code == 400
    assert (
        'id="id_systems_error"' in response.content.decode()
        or "systems" in response.content.decode()
    )
    assert not Exercise.objects.exists()


def test_results_typed_by_hand_are_recorded_or_refused_by_field(client, personas, system):
    exercise = exercise_of(personas.safety, system)
    url = reverse("assurance:exercise_result_add", args=[exercise.exercise_id])
    client.force_login(personas.safety)
    row = {"category": "jailbreak", "attempts": 4, "successes": 5, "benign_prompts": 0}
    refused = client.post(url, {**row, "refusals": 0})
    assert refused.status_code == 400
    assert "More successes (5) than attempts (4)." in refused.content.decode()
    assert not CategoryResult.objects.exists()
    saved = client.post(url, {**row, "successes": 1, "refusals": 0})
    assert saved.status_code == 302
    assert CategoryResult.objects.get().source == "manual"


@pytest.mark.parametrize(
    ("who", "status"), [("safety", 200), ("owner", 200), ("auditor", 403), ("owner2", 403)]
)
def test_who_may_open_the_edit_form(client, personas, system, who, status):
    exercise = exercise_of(personas.safety, system)
    client.force_login(getattr(personas, who))
    response = client.get(reverse("assurance:exercise_edit", args=[exercise.exercise_id]))
    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), [("safety", 200), ("auditor", 403), ("board", 403)])
def test_who_may_record_an_exercise(client, personas, who, status):
    client.force_login(getattr(personas, who))
    assert client.get(reverse("assurance:exercise_create")).status_code == status


def test_an_unknown_exercise_is_404(client, personas):
    client.force_login(personas.auditor)
    assert client.get("/assurance/exercises/RT-404/").status_code == 404


def test_a_person_without_a_role_sees_nothing(client, personas):
    client.force_login(personas.outsider)
    assert client.get(LIST).status_code == 403
