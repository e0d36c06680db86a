"""Must show (issue 21, section 4): /metrics, scraped as Prometheus would, shows the sweep
lag and the queue depth move as work is queued and done; it is off until protected, and
refuses whoever lacks the token or the network; each of the portal's figures reads what
the database or Redis holds, in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from core.clocks.services import deadline_open
from core.models import AuditEvent
from core.operations.metrics import pack_render_failed, pack_render_observe
from core.tasks import deadlines_sweep
from tests.conftest import queue_of_this_test
from tests.core.conftest import owners_clocks
from tests.factories import AssessmentFactory, VendorProductFactory
from vendors.services.questionnaire import questionnaire_send

TOKEN = "scrape-me-0123456789"


@pytest.fixture
def metrics_on(settings):
    settings.METRICS_TOKEN, settings.METRICS_ALLOWED_NETWORKS = TOKEN, ()


def scrape(client) -> dict[tuple, float]:
    """Every sample of one scrape: {(name, (label=value, ...)): value}."""
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name: str, **labels) -> float:
    return samples[(name, tuple(sorted(labels.items())))]


# --- who may scrape ------------------------------------------------------------------


def test_metrics_are_off_until_a_token_or_a_network_is_set(client, db, settings):
    settings.METRICS_TOKEN, settings.METRICS_ALLOWED_NETWORKS = "", ()
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer anything").status_code == 404


@pytest.mark.parametrize(
    "authorization",
    ["", f"Bearer {TOKEN}x", f"Basic {TOKEN}", TOKEN, "Bearer ", f"Bearer {TOKEN[:-1]}"],
)
def test_a_wrong_or_missing_token_is_refused(client, db, metrics_on, authorization):
    response = client.get("/metrics", HTTP_AUTHORIZATION=authorization)
    assert response.status_code == 403
    assert b"aigov_" not in response.content


def test_the_token_opens_the_metrics_without_a_login(client, db, metrics_on):
    samples = scrape(client)
    assert value(samples, "aigov_sweep_lag_seconds") == 0


def test_a_network_list_admits_its_addresses_only(client, db, settings):
    settings.METRICS_TOKEN, settings.METRICS_ALLOWED_NETWORKS = "", ("10.0.0.0/8", "::1/128")
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.168.0.9").status_code == 403
    # A forwarded address counts only when a setting names the proxy's header.
    forged = {"REMOTE_ADDR": "192.168.0.9", "HTTP_X_FORWARDED_FOR": "10.1.2.3"}
    assert client.get("/metrics", **forged).status_code == 403
    settings.METRICS_CLIENT_IP_HEADER = "X-Forwarded-For"
    assert client.get("/metrics", **forged).status_code == 200
    # The proxy appends the address it saw: one the client wrote before it is ignored.
    spoofed = {"REMOTE_ADDR": "10.9.9.9", "HTTP_X_FORWARDED_FOR": "10.1.2.3, 192.168.0.9"}
    assert client.get("/metrics", **spoofed).status_code == 403


def test_with_both_set_a_scrape_needs_both(client, db, settings):
    settings.METRICS_TOKEN, settings.METRICS_ALLOWED_NETWORKS = TOKEN, ("10.0.0.0/8",)

    def status(address: str, **headers) -> int:
        return client.get("/metrics", REMOTE_ADDR=address, **headers).status_code

    bearer = f"Bearer {TOKEN}"
    assert status("10.0.0.1") == 403
    assert status("8.8.8.8", HTTP_AUTHORIZATION=bearer) == 403
    assert status("10.0.0.1", HTTP_AUTHORIZATION=bearer) == 200


# --- what a scrape shows -------------------------------------------------------------


def test_sweep_lag_and_queue_depth_move_as_work_is_queued_and_done(
    client, personas, metrics_on, settings
):
    with queue_of_this_test("test-metrics") as queue:  # no worker consumes it
        settings.CELERY_TASK_DEFAULT_QUEUE = queue
        before = scrape(client)
        assert value(before, "aigov_celery_queue_length", queue=queue) == 0
        assert value(before, "aigov_sweep_lag_seconds") == 0

        deadlines_sweep.delay()
        overdue = owners_clocks(personas, 1, timezone.now() - timedelta(minutes=10))[0]
        queued = scrape(client)
        assert value(queued, "aigov_celery_queue_length", queue=queue) == 1
        lag = value(queued, "aigov_sweep_lag_seconds")
        assert lag >= (timezone.now() - overdue.next_alert_at).total_seconds() - 5 > 0

        deadlines_sweep.apply()  # the sweep runs (here, in this process)
        swept = scrape(client)
        assert value(swept, "aigov_sweep_lag_seconds") == 0
        assert value(swept, "aigov_celery_queue_length", queue=queue) == 1  # still unconsumed
    assert value(swept, "aigov_celery_queue_length", queue=settings.PACK_EXPORT_QUEUE) >= 0


def test_deadlines_open_and_breached_are_counted_by_kind(client, personas, metrics_on):
    now = timezone.now()
    for n, (subject, due) in enumerate(
        [(personas.owner, now - timedelta(hours=1)), (personas.dpo, now + timedelta(days=3))]
    ):
        deadline_open(
            actor=None,
            subject=subject,
            kind="metrics.review",
            label=f"Review {n}",
            due_at=due,
            owner=personas.owner,
        )
    met = owners_clocks(personas, 1, now - timedelta(days=1))[0]
    met.met_at = now
    met.save(update_fields=["met_at"])
    samples = scrape(client)
    assert value(samples, "aigov_deadlines_open", kind="metrics.review") == 2
    assert value(samples, "aigov_deadlines_breached", kind="metrics.review") == 1
    assert ("aigov_deadlines_open", (("kind", "clock0"),)) not in samples  # met: closed


def test_audit_events_are_counted_in_total_and_per_minute(client, personas, metrics_on):
    owners_clocks(personas, 3, timezone.now() + timedelta(days=1))
    samples = scrape(client)
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    recent = AuditEvent.objects.filter(at__gte=timezone.now() - timedelta(minutes=1)).count()
    assert value(samples, "aigov_audit_events_total") == last
    assert value(samples, "aigov_audit_events_per_minute", window="1m") == recent > 0
    assert value(samples, "aigov_audit_events_per_minute", window="5m") == recent / 5


def test_pack_renders_observed_by_a_worker_are_seen_by_the_scrape(client, db, metrics_on):
    pack_render_observe(3.2)
    pack_render_observe(45)
    pack_render_failed()
    samples = scrape(client)
    assert value(samples, "aigov_pack_render_seconds_bucket", le="2.0") == 0
    assert value(samples, "aigov_pack_render_seconds_bucket", le="5.0") == 1
    assert value(samples, "aigov_pack_render_seconds_bucket", le="60.0") == 2
    assert value(samples, "aigov_pack_render_seconds_bucket", le="+Inf") == 2
    assert value(samples, "aigov_pack_render_seconds_count") == 2
    assert value(samples, "aigov_pack_render_seconds_sum") == pytest.approx(48.2)
    assert value(samples, "aigov_pack_render_failures_total") == 1


def test_questionnaire_links_open_come_from_the_vendors_app(client, personas, metrics_on):
    assert value(scrape(client), "aigov_questionnaire_links_open") == 0
    assessment = AssessmentFactory(product=VendorProductFactory(), assessor=personas.security)
    questionnaire_send(actor=personas.security, assessment=assessment, contact_email="a@b.example")
    assert value(scrape(client), "aigov_questionnaire_links_open") == 1


def test_requests_and_database_queries_are_counted_by_django_prometheus(client, db, metrics_on):
    client.get("/healthz?ready=web")
    samples = scrape(client)
    by_view = [
        v
        for (name, labels), v in samples.items()
        if name == "django_http_responses_total_by_status_view_method_total"
        and ("view", "core:healthz") in labels
    ]
    assert sum(by_view) >= 1
    assert any(name == "django_db_execute_total" and v > 0 for (name, _), v in samples.items())


def test_a_scrape_costs_the_same_queries_at_one_deadline_and_at_fifty(client, personas, metrics_on):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            scrape(client)
        return len(captured)

    owners_clocks(personas, 1, timezone.now() - timedelta(minutes=5))
    one = queries()
    for n in range(49):
        deadline_open(
            actor=None,
            subject=personas.dpo,
            kind=f"kind{n}",
            label=f"Kind {n}",
            due_at=timezone.now() - timedelta(minutes=n),
            owner=personas.dpo,
        )
    assert queries() == one <= 6
