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


def everyone(personas) -> list:
    return [value for value in vars(personas).values() if hasattr(value, "email")]


def labels(user) -> list[str]:
    """Every link of the bar in order, menus unfolded."""
    return [link.label for item in navigation_for(user, "/") for link in (item.children or (item,))]


def bar(user, path: str = "/") -> dict[str, list[str]]:
    """The bar's items, each with its menu's links ([] for a plain link)."""
    return {
        item.label: [link.label for link in item.children] for item in navigation_for(user, path)
    }


def test_the_bar_keeps_to_a_few_areas_with_their_pages_in_menus(personas):
    assert bar(personas.admin) == {
        "Waiting for me": [],
        "Systems": [
            "Portfolio",
            "AI systems",
            "Gate requests",
            "Vendors",
            "Model cards",
            "Datasets",
            "Assurance",
        ],
        "Governance": [
            "Board",
            "Risk register",
            "Review sessions",
            "Compliance matrix",
            "Compliance frameworks",
        ],
        "Incidents": ["Incidents", "Breach register"],
        "Records": ["My deadlines", "Audit packs", "Audit trail", "Portfolio deadlines"],
    }
    assert bar(personas.dpo)["Incidents"] == ["Incidents", "Clocks", "Breach register"]
    assert "Review queue" in bar(personas.ciso)["Systems"]


def test_each_person_sees_only_the_pages_they_may_open(personas):
    assert bar(personas.auditor)["Records"] == ["My deadlines", "Audit packs", "Audit trail"]
    # Nobody gets a menu with nothing in it.
    for person in everyone(personas):
        assert all(item.url or item.children for item in navigation_for(person, "/"))


def test_the_bar_has_room_for_three_more_areas_for_everyone(personas):
    # Five items fit one line at 1366 px with room to spare (the walk's screenshots);
    # model cards, compliance and assurance will add at most three.
    for person in everyone(personas):
        assert len(navigation_for(person, "/")) <= 5, person


def test_the_menu_of_the_page_one_is_on_is_marked(personas):
    shown = {item.label: item for item in navigation_for(personas.admin, "/risks/RISK-001/")}
    assert shown["Governance"].active
    assert [link.label for link in shown["Governance"].children if link.active] == ["Risk register"]
    assert not shown["Systems"].active


def test_a_menu_counts_what_its_pages_count(entries, personas):
    register_nav_entry(
        NavEntry(
            "Inbox",
            "core:inbox",
            "core.deadline.view_own",
            count=lambda user: 3,
            position=15,
            group="Systems",
        )
    )
    systems = next(i for i in navigation_for(personas.admin, "/") if i.label == "Systems")
    assert systems.count == 3 + (systems.children[2].count or 0)


def test_core_itself_names_no_app(entries):
    # Every other entry is an app's, registered in its AppConfig.ready().
    with open(navigation.__file__) as module:
        source = module.read()
    assert not [app for app in ("registry", "vendors", "incidents", "governance") if app in source]
    assert [entry.url_name for entry in entries if entry.url_name.startswith("core:")] == [
        "core:waiting_for_me",
        "core:my_deadlines",
        "core:audit_list",
        "core:portfolio_deadlines",
    ]


def test_an_entry_registered_later_with_a_lower_position_shows_first(entries, personas):
    register_nav_entry(NavEntry("Inbox", "core:inbox", "core.deadline.view_own", position=0))
    assert labels(personas.admin)[0] == "Inbox"


def test_equal_positions_keep_the_order_of_registration(entries, personas):
    register_nav_entry(
        NavEntry("Profile", "core:profile", "core.deadline.view_own", position=82, group="Records")
    )
    register_nav_entry(
        NavEntry("Inbox", "core:inbox", "core.deadline.view_own", position=82, group="Records")
    )
    assert bar(personas.admin)["Records"] == [
        "My deadlines",
        "Audit packs",
        "Audit trail",
        "Profile",
        "Inbox",
        "Portfolio deadlines",
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
