"""The main navigation, by role: each entry shows only to those who may open it."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from core.permissions import can

# (label, url name, action that must be allowed)
NAV_ENTRIES = [
    ("Portfolio", "registry:portfolio", "registry.system.view"),
    ("AI systems", "registry:system_list", "registry.system.view"),
    ("Audit trail", "core:audit_list", "core.audit.view"),
]


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


def navigation_for(user, current_path: str) -> list[NavItem]:
    items = []
    for label, name, action in NAV_ENTRIES:
        if not can(user, action):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append(NavItem(label, url, current_path.startswith(url) and url != "/"))
    return items
