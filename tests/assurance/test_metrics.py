"""Ingestion of a system's values (issue 20 section 2): idempotent batches, the values
judged against the plan's thresholds, the owner told once per breach episode."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from assurance.models import BreachEpisode, MetricValue
from assurance.services.metrics import MAX_BATCH, metrics_ingest, values_read
from assurance.services.plans import plan_save
from core.models import AuditEvent, Notification
from tests.factories import people_ops_system

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
ACCURACY = {"metric": "accuracy", "direction": "at_least", "threshold": 0.9}
DISPARITY = {
    "metric": "selection_rate_ratio",
    "group": "age 60+",
    "direction": "at_least",
    "threshold": 0.8,
    "breach_kind": "bias_harm",
}


def planned_system(personas, *metrics, interval=timedelta(hours=1)):
    """SYS-001 with a plan watching `metrics` (accuracy at least 0.9 by default)."""
    system = people_ops_system(personas, risk_tier="high", lifecycle_stage="production")
    with time_machine.travel(T0, tick=False):
        plan_save(
            actor=personas.owner,
            system=system,
            interval=interval,
            metrics=list(metrics) or [ACCURACY],
            recipients=[personas.safety],
        )
    return system


def batch(values, *, metric="accuracy", group="", start=T0, step=timedelta(minutes=1)):
    return [
        {
            "metric": metric,
            "group": group,
            "value": v,
            "observed_at": (start + i * step).isoformat(),
        }
        for i, v in enumerate(values)
    ]


def push(personas, system, raw, at=None):
    at = at or T0 + timedelta(hours=2)
    with time_machine.travel(at, tick=False):
        values = values_read(raw, now=at)
        return metrics_ingest(actor=personas.owner, system=system, values=values)


def breach_notices(user):
    return list(
        Notification.objects.filter(recipient=user, dedupe_key__startswith="assurance.breach:")
    )


def test_a_run_of_50_bad_values_tells_the_owner_once(personas):
    system = planned_system(personas)
    done = push(personas, system, batch([0.95] * 5 + [0.7] * 50))
    assert (done.stored, done.duplicates, done.episodes_opened) == (55, 0, 1)
    # The next batches carry the same run on: still one episode, no second notice.
    push(personas, system, batch([0.72] * 10, start=T0 + timedelta(minutes=55)))
    episode = BreachEpisode.objects.get()
    assert (episode.status, episode.values_past, episode.worst_value) == ("open", 60, 0.7)
    assert episode.proposed_severity == "medium"  # 0.7 is 22% below 0.9
    notices = breach_notices(personas.owner)
    assert len(notices) == 1
    assert notices[0].title == "SYS-001: accuracy below its threshold"
    assert "0.7, below the threshold 0.9" in notices[0].body
    assert len(breach_notices(personas.safety)) == 1  # the plan's recipient
    assert breach_notices(personas.owner2) == []  # another team's owner


def test_a_value_back_within_ends_the_episode_and_a_new_run_opens_another(personas):
    system = planned_system(personas)
    push(personas, system, batch([0.5, 0.6, 0.95, 0.8]))
    first, second = BreachEpisode.objects.order_by("started_at")
    assert (first.status, first.values_past, first.worst_value) == ("ended", 2, 0.5)
    assert first.ended_at == T0 + timedelta(minutes=2)
    assert first.proposed_severity == "high"  # 0.5 is 44% below 0.9
    assert (second.status, second.values_past) == ("open", 1)
    assert len(breach_notices(personas.owner)) == 2  # once per episode


def test_a_batch_posted_again_stores_nothing_twice_and_tells_nobody_again(personas):
    system = planned_system(personas)
    raw = batch([0.7] * 20)
    push(personas, system, raw)
    again = push(personas, system, raw)
    assert (again.stored, again.duplicates, again.episodes_opened) == (0, 20, 0)
    assert MetricValue.objects.count() == 20
    assert BreachEpisode.objects.get().values_past == 20
    assert len(breach_notices(personas.owner)) == 1


def test_a_value_repeated_within_a_batch_is_stored_once(personas):
    system = planned_system(personas)
    raw = batch([0.95]) * 3
    done = push(personas, system, raw)
    assert (done.stored, done.duplicates) == (1, 2)


def test_a_group_metric_breach_proposes_bias_harm(personas):
    system = planned_system(personas, ACCURACY, DISPARITY)
    push(personas, system, batch([0.6], metric="selection_rate_ratio", group="age 60+"))
    episode = BreachEpisode.objects.get()
    assert episode.plan_metric.breach_kind == "bias_harm"
    assert "selection_rate_ratio (age 60+) below" in breach_notices(personas.owner)[0].title


def test_a_metric_not_in_the_plan_is_stored_and_named_but_judged_against_nothing(personas):
    system = planned_system(personas)
    done = push(personas, system, batch([0.1], metric="latency_p95"))
    assert (done.stored, done.unknown, done.episodes_opened) == (1, ["latency_p95"], 0)
    assert BreachEpisode.objects.count() == 0


def test_values_are_not_audited_one_by_one_but_breaches_are(personas):
    system = planned_system(personas)
    before = AuditEvent.objects.count()
    push(personas, system, batch([0.95] * 100))
    assert AuditEvent.objects.count() == before  # values and the silence clock: no event
    push(personas, system, batch([0.5] * 3, start=T0 + timedelta(hours=1, minutes=50)))
    actions = list(AuditEvent.objects.filter(seq__gt=0).values_list("action", flat=True))
    assert actions.count("breach_episode.opened") == 1


@pytest.mark.parametrize(
    ("item", "field", "words"),
    [
        ({"metric": "", "value": 1, "observed_at": "2026-12-01T08:00:00Z"}, "metric", "Name"),
        ({"metric": "a", "value": "x", "observed_at": "2026-12-01T08:00:00Z"}, "value", "finite"),
        ({"metric": "a", "value": 1, "observed_at": "2026-12-01T08:00:00"}, "observed_at", "zone"),
        (
            {"metric": "a", "value": 1, "observed_at": "2027-12-01T08:00:00Z"},
            "observed_at",
            "future",
        ),
        ({"metric": "a", "value": 1, "observed_at": "2026-12-01T08:00Z", "x": 1}, "x", "Unknown"),
        ({"metric": "a\x00", "value": 1, "observed_at": "2026-12-01T08:00Z"}, "metric", "control"),
    ],
)
def test_a_bad_value_is_refused_naming_its_place_and_field(item, field, words):
    good = {"metric": "a", "value": 1.0, "observed_at": "2026-12-01T07:00:00+00:00"}
    with pytest.raises(ValidationError) as refused:
        values_read([good, item], now=T0)
    messages = refused.value.message_dict
    assert list(messages) == [f"values[1].{field}"]
    assert words.lower() in messages[f"values[1].{field}"][0].lower()


def test_a_batch_over_the_limit_is_refused_whole():
    raw = batch([1.0] * (MAX_BATCH + 1))
    with pytest.raises(ValidationError) as refused:
        values_read(raw, now=T0 + timedelta(days=5))
    assert "At most 5000" in refused.value.message_dict["values"][0]


def test_someone_who_may_not_push_for_the_system_is_refused(personas):
    from django.core.exceptions import PermissionDenied

    system = planned_system(personas)
    values = values_read(batch([1.0]), now=T0 + timedelta(hours=1))
    with pytest.raises(PermissionDenied):
        metrics_ingest(actor=personas.owner2, system=system, values=values)
    assert MetricValue.objects.count() == 0


def signed_in(user):
    """A test client signed in as `user`."""
    from django.test import Client

    client = Client()
    client.force_login(user, backend="core.backends.PortalModelBackend")
    return client
