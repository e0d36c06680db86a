"""Shared fixtures: the test database setting, personas for every role, factories."""

import pytest

from tests.factories import PersonaSet, make_personas


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    # Django's test flush truncates every table; the audit trigger allows that
    # only when the session says so, and only the tests say so.
    from django.conf import settings

    options = settings.DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = "-c aigov.allow_audit_truncate=on"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher costs ~0.3 s per user; the personas would take seconds per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def shipped_libraries(transactional_db) -> None:
    """The default libraries that data migrations install, for tests on committed data.

    A transactional test (live server, real Celery worker) ends with a flush of every
    table, so the next one would otherwise find the control library empty.
    """
    from registry.library import install_control_library, install_scoring_scheme
    from registry.models import ControlDefinition, ScoringScheme

    install_control_library(ControlDefinition)
    install_scoring_scheme(ScoringScheme)


@pytest.fixture
def personas(db) -> PersonaSet:
    """One user per role of DOMAIN.md section 1, with the demo teams."""
    return make_personas()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
