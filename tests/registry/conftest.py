"""Fixtures of the registry's tests."""

import re

import pytest

from tests.factories import four_systems

LIST = "/systems/"


@pytest.fixture
def portfolio(personas):
    """Four systems that differ in every filtered field (tests.factories.four_systems)."""
    four_systems(personas)


@pytest.fixture
def row_ids():
    """The system IDs of a system list page's rows, in order: `row_ids(html)`."""

    def ids(html: str) -> list[str]:
        return re.findall(r'<th scope="row"><a href="/systems/(SYS-\d+)/">', html)

    return ids


@pytest.fixture
def listed(row_ids):
    """The system IDs the list page shows a user: `listed(client, user, "?tier=high")`."""

    def rows(client, user, query: str = "") -> list[str]:
        client.force_login(user)
        response = client.get(LIST + query)
        assert response.status_code == 200
        return row_ids(response.content.decode())

    return rows
