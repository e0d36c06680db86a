"""Fixtures of the incident tests: a high-risk system with an incident contact, and a
reporter helper."""

import pytest

from tests.factories import AISystemFactory


@pytest.fixture
def screener(personas, shipped_incident_defaults):
    """SYS-001, a high-risk hiring screener whose incident contact is the security lead
    (with the shipped playbook and SLA policy, which a transactional test's flush removes)."""
    return AISystemFactory(
        system_id="SYS-001",
        name="Hiring screener",
        owner_team=personas.people_ops,
        ai_act_category="high_risk",
        incident_contact_user=personas.security,
    )


@pytest.fixture
def sweep_worker():
    """A real Celery worker (solo pool) on a queue of this test's own, as
    tests/core/test_clocks_worker.py runs the sweep: leftovers of a `make run` are not
    consumed here, and nothing of this test's is left in Redis."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app
    from tests.conftest import queue_of_this_test

    with (
        queue_of_this_test("test-incidents") as name,
        start_worker(app, pool="solo", perform_ping_check=False, queues=[name]) as worker,
    ):
        yield worker


@pytest.fixture
def shipped_incident_defaults(db) -> None:
    """SLA policy v1 and the playbook, which a flush before a transactional test removed."""
    from incidents.models import PlaybookItem, SlaPolicy
    from incidents.services.library import install_playbook, install_sla_policy

    install_playbook(PlaybookItem)
    install_sla_policy(SlaPolicy)
