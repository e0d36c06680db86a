"""Fixtures of the kernel's tests."""

import uuid

import pytest


@pytest.fixture
def private_cache(settings):
    """A cache of this test's own, so rate-limit counters start at zero and stay here."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4().hex}",
        }
    }


@pytest.fixture
def client_for():
    """A logged-in test client for a user: `client_for(personas.auditor).get(...)`."""
    from django.test import Client

    def make(user) -> Client:
        client = Client()
        client.force_login(user, backend="core.backends.PortalModelBackend")
        return client

    return make


def owners_clocks(personas, count: int, due) -> list:
    """`count` deadlines the product owner holds, each of a kind of its own, due at `due`."""
    from core.clocks.services import deadline_open

    return [
        deadline_open(
            actor=None,
            subject=personas.people_ops,
            kind=f"clock{n}",
            label=f"Clock {n}",
            due_at=due,
            owner=personas.owner,
        )
        for n in range(count)
    ]
