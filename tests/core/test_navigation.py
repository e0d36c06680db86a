"""core.navigation: entries contributed by the apps, ordered by their position."""

from __future__ import annotations

import pytest

from core import navigation
from core.navigation import NavEntry, navigation_for, register_nav_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(monkeypatch):
    """The bar's entries as the apps registered them; this test's additions stay here."""
    monkeypatch.setattr(navigation, "NAV_ENTRIES", list(navigation.NAV_ENTRIES))
    return navigation.NAV_ENTRIES


def labels(user) -> list[str]:
    return [item.label for item in navigation_for(user, "/")]


def test_the_apps_entries_and_cores_own_share_one_order(personas):
    shown = labels(personas.admin)
    kernel_and_registry = ["Portfolio", "AI systems", "Audit trail", "My deadlines"]
    assert [label for label in shown if label in kernel_and_registry] == kernel_and_registry
    assert shown[0] == "Portfolio"


def test_core_itself_names_no_app(entries):
    # Every other entry is an app's, registered in its AppConfig.ready().
    with open(navigation.__file__) as module:
        source = module.read()
    assert not [app for app in ("registry", "vendors", "incidents", "governance") if app in source]
    assert [entry.url_name for entry in entries if entry.url_name.startswith("core:")] == [
        "core:audit_list",
        "core:my_deadlines",
    ]


def test_an_entry_registered_later_with_a_lower_position_shows_first(entries, personas):
    register_nav_entry(NavEntry("Inbox", "core:inbox", "core.deadline.view_own", position=5))
    assert labels(personas.admin)[0] == "Inbox"


def test_equal_positions_keep_the_order_of_registration(entries, personas):
    register_nav_entry(NavEntry("Profile", "core:profile", "core.deadline.view_own", position=35))
    register_nav_entry(NavEntry("Inbox", "core:inbox", "core.deadline.view_own", position=35))
    shown = labels(personas.admin)
    assert shown[shown.index("Audit trail") : shown.index("My deadlines") + 1] == [
        "Audit trail",
        "Profile",
        "Inbox",
        "My deadlines",
    ]


def test_a_second_registration_of_the_same_page_is_ignored(entries, personas):
    register_nav_entry(NavEntry("Audit again", "core:audit_list", "core.audit.view", position=1))
    assert "Audit again" not in labels(personas.admin)
    assert labels(personas.admin).count("Audit trail") == 1


def test_the_audit_trail_links_to_the_packs_governance_contributes(client, personas):
    from django.urls import reverse

    client.force_login(personas.auditor)
    page = client.get(reverse("core:audit_list")).content.decode()
    assert f'href="{reverse("governance:pack_list")}">Audit packs</a>' in page


def test_cores_templates_name_no_app():
    from pathlib import Path

    core_templates = Path(__file__).resolve().parents[2] / "templates" / "core"
    named = [
        path.name
        for path in core_templates.rglob("*.html")
        for app in ("registry:", "incidents:", "governance:", "vendors:")
        if app in path.read_text()
    ]
    assert named == []
