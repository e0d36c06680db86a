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


@pytest.fixture
def tamper_with():
    """What an attacker with the table owner's rights could do to the audit trail:
    `tamper_with(seq, action)` rewrites one event's action, bypassing the trigger."""
    from django.db import connection

    trigger = "core_auditevent_no_update_delete"

    def rewrite(seq: int, action: str) -> None:
        with connection.cursor() as cursor:
            # Pending deferred checks would make Postgres refuse the ALTER: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE core_auditevent DISABLE TRIGGER {trigger}")
            cursor.execute("UPDATE core_auditevent SET action = %s WHERE seq = %s", [action, seq])
            cursor.execute(f"ALTER TABLE core_auditevent ENABLE TRIGGER {trigger}")

    return rewrite
