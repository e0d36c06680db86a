"""The monitoring pages (issue 20 section 2): the list (systems that need a plan first,
a fixed number of queries), a system's plan prefilled from its approved model card, the
values chart, and a breach's decision: open the proposed incident or dismiss it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assurance.models import BreachEpisode, MetricValue, MonitoringPlan, PlanMetric
from assurance.selectors.monitoring import card_metric_suggestions
from core.models import AuditEvent
from incidents.models import Incident
from registry.models import AISystem
from tests.assurance.test_metrics import T0, batch, planned_system, push, signed_in
from tests.factories import people_ops_system, unsaved_systems

pytestmark = pytest.mark.django_db
LIST = "/assurance/monitoring/"
NOW = T0 + timedelta(hours=3)


def detail(system_id="SYS-001") -> str:
    return reverse("assurance:monitoring_detail", args=[system_id])


def plans_of(personas, count: int, start: int = 1000) -> None:
    systems = AISystem.objects.bulk_create(unsaved_systems(personas.people_ops, count, start))
    plans = MonitoringPlan.objects.bulk_create(
        MonitoringPlan(system=s, interval=timedelta(hours=1), created_by=personas.owner)
        for s in systems
    )
    PlanMetric.objects.bulk_create(
        PlanMetric(plan=p, metric="accuracy", direction="at_least", threshold=0.9) for p in plans
    )
    MetricValue.objects.bulk_create(
        MetricValue(system=s, metric="accuracy", value=0.95, observed_at=T0) for s in systems
    )


def list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def test_the_list_reads_in_a_fixed_number_of_queries(personas):
    client = signed_in(personas.auditor)
    plans_of(personas, 1)
    client.get(LIST)  # warm the session and the content types
    one = list_queries(client)
    plans_of(personas, 19, start=2000)
    assert list_queries(client) == one
    assert client.get(LIST).content.decode().count("accuracy = 0.95") == 20


def test_a_high_system_in_production_without_a_plan_is_shown_first(personas):
    people_ops_system(personas, risk_tier="high", lifecycle_stage="production")
    page = signed_in(personas.board).get(LIST).content.decode()
    assert "Systems that need a plan" in page
    assert page.index("SYS-001") < page.index("Monitoring plans")


def test_the_owner_confirms_the_approved_cards_metrics_as_the_plan(personas):
    from cards.models import AIModel, ModelCard, ModelCardVersion

    system = people_ops_system(personas)
    model = AIModel.objects.create(
        system=system, key="ranker", name="Ranker", created_by=personas.owner
    )
    card = ModelCard.objects.create(model=model)
    metrics = [
        {"name": "accuracy", "value": 0.93, "threshold": 0.9, "direction": "at_least"},
        {
            "name": "selection_rate_ratio",
            "value": 0.85,
            "group": "age 60+",
            "threshold": 0.8,
            "direction": "at_least",
        },
        {"name": "f1", "value": 0.9},  # no threshold: not offered
    ]
    ModelCardVersion.objects.create(
        card=card,
        number=1,
        status="approved",
        content={"performance": {"metrics": metrics}},
        created_by=personas.owner,
        decided_by=personas.safety,
        decided_at=T0,
        content_hash="a" * 64,
    )
    offered = card_metric_suggestions(system)
    assert [(m["metric"], m["group"], m["breach_kind"]) for m in offered] == [
        ("accuracy", "", "performance_regression"),
        ("selection_rate_ratio", "age 60+", "bias_harm"),
    ]
    client = signed_in(personas.owner)
    page = client.get(detail()).content.decode()
    assert "come from the approved model card" in page and 'value="selection_rate_ratio"' in page
    form = {
        "interval_minutes": "60",
        "notes": "",
        "metrics-TOTAL_FORMS": "2",
        "metrics-INITIAL_FORMS": "2",
        "metrics-MIN_NUM_FORMS": "0",
        "metrics-MAX_NUM_FORMS": "100",
    }
    for i, m in enumerate(offered):
        form |= {f"metrics-{i}-{k}": v for k, v in m.items()}
    answer = client.post(detail(), form)
    assert answer.status_code == 302, answer.content.decode()[
        answer.content.decode().find("<main") :
    ][:6000]
    plan = MonitoringPlan.objects.get()
    assert [(m.metric, m.threshold) for m in plan.metrics.all()] == [
        ("accuracy", 0.9),
        ("selection_rate_ratio", 0.8),
    ]
    assert "monitoring_plan.created" in AuditEvent.objects.values_list("action", flat=True)
    form["metrics-0-threshold"] = "lots"
    refused = client.post(detail(), form)
    assert refused.status_code == 400 and "Enter a number" in refused.content.decode()


def test_the_page_draws_each_metric_with_its_threshold(personas):
    system = planned_system(personas)
    push(personas, system, batch([0.95, 0.7, 0.96]))
    with time_machine.travel(NOW, tick=False):
        page = signed_in(personas.auditor).get(detail()).content.decode()
    assert "<svg" in page and "threshold 0.9" in page
    assert "0.7 at 2026-12-01 09:01 CET, past the threshold" in page
    assert "Open the proposed incident" not in page  # the auditor may not decide


def test_the_owner_opens_the_proposed_incident(personas):
    system = planned_system(personas)
    push(personas, system, batch([0.95] + [0.6] * 4))
    episode = BreachEpisode.objects.get()
    client = signed_in(personas.owner)
    with time_machine.travel(NOW, tick=False):
        assert "Open the proposed incident" in client.get(detail()).content.decode()
        url = reverse("assurance:monitoring_episode_incident", args=["SYS-001", episode.pk])
        answer = client.post(url)
        assert answer.status_code == 302
        assert client.post(url).status_code == 400  # decided once
    incident = Incident.objects.get()
    assert (incident.type, incident.severity) == ("performance_regression", "high")
    assert "accuracy must be at least 0.9" in incident.description
    assert "4 values were past it from 2026-12-01 08:01 UTC" in incident.description
    assert "worst was 0.6" in incident.description
    episode.refresh_from_db()
    assert episode.incident == incident
    assert AuditEvent.objects.filter(action="breach_episode.incident_opened").count() == 1


def test_a_breach_is_dismissed_only_with_a_reason(personas):
    system = planned_system(personas)
    push(personas, system, batch([0.6]))
    episode = BreachEpisode.objects.get()
    url = reverse("assurance:monitoring_episode_dismiss", args=["SYS-001", episode.pk])
    client = signed_in(personas.owner)
    assert client.post(url, {"reason": ""}).status_code == 400
    assert (
        client.post(url, {"reason": "The feed was replayed from a test bucket."}).status_code == 302
    )
    episode.refresh_from_db()
    assert episode.dismissed_reason.startswith("The feed")
    assert signed_in(personas.owner2).post(url, {"reason": "x"}).status_code == 403


def test_the_system_page_panel_says_a_high_system_in_production_needs_a_plan(personas):
    people_ops_system(personas, risk_tier="high", lifecycle_stage="production")
    url = reverse("assurance:system_monitoring_panel", args=["SYS-001"])
    client = signed_in(personas.board)
    text = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "No monitoring plan" in text and "Art. 72" in text
    detail_page = client.get(reverse("registry:system_detail", args=["SYS-001"])).content
    assert url.encode() in detail_page  # the registry's page loads the panel


def test_the_panel_shows_open_breaches_and_silence(personas):
    system = planned_system(personas)
    push(personas, system, batch([0.6]))
    url = reverse("assurance:system_monitoring_panel", args=["SYS-001"])
    with time_machine.travel(T0 + timedelta(hours=5), tick=False):
        text = signed_in(personas.board).get(url).content.decode()
    assert "1 open breach" in text and "Silent since 2026-12-01" in text
