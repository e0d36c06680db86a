"""Panels: a higher app's view shown on a lower app's page, to those allowed to see it."""

import pytest

from core.panels import Panel, panels_for, register_panel

pytestmark = pytest.mark.django_db


def test_a_slot_lists_its_panels_for_those_allowed(personas):
    # The cards, incidents, governance, assurance and compliance apps register their
    # panels on the system page at start-up (in INSTALLED_APPS order).
    shown = panels_for(personas.auditor, "registry.system_detail", "SYS-001")
    found = [(p.title, p.url) for p in shown]
    assert found[:3] == [
        ("Models and their cards", "/cards/of-system/SYS-001/"),
        ("Open incidents", "/incidents/systems/SYS-001/panel/"),
        ("Risks", "/risks/of-system/SYS-001/"),
    ]
    # Assurance's three, in the order its areas register them (not this test's concern).
    assert set(found[3:-1]) == {
        ("Red teaming", "/assurance/systems/SYS-001/red-team/panel/"),
        ("Post-market monitoring", "/assurance/monitoring/SYS-001/panel/"),
        ("Monitoring token", "/assurance/systems/SYS-001/tokens/panel/"),
    }
    assert found[-1] == ("Compliance", "/compliance/systems/SYS-001/panel/")
    assert panels_for(personas.outsider, "registry.system_detail", "SYS-001") == []
    assert panels_for(personas.auditor, "no.such.slot") == []


def test_a_panel_registered_twice_shows_once(personas):
    panel = Panel(
        "registry.system_detail", "Risks", "governance:system_risks_panel", "governance.risk.view"
    )
    before = panels_for(personas.board, "registry.system_detail", "SYS-001")
    register_panel(panel)
    shown = panels_for(personas.board, "registry.system_detail", "SYS-001")
    assert [p.title for p in shown].count("Risks") == 1 and shown == before
