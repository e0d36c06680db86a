"""The demo's assurance (load_demo's contributed step): a completed red-team exercise with
results, the screener's monitoring plan with values and one breach episode, ten days of
log digests with one missing, a monitoring token; deterministic for a given time."""

import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.management import call_command

from assurance.models import (
    BreachEpisode,
    CategoryResult,
    Exercise,
    LogDigest,
    MetricValue,
    MonitoringPlan,
)
from assurance.selectors.logs import digest_overview
from core.audit import audit_verify
from core.models import ApiToken

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


@pytest.fixture
def demo():
    """load_demo at a fixed moment: the step's data follows from the time."""
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_demo_holds_something_for_every_assurance_page(demo):
    again = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("load_demo", stdout=again)
    assert "Assurance: already loaded." in again.getvalue()

    [exercise] = Exercise.objects.all()
    assert exercise.status == "completed"
    assert [s.system_id for s in exercise.systems.all()] == ["SYS-007"]
    results = {
        r.category: (r.attempts, r.successes, r.benign_prompts, r.refusals)
        for r in CategoryResult.objects.all()
    }
    assert results == {
        "jailbreak": (200, 0, 150, 27),
        "prompt_injection": (120, 0, 150, 6),
        "data_exfiltration": (80, 0, 100, 4),
    }
    assert exercise.thresholds is not None  # judged: jailbreak's 18% FRR is over 15%
    assert not CategoryResult.objects.filter(risk__isnull=False).exists()

    plan = MonitoringPlan.objects.get()
    assert plan.system.system_id == "SYS-001"
    assert (plan.log_digests_expected, plan.log_retention_days) == (True, 365)
    assert MetricValue.objects.filter(system=plan.system).count() == 144
    [episode] = BreachEpisode.objects.all()
    assert episode.plan_metric.group == "age_60_plus"
    assert ApiToken.objects.get(scope="monitoring").scope_object == str(plan.system.pk)


def test_ten_days_of_digests_with_one_missing(demo):
    assert f"{exercise_line()} with 3 categories" in demo
    assert "9 days of log digests" in demo
    days = sorted(LogDigest.objects.values_list("date", flat=True))
    assert days[0] == date(2026, 11, 27) and days[-1] == date(2026, 12, 6)
    assert date(2026, 12, 2) not in days and len(days) == 9
    [row] = digest_overview(now=NOW)
    assert row.missing == [date(2026, 12, 2)]
    assert row.retention.problem == "365 days declared, fewer than the 3653 days required."
    assert len(set(LogDigest.objects.values_list("sha256", flat=True))) == 9
    assert audit_verify().ok


def exercise_line() -> str:
    return "Assurance: " + Exercise.objects.get().exercise_id


def test_every_assurance_page_of_the_demo_answers(demo, client):
    from core.models import User

    client.force_login(User.objects.get(email="auditor@example.com"))
    with time_machine.travel(NOW, tick=False):
        for url in ("/assurance/logs/", "/assurance/logs/SYS-001/", "/assurance/"):
            assert client.get(url).status_code == 200, url
        page = client.get("/assurance/logs/SYS-001/").content.decode()
    assert "1 day without a digest:</strong> 2026-12-02" in page
