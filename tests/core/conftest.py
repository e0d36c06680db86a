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
