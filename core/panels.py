"""Panels: how a higher app shows something on a lower app's page (DESIGN.md section 1).

A page names a slot ("registry.system_detail"); apps register panels for it in their
AppConfig.ready(), each a URL name of a small view of their own and who may see it.
The page renders `{% panels "registry.system_detail" system.system_id %}`
(core.templatetags.portal): one placeholder per panel that htmx fills on load
(hx-get + hx-trigger="load"), with a plain link for browsers without JavaScript.
The lower app imports nothing of the higher one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from core.permissions import can


@dataclass(frozen=True)
class Panel:
    slot: str
    title: str
    url_name: str  # reversed with the page's arguments
    action: str  # shown only to those allowed this action


_panels: dict[str, list[Panel]] = {}


def register_panel(panel: Panel) -> None:
    """Add a panel to its slot (once per URL name)."""
    known = _panels.setdefault(panel.slot, [])
    if all(p.url_name != panel.url_name for p in known):
        known.append(panel)


@dataclass(frozen=True)
class ShownPanel:
    title: str
    url: str
    dom_id: str


def panels_for(user, slot: str, *args) -> list[ShownPanel]:
    """The slot's panels this user may see, with their URLs for the page's arguments."""
    shown = []
    for panel in _panels.get(slot, []):
        if can(user, panel.action):
            dom_id = "panel-" + panel.url_name.replace(":", "-").replace("_", "-")
            shown.append(ShownPanel(panel.title, reverse(panel.url_name, args=args), dom_id))
    return shown
